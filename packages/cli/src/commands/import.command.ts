import { InvalidArgumentError, type Command } from 'commander';
import { said } from '../io/cliLocale.js';
import type { ImportBillingOptions } from './import.js';
import { action, withExitCodes } from './shared.js';
import { addDbOption } from './storeOptions.js';

function parseFileFormat(v: string): 'csv' | 'jsonl' {
  if (v !== 'csv' && v !== 'jsonl') throw new InvalidArgumentError(said({ en: 'use csv or jsonl', it: 'usa csv o jsonl' }));
  return v;
}

export function registerImport(program: Command): void {
  const cmd = program.command('import').description(said({ en: 'import facts from files', it: 'importa fatti da file' }));
  withExitCodes(
    addDbOption(
      cmd
        .command('billing')
        .description(
          said({
            en: 'import service-state events (CSV or JSON Lines) from a billing export: idempotent, bad rows quarantined',
            it: "importa gli eventi di stato del servizio (CSV o JSON Lines) da un'esportazione della fatturazione: idempotente, righe non valide in quarantena",
          }),
        )
        .requiredOption('--file <path>', said({ en: 'the export file (streamed, any size)', it: 'il file esportato (letto in streaming, di qualsiasi dimensione)' }))
        .requiredOption('--mapping <file>', said({ en: 'billing mapping: source, fields, rules, file format (JSON)', it: 'mappatura di fatturazione: origine, campi, regole, formato del file (JSON)' }))
        .option(
          '--format <csv|jsonl>',
          said({ en: 'file format when the mapping does not say (default from the extension)', it: "formato del file quando la mappatura non lo indica (predefinito: dall'estensione)" }),
          parseFileFormat,
        ),
    ),
  ).action(action('import billing', async (o: ImportBillingOptions) => (await import('./import.js')).importBillingCommand(o)));
}
