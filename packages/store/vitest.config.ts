import { provvigoProject } from '../../scripts/vitest/project.js';

// Files run beside the other projects' files: each test has its own PGlite folder or PostgreSQL schema (or, for
// tamper.test.ts, its own databases), so files cannot see each other's data; they only take turns on the store's
// write lock, which is server-wide. Run one after another, they kept one of CI's two cores idle for minutes at the
// end of the run (kill.test.ts alone takes about three).
export default provvigoProject({ name: 'store', testTimeout: 120_000 });
