import type { Command } from 'commander';
import type { PostSapOptions } from './post.js';
import { action, withExitCodes } from './shared.js';
import { DEFAULT_DB_FOLDER } from './storeOptions.js';

export function registerPost(program: Command): void {
  const post = program.command('post').description('post approved results to accounting systems');
  withExitCodes(
    post
      .command('sap')
      .description('post approved invoices to SAP S/4HANA as supplier invoices (exactly once; a store run whose invoices are all in SAP moves to posted) and accruals as journal entries')
      .requiredOption('--period <id>', 'period id, e.g. 2026-11')
      .requiredOption('--config <file>', 'SAP connection, mapping and account determination (JSON)')
      .option('--invoices <file>', 'approved invoices JSON: the invoices.json of `provvigo invoices` as it is, or adapter-sap ApprovedInvoice[]')
      .option('--accruals <file>', 'accruals: `provvigo accruals --format json` output, or an AccrualSet JSON (accrualId, periodId, postingDate, currency, lines)')
      .option('--reverse-accruals', 'with ledger accrual rows: also post the reversal on the next day')
      .option('--partners <file>', 'partners JSON: attributes.sapSupplier maps partners to SAP suppliers (config.suppliers wins)')
      .option('--posting-date <date>', 'posting date for invoices that carry only a document date')
      .option('--invoices-csv <file>', 'write the mapped invoices as a flat file instead of posting them')
      .option('--accruals-csv <file>', 'write the accrual journal entries as a flat file instead of sending them')
      .option('--db <folder|url>', `store holding the posting log: PGlite folder or postgres:// URL (default $PROVVIGO_DB or ${DEFAULT_DB_FOLDER})`)
      .option('--dry-run', 'validate and map only; send nothing')
      .option('--resend', 'send accruals again even if the journal log records them as sent')
      .option('--status', 'show the posting state of the period from the log; send nothing')
      .option('--check', 'check credentials, service path and the reference lookup first')
      .option('--unlock', "remove the period's posting lock left by a run that died")
      .option('--progress', 'draw a progress bar even when stderr is not a terminal')
      .option('--as <user>', 'who moves a fully posted store run to posted (default $PROVVIGO_USER or the OS user)')
      .option('--at <iso-time>', 'timestamp recorded for that move (default: now)'),
  ).action(action('post sap', async (o: PostSapOptions) => (await import('./post.js')).postSapCommand(o)));
}
