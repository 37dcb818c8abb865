import { Queue, type JobsOptions } from 'bullmq';
import { inputHash, type BothLanguages, type RunInput, type RunResult, requireOptions } from '@provvigo/core';
import { migrate, type Db } from '@provvigo/store';
import { connectionFor, DEFAULT_PREFIX, DEFAULT_QUEUE_NAME, maskRedisUrl, type QueueTarget } from './connection.js';
import { QueueError } from './errors.js';
import { readFailedReason } from './failedReason.js';
import { nativeSha256 } from './evaluatePartition.js';
import { distributedInputHash, jobIdFor, type PartitionJob } from './jobs.js';
import { QUEUE_MIGRATIONS } from './migrations.js';
import { defaultPartitionCount, splitInput } from './partitions.js';
import { mergePartitions, PartitionIntegrityError } from './mergePartitions.js';
import { readPartitions, reopenPartitions, writtenStatementCounts } from './results.js';
import { saveSnapshot } from './snapshot.js';

/** Progress of a distributed evaluation, for a progress bar. */
export interface QueueProgress {
  partitions: number;
  /** Partitions written to the store. */
  written: number;
  /**
   * Statements of the written partitions, as the store holds them: each partition counted once, whichever call or
   * attempt wrote it (a retried partition is not counted twice, one written by an earlier call of a resumed run is).
   */
  statements: number;
  /** Something worth telling the user (a partition re-enqueued after Redis lost it, Redis unreachable…), in English. */
  note?: string;
  /** The note in both languages (`notes.en === note`), for a caller that shows it in the user's language. */
  notes?: BothLanguages;
}

export interface EvaluateOnQueueOptions {
  queue: QueueTarget;
  /** The PostgreSQL store the workers write to. */
  db: Db;
  runId: string;
  /** Number of partitions (default: one per 50,000 fact records, at least 4, at most one per partner). */
  partitions?: number;
  /**
   * Keep the audit trace on every line (default true). Part of each partition's identity (`distributedInputHash`): a
   * run resumed with the other setting evaluates every partition again rather than merge those of the earlier call.
   */
  keepTrace?: boolean;
  /** Partners per batch in each worker's evaluation (core's `batchSize`); not in a partition's identity: results never depend on it. */
  batchSize?: number;
  /** Attempts per partition job for errors that may pass (a lost database connection; default 3). */
  attempts?: number;
  /** Give up when Redis stays unreachable this long (default 60 s); finished partitions stay in the store. */
  redisTimeoutMs?: number;
  /** How often the store is checked for finished partitions and Redis for lost jobs (default 500 ms). */
  pollMs?: number;
  onProgress?: (progress: QueueProgress) => void;
  /** Wall time of each phase, in milliseconds (benchmarks and logs). */
  onTiming?: (phase: 'snapshots' | 'partitions' | 'merge', ms: number) => void;
}

/**
 * A distributed evaluation that could not finish: failed partitions with their reasons, or Redis gone. Its text comes
 * in both languages (`messages`); a failed partition's reason is the worker's, as BullMQ kept it (one text, English).
 */
export class QueueRunError extends QueueError {
  constructor(
    message: string | BothLanguages,
    /** Each failed partition's reason: `reason` in English, `reasons` in both languages (when read from its job). */
    readonly failed: Array<{ partition: number; reason: string; reasons?: BothLanguages }> = [],
  ) {
    super(message);
    this.name = 'QueueRunError';
  }
}

const NOT_STORED: BothLanguages = { en: 'the run was not stored', it: "l'esecuzione non è stata salvata" };

/**
 * Evaluates a period on queue workers: splits the input into partitions by partner, stores each partition's input
 * as a content-addressed snapshot in the store, enqueues one BullMQ job per partition and waits until every
 * partition is written to the store; then merges them with core's `mergeRunResults`. The result is the one
 * `evaluate(input)` gives in one process (same statements, counts, issues and hashes).
 *
 * Redis losing the jobs (a restart without persistence) is survived: partitions not yet written whose job has
 * vanished are enqueued again. A partition whose evaluation fails fails the whole call with its reason, after every
 * other partition has finished; nothing of the run is written (the caller stores the run only on success).
 */
