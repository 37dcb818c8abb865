import { errorTexts, requireOptions, type BothLanguages } from '@provvigo/core';
import { hostname } from 'node:os';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { migrate, type Db } from '@provvigo/store';
import { connectionFor, DEFAULT_PREFIX, DEFAULT_QUEUE_NAME, type QueueTarget } from './connection.js';
import { QueueError } from './errors.js';
import { failedReasonText } from './failedReason.js';
import { evaluatePartition } from './evaluatePartition.js';
import { PartitionJobSchema, type PartitionJob, type PartitionJobResult } from './jobs.js';
import { QUEUE_MIGRATIONS } from './migrations.js';
import { isWritten, writePartition } from './results.js';
import { loadSnapshot, SnapshotError } from './snapshot.js';

/**
 * What a worker reports as it goes (the CLI prints these lines). A skipped partition's reason is in both languages
 * (`reasons.en === reason`); so is a failure's error when the queue raised it (`errors`, e.g. an altered input
 * snapshot), not when the evaluation did (core's error, English).
 */
export type WorkerEvent =
  | { type: 'started'; runId: string; partition: number; partitions: number; attempt: number }
  | { type: 'written'; runId: string; partition: number; statements: number; ms: number; timing: PartitionTiming }
  | { type: 'skipped'; runId: string; partition: number; reason: string; reasons: BothLanguages }
  | { type: 'failed'; runId: string; partition: number; error: string; errors?: BothLanguages; retry: boolean };

const ALREADY_WRITTEN: BothLanguages = { en: 'already written by an earlier attempt', it: 'già scritta da un tentativo precedente' };
const WRITTEN_MEANWHILE: BothLanguages = { en: 'written meanwhile by another attempt', it: 'scritta nel frattempo da un altro tentativo' };
const RUN_MERGED: BothLanguages = { en: 'its run is already merged and stored (a late attempt)', it: 'la sua esecuzione è già unita e salvata (un tentativo tardivo)' };

/**
 * Where one partition's time went, in milliseconds: what a partition costs besides its evaluation (the bench's
 * per-partition overhead, and what an operator reads to size partitions).
 */
