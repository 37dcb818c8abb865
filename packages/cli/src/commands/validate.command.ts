import type { Command } from 'commander';
import type { ValidateOptions } from './validate.js';
import { action, parseLocale, withExitCodes } from './shared.js';

export function registerValidate(program: Command): void {
  withExitCodes(
    program
      .command('validate')
        .description('Check plans (and optionally the fact schema and partners); print every issue with its exact path.')
        .requiredOption('-p, --plan <files...>', 'plan JSON files or folders of them')
        .option('-s, --schema <file>', 'fact schema JSON: also checks that plans read existing tables and columns')
        .option('--partners <file>', 'partners JSON: checks each partner record')
        .option('-f, --facts <paths...>', 'fact files or folders: checks every record (needs --schema and --partners)')
        .option('--json', 'print the result as JSON on stdout')
        .option('--locale <locale>', 'language of the messages: it or en', parseLocale)
        .addHelpText('after', '\nExample:\n  provvigo validate --plan plans/ --schema factSchema.json --partners partners.json')
        .action(action('validate', async (opts: ValidateOptions) => (await import('./validate.js')).validate(opts))),
  );
}
