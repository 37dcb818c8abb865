import { provvigoProject } from '../scripts/vitest/project.js';

export default provvigoProject({ name: 'bench' });
