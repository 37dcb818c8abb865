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
 * Writes one partition's evaluation as ONE row keyed by (run, input, partition), its statements in it, in one
 * transaction. `ON CONFLICT DO NOTHING`: when an earlier attempt of the same job (a worker that was
 * killed after its commit, a stalled job BullMQ handed to another worker) already wrote it, this attempt writes nothing
 * and returns false. A concurrent attempt waits on the row lock and then finds the row.
 */
export async function writePartition(
  db: Db,
  job: PartitionJob,
  result: Omit<PartitionResult, 'partition'>,
  by: { worker: string; attempt: number },
): Promise<boolean> {
  const statements = await packStatements(result.statements);
  // An explicit transaction, though it holds one statement: a worker killed while its insert waits (on a lock, on a
  // slow disk) never sends COMMIT, so PostgreSQL rolls the insert back. A lone autocommit insert would still commit
  // once it got its lock, on behalf of a process that no longer exists.
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{ partition: number }>(
    `INSERT INTO provvigo_queue_partitions (run_id, input_hash, partition, partitions, summary, worker, attempt, statements)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING RETURNING partition`,
      [job.runId, job.inputHash, job.partition, job.partitions, JSON.stringify(result.summary), by.worker, by.attempt, statements],
    );
    return rows.length > 0;
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

/** Drops a distributed evaluation's partition rows once the run holds its result (they are a working copy). */
export async function deletePartitions(db: Queryable, runId: string): Promise<void> {
  await db.query('DELETE FROM provvigo_queue_partitions WHERE run_id = $1', [runId]);
}
