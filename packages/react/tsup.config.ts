import { defineConfig } from 'tsup';
import { dtsCompilerOptions } from '../../scripts/tsup/dtsCompilerOptions';

export default defineConfig({
  entry: { index: 'src/index.ts' },
  format: ['esm', 'cjs'],
  dts: { compilerOptions: dtsCompilerOptions },
  sourcemap: true,
  clean: true,
  // no rollup tree-shaking pass: it drops module-level directives, and Next.js App Router needs "use client"
  // at the top of the file (esbuild's bundling already leaves out unused code)
  target: 'es2022',
  platform: 'browser',
  banner: { js: '"use client";' },
});
