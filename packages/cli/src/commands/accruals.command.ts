import { Option, type Command } from 'commander';
import { said } from '../io/cliLocale.js';
import type { AccrualsOptions } from './accruals.js';
import { action, withExitCodes } from './shared.js';
import { addDbOption } from './storeOptions.js';

export function registerAccruals(program: Command): void {
  withExitCodes(
    addDbOption(
      program
        .command('accruals')
        .description(said({ en: 'accruals per period and partner from the ledger (earned, held, payable, paid, balances)', it: 'ratei per periodo e partner dal registro contabile (maturato, in attesa, da pagare, pagato, saldi)' }))
        .option('--period <months...>', said({ en: 'only these periods (balances still count every earlier one)', it: 'solo questi periodi (i saldi contano comunque tutti i precedenti)' }))
        .addOption(new Option('--format <format>', said({ en: 'output format', it: 'formato di uscita' })).choices(['csv', 'json']).default('csv'))
        .option('--out <file>', said({ en: 'write to a file instead of stdout', it: 'scrive in un file invece che su stdout' })),
    ),
  ).action(action('accruals', async (o: AccrualsOptions) => (await import('./accruals.js')).accrualsCommand(o)));
}
