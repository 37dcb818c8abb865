import type { Command } from 'commander';
import { action, parsePositiveInt, withExitCodes } from './shared.js';
import type { WorkerOptions } from './worker.js';

export function registerWorker(program: Command): void {
  withExitCodes(
    program
      .command('worker')
      .description('process partitions of period runs from the queue (provvigo period calculate --queue) until stopped')
      .requiredOption('--queue <redis-url>', 'the Redis the runs are queued on, e.g. redis://127.0.0.1:6379')
      .requiredOption('--db <postgres-url>', 'the PostgreSQL store the runs use (postgres://…)')
      .option('--queue-prefix <prefix>', 'Redis key prefix shared with the runs (default provvigo)')
      .option('--concurrency <n>', 'partitions at once in this process (default 1; start one process per core)', parsePositiveInt)
      .option('--lock-seconds <n>', "seconds before a silent worker's partition is handed to another worker (default 60)", parsePositiveInt)
      .option('--license-key <key>', 'HyperFormula licence key: gpl-v3 or your commercial key', process.env.PROVVIGO_HF_LICENSE_KEY ?? 'gpl-v3'),
  ).action(action('worker', async (o: WorkerOptions) => (await import('./worker.js')).workerCommand(o)));
}
