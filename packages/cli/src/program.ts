import { Command } from 'commander';
import { registerCommands } from './commands/index.js';
import { cliLocale, said } from './io/cliLocale.js';
import { commanderWords } from './io/commanderWords.js';

export { EXIT } from './exitCodes.js';

/**
 * Builds the `provvigo` command with every sub-command registered, its help and usage errors in the CLI's language
 * (`cliLocale()` now: the commands word their descriptions with `said` as they are registered).
 */
export function createProgram(): Command {
  const locale = cliLocale();
  const program = commanderWords(new Command('provvigo'), locale)
    .description(said({ en: 'Provvigo: incentive compensation as formula sheets, with a trace on every line.', it: 'Provvigo: provvigioni e incentivi come fogli di formule, con la traccia di ogni riga.' }, locale))
    .showHelpAfterError()
    .exitOverride();
  registerCommands(program);
  return program;
}
