export { createEvaluationPool } from './evaluationPool.js';
export type { EvaluationPool, ParallelOptions, ParallelResult, PoolCpu } from './evaluationPool.js';
export { evaluateParallel } from './evaluateParallel.js';
export { nativeSha256 } from './nativeSha256.js';
export { decodeFactTable, encodeFactTable, factTableBuffers } from './columns.js';
export type { ColumnarTable, FieldColumns } from './columns.js';
