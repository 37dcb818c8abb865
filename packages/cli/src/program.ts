import { Command } from 'commander';
import { registerCommands } from './commands/index.js';

export { EXIT } from './exitCodes.js';

/** Builds the `provvigo` command with every sub-command registered. */
export function createProgram(): Command {
  const program = new Command('provvigo')
    .description('Provvigo: incentive compensation as formula sheets, with a trace on every line.')
    .showHelpAfterError()
    .exitOverride();
  registerCommands(program);
  return program;
}
