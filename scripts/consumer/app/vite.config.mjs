// Builds the <Statement>-only app and writes modules.json (see listModules.mjs).
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { listModules } from './listModules.mjs';

export default defineConfig({
  root: import.meta.dirname,
  logLevel: 'warn',
  plugins: [react(), listModules(import.meta.dirname)],
  build: { outDir: 'dist', emptyOutDir: true },
});
