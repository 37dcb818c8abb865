import type { EvaluateOptions, RunInput } from '@provvigo/core';
import { createEvaluationPool, type ParallelOptions, type ParallelResult } from './evaluationPool.js';

/**
 * Evaluates a period on a pool of worker threads, one partition of the partners each (round-robin over sorted
 * partner ids), and merges the partitions deterministically: the summary, hashes and statements are byte-identical
 * to a single-threaded `evaluate` (ARCHITECTURE §3, invariant 2; §5). Starts and stops its own pool; a server
 * evaluating many periods keeps one with `createEvaluationPool`.
 */
export async function evaluateParallel(input: RunInput, options: EvaluateOptions, parallel: ParallelOptions = {}): Promise<ParallelResult> {
  const pool = createEvaluationPool(parallel.workers);
  try {
    return await pool.evaluate(input, options, parallel);
  } finally {
    await pool.close();
  }
}
