import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import type { RunSummary } from '@provvigo/core';
import type { Db, Queryable } from '@provvigo/store';
import type { PartitionJob } from './jobs.js';

const zip = promisify(gzip);
const unzip = promisify(gunzip);

/** One evaluated partition, as a worker wrote it. */
export interface PartitionResult {
  partition: number;
  summary: RunSummary;
  /** Canonical JSON of each statement, in partner order. */
  statements: Array<{ partnerId: string; json: string }>;
}

/**
 * A partition's statements as stored: one gzip'd body, the partner ids as a JSON array on the first line, then each
 * statement's JSON on its own line (JSON.stringify escapes line breaks inside strings, so a line is one statement).
 * One value per partition instead of one row per statement: at 50,000 lines a partition wrote ≈ 75 MB as 50,000 rows
 * (8.1 s of a 13.4 s evaluation, bench:queue at 1M lines); gzip'd it is one insert of ≈ 3 MB.
 */
async function packStatements(statements: PartitionResult['statements']): Promise<Buffer> {
  const body = [JSON.stringify(statements.map((s) => s.partnerId)), ...statements.map((s) => s.json)].join('\n');
  return zip(body, { level: 1 });
}

async function unpackStatements(partition: number, packed: Buffer): Promise<PartitionResult['statements']> {
  const lines = (await unzip(packed)).toString('utf8').split('\n');
  const ids = JSON.parse(lines[0]!) as string[];
  if (ids.length !== lines.length - 1) throw new Error(`partition ${partition}: stored statements do not match their partner list`);
  return ids.map((partnerId, i) => ({ partnerId, json: lines[i + 1]! }));
}

/**
 * The transaction-scoped advisory lock of one run's partitions (one bigint key: the store's locks use the two-key form,
 * a key space of their own). Attempts take it shared, `deletePartitions` exclusively: see there.
 */
export const RUN_LOCK = `hashtextextended('provvigo_queue_partitions ' || $1, 0)`;

/**
 * Longest wait of `deletePartitions` for the run's writes in progress. A write takes a second or two; one stuck in its
 * transaction (its machine lost mid-write) holds the lock until PostgreSQL drops its connection, hours with the
 * system's TCP keepalive defaults, and the run is already stored: `period calculate --queue` must not wait for it.
 */
export const MERGE_LOCK_WAIT_MS = 10_000;

/** What an attempt's write did: wrote the partition, found it written by another attempt, or found its run merged. */
export type WriteOutcome = 'written' | 'exists' | 'merged';

/**
 * Writes one partition's evaluation as ONE row keyed by (run, input, partition), its statements in it, in one
 * transaction. `ON CONFLICT DO NOTHING`: when an earlier attempt of the same job (a worker that was
 * killed after its commit, a stalled job BullMQ handed to another worker) already wrote it, this attempt writes nothing
 * (`exists`). A concurrent attempt waits on the row lock and then finds the row. An attempt whose run is already
 * merged and stored writes nothing either (`merged`): its row would be left behind, the run's rows being deleted.
 */
export async function writePartition(
  db: Db,
  job: PartitionJob,
  result: Omit<PartitionResult, 'partition'>,
  by: { worker: string; attempt: number },
): Promise<WriteOutcome> {
  const statements = await packStatements(result.statements);
  // An explicit transaction, though it holds one statement: a worker killed while its insert waits (on a lock, on a
  // slow disk) never sends COMMIT, so PostgreSQL rolls the insert back. A lone autocommit insert would still commit
  // once it got its lock, on behalf of a process that no longer exists.
  return db.transaction(async (tx) => {
    // shared: the run's attempts write side by side; a deletion of its partitions waits for them, or they for it
    await tx.query(`SELECT pg_advisory_xact_lock_shared(${RUN_LOCK})`, [job.runId]);
    const merged = await tx.query('SELECT 1 AS one FROM provvigo_queue_merged_runs WHERE run_id = $1', [job.runId]);
    if (merged.rows.length > 0) return 'merged';
    const { rows } = await tx.query<{ partition: number }>(
    `INSERT INTO provvigo_queue_partitions (run_id, input_hash, partition, partitions, summary, worker, attempt, statements)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING RETURNING partition`,
      [job.runId, job.inputHash, job.partition, job.partitions, JSON.stringify(result.summary), by.worker, by.attempt, statements],
    );
    return rows.length > 0 ? 'written' : 'exists';
  });
}

