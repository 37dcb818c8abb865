import { openDatabase } from '@provvigo/store';
import type { WorkerEvent } from '@provvigo/queue';
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

/** One line per event, on stdout: what an operator (and the fault tests) follow. */
function describe(e: WorkerEvent): string {
  switch (e.type) {
    case 'started':
      return `run ${e.runId} partition ${e.partition}/${e.partitions}: started (attempt ${e.attempt})`;
    case 'written':
      return (
        `run ${e.runId} partition ${e.partition}: written, ${e.statements} statement(s) in ${e.ms} ms ` +
        `(queued ${e.timing.queuedMs} ms${e.timing.idleMs === undefined ? '' : `, hand-over ${e.timing.idleMs} ms`}, ` +
        `load ${e.timing.loadMs} ms, evaluate ${e.timing.evaluateMs} ms, write ${e.timing.writeMs} ms)`
      );
    case 'skipped':
      return `run ${e.runId} partition ${e.partition}: nothing written (${e.reason})`;
    case 'failed':
      return `run ${e.runId} partition ${e.partition}: failed: ${e.error}`;
  }
}

/**
 * `provvigo worker`: takes partition jobs from the queue until SIGINT/SIGTERM, which finish the current partition
 * and stop. A worker killed outright (SIGKILL, a lost machine) leaves its job to BullMQ's stalled-job check.
 */
export async function workerCommand(options: WorkerOptions, io: Io = processIo, stop?: Promise<void>): Promise<number> {
  // loaded on demand: BullMQ and its Redis client are not needed by any other command
  const { maskRedisUrl, parseQueueUrl, startPartitionWorker } = await import('@provvigo/queue');
  try {
    parseQueueUrl(options.queue);
  } catch (e) {
    // the queue package words its refusal in English only; it names the URL's defect, which the user can act on
    const reason = (e as Error).message;
    throw new CliError({ en: reason, it: reason });
  }
  if (!/^postgres(ql)?:\/\//.test(options.db)) throw new CliError({ en: '--db: a worker needs the PostgreSQL store (postgres://…) the run uses', it: "--db: un worker richiede l'archivio PostgreSQL (postgres://…) usato dall'esecuzione" });
  const db = await openDatabase(options.db).catch((e: Error) => {
    throw new CliError({ en: `cannot open the store: ${e.message}`, it: `impossibile aprire l'archivio: ${e.message}` });
  });
  try {
    const worker = await startPartitionWorker({
      queue: { url: options.queue, ...(options.queuePrefix ? { prefix: options.queuePrefix } : {}) },
      db,
      licenseKey: options.licenseKey ?? 'gpl-v3',
      ...(options.concurrency ? { concurrency: options.concurrency } : {}),
      ...(options.lockSeconds ? { lockDurationMs: options.lockSeconds * 1000 } : {}),
      onEvent: (e) => io.out(`${describe(e)}\n`),
    });
    io.out(`worker ${worker.name} waiting for partitions on ${maskRedisUrl(options.queue)} (store ${db.target})\n`);
    await (stop ??
      new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      }));
    io.out(`worker ${worker.name}: stopping after the current partition\n`);
    await worker.close(true);
    return 0;
  } finally {
    await db.close();
  }
}