export async function evaluateOnQueue(input: RunInput, options: EvaluateOnQueueOptions): Promise<RunResult> {
  requireOptions('evaluateOnQueue', options, ['queue', 'db', 'runId']);
  if (options.db.engine !== 'postgres') {
    throw new QueueError({
      en: 'runs through the queue need the PostgreSQL store (--db postgres://…): workers on other processes or machines must reach it',
      it: "le esecuzioni tramite la coda richiedono l'archivio PostgreSQL (--db postgres://…): i worker su altri processi o macchine devono poterlo raggiungere",
    });
  }
  await migrate(options.db, QUEUE_MIGRATIONS);
  // before any job is enqueued: a run calculated again keeps its id, and its workers must be able to write
  await reopenPartitions(options.db, options.runId);
  const count = options.partitions ?? defaultPartitionCount(input);
  const parts = splitInput(input, count);
  let t = performance.now();
  const lap = (phase: 'snapshots' | 'partitions' | 'merge') => {
    const now = performance.now();
    options.onTiming?.(phase, now - t);
    t = now;
  };
  const snapshots: string[] = [];
  for (const part of parts) snapshots.push(await saveSnapshot(options.db, part));
  lap('snapshots');
  // the options are in it too: a resumed call with other options never merges partitions computed with these
  const distributedHash = distributedInputHash(snapshots, options);
  const jobs: PartitionJob[] = parts.map((p, i) => ({
    runId: options.runId,
    inputHash: distributedHash,
    partition: p.index,
    partitions: count,
    snapshot: snapshots[i]!,
    ...(options.keepTrace !== undefined ? { keepTrace: options.keepTrace } : {}),
    ...(options.batchSize !== undefined ? { batchSize: options.batchSize } : {}),
  }));
  await waitForPartitions(jobs, options);
  lap('partitions');
  let merged: RunResult;
  try {
    merged = mergePartitions(await readPartitions(options.db, options.runId, distributedHash));
  } catch (e) {
    if (!(e instanceof PartitionIntegrityError)) throw e;
    const both = { en: `${e.messages.en}; ${NOT_STORED.en}`, it: `${e.messages.it}; ${NOT_STORED.it}` };
    throw new QueueRunError(both, [{ partition: e.partition, reason: e.message, reasons: e.messages }]);
  }
  merged.inputHash = inputHash(input, nativeSha256);
  lap('merge');
  return merged;
}

/** Longest wait for one Redis call: BullMQ waits for a lost connection to come back instead of failing. */
const REDIS_CALL_MS = 5_000;

/** Shortest: what a call is given when the run's patience with Redis is nearly spent (enough for one that is back). */
const LAST_CALL_MS = 250;

