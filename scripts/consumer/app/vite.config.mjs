// Builds the <Statement>-only app and writes modules.json: every module in the bundle with its rendered length, so
// scripts/test-consumer.mjs can name what the bundle holds (and prove the formula engine is not among it).
import { writeFileSync } from 'node:fs';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const listModules = {
  name: 'list-modules',
  generateBundle(_options, bundle) {
    const modules = {};
    for (const chunk of Object.values(bundle)) {
      if (chunk.type !== 'chunk') continue;
      for (const [id, info] of Object.entries(chunk.modules)) modules[id] = info.renderedLength;
    }
    writeFileSync(new URL('./modules.json', import.meta.url), JSON.stringify(modules, null, 1));
  },
};

export default defineConfig({
  root: import.meta.dirname,
  logLevel: 'warn',
  plugins: [react(), listModules],
  build: { outDir: 'dist', emptyOutDir: true },
});
