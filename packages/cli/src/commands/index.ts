import type { Command } from 'commander';

/**
 * Every sub-command lives in its own file and registers itself here, one line each.
 * Keep this list sorted by command name.
 */
export function registerCommands(program: Command): void {
  void program;
}
