import { Command } from 'commander';
import { registerCommands } from './commands/index.js';

/** Exit codes: 0 ok, 1 plan or data issues, 2 usage or IO error. */
export const EXIT = { ok: 0, issues: 1, usage: 2 } as const;

/** Builds the `provvigo` command with every sub-command registered. */
export function createProgram(): Command {
  const program = new Command('provvigo')
    .description('Provvigo: incentive compensation as formula sheets, with a trace on every line.')
    .showHelpAfterError()
    .exitOverride();
  registerCommands(program);
  return program;
}
