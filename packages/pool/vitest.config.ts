import { provvigoProject } from '../../scripts/vitest/project.js';

// Worker threads share the two cores with the rest of the suite: one file at a time. Isolated as before: vitest 4
// refuses, in a full run, a project of one file at a time without isolation beside the others (it asks for a
// `sequence.groupOrder` of its own, which would hold the project back until the others end).
export default provvigoProject({ name: 'pool', fileParallelism: false, isolate: true, testTimeout: 120_000 });
