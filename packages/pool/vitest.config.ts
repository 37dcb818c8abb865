import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: { conditions: ['@provvigo/source'] },
  ssr: { resolve: { conditions: ['@provvigo/source'] } },
  // worker threads share the two cores with the rest of the suite: one file at a time
  test: { name: 'pool', include: ['tests/**/*.test.ts'], fileParallelism: false, testTimeout: 120_000, hookTimeout: 120_000 },
});