/** Partitions of a distributed evaluation already written (their numbers). */
export async function writtenPartitions(db: Queryable, runId: string, inputHash: string): Promise<Set<number>> {
  return new Set((await writtenStatementCounts(db, runId, inputHash)).keys());
}

/**
 * Partitions of a distributed evaluation already written, each with its number of statements (as its worker recorded
 * them): what the coordinator's progress reports, whichever call or attempt wrote them, each partition once.
 */
export async function writtenStatementCounts(db: Queryable, runId: string, inputHash: string): Promise<Map<number, number>> {
  const { rows } = await db.query<{ partition: number; statements: number }>(
    `SELECT partition, (summary->>'statementCount')::int AS statements FROM provvigo_queue_partitions WHERE run_id = $1 AND input_hash = $2`,
    [runId, inputHash],
  );
  return new Map(rows.map((r) => [Number(r.partition), Number(r.statements)]));
}

/** Whether one partition is written (a worker's first question: one row, not the run's list). */
export async function isWritten(db: Queryable, job: Pick<PartitionJob, 'runId' | 'inputHash' | 'partition'>): Promise<boolean> {
  const { rows } = await db.query<{ one: number }>(
    'SELECT 1 AS one FROM provvigo_queue_partitions WHERE run_id = $1 AND input_hash = $2 AND partition = $3',
    [job.runId, job.inputHash, job.partition],
  );
  return rows.length > 0;
}

/** Every written partition with its statements, in partition order. */
export async function readPartitions(db: Queryable, runId: string, inputHash: string): Promise<PartitionResult[]> {
  const { rows } = await db.query<{ partition: number; summary: RunSummary | string; statements: Buffer }>(
    'SELECT partition, summary, statements FROM provvigo_queue_partitions WHERE run_id = $1 AND input_hash = $2 ORDER BY partition',
    [runId, inputHash],
  );
  const parts: PartitionResult[] = [];
  for (const r of rows) {
    parts.push({
      partition: Number(r.partition),
      summary: typeof r.summary === 'string' ? (JSON.parse(r.summary) as RunSummary) : r.summary,
      statements: await unpackStatements(Number(r.partition), r.statements),
    });
  }
  return parts;
}

/**
 * Drops a run's partition rows once the run holds its result (they are a working copy), and marks the run merged. An
 * attempt may still be evaluating one of its partitions: a duplicate of a job BullMQ thought stalled, or re-enqueued
 * after Redis lost it, whose job the coordinator cannot remove while it is active. Its write would find no row and
 * leave one behind; marked merged, the run takes no more rows. The exclusive lock orders this against every write of
 * the run: one committed before is deleted here, one after finds the mark (writes take the lock shared, then read).
 */
export async function deletePartitions(db: Db, runId: string): Promise<void> {
  await db.transaction(async (tx) => {
    // tried, not awaited, so the wait is bounded: past it, a write still in progress may leave its row, as every late
    // write did before the mark
    const start = Date.now();
    for (;;) {
      const { rows } = await tx.query<{ locked: boolean }>(`SELECT pg_try_advisory_xact_lock(${RUN_LOCK}) AS locked`, [runId]);
      if (rows[0]!.locked || Date.now() - start >= MERGE_LOCK_WAIT_MS) break;
      await sleep(50);
    }
    await tx.query('INSERT INTO provvigo_queue_merged_runs (run_id) VALUES ($1) ON CONFLICT (run_id) DO UPDATE SET merged_at = now()', [runId]);
    await tx.query('DELETE FROM provvigo_queue_partitions WHERE run_id = $1', [runId]);
  });
}

/**
 * A run evaluated on the queue again (a recalculation keeps its run id): its mark goes, so its workers write again.
 * A late attempt of the earlier evaluation may then write too; its row is deleted with the others when this one is
 * stored (or, having this evaluation's key, is exactly what this one would write: evaluation is deterministic).
 */
export async function reopenPartitions(db: Queryable, runId: string): Promise<void> {
  await db.query('DELETE FROM provvigo_queue_merged_runs WHERE run_id = $1', [runId]);
}
