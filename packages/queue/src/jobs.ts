import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { RunInput } from '@provvigo/core';
import { keptRecord } from '@provvigo/core/schema';

const HASH = z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 hex digest');

/** A BullMQ job: one partition of one run. It names the input snapshot by hash; no fact data travels through Redis. */
export const PartitionJobSchema = z.object({
  runId: z.string().min(1),
  /**
   * The partition's identity besides run and number (`distributedInputHash`): the partition snapshots' hashes, in
   * order, and the evaluation options that change what a worker writes.
   */
  inputHash: HASH,
  partition: z.number().int().min(0),
  partitions: z.number().int().min(1),
  snapshot: HASH,
  keepTrace: z.boolean().optional(),
  batchSize: z.number().int().min(1).optional(),
});
export type PartitionJob = z.infer<typeof PartitionJobSchema>;

/** Job progress a worker reports on its job (queue dashboards read it; the coordinator counts from the store). */
export const PartitionProgressSchema = z.object({ done: z.number().int().min(0), total: z.number().int().min(0) });
export type PartitionProgress = z.infer<typeof PartitionProgressSchema>;

/** What a job returns: whether this attempt wrote the partition (not when another attempt had, or its run is merged). */
export interface PartitionJobResult {
  written: boolean;
  statements: number;
}

/**
 * A stored partition input. Core validates plans, partners, schema and records itself (and reports bad records as
 * issues naming record and field); this schema only checks the envelope a worker relies on.
 */
export const PartitionInputSchema = z.object({
  index: z.number().int().min(0),
  count: z.number().int().min(1),
  input: z.object({
    period: z.object({ id: z.string(), start: z.string(), end: z.string() }).passthrough(),
    plans: z.array(z.unknown()),
    partners: z.array(z.unknown()),
    factSchema: z.unknown(),
    // keyed by the run's table names as given: one named "__proto__" must reach the worker (z.record drops it)
    facts: keptRecord(z.array(z.unknown())),
    // core checks these itself; the envelope only keeps them (zod would strip unknown keys)
    rejected: z.array(z.unknown()).optional(),
    invalidPartners: z.array(z.unknown()).optional(),
  }),
  positions: keptRecord(z.array(z.number().int().min(0))),
});
export interface StoredPartitionInput {
  index: number;
  count: number;
  input: RunInput;
  positions: Record<string, number[]>;
}

/**
 * What a run's partition rows (`provvigo_queue_partitions.input_hash`) and jobs are keyed by: the partition snapshots'
 * hashes, in order, and every evaluation option that changes what a worker writes. A call merges only the partitions
 * of its own key, so a run resumed with other options evaluates every partition again instead of merging partitions
 * computed both ways (some statements with their audit traces and some without, an output hash of neither run).
 * - `keepTrace: false` is part of it: statements without their traces are other statements, with another output hash.
 * - `batchSize` is not: it only sets how many partners core hands a cross-checking engine at once, and core's
 *   statements, issues and hashes never depend on it (`EvaluateOptions.batchSize`; core's tests evaluate.prop "the
 *   same result computed in batches of any size" and crossCheck "whatever the batches"). In the key it would only
 *   make a resumed run evaluate again what it already has.
 * The default (traces kept: `keepTrace` absent or true, as core reads it) adds nothing, so its key is the one earlier
 * versions computed from the snapshots alone: partitions they stored stay valid for a run resumed after an upgrade.
 */
export function distributedInputHash(snapshots: readonly string[], options: { keepTrace?: boolean }): string {
  const hash = createHash('sha256').update(snapshots.join('\n'));
  // a line no list of snapshot hashes holds (each is 64 hex digits), so no list of snapshots alone has this key
  if (options.keepTrace === false) hash.update('\nkeepTrace=false');
  return hash.digest('hex');
}

/** BullMQ job id of a partition: stable, so adding a partition's job twice is a no-op while the first one exists. */
export function jobIdFor(job: Pick<PartitionJob, 'runId' | 'inputHash' | 'partition'>): string {
  // BullMQ refuses ':' in custom ids (it separates key parts)
  return `${job.runId.replace(/:/g, '_')}.${job.inputHash.slice(0, 16)}.p${job.partition}`;
}
