import { hostname } from 'node:os';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { migrate, type Db } from '@provvigo/store';
import { connectionFor, DEFAULT_PREFIX, DEFAULT_QUEUE_NAME, type QueueTarget } from './connection.js';
import { evaluatePartition } from './evaluatePartition.js';
import { PartitionJobSchema, type PartitionJob, type PartitionJobResult } from './jobs.js';
import { QUEUE_MIGRATIONS } from './migrations.js';
import { writePartition, writtenPartitions } from './results.js';
import { loadSnapshot, SnapshotError } from './snapshot.js';

/** What a worker reports as it goes (the CLI prints these lines). */
export type WorkerEvent =
  | { type: 'started'; runId: string; partition: number; partitions: number; attempt: number }
  | { type: 'written'; runId: string; partition: number; statements: number; ms: number }
  | { type: 'skipped'; runId: string; partition: number; reason: string }
  | { type: 'failed'; runId: string; partition: number; error: string; retry: boolean };

export interface PartitionWorkerOptions {
  queue: QueueTarget;
  /** The PostgreSQL store the coordinator uses (a worker on another machine points at the same database). */
  db: Db;
  /** HyperFormula licence key: 'gpl-v3' or a commercial key. Never stored in Redis or in the store. */
  licenseKey?: string;
  /** Partitions processed at once by this process (default 1: evaluation is CPU-bound; run one process per core). */
  concurrency?: number;
  /**
   * How long a job's lock lasts without renewal (default 60 s). A worker killed mid-partition stops renewing it;
   * BullMQ's stalled-job check then hands the job to another worker.
   */
  lockDurationMs?: number;
  /** How often this worker looks for stalled jobs (default: half the lock duration). */
  stalledIntervalMs?: number;
  /** How often one job may stall before it fails (default 3). */
  maxStalledCount?: number;
  /** Identifies this worker in the partition rows (default host:pid). */
  name?: string;
  onEvent?: (event: WorkerEvent) => void;
}

export interface PartitionWorker {
  readonly name: string;
  /** Waits for the current partition to finish (when `graceful`) and disconnects. */
  close(graceful?: boolean): Promise<void>;
}

/**
 * Starts a worker that takes partition jobs from the queue, evaluates each with core, and writes the partition's
 * statements to the store in one transaction keyed by (run, partition). Any number of workers, on any machines.
 */
export async function startPartitionWorker(options: PartitionWorkerOptions): Promise<PartitionWorker> {
  if (options.db.engine !== 'postgres') {
    throw new Error('queue workers need the PostgreSQL store (--db postgres://…): an embedded PGlite folder cannot be shared between processes');
  }
  await migrate(options.db, QUEUE_MIGRATIONS);
  const name = options.name ?? `${hostname()}:${process.pid}`;
  const lockDuration = options.lockDurationMs ?? 60_000;
  const emit = options.onEvent ?? (() => {});
  const worker = new Worker<PartitionJob, PartitionJobResult>(
    options.queue.name ?? DEFAULT_QUEUE_NAME,
    (job) => processPartition(job, options, name, emit),
    {
      connection: connectionFor(options.queue, 'worker'),
      prefix: options.queue.prefix ?? DEFAULT_PREFIX,
      concurrency: options.concurrency ?? 1,
      lockDuration,
      stalledInterval: options.stalledIntervalMs ?? Math.max(1000, Math.floor(lockDuration / 2)),
      maxStalledCount: options.maxStalledCount ?? 3,
      autorun: true,
    },
  );
  // Redis going away is reported by the coordinator; a worker keeps retrying its connection quietly.
  worker.on('error', () => {});
  await worker.waitUntilReady();
  return {
    name,
    close: (graceful = true) => worker.close(!graceful),
  };
}

async function processPartition(job: Job<PartitionJob, PartitionJobResult>, options: PartitionWorkerOptions, name: string, emit: (e: WorkerEvent) => void): Promise<PartitionJobResult> {
  const parsed = PartitionJobSchema.safeParse(job.data);
  if (!parsed.success) throw new UnrecoverableError(`job ${job.id}: not a partition job: ${parsed.error.issues[0]?.message}`);
  const data = parsed.data;
  const attempt = job.attemptsMade + job.stalledCounter + 1;
  const base = { runId: data.runId, partition: data.partition };
  emit({ type: 'started', ...base, partitions: data.partitions, attempt });
  if ((await writtenPartitions(options.db, data.runId, data.inputHash)).has(data.partition)) {
    emit({ type: 'skipped', ...base, reason: 'already written by an earlier attempt' });
    return { written: false, statements: 0 };
  }
  const t0 = performance.now();
  let evaluated: ReturnType<typeof evaluatePartition>;
  try {
    const part = await loadSnapshot(options.db, data.snapshot);
    if (part.index !== data.partition || part.count !== data.partitions) {
      throw new SnapshotError(`input snapshot ${data.snapshot.slice(0, 12)}… is partition ${part.index}/${part.count}, the job names ${data.partition}/${data.partitions}`);
    }
    evaluated = evaluatePartition(part, {
      licenseKey: options.licenseKey ?? 'gpl-v3',
      ...(data.keepTrace !== undefined ? { keepTrace: data.keepTrace } : {}),
      ...(data.batchSize !== undefined ? { batchSize: data.batchSize } : {}),
    });
  } catch (e) {
    // Evaluation is pure: the same input fails the same way on every machine, so retrying would not help.
    const error = e instanceof Error ? e.message : String(e);
    emit({ type: 'failed', ...base, error, retry: false });
    throw new UnrecoverableError(`partition ${data.partition} of run ${data.runId}: ${error}`);
  }
  const total = evaluated.statements.length;
  await job.updateProgress({ done: total, total });
  const written = await writePartition(options.db, data, evaluated, { worker: name, attempt });
  if (written) emit({ type: 'written', ...base, statements: total, ms: Math.round(performance.now() - t0) });
  else emit({ type: 'skipped', ...base, reason: 'written meanwhile by another attempt' });
  return { written, statements: total };
}
