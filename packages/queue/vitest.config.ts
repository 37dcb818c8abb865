import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: { conditions: ['@provvigo/source'] },
  ssr: { resolve: { conditions: ['@provvigo/source'] } },
  // files share one PostgreSQL server and the CPU: run them one after another
  test: { name: 'queue', include: ['tests/**/*.test.ts'], fileParallelism: false, testTimeout: 120_000, hookTimeout: 120_000 },
});
