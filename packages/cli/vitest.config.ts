import { provvigoProject } from '../../scripts/vitest/project.js';

export default provvigoProject({ name: 'cli', testTimeout: 120_000, hookTimeout: 180_000 });
