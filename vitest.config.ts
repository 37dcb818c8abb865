import { defineConfig } from 'vitest/config';

// One vitest run over every workspace project; tests resolve workspace packages to their TypeScript
// sources through the `@provvigo/source` export condition, so no build is needed before testing.
export default defineConfig({
  resolve: { conditions: ['@provvigo/source'] },
  ssr: { resolve: { conditions: ['@provvigo/source'] } },
  test: {
    projects: ['packages/*', 'examples/*', 'tests', 'apps/*'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
