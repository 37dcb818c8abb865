import type { RunSummary } from '@provvigo/core';
import type { Db, Queryable } from '@provvigo/store';
import type { PartitionJob } from './jobs.js';

/** One evaluated partition, as a worker wrote it. */
export interface PartitionResult {
  partition: number;
  summary: RunSummary;
  /** Canonical JSON of each statement, in partner order. */
  statements: Array<{ partnerId: string; json: string }>;
}

const INSERT_BATCH = 200;

/**
 * Writes one partition's evaluation in ONE transaction keyed by (run, input, partition). The partition row is
 * inserted first with `ON CONFLICT DO NOTHING`: when an earlier attempt of the same job (a worker that was killed
 * after its commit, a stalled job BullMQ handed to another worker) already wrote it, this attempt writes nothing
 * and returns false. A concurrent attempt waits on the row lock and then finds the row.
 */
export async function writePartition(
  db: Db,
  job: PartitionJob,
  result: Omit<PartitionResult, 'partition'>,
  by: { worker: string; attempt: number },
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{ partition: number }>(
      `INSERT INTO provvigo_queue_partitions (run_id, input_hash, partition, partitions, summary, worker, attempt)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING RETURNING partition`,
      [job.runId, job.inputHash, job.partition, job.partitions, JSON.stringify(result.summary), by.worker, by.attempt],
    );
    if (rows.length === 0) return false;
    await insertStatements(tx, job, result.statements);
    return true;
  });
}

async function insertStatements(tx: Queryable, job: PartitionJob, statements: PartitionResult['statements']): Promise<void> {
  for (let i = 0; i < statements.length; i += INSERT_BATCH) {
    const batch = statements.slice(i, i + INSERT_BATCH);
    const params: unknown[] = [job.runId, job.inputHash, job.partition];
    const values = batch.map((s) => {
      params.push(s.partnerId, s.json);
      return `($1, $2, $3, $${params.length - 1}, $${params.length})`;
    });
    await tx.query(`INSERT INTO provvigo_queue_statements (run_id, input_hash, partition, partner_id, statement) VALUES ${values.join(', ')}`, params);
  }
}

/** Partitions of a distributed evaluation already written (their numbers). */
export async function writtenPartitions(db: Queryable, runId: string, inputHash: string): Promise<Set<number>> {
  const { rows } = await db.query<{ partition: number }>(
    'SELECT partition FROM provvigo_queue_partitions WHERE run_id = $1 AND input_hash = $2',
    [runId, inputHash],
  );
  return new Set(rows.map((r) => Number(r.partition)));
}

/** Whether one partition is written (a worker's first question: one row, not the run's list). */
export async function isWritten(db: Queryable, job: Pick<PartitionJob, 'runId' | 'inputHash' | 'partition'>): Promise<boolean> {
  const { rows } = await db.query<{ one: number }>(
    'SELECT 1 AS one FROM provvigo_queue_partitions WHERE run_id = $1 AND input_hash = $2 AND partition = $3',
    [job.runId, job.inputHash, job.partition],
  );
  return rows.length > 0;
}

/** Every written partition with its statements, in partition order (statements in the order they were stored). */
export async function readPartitions(db: Queryable, runId: string, inputHash: string): Promise<PartitionResult[]> {
  const { rows } = await db.query<{ partition: number; summary: RunSummary | string }>(
    'SELECT partition, summary FROM provvigo_queue_partitions WHERE run_id = $1 AND input_hash = $2 ORDER BY partition',
    [runId, inputHash],
  );
  const { rows: statements } = await db.query<{ partition: number; partner_id: string; statement: string }>(
    // no ORDER BY: the merge sorts by partner id in code-unit order (as core does), not in the database's collation
    'SELECT partition, partner_id, statement FROM provvigo_queue_statements WHERE run_id = $1 AND input_hash = $2',
    [runId, inputHash],
  );
  const byPartition = new Map<number, PartitionResult['statements']>();
  for (const s of statements) {
    const list = byPartition.get(Number(s.partition)) ?? [];
    list.push({ partnerId: s.partner_id, json: s.statement });
    byPartition.set(Number(s.partition), list);
  }
  return rows.map((r) => ({
    partition: Number(r.partition),
    summary: typeof r.summary === 'string' ? (JSON.parse(r.summary) as RunSummary) : r.summary,
    statements: byPartition.get(Number(r.partition)) ?? [],
  }));
}

/** Drops a distributed evaluation's partition rows once the run holds its result (they are a working copy). */
export async function deletePartitions(db: Queryable, runId: string): Promise<void> {
  await db.query('DELETE FROM provvigo_queue_partitions WHERE run_id = $1', [runId]);
}
