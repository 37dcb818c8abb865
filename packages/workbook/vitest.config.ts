import { provvigoProject } from '../../scripts/vitest/project.js';

export default provvigoProject({ name: 'workbook', testTimeout: 120_000 });
