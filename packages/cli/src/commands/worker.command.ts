import type { Command } from 'commander';
import { said } from '../io/cliLocale.js';
import { action, parsePositiveInt, withExitCodes } from './shared.js';
import type { WorkerOptions } from './worker.js';

export function registerWorker(program: Command): void {
  withExitCodes(
    program
      .command('worker')
      .description(
        said({
          en: 'process partitions of period runs from the queue (provvigo period calculate --queue) until stopped',
          it: 'elabora le partizioni delle esecuzioni dei periodi dalla coda (provvigo period calculate --queue) finché non viene fermato',
        }),
      )
      .requiredOption('--queue <redis-url>', said({ en: 'the Redis the runs are queued on, e.g. redis://127.0.0.1:6379', it: 'il Redis su cui sono accodate le esecuzioni, ad es. redis://127.0.0.1:6379' }))
      .requiredOption('--db <postgres-url>', said({ en: 'the PostgreSQL store the runs use (postgres://…)', it: "l'archivio PostgreSQL usato dalle esecuzioni (postgres://…)" }))
      .option('--queue-prefix <prefix>', said({ en: 'Redis key prefix shared with the runs (default provvigo)', it: 'prefisso delle chiavi Redis condiviso con le esecuzioni (predefinito provvigo)' }))
      .option(
        '--concurrency <n>',
        said({ en: 'partitions at once in this process (default 1; start one process per core)', it: 'partizioni contemporanee in questo processo (predefinito 1; avvia un processo per core)' }),
        parsePositiveInt,
      )
      .option(
        '--lock-seconds <n>',
        said({
          en: "seconds before a silent worker's partition is handed to another worker (default 60)",
          it: 'secondi dopo i quali la partizione di un worker silenzioso passa a un altro worker (predefinito 60)',
        }),
        parsePositiveInt,
      )
      .option(
        '--license-key <key>',
        said({ en: 'HyperFormula licence key: gpl-v3 or your commercial key', it: 'chiave di licenza di HyperFormula: gpl-v3 o la tua chiave commerciale' }),
        process.env.PROVVIGO_HF_LICENSE_KEY ?? 'gpl-v3',
      ),
  ).action(action('worker', async (o: WorkerOptions) => (await import('./worker.js')).workerCommand(o)));
}
