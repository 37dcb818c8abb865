import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', schema: 'src/schema/index.ts', hyperformula: 'src/hyperformula/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  treeshake: true,
  target: 'es2022',
  platform: 'neutral',
  // csv-stringify's browser build is ESM only: bundled, so the CommonJS build does not require() an ES module
  noExternal: ['csv-stringify'],
});
