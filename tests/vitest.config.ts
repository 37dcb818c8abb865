import { provvigoProject } from '../scripts/vitest/project.js';

export default provvigoProject({ name: 'e2e', include: ['**/*.test.ts'], exclude: ['**/node_modules/**'], testTimeout: 120_000, hookTimeout: 300_000 });
