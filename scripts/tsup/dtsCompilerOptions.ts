// Compiler options for tsup's declaration build of every package that imports another @provvigo package.
//
// The packages' tsconfig resolves @provvigo/* through the `@provvigo/source` condition (the sources), which is what
// the tests and the one-program typecheck want. For the declaration build it would make each package type-check its
// dependencies' sources all over again (core's included, every time). Without the condition the dependencies resolve
// to their own built declarations (dist/*.d.ts): `pnpm build` builds them first (topological order). Same output,
// half the CPU time (measured on fiscal-it: 14.3 → 7.3 s user).
export const dtsCompilerOptions = { customConditions: [] as string[] };
