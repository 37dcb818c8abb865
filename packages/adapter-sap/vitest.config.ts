import { provvigoProject } from '../../scripts/vitest/project.js';

export default provvigoProject({ name: 'adapter-sap', hookTimeout: 180_000 });
