import { Option, type Command } from 'commander';
import type { AccrualsOptions } from './accruals.js';
import { action, withExitCodes } from './shared.js';
import { addDbOption } from './storeOptions.js';

export function registerAccruals(program: Command): void {
  withExitCodes(
    addDbOption(
      program
        .command('accruals')
        .description('accruals per period and partner from the ledger (earned, held, payable, paid, balances)')
        .option('--period <months...>', 'only these periods (balances still count every earlier one)')
        .addOption(new Option('--format <format>', 'output format').choices(['csv', 'json']).default('csv'))
        .option('--out <file>', 'write to a file instead of stdout'),
    ),
  ).action(action('accruals', async (o: AccrualsOptions) => (await import('./accruals.js')).accrualsCommand(o)));
}
