import { InvalidArgumentError, type Command } from 'commander';
import type { ImportBillingOptions } from './import.js';
import { action, withExitCodes } from './shared.js';
import { DEFAULT_DB_FOLDER } from './storeOptions.js';

export function registerImport(program: Command): void {
  const cmd = program.command('import').description('import facts from files');
  withExitCodes(
    cmd
      .command('billing')
      .description('import service-state events (CSV or JSON Lines) from a billing export: idempotent, bad rows quarantined')
      .requiredOption('--file <path>', 'the export file (streamed, any size)')
      .requiredOption('--mapping <file>', 'billing mapping: source, fields, rules, file format (JSON)')
      .option('--format <csv|jsonl>', 'file format when the mapping does not say (default from the extension)', (v: string) => {
        if (v !== 'csv' && v !== 'jsonl') throw new InvalidArgumentError('use csv or jsonl');
        return v;
      })
      .option('--db <folder|url>', `store: PGlite data folder or postgres:// URL (default $PROVVIGO_DB or ${DEFAULT_DB_FOLDER})`),
  ).action(action('import billing', async (o: ImportBillingOptions) => (await import('./import.js')).importBillingCommand(o)));
}
