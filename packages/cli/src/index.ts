export { createProgram, EXIT } from './program.js';
export { evaluateParallel, nativeSha256 } from './parallel/evaluateParallel.js';
export type { ParallelOptions, ParallelResult } from './parallel/evaluateParallel.js';
