import { InvalidArgumentError, type Command } from 'commander';
import { said } from '../io/cliLocale.js';
import { action, withExitCodes } from './shared.js';
import { addDbOption } from './storeOptions.js';
import type { SyncSalesforceOptions } from './sync.js';

function parseMode(v: string): 'rest' | 'bulk' {
  if (v !== 'rest' && v !== 'bulk') throw new InvalidArgumentError(said({ en: 'use rest or bulk', it: 'usa rest o bulk' }));
  return v;
}

export function registerSync(program: Command): void {
  const sync = program.command('sync').description(said({ en: 'pull facts from source systems into the store', it: "porta nell'archivio i fatti dai sistemi di origine" }));
  withExitCodes(
    addDbOption(
      sync
        .command('salesforce')
        .description(
          said({
            en: 'sync Salesforce objects into fact tables: incremental by SystemModstamp, deletes via queryAll, bad records quarantined',
            it: 'sincronizza gli oggetti Salesforce nelle tabelle dei fatti: incrementale per SystemModstamp, cancellazioni tramite queryAll, record non validi in quarantena',
          }),
        )
        .requiredOption('--config <file>', said({ en: 'Salesforce configuration: apiVersion, auth, object → table mappings (JSON)', it: 'configurazione Salesforce: apiVersion, auth, mappature oggetto → tabella (JSON)' }))
        .option('--full', said({ en: 'read everything again, ignoring the cursor (still stores nothing twice)', it: 'rilegge tutto, ignorando il cursore (non salva comunque nulla due volte)' }))
        .option(
          '--describe',
          said({ en: 'list the fields of the mapped objects and check the mapping against them; moves no data', it: 'elenca i campi degli oggetti mappati e controlla la mappatura su di essi; non sposta dati' }),
        )
        .option('--objects <names>', said({ en: 'only these objects (comma-separated API names)', it: 'solo questi oggetti (nomi API separati da virgole)' }))
        .option('--mode <rest|bulk>', said({ en: 'force the REST query or the Bulk API 2.0 path', it: 'forza la query REST o la Bulk API 2.0' }), parseMode),
    ),
  ).action(action('sync salesforce', async (o: SyncSalesforceOptions) => (await import('./sync.js')).syncSalesforceCommand(o)));
}
