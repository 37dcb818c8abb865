import type { Command } from 'commander';
import type { BothLanguages } from '@provvigo/core';
import { said } from '../io/cliLocale.js';
import type { SettleOptions } from './fiscal.js';
import { action, withExitCodes } from './shared.js';
import { addActorOptions, addDbOption } from './storeOptions.js';

function settleCommand(fiscal: Command, name: string, description: BothLanguages, kind: 'quarter' | 'year'): void {
  const cmd = fiscal
    .command(name)
    .description(said(description))
    .requiredOption('--year <yyyy>', said({ en: 'the year', it: "l'anno" }));
  if (kind === 'quarter') cmd.requiredOption('--quarter <n>', said({ en: '1, 2, 3 or 4', it: '1, 2, 3 o 4' }));
  cmd
    .requiredOption('--partners <file>', said({ en: 'partners JSON (fiscal profile and settings)', it: 'JSON dei partner (profilo e impostazioni fiscali)' }))
    .option(
      '--ytd <file>',
      said({
        en: 'override: read and update the year-to-date state in this file (of provvigo invoices --statements --ytd) instead of the store',
        it: "alternativa: legge e aggiorna i progressivi dell'anno in questo file (quello di provvigo invoices --statements --ytd) invece che nell'archivio",
      }),
    )
    .option('--out <file>', said({ en: 'write the settlement items as JSON', it: 'scrive le voci della liquidazione in JSON' }));
  withExitCodes(addActorOptions(addDbOption(cmd))).action(
    action(`fiscal ${name}`, async (opts: SettleOptions) => (await import('./fiscal.js')).fiscalSettle(kind, opts)),
  );
}

export function registerFiscal(program: Command): void {
  const fiscal = program.command('fiscal').description(
    said({
      en: 'Italian fiscal settlements outside a statement (Enasarco quarter, FIRR year) and year-to-date opening balances',
      it: "Liquidazioni fiscali italiane fuori dall'estratto conto (trimestre Enasarco, anno FIRR) e saldi di apertura dei progressivi dell'anno",
    }),
  );
  settleCommand(
    fiscal,
    'settle-quarter',
    {
      en: "Enasarco minimum top-up and the quarter's payment for every Italian partner, from the year to date in the store",
      it: "integrazione al minimale Enasarco e versamento del trimestre per ogni partner italiano, dai progressivi dell'anno nell'archivio",
    },
    'quarter',
  );
  settleCommand(
    fiscal,
    'settle-year',
    { en: 'FIRR for every Italian partner, from the year to date in the store', it: "FIRR per ogni partner italiano, dai progressivi dell'anno nell'archivio" },
    'year',
  );
}
