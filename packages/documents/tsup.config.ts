import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
  platform: 'node',
  // canvas.ts resolves the font with createRequire(import.meta.url): shimmed in the CJS build.
  shims: true,
});
