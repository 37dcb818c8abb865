import type { Command } from 'commander';
import type * as FiscalOpenings from './fiscalOpenings.js';
import { action, withExitCodes } from './shared.js';
import { addActorOptions, addDbOption } from './storeOptions.js';

export function registerFiscalOpenings(program: Command): void {
  const fiscal = program.commands.find((c) => c.name() === 'fiscal') ?? program.command('fiscal').description('fiscal year-to-date state');
  const openings = fiscal.command('openings').description('opening balances of the year to date, imported from another system');
  withExitCodes(
    addActorOptions(
      addDbOption(
        openings
          .command('import')
          .description('import opening balances (JSON array of { partnerId, year, values }); each can be imported once')
          .requiredOption('--file <file>', 'the opening balances JSON')
          .option('--source <text>', 'where they come from (recorded with them; default: the file name)'),
      ),
    ),
  ).action(action('fiscal openings import', async (o: Parameters<typeof FiscalOpenings.fiscalOpeningsImport>[0]) => (await import('./fiscalOpenings.js')).fiscalOpeningsImport(o)));
  withExitCodes(addDbOption(openings.command('list').description('the imported opening balances').option('--json', 'as JSON'))).action(
    action('fiscal openings list', async (o: Parameters<typeof FiscalOpenings.fiscalOpeningsList>[0]) => (await import('./fiscalOpenings.js')).fiscalOpeningsList(o)),
  );
}
