import type { Command } from 'commander';
import type { ExplainOptions } from './explain.js';
import { action, parseLocale, withExitCodes } from './shared.js';

export function registerExplain(program: Command): void {
  withExitCodes(
    program
      .command('explain')
      .description("Explain a partner's statement, or one line, from the results of provvigo run: how each amount was derived.")
      .option('-r, --results <dir>', 'output folder of provvigo run (or its statements.json)')
      .option('--partner <id>', 'explain every line of this partner')
      .option('--line <lineId>', 'explain this one line')
      .option('-p, --plan <files...>', 'without --results: plan files or folders, to calculate --partner now')
      .option('-s, --schema <file>', 'without --results: fact schema JSON')
      .option('--partners <file>', 'without --results: partners JSON')
      .option('-f, --facts <paths...>', 'without --results: fact files or folders')
      .option('--period <period>', 'without --results: the period, e.g. 2026-10')
      .option('--license-key <key>', 'HyperFormula licence key', process.env.PROVVIGO_HF_LICENSE_KEY ?? 'gpl-v3')
      .option('--locale <locale>', 'it or en (default: PROVVIGO_LOCALE, else the system language)', parseLocale)
      .option('--json', 'print the lines with their explanation as JSON')
      .addHelpText('after', '\nExamples:\n  provvigo explain --results out/2026-10 --partner AGT-0005\n  provvigo explain --results out/2026-10 --line <lineId> --locale en\n  provvigo explain --partner AGT-0005 --plan plans/ --schema factSchema.json --partners partners.json --facts facts/ --period 2026-10')
      .action(action('explain', async (opts: ExplainOptions) => (await import('./explain.js')).explainCommand(opts))),
  );
}
