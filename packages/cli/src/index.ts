export { createProgram, EXIT } from './program.js';
export { createEvaluationPool, evaluateParallel, nativeSha256 } from '@provvigo/pool';
export type { EvaluationPool, ParallelOptions, ParallelResult } from '@provvigo/pool';
