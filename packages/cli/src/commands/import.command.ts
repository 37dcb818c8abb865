import { InvalidArgumentError, Option, type Command } from 'commander';
import { said } from '../io/cliLocale.js';
import type { ImportBillingOptions } from './import.js';
import { action, withExitCodes } from './shared.js';
import { addDbOption } from './storeOptions.js';

function parseFileFormat(v: string): 'csv' | 'jsonl' {
  if (v !== 'csv' && v !== 'jsonl') throw new InvalidArgumentError(said({ en: 'use csv or jsonl', it: 'usa csv o jsonl' }));
  return v;
}

/** The import's own options, which `--quarantine` (a listing: it imports nothing) cannot be given with. */
const IMPORT_ONLY = ['file', 'mapping', 'format'];

export function registerImport(program: Command): void {
  const cmd = program.command('import').description(said({ en: 'import facts from files', it: 'importa fatti da file' }));
  withExitCodes(
    addDbOption(
      cmd
        .command('billing')
        .description(
          said({
            en: 'import service-state events (CSV or JSON Lines) from a billing export: idempotent, bad rows quarantined (--quarantine lists them)',
            it: "importa gli eventi di stato del servizio (CSV o JSON Lines) da un'esportazione della fatturazione: idempotente, righe non valide in quarantena (--quarantine le elenca)",
          }),
        )
        .option('--file <path>', said({ en: 'the export file (streamed, any size); required to import', it: 'il file esportato (letto in streaming, di qualsiasi dimensione); necessario per importare' }))
        .option(
          '--mapping <file>',
          said({ en: 'billing mapping: source, fields, rules, file format (JSON); required to import', it: 'mappatura di fatturazione: origine, campi, regole, formato del file (JSON); necessaria per importare' }),
        )
        .option(
          '--format <csv|jsonl>',
          said({ en: 'file format when the mapping does not say (default from the extension)', it: "formato del file quando la mappatura non lo indica (predefinito: dall'estensione)" }),
          parseFileFormat,
        )
        .addOption(
          new Option(
            '--quarantine',
            said({
              en: 'list the quarantined events kept in the store (source, event, field, reason) instead of importing; exit 1 while there are any',
              it: "elenca gli eventi in quarantena conservati nell'archivio (origine, evento, campo, motivo) invece di importare; esce con 1 finché ce ne sono",
            }),
          ).conflicts(IMPORT_ONLY),
        )
        .option('--source <name>', said({ en: 'with --quarantine: only the events of this source (the "source" of the mapping)', it: 'con --quarantine: solo gli eventi di questa origine (il "source" della mappatura)' }))
        .option(
          '--json',
          said({ en: 'with --quarantine: the events as JSON, with the reason in both languages and the raw payload', it: 'con --quarantine: gli eventi in JSON, con il motivo in entrambe le lingue e il contenuto originale' }),
        ),
    ),
  ).action(action('import billing', async (o: ImportBillingOptions) => (await import('./import.js')).importBillingCommand(o)));
}
