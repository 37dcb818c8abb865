import { provvigoProject } from '../../scripts/vitest/project.js';

// English pinned for the tests that run commands in this process: their assertions are English, and a developer's
// LANG=it_IT would otherwise give Italian refusals (the language tests set it per case)
export default provvigoProject({ name: 'cli', testTimeout: 120_000, hookTimeout: 180_000, env: { PROVVIGO_LOCALE: 'en' } });
