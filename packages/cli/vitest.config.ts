import { defineProject } from 'vitest/config';

// Setup hooks get generous timeouts: PGlite and PostgreSQL setup, worker processes and builds are slow on a busy machine.
export default defineProject({
  resolve: { conditions: ['@provvigo/source'] },
  ssr: { resolve: { conditions: ['@provvigo/source'] } },
  test: { name: 'cli', isolate: false, include: ['tests/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 180_000 },
});
