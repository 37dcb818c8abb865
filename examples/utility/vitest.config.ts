import { provvigoProject } from '../../scripts/vitest/project.js';

// English pinned: the demo's CLI prints in the system's language, and these tests read its English lines
export default provvigoProject({ name: 'example-utility', hookTimeout: 180_000, env: { PROVVIGO_LOCALE: 'en' } });
