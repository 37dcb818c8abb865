import { splitRunInput, type RunInput } from '@provvigo/core';

/** A run split by partner: each partition's input, and where each of its records sat in the caller's input. */
export interface Partitions {
  inputs: RunInput[];
  /** positions[w][table][i]: the caller's index of partition w's i-th record of that table. */
  positions: Array<Record<string, number[]>>;
}

/**
 * Splits a run into `count` partitions by core's partition rule (`splitRunInput`), so each worker gets only its
 * partners' records and evaluates the partners `EvaluateOptions.partition` gives it.
 */
export function partitionInput(input: RunInput, count: number): Partitions {
  const parts = splitRunInput(input, count);
  return { inputs: parts.map((p) => p.input), positions: parts.map((p) => p.positions) };
}
