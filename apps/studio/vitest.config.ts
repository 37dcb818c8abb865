import { provvigoProject } from '../../scripts/vitest/project.js';

export default provvigoProject({ name: 'studio', environment: 'node', testTimeout: 120_000 });
