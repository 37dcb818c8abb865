import type { Command } from 'commander';

/**
 * The store's default PGlite folder, as `@provvigo/store` exports it (DEFAULT_DB_FOLDER), written out here so that
 * `provvigo --help` does not load the store; tests/startup.test.ts checks the two stay equal.
 */
export const DEFAULT_DB_FOLDER = '.provvigo/db';

/** `--db` option: a PGlite folder (default) or a postgres:// URL; PROVVIGO_DB overrides the default. */
export function addDbOption(cmd: Command): Command {
  return cmd.option('--db <folder|url>', `store: PGlite data folder or postgres:// URL (default $PROVVIGO_DB or ${DEFAULT_DB_FOLDER})`);
}

/** `--as <user>` (default $PROVVIGO_USER or the OS user) and `--at <ISO time>` (default now; for reproducible demos). */
export function addActorOptions(cmd: Command): Command {
  return cmd
    .option('--as <user>', 'who acts (default $PROVVIGO_USER or the OS user); four-eyes compares these ids')
    .option('--at <iso-time>', 'timestamp recorded for the action (default: now)');
}

/** The inputs of a period calculation (`period calculate`, `whatif`): plans, fact schema, partners, facts, agreements. */
export function addInputOptions(cmd: Command): Command {
  return cmd
    .requiredOption('--plan <files...>', 'plan JSON files or folders')
    .requiredOption('--schema <file>', 'fact schema JSON')
    .requiredOption('--partners <file>', 'partners JSON')
    .requiredOption('--facts <files...>', 'fact files or folders (CSV, JSON, JSONL), cumulative: every record known so far')
    .option('--agreements <file>', 'upfront agreements JSON (array)');
}
