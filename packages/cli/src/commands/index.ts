import type { Command } from 'commander';
import { registerExplain } from './explain.js';
import { registerRun } from './run.js';
import { registerValidate } from './validate.js';

/**
 * Every sub-command lives in its own file and registers itself here, one line each.
 * Keep this list sorted by command name.
 */
export function registerCommands(program: Command): void {
  registerExplain(program);
  registerRun(program);
  registerValidate(program);
}
