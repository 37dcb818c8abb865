import type { Command } from 'commander';
import { said } from '../io/cliLocale.js';
import type { ValidateOptions } from './validate.js';
import { action, parseLocale, withExitCodes } from './shared.js';

const EXAMPLE = '  provvigo validate --plan plans/ --schema factSchema.json --partners partners.json';

export function registerValidate(program: Command): void {
  withExitCodes(
    program
      .command('validate')
      .description(
        said({
          en: 'Check plans (and optionally the fact schema and partners); print every issue with its exact path.',
          it: 'Controlla i piani (e, se indicati, lo schema dei fatti e i partner); stampa ogni problema con il suo percorso esatto.',
        }),
      )
      .requiredOption('-p, --plan <files...>', said({ en: 'plan JSON files or folders of them', it: 'file JSON dei piani o cartelle che li contengono' }))
      .option('-s, --schema <file>', said({ en: 'fact schema JSON: also checks that plans read existing tables and columns', it: 'JSON dello schema dei fatti: controlla anche che i piani leggano tabelle e colonne esistenti' }))
      .option('--partners <file>', said({ en: 'partners JSON: checks each partner record', it: 'JSON dei partner: controlla ogni partner' }))
      .option('-f, --facts <paths...>', said({ en: 'fact files or folders: checks every record (needs --schema and --partners)', it: 'file o cartelle dei fatti: controlla ogni record (richiede --schema e --partners)' }))
      .option('--json', said({ en: 'print the result as JSON on stdout', it: 'stampa il risultato in JSON su stdout' }))
      .option('--locale <locale>', said({ en: 'language of the messages: it or en', it: 'lingua dei messaggi: it o en' }), parseLocale)
      .addHelpText('after', said({ en: `\nExample:\n${EXAMPLE}`, it: `\nEsempio:\n${EXAMPLE}` }))
      .action(action('validate', async (opts: ValidateOptions) => (await import('./validate.js')).validate(opts))),
  );
}
