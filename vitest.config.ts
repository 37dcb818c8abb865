import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// One vitest run over every workspace project; tests resolve workspace packages to their TypeScript
// sources through the `@provvigo/source` export condition, so no build is needed before testing.
export default defineConfig({
  resolve: { conditions: ['@provvigo/source'] },
  ssr: { resolve: { conditions: ['@provvigo/source'] } },
  test: {
    projects: ['packages/*', 'examples/*', 'tests', 'apps/*'],
    // Vitest runs one test file at a time on a 2-core machine by default (cores − 1); most of our slow files wait on
    // other processes (Chromium, LibreOffice, PGlite children, PostgreSQL, Redis), so two at a time keep both cores
    // busy. Projects that share one database or Redis (store, queue) still run their files one by one.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
