import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: { conditions: ['@provvigo/source'] },
  ssr: { resolve: { conditions: ['@provvigo/source'] } },
  // Files run beside the other projects' files: each test has its own PGlite folder or PostgreSQL schema (or, for
  // tamper.test.ts, its own databases), so files cannot see each other's data; they only take turns on the store's
  // write lock, which is server-wide. Run one after another, they kept one of CI's two cores idle for minutes at the
  // end of the run (kill.test.ts alone takes about three).
  test: { name: 'store', isolate: false, include: ['tests/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 120_000 },
});