export interface PartitionTiming {
  /** From the job's creation to a worker taking it (waiting for a free worker included). */
  queuedMs: number;
  /** From this worker's previous job to this one (BullMQ's completion of the previous job and hand-over of this one). */
  idleMs?: number;
  /** Checking the partition is not written yet, then reading, checking and parsing its input snapshot. */
  loadMs: number;
  /** Core's evaluation of the partition. */
  evaluateMs: number;
  /** Reporting progress (one Redis call) and the partition's one write transaction. */
  writeMs: number;
}

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
  requireOptions('startPartitionWorker', options, ['queue', 'db']);
  if (options.db.engine !== 'postgres') {
    throw new QueueError({
      en: 'queue workers need the PostgreSQL store (--db postgres://…): an embedded PGlite folder cannot be shared between processes',
      it: "i worker della coda richiedono l'archivio PostgreSQL (--db postgres://…): una cartella PGlite incorporata non può essere condivisa tra processi",
    });
  }
  await migrate(options.db, QUEUE_MIGRATIONS);
  const name = options.name ?? `${hostname()}:${process.pid}`;
  const lockDuration = options.lockDurationMs ?? 60_000;
  const emit = options.onEvent ?? (() => {});
  const clock: WorkerClock = {};
  const worker = new Worker<PartitionJob, PartitionJobResult>(
    options.queue.name ?? DEFAULT_QUEUE_NAME,
    (job) => processPartition(job, options, name, emit, clock),
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

/** When this worker last finished a job (for `PartitionTiming.idleMs`). */
interface WorkerClock {
  lastDone?: number;
}

async function processPartition(
  job: Job<PartitionJob, PartitionJobResult>,
  options: PartitionWorkerOptions,
  name: string,
  emit: (e: WorkerEvent) => void,
  clock: WorkerClock,
): Promise<PartitionJobResult> {
  const taken = Date.now();
  const queuedMs = Math.max(0, (job.processedOn ?? taken) - job.timestamp);
  // measured on this worker's clock, from its previous job's end to this job in hand (BullMQ's round trip included)
  const idleMs = clock.lastDone === undefined ? undefined : Math.max(0, taken - clock.lastDone);
  try {
    return await runPartition(job, options, name, emit, { queuedMs, ...(idleMs === undefined ? {} : { idleMs }) });
  } finally {
    clock.lastDone = Date.now();
  }
}

async function runPartition(
  job: Job<PartitionJob, PartitionJobResult>,
  options: PartitionWorkerOptions,
  name: string,
  emit: (e: WorkerEvent) => void,
  waited: Pick<PartitionTiming, 'queuedMs' | 'idleMs'>,
): Promise<PartitionJobResult> {
  const parsed = PartitionJobSchema.safeParse(job.data);
  if (!parsed.success) throw new UnrecoverableError(`job ${job.id}: not a partition job: ${parsed.error.issues[0]?.message}`);
  const data = parsed.data;
  const attempt = job.attemptsMade + job.stalledCounter + 1;
  const base = { runId: data.runId, partition: data.partition };
  emit({ type: 'started', ...base, partitions: data.partitions, attempt });
  const t0 = performance.now();
  if (await isWritten(options.db, data)) {
    emit({ type: 'skipped', ...base, reason: ALREADY_WRITTEN.en, reasons: ALREADY_WRITTEN });
    return { written: false, statements: 0 };
  }
  let evaluated: ReturnType<typeof evaluatePartition>;
  let loaded = t0;
  let evaluatedAt = t0;
  try {
    const part = await loadSnapshot(options.db, data.snapshot);
    loaded = performance.now();
    if (part.index !== data.partition || part.count !== data.partitions) {
      const snapshot = `${data.snapshot.slice(0, 12)}…`;
      const [holds, names] = [`${part.index}/${part.count}`, `${data.partition}/${data.partitions}`];
      throw new SnapshotError({
        en: `input snapshot ${snapshot} is partition ${holds}, the job names ${names}`,
        it: `l'istantanea degli input ${snapshot} è la partizione ${holds}, il job indica ${names}`,
      });
    }
    evaluated = evaluatePartition(part, {
      licenseKey: options.licenseKey ?? 'gpl-v3',
      ...(data.keepTrace !== undefined ? { keepTrace: data.keepTrace } : {}),
      ...(data.batchSize !== undefined ? { batchSize: data.batchSize } : {}),
    });
    evaluatedAt = performance.now();
  } catch (e) {
    // Evaluation is pure: the same input fails the same way on every machine, so retrying would not help.
    // in both languages when the error has them (the store's, core's, ours): BullMQ keeps one text, failedReason.ts
    const error = e instanceof Error ? e.message : String(e);
    const errors = errorTexts(e);
    emit({ type: 'failed', ...base, error, ...(errors.it !== error ? { errors } : {}), retry: false });
    throw new UnrecoverableError(
      failedReasonText({
        en: `partition ${data.partition} of run ${data.runId}: ${errors.en}`,
        it: `partizione ${data.partition} dell'esecuzione ${data.runId}: ${errors.it}`,
      }),
    );
  }
  const total = evaluated.statements.length;
  await job.updateProgress({ done: total, total });
  const outcome = await writePartition(options.db, data, evaluated, { worker: name, attempt });
  const end = performance.now();
  const timing: PartitionTiming = {
    ...waited,
    loadMs: Math.round(loaded - t0),
    evaluateMs: Math.round(evaluatedAt - loaded),
    writeMs: Math.round(end - evaluatedAt),
  };
  if (outcome === 'written') emit({ type: 'written', ...base, statements: total, ms: Math.round(end - t0), timing });
  else {
    const why = outcome === 'merged' ? RUN_MERGED : WRITTEN_MEANWHILE;
    emit({ type: 'skipped', ...base, reason: why.en, reasons: why });
  }
  return { written: outcome === 'written', statements: total };
}
