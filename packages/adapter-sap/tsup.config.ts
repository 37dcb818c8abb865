import { defineConfig } from 'tsup';
import { dtsCompilerOptions } from '../../scripts/tsup/dtsCompilerOptions';

export default defineConfig({
  entry: { index: 'src/index.ts', testing: 'src/testing/index.ts' },
  format: ['esm', 'cjs'],
  dts: { compilerOptions: dtsCompilerOptions },
  sourcemap: true,
  clean: true,
  treeshake: true,
  target: 'es2022',
  platform: 'node',
});
