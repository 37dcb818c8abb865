import { provvigoProject } from '../../scripts/vitest/project.js';

// tests/hyperformulaQuiet.test.ts, which must see HyperFormula's once-per-process licence notice, starts processes of
// its own: the project's other files share workers like every project's.
export default provvigoProject({ name: 'core', hookTimeout: 180_000 });
