import { provvigoProject } from '../../scripts/vitest/project.js';

export default provvigoProject({ name: 'example-utility', hookTimeout: 180_000 });