function bounded<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms / 1000} s`)), ms);
  });
  promise.catch(() => {}); // a late rejection after the timeout is not an unhandled one
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Enqueues the jobs and waits until every partition is in the store, or fails clearly. Removes its jobs after. */
async function waitForPartitions(jobs: PartitionJob[], options: EvaluateOnQueueOptions): Promise<void> {
  const name = options.queue.name ?? DEFAULT_QUEUE_NAME;
  const prefix = options.queue.prefix ?? DEFAULT_PREFIX;
  const connection = connectionFor(options.queue, 'coordinator');
  const queue = new Queue<PartitionJob>(name, { connection, prefix });
  queue.on('error', () => {}); // reported below as "unreachable for …"
  const first = jobs[0]!;
  const jobOptions = (job: PartitionJob): JobsOptions => ({
    jobId: jobIdFor(job),
    attempts: options.attempts ?? 3,
    backoff: { type: 'exponential', delay: 1000 },
    removeOnComplete: true,
    removeOnFail: false,
  });
  const progress: QueueProgress = { partitions: jobs.length, written: 0, statements: 0 };
  const report = (note?: BothLanguages) => options.onProgress?.({ ...progress, ...(note ? { note: note.en, notes: note } : {}) });
  const redisAt = maskRedisUrl(options.queue.url);
  const timeout = options.redisTimeoutMs ?? 60_000;
  const pollMs = options.pollMs ?? 500;
  let lastRedisOk = Date.now();
  let redisDown = false;
  // a call waits at most what is left of that patience: with `--redis-timeout 1` three calls of 5 s each made an
  // unreachable Redis take 15 s to be reported
  const callMs = () => Math.min(REDIS_CALL_MS, Math.max(LAST_CALL_MS, timeout - (Date.now() - lastRedisOk)));
  try {
    await bounded(queue.waitUntilReady(), callMs()).catch(() => {});
    const failed = new Map<number, BothLanguages>();
    const added = new Set<number>();
    for (;;) {
      // counted from the store, not from the workers' progress events: an attempt that reported its statements and
      // then died (or failed its write) is retried and reports them again, and a resumed run's partitions written by
      // an earlier call report nothing
      const done = await writtenStatementCounts(options.db, first.runId, first.inputHash);
      const statements = [...done.values()].reduce((n, c) => n + c, 0);
      if (done.size !== progress.written || statements !== progress.statements) {
        progress.written = done.size;
        progress.statements = statements;
        report();
      }
      const open = jobs.filter((j) => !done.has(j.partition) && !failed.has(j.partition));
      if (open.length === 0) break;
      try {
        // every open job's state asked at once: the client sends them back to back on one connection, so a poll costs
        // about one round trip whether the run has 20 partitions or 2,000 (asking one after the other cost one each)
        const states = new Map(await bounded(Promise.all(open.map(async (j) => [jobIdFor(j), await queue.getJobState(jobIdFor(j))] as const)), callMs()));
        for (const job of open) {
          if (states.get(jobIdFor(job)) !== 'failed') continue;
          const j = await bounded(queue.getJob(jobIdFor(job)), callMs());
          failed.set(job.partition, readFailedReason(j?.failedReason ?? 'failed'));
        }
        const gone = open.filter((j) => states.get(jobIdFor(j)) === 'unknown');
        // a job removes itself once its partition is written: ask the store again about the ones Redis no longer has
        const writtenNow = gone.length ? await writtenStatementCounts(options.db, first.runId, first.inputHash) : done;
        const missing = gone.filter((j) => !writtenNow.has(j.partition));
        if (missing.length) {
          // never added, or lost (Redis restarted without persistence): add them (again); a no-op for any that exists
          await bounded(queue.addBulk(missing.map((job) => ({ name: 'partition', data: job, opts: jobOptions(job) }))), callMs());
          for (const job of missing) {
            if (added.has(job.partition)) {
              report({ en: `partition ${job.partition} enqueued again: its job was lost from Redis`, it: `partizione ${job.partition} rimessa in coda: il suo job era andato perso da Redis` });
            }
            added.add(job.partition);
          }
        }
        if (redisDown) report({ en: `Redis at ${redisAt} is back; the run continues`, it: `Redis su ${redisAt} è di nuovo raggiungibile; l'esecuzione continua` });
        redisDown = false;
        lastRedisOk = Date.now();
      } catch (e) {
        // the client's own reason (ioredis, or our time limit) is shown as it gives it
        const why = (e as Error).message;
        const seconds = Math.round(timeout / 1000);
        if (!redisDown) report({ en: `Redis at ${redisAt} unreachable (${why}); waiting up to ${seconds} s`, it: `Redis su ${redisAt} non raggiungibile (${why}); attesa fino a ${seconds} s` });
        redisDown = true;
        if (Date.now() - lastRedisOk > timeout) throw redisGone(redisAt, seconds, progress.written, jobs.length);
      }
      await new Promise((r) => setTimeout(r, pollMs));
    }
    if (failed.size > 0) throw partitionsFailed(failed, jobs.length);
  } finally {
    // nothing of this run stays in Redis: completed jobs removed themselves, failed ones are reported above
    const tidy = (async () => {
      await Promise.all(jobs.map((j) => queue.remove(jobIdFor(j))));
      await queue.close();
    })();
    // Redis already given up on: no 5 s more for a tidy-up that cannot reach it
    await bounded(tidy, redisDown ? LAST_CALL_MS : REDIS_CALL_MS).catch(() => {
      // Redis is gone: stop reconnecting (without waiting for it), so the process can end. disconnect() first waits
      // for the connection to be made, forever when Redis never answered (`period calculate --queue` printed its
      // error and hung); a forced close of the backend drops a client still connecting.
      void queue.disconnect().catch(() => {});
      void queue.backend.close(true).catch(() => {});
    });
  }
}

/** Redis gone longer than the run waits: what is kept, and that calculating again resumes from it. */
function redisGone(redisAt: string, seconds: number, written: number, partitions: number): QueueRunError {
  return new QueueRunError({
    en:
      `Redis at ${redisAt} was unreachable for ${seconds} s: ${NOT_STORED.en} ` +
      `(${written} of ${partitions} partitions are evaluated and kept; calculating again with the same inputs resumes from them)`,
    it:
      `Redis su ${redisAt} è rimasto irraggiungibile per ${seconds} s: ${NOT_STORED.it} ` +
      `(partizioni calcolate e conservate: ${written} di ${partitions}; calcolando di nuovo con gli stessi input si riparte da quelle)`,
  });
}

/** The failed partitions, in order, each with the reason its worker failed with. */
function partitionsFailed(failed: ReadonlyMap<number, BothLanguages>, partitions: number): QueueRunError {
  const list = [...failed].sort(([a], [b]) => a - b).map(([partition, reasons]) => ({ partition, reason: reasons.en, reasons }));
  const lines = (word: string, lang: keyof BothLanguages) => list.map((f) => `  ${word} ${f.partition}: ${f.reasons[lang]}`).join('\n');
  return new QueueRunError(
    {
      en: `${failed.size} of ${partitions} partition(s) failed; ${NOT_STORED.en} (the other partitions are evaluated and kept):\n${lines('partition', 'en')}`,
      it: `partizioni non riuscite: ${failed.size} di ${partitions}; ${NOT_STORED.it} (le altre partizioni sono calcolate e conservate):\n${lines('partizione', 'it')}`,
    },
    list,
  );
}
