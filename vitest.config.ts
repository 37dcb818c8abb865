import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import { SlowFirstSequencer } from './scripts/vitest/slowFirstSequencer.js';

// One vitest run over every workspace project; tests resolve workspace packages to their TypeScript
// sources through the `@provvigo/source` export condition, so no build is needed before testing.
export default defineConfig({
  resolve: { conditions: ['@provvigo/source'] },
  ssr: { resolve: { conditions: ['@provvigo/source'] } },
  test: {
    projects: ['packages/*', 'examples/*', 'tests', 'apps/*', 'bench'],
    // Vitest runs one test file at a time on a 2-core machine by default (cores − 1); most of our slow files wait on
    // other processes (Chromium, LibreOffice, PGlite children, PostgreSQL, Redis), so two at a time keep both cores
    // busy. The queue's files (one Redis) still run one by one, after the others. PROVVIGO_TEST_WORKERS overrides the
    // count: three on two cores took 973 s against 997 s for two with isolated files, and 811 s against 783 s
    // without (2026-12-04, the CPU is the limit), so two stay.
    maxWorkers: Number(process.env.PROVVIGO_TEST_WORKERS) || Math.max(2, availableParallelism() - 1),
    // What every project shares (source conditions, `isolate: false`, timeouts) is in scripts/vitest/project.ts: a
    // project's config file does not inherit this file's test options.
    // the slowest files start first, whatever their project (scripts/vitest/slowFirstSequencer.ts)
    sequence: { sequencer: SlowFirstSequencer },
  },
});
