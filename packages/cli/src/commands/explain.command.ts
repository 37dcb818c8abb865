import type { Command } from 'commander';
import { said } from '../io/cliLocale.js';
import type { ExplainOptions } from './explain.js';
import { action, parseLocale, withExitCodes } from './shared.js';

const EXAMPLES =
  '  provvigo explain --results out/2026-10 --partner AGT-0005\n  provvigo explain --results out/2026-10 --line <lineId> --locale en\n  provvigo explain --partner AGT-0005 --plan plans/ --schema factSchema.json --partners partners.json --facts facts/ --period 2026-10';

export function registerExplain(program: Command): void {
  withExitCodes(
    program
      .command('explain')
      .description(
        said({
          en: "Explain a partner's statement, or one line, from the results of provvigo run: how each amount was derived.",
          it: "Spiega l'estratto conto di un partner, o una sua riga, dai risultati di provvigo run: come è stato ottenuto ogni importo.",
        }),
      )
      .option('-r, --results <dir>', said({ en: 'output folder of provvigo run (or its statements.json)', it: 'cartella dei risultati di provvigo run (o il suo statements.json)' }))
      .option('--partner <id>', said({ en: 'explain every line of this partner', it: 'spiega ogni riga di questo partner' }))
      .option('--line <lineId>', said({ en: 'explain this one line', it: 'spiega solo questa riga' }))
      .option('-p, --plan <files...>', said({ en: 'without --results: plan files or folders, to calculate --partner now', it: 'senza --results: file o cartelle dei piani, per calcolare subito --partner' }))
      .option('-s, --schema <file>', said({ en: 'without --results: fact schema JSON', it: 'senza --results: JSON dello schema dei fatti' }))
      .option('--partners <file>', said({ en: 'without --results: partners JSON', it: 'senza --results: JSON dei partner' }))
      .option('-f, --facts <paths...>', said({ en: 'without --results: fact files or folders', it: 'senza --results: file o cartelle dei fatti' }))
      .option('--period <period>', said({ en: 'without --results: the period, e.g. 2026-10', it: 'senza --results: il periodo, ad es. 2026-10' }))
      .option('--license-key <key>', said({ en: 'HyperFormula licence key', it: 'chiave di licenza di HyperFormula' }), process.env.PROVVIGO_HF_LICENSE_KEY ?? 'gpl-v3')
      .option('--locale <locale>', said({ en: 'it or en (default: PROVVIGO_LOCALE, else the system language)', it: 'it o en (predefinito: PROVVIGO_LOCALE, altrimenti la lingua del sistema)' }), parseLocale)
      .option('--json', said({ en: 'print the lines with their explanation as JSON', it: 'stampa le righe con la loro spiegazione in JSON' }))
      .addHelpText('after', said({ en: `\nExamples:\n${EXAMPLES}`, it: `\nEsempi:\n${EXAMPLES}` }))
      .action(action('explain', async (opts: ExplainOptions) => (await import('./explain.js')).explainCommand(opts))),
  );
}
