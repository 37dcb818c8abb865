import { InvalidArgumentError, Option, type Command } from 'commander';
import { said } from '../io/cliLocale.js';
import { action, withExitCodes } from './shared.js';
import { addDbOption } from './storeOptions.js';
import type { SyncSalesforceOptions } from './sync.js';

function parseMode(v: string): 'rest' | 'bulk' {
  if (v !== 'rest' && v !== 'bulk') throw new InvalidArgumentError(said({ en: 'use rest or bulk', it: 'usa rest o bulk' }));
  return v;
}

/** The sync's own options, which `--quarantine` (a listing: it calls no Salesforce) cannot be given with. */
const SYNC_ONLY = ['config', 'full', 'describe', 'mode'];

export function registerSync(program: Command): void {
  const sync = program.command('sync').description(said({ en: 'pull facts from source systems into the store', it: "porta nell'archivio i fatti dai sistemi di origine" }));
  withExitCodes(
    addDbOption(
      sync
        .command('salesforce')
        .description(
          said({
            en: 'sync Salesforce objects into fact tables: incremental by SystemModstamp, deletes via queryAll, bad records quarantined (--quarantine lists them)',
            it: 'sincronizza gli oggetti Salesforce nelle tabelle dei fatti: incrementale per SystemModstamp, cancellazioni tramite queryAll, record non validi in quarantena (--quarantine li elenca)',
          }),
        )
        .option(
          '--config <file>',
          said({
            en: 'Salesforce configuration: apiVersion, auth, object → table mappings (JSON); required to sync or describe',
            it: 'configurazione Salesforce: apiVersion, auth, mappature oggetto → tabella (JSON); necessaria per sincronizzare o descrivere',
          }),
        )
        .option('--full', said({ en: 'read everything again, ignoring the cursor (still stores nothing twice)', it: 'rilegge tutto, ignorando il cursore (non salva comunque nulla due volte)' }))
        .option(
          '--describe',
          said({ en: 'list the fields of the mapped objects and check the mapping against them; moves no data', it: 'elenca i campi degli oggetti mappati e controlla la mappatura su di essi; non sposta dati' }),
        )
        .option(
          '--objects <names>',
          said({ en: 'only these objects (comma-separated API names); with --quarantine, only their records', it: 'solo questi oggetti (nomi API separati da virgole); con --quarantine, solo i loro record' }),
        )
        .option('--mode <rest|bulk>', said({ en: 'force the REST query or the Bulk API 2.0 path', it: 'forza la query REST o la Bulk API 2.0' }), parseMode)
        .addOption(
          new Option(
            '--quarantine',
            said({
              en: 'list the quarantined records kept in the store (object, record, SystemModstamp, field, reason) instead of syncing; calls no Salesforce; exit 1 while there are any',
              it: "elenca i record in quarantena conservati nell'archivio (oggetto, record, SystemModstamp, campo, motivo) invece di sincronizzare; non chiama Salesforce; esce con 1 finché ce ne sono",
            }),
          ).conflicts(SYNC_ONLY),
        )
        .option(
          '--json',
          said({ en: 'with --quarantine: the records as JSON, with the reason in both languages and the raw record', it: 'con --quarantine: i record in JSON, con il motivo in entrambe le lingue e il record originale' }),
        ),
    ),
  ).action(action('sync salesforce', async (o: SyncSalesforceOptions) => (await import('./sync.js')).syncSalesforceCommand(o)));
}
