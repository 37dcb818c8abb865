import { provvigoProject } from '../../scripts/vitest/project.js';

export default provvigoProject({ name: 'fiscal-it', hookTimeout: 180_000 });
