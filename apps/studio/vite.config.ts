import react from '@vitejs/plugin-react';
import { defaultClientConditions, defineConfig } from 'vite';

// The browser half of the studio; the server (server/main.ts) serves the built files and the API.
export default defineConfig({
  root: 'client',
  plugins: [react()],
  resolve: { conditions: ['@provvigo/source', ...defaultClientConditions] },
  build: { outDir: '../dist/client', emptyOutDir: true, chunkSizeWarningLimit: 4000 },
});
