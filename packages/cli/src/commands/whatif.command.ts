import { Option, type Command } from 'commander';
import { said } from '../io/cliLocale.js';
import { action, withExitCodes } from './shared.js';
import { addInputOptions } from './storeOptions.js';
import type { WhatIfOptions } from './whatif.js';

export function registerWhatif(program: Command): void {
  withExitCodes(
    addInputOptions(
      program
        .command('whatif')
        .description(
          said({
            en: 'evaluate a period with plan version B as well as A and diff per partner and line',
            it: 'calcola un periodo con la versione B del piano oltre che con la A e confronta per partner e riga',
          }),
        )
        .requiredOption('--period <month|file>', said({ en: 'period: 2026-10 or a period .json', it: 'periodo: 2026-10 o un file di periodo .json' }))
        .requiredOption('--plan-b <files...>', said({ en: 'plan B file(s): replace the A plan with the same id', it: 'file del piano B: sostituiscono il piano A con lo stesso id' })),
    )
      .option('--db <folder|url>', said({ en: 'compare A with the stored run of the period', it: "confronta A con l'esecuzione del periodo salvata nell'archivio" }))
      .addOption(new Option('--format <format>', said({ en: 'output', it: 'formato di uscita' })).choices(['text', 'json']).default('text'))
      .option('--out <file>', said({ en: 'write to a file', it: 'scrive in un file' }))
      .option('--all', said({ en: 'include unchanged lines in JSON', it: 'include nel JSON le righe invariate' }))
      .option('--license-key <key>', said({ en: 'HyperFormula licence key', it: 'chiave di licenza di HyperFormula' }), 'gpl-v3'),
  ).action(action('whatif', async (o: WhatIfOptions) => (await import('./whatif.js')).whatIfCommand(o)));
}
