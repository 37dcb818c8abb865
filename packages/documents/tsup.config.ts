import { defineConfig } from 'tsup';
import { dtsCompilerOptions } from '../../scripts/tsup/dtsCompilerOptions';

export default defineConfig({
  entry: { index: 'src/index.ts' },
  format: ['esm', 'cjs'],
  dts: { compilerOptions: dtsCompilerOptions },
  sourcemap: true,
  clean: true,
  target: 'es2022',
  platform: 'node',
  // canvas.ts resolves the font with createRequire(import.meta.url): shimmed in the CJS build.
  shims: true,
});
