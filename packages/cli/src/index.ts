export { createProgram, EXIT } from './program.js';
export { createEvaluationPool, evaluateParallel, nativeSha256 } from './parallel/evaluateParallel.js';
export type { EvaluationPool, ParallelOptions, ParallelResult } from './parallel/evaluateParallel.js';
