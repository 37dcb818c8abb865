import { provvigoProject } from '../../scripts/vitest/project.js';

// Files share one PostgreSQL server and the CPU: run them one after another. Isolated as before, for the reason
// packages/pool/vitest.config.ts gives.
export default provvigoProject({ name: 'queue', fileParallelism: false, isolate: true, testTimeout: 120_000 });
