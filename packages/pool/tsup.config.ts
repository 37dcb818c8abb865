import { defineConfig } from 'tsup';
import { dtsCompilerOptions } from '../../scripts/tsup/dtsCompilerOptions';

export default defineConfig({
  // worker.ts is its own entry: piscina starts it by file name next to the built index (see evaluationPool.ts)
  entry: { index: 'src/index.ts', worker: 'src/worker.ts' },
  format: ['esm', 'cjs'],
  dts: { entry: { index: 'src/index.ts' }, compilerOptions: dtsCompilerOptions },
  sourcemap: true,
  clean: true,
  treeshake: true,
  target: 'es2022',
  platform: 'node',
  // import.meta.url locates the worker script; the CommonJS build gets it from __filename
  shims: true,
});
