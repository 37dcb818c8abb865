import type { Command } from 'commander';
import { said } from '../io/cliLocale.js';
import type * as FiscalOpenings from './fiscalOpenings.js';
import { action, withExitCodes } from './shared.js';
import { addActorOptions, addDbOption } from './storeOptions.js';

export function registerFiscalOpenings(program: Command): void {
  const fiscal =
    program.commands.find((c) => c.name() === 'fiscal') ?? program.command('fiscal').description(said({ en: 'fiscal year-to-date state', it: "progressivi fiscali dell'anno" }));
  const openings = fiscal
    .command('openings')
    .description(said({ en: 'opening balances of the year to date, imported from another system', it: "saldi di apertura dei progressivi dell'anno, importati da un altro sistema" }));
  withExitCodes(
    addActorOptions(
      addDbOption(
        openings
          .command('import')
          .description(
            said({
              en: 'import opening balances (JSON array of { partnerId, year, values }); each can be imported once',
              it: 'importa i saldi di apertura (array JSON di { partnerId, year, values }); ognuno si può importare una sola volta',
            }),
          )
          .requiredOption('--file <file>', said({ en: 'the opening balances JSON', it: 'il JSON dei saldi di apertura' }))
          .option('--source <text>', said({ en: 'where they come from (recorded with them; default: the file name)', it: 'da dove vengono (registrato con loro; predefinito: il nome del file)' })),
      ),
    ),
  ).action(action('fiscal openings import', async (o: Parameters<typeof FiscalOpenings.fiscalOpeningsImport>[0]) => (await import('./fiscalOpenings.js')).fiscalOpeningsImport(o)));
  withExitCodes(
    addDbOption(
      openings
        .command('list')
        .description(said({ en: 'the imported opening balances', it: 'i saldi di apertura importati' }))
        .option('--json', said({ en: 'as JSON', it: 'in JSON' })),
    ),
  ).action(action('fiscal openings list', async (o: Parameters<typeof FiscalOpenings.fiscalOpeningsList>[0]) => (await import('./fiscalOpenings.js')).fiscalOpeningsList(o)));
}
