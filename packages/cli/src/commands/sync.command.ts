import { InvalidArgumentError, type Command } from 'commander';
import { action, withExitCodes } from './shared.js';
import { DEFAULT_DB_FOLDER } from './storeOptions.js';
import type { SyncSalesforceOptions } from './sync.js';

export function registerSync(program: Command): void {
  const sync = program.command('sync').description('pull facts from source systems into the store');
  withExitCodes(
    sync
      .command('salesforce')
      .description('sync Salesforce objects into fact tables: incremental by SystemModstamp, deletes via queryAll, bad records quarantined')
      .requiredOption('--config <file>', 'Salesforce configuration: apiVersion, auth, object → table mappings (JSON)')
      .option('--full', 'read everything again, ignoring the cursor (still stores nothing twice)')
      .option('--describe', 'list the fields of the mapped objects and check the mapping against them; moves no data')
      .option('--objects <names>', 'only these objects (comma-separated API names)')
      .option('--mode <rest|bulk>', 'force the REST query or the Bulk API 2.0 path', (v: string) => {
        if (v !== 'rest' && v !== 'bulk') throw new InvalidArgumentError('use rest or bulk');
        return v;
      })
      .option('--db <folder|url>', `store: PGlite data folder or postgres:// URL (default $PROVVIGO_DB or ${DEFAULT_DB_FOLDER})`),
  ).action(action('sync salesforce', async (o: SyncSalesforceOptions) => (await import('./sync.js')).syncSalesforceCommand(o)));
}
