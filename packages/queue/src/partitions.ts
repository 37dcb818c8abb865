import { partitionIds, splitRunInput, type RunInput } from '@provvigo/core';

/**
 * One partition of a run's input: every plan and partner (evaluation needs the whole partner list to know which
 * partners are its own), but only the fact records of its own partners. `positions` maps each record back to its
 * place in the whole input, so issues name the record the user supplied, not its place in a share.
 */
export interface PartitionInput {
  index: number;
  count: number;
  input: RunInput;
  positions: Record<string, number[]>;
}

/**
 * Which partition a partner belongs to: core's partitioning (`EvaluateOptions.partition`), round-robin over the
 * sorted ids of the run's partners. Deterministic: the same partners always give the same partitions, whatever
 * their order in the input or the machine that computes them.
 */
export function partitionOfPartners(partnerIds: readonly string[], count: number): Map<string, number> {
  return new Map(partitionIds(partnerIds.map((id) => ({ id }))).map((id, i) => [id, i % count]));
}

/**
 * Splits a run's input into `count` partitions (core's `splitRunInput`). Records naming an unknown partner go to
 * partition 0, which reports them (core counts unassigned records in partition 0 only), so every record is counted
 * exactly once.
 */
export function splitInput(input: RunInput, count: number): PartitionInput[] {
  if (!Number.isInteger(count) || count < 1) throw new Error(`partitions must be a positive integer, got ${count}`);
  return splitRunInput(input, count).map((part, index) => ({ index, count, ...part }));
}

/**
 * A default partition count: enough partitions that each holds at most `linesPerPartition` fact records (a job
 * short enough to retry cheaply), at least `minimum`, at most one per partner.
 */
export function defaultPartitionCount(input: RunInput, options: { minimum?: number; linesPerPartition?: number } = {}): number {
  const lines = Object.values(input.facts).reduce((n, records) => n + records.length, 0);
  const wanted = Math.max(options.minimum ?? 4, Math.ceil(lines / (options.linesPerPartition ?? 50_000)));
  return Math.max(1, Math.min(wanted, input.partners.length || 1));
}
