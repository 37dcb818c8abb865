import type { Command } from 'commander';
import type { SettleOptions } from './fiscal.js';
import { action, withExitCodes } from './shared.js';
import { addActorOptions, addDbOption } from './storeOptions.js';

function settleCommand(fiscal: Command, name: string, description: string, kind: 'quarter' | 'year'): void {
  const cmd = fiscal.command(name).description(description).requiredOption('--year <yyyy>', 'the year');
  if (kind === 'quarter') cmd.requiredOption('--quarter <n>', '1, 2, 3 or 4');
  cmd
    .requiredOption('--partners <file>', 'partners JSON (fiscal profile and settings)')
    .option('--ytd <file>', 'override: read and update the year-to-date state in this file (of provvigo invoices --statements --ytd) instead of the store')
    .option('--out <file>', 'write the settlement items as JSON');
  withExitCodes(addActorOptions(addDbOption(cmd))).action(
    action(`fiscal ${name}`, async (opts: SettleOptions) => (await import('./fiscal.js')).fiscalSettle(kind, opts)),
  );
}

export function registerFiscal(program: Command): void {
  const fiscal = program.command('fiscal').description('Italian fiscal settlements outside a statement (Enasarco quarter, FIRR year) and year-to-date opening balances');
  settleCommand(fiscal, 'settle-quarter', "Enasarco minimum top-up and the quarter's payment for every Italian partner, from the year to date in the store", 'quarter');
  settleCommand(fiscal, 'settle-year', 'FIRR for every Italian partner, from the year to date in the store', 'year');
}
