import { openDatabase } from '@provvigo/store';
import type { WorkerEvent } from '@provvigo/queue';
import { errorTexts, type Locale } from '@provvigo/core';
import { cliLocale } from '../io/cliLocale.js';
import { CliError } from '../io/errors.js';
import { processIo, type Io } from './shared.js';

export interface WorkerOptions {
  queue: string;
  db: string;
  queuePrefix?: string;
  concurrency?: number;
  lockSeconds?: number;
  licenseKey?: string;
}

type Started = Extract<WorkerEvent, { type: 'started' }>;
type Written = Extract<WorkerEvent, { type: 'written' }>;

/**
 * The words of the worker's lines. The reason a partition was skipped comes from the queue in both languages, and so
 * does a failure the queue raised itself; any other failure's error (the evaluation's, the store's) is shown as given.
 */
const WORDS = {
  en: {
    started: (e: Started) => `run ${e.runId} partition ${e.partition}/${e.partitions}: started (attempt ${e.attempt})`,
    written: (e: Written) =>
      `run ${e.runId} partition ${e.partition}: written, ${e.statements} statement(s) in ${e.ms} ms ` +
      `(queued ${e.timing.queuedMs} ms${e.timing.idleMs === undefined ? '' : `, hand-over ${e.timing.idleMs} ms`}, ` +
      `load ${e.timing.loadMs} ms, evaluate ${e.timing.evaluateMs} ms, write ${e.timing.writeMs} ms)`,
    skipped: (run: string, p: number, reason: string) => `run ${run} partition ${p}: nothing written (${reason})`,
    failed: (run: string, p: number, error: string) => `run ${run} partition ${p}: failed: ${error}`,
    waiting: (name: string, queue: string, store: string) => `worker ${name} waiting for partitions on ${queue} (store ${store})\n`,
    stopping: (name: string) => `worker ${name}: stopping after the current partition\n`,
  },
  it: {
    started: (e: Started) => `esecuzione ${e.runId} partizione ${e.partition}/${e.partitions}: avviata (tentativo ${e.attempt})`,
    written: (e: Written) =>
      `esecuzione ${e.runId} partizione ${e.partition}: scritta, estratti conto: ${e.statements} in ${e.ms} ms ` +
      `(in coda ${e.timing.queuedMs} ms${e.timing.idleMs === undefined ? '' : `, passaggio ${e.timing.idleMs} ms`}, ` +
      `caricamento ${e.timing.loadMs} ms, calcolo ${e.timing.evaluateMs} ms, scrittura ${e.timing.writeMs} ms)`,
    skipped: (run: string, p: number, reason: string) => `esecuzione ${run} partizione ${p}: nulla di scritto (${reason})`,
    failed: (run: string, p: number, error: string) => `esecuzione ${run} partizione ${p}: non riuscita: ${error}`,
    waiting: (name: string, queue: string, store: string) => `worker ${name} in attesa di partizioni su ${queue} (archivio ${store})\n`,
    stopping: (name: string) => `worker ${name}: si ferma dopo la partizione in corso\n`,
  },
} as const;

/** One line per event, on stdout, in `locale`: what an operator (and the fault tests) follow. */
function describe(e: WorkerEvent, locale: Locale): string {
  const w = WORDS[locale];
  switch (e.type) {
    case 'started':
      return w.started(e);
    case 'written':
      return w.written(e);
    case 'skipped':
      return w.skipped(e.runId, e.partition, e.reasons[locale]);
    case 'failed':
      return w.failed(e.runId, e.partition, e.errors?.[locale] ?? e.error);
  }
}

/**
 * `provvigo worker`: takes partition jobs from the queue until SIGINT/SIGTERM, which finish the current partition
 * and stop. A worker killed outright (SIGKILL, a lost machine) leaves its job to BullMQ's stalled-job check.
 */
export async function workerCommand(options: WorkerOptions, io: Io = processIo, stop?: Promise<void>): Promise<number> {
  // loaded on demand: BullMQ and its Redis client are not needed by any other command
  const { maskRedisUrl, parseQueueUrl, startPartitionWorker } = await import('@provvigo/queue');
  const locale = cliLocale();
  // a bad URL is refused before anything opens: the queue names its defect in both languages (exit 2)
  parseQueueUrl(options.queue);
  if (!/^postgres(ql)?:\/\//.test(options.db)) throw new CliError({ en: '--db: a worker needs the PostgreSQL store (postgres://…) the run uses', it: "--db: un worker richiede l'archivio PostgreSQL (postgres://…) usato dall'esecuzione" });
  const db = await openDatabase(options.db).catch((e: unknown) => {
    // the store's refusal in the CLI's language too (it carries both), not only the CLI's own words
    const reason = errorTexts(e);
    throw new CliError({ en: `cannot open the store: ${reason.en}`, it: `impossibile aprire l'archivio: ${reason.it}` });
  });
  try {
    const worker = await startPartitionWorker({
      queue: { url: options.queue, ...(options.queuePrefix ? { prefix: options.queuePrefix } : {}) },
      db,
      licenseKey: options.licenseKey ?? 'gpl-v3',
      ...(options.concurrency ? { concurrency: options.concurrency } : {}),
      ...(options.lockSeconds ? { lockDurationMs: options.lockSeconds * 1000 } : {}),
      onEvent: (e) => io.out(`${describe(e, locale)}\n`),
    });
    io.out(WORDS[locale].waiting(worker.name, maskRedisUrl(options.queue), db.target));
    await (stop ??
      new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      }));
    io.out(WORDS[locale].stopping(worker.name));
    await worker.close(true);
    return 0;
  } finally {
    await db.close();
  }
}
