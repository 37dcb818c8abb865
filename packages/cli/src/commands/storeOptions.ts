import type { Command } from 'commander';
import type { BothLanguages } from '@provvigo/core';
import { said } from '../io/cliLocale.js';

/**
 * The store's default PGlite folder, as `@provvigo/store` exports it (DEFAULT_DB_FOLDER), written out here so that
 * `provvigo --help` does not load the store; tests/startup.test.ts checks the two stay equal.
 */
export const DEFAULT_DB_FOLDER = '.provvigo/db';

/** What `--db <folder|url>` is, for the commands that declare it among their own options (`invoices`). */
export const DB_OPTION_TEXT: BothLanguages = {
  en: `store: PGlite data folder or postgres:// URL (default $PROVVIGO_DB or ${DEFAULT_DB_FOLDER})`,
  it: `archivio: cartella dati PGlite o URL postgres:// (predefinito $PROVVIGO_DB o ${DEFAULT_DB_FOLDER})`,
};

/** The store a command opens: `--db` as given, else $PROVVIGO_DB, else the default folder (as `DB_OPTION_TEXT` says). */
export function storeTarget(db: string | undefined): string {
  return db ?? process.env.PROVVIGO_DB ?? DEFAULT_DB_FOLDER;
}

/** `--db` option: a PGlite folder (default) or a postgres:// URL; PROVVIGO_DB overrides the default. */
export function addDbOption(cmd: Command): Command {
  return cmd.option('--db <folder|url>', said(DB_OPTION_TEXT));
}

/** `--as <user>` (default $PROVVIGO_USER or the OS user) and `--at <ISO time>` (default now; for reproducible demos). */
export function addActorOptions(cmd: Command): Command {
  return cmd
    .option('--as <user>', said({ en: 'who acts (default $PROVVIGO_USER or the OS user); four-eyes compares these ids', it: "chi agisce (predefinito $PROVVIGO_USER o l'utente di sistema); i quattro occhi confrontano questi id" }))
    .option('--at <iso-time>', said({ en: 'timestamp recorded for the action (default: now)', it: "data e ora registrate per l'azione (predefinito: adesso)" }));
}

/** The inputs of a period calculation (`period calculate`, `whatif`): plans, fact schema, partners, facts, agreements. */
export function addInputOptions(cmd: Command): Command {
  return cmd
    .requiredOption('--plan <files...>', said({ en: 'plan JSON files or folders', it: 'file JSON dei piani o cartelle' }))
    .requiredOption('--schema <file>', said({ en: 'fact schema JSON', it: 'JSON dello schema dei fatti' }))
    .requiredOption('--partners <file>', said({ en: 'partners JSON', it: 'JSON dei partner' }))
    .requiredOption('--facts <files...>', said({ en: 'fact files or folders (CSV, JSON, JSONL), cumulative: every record known so far', it: 'file o cartelle dei fatti (CSV, JSON, JSONL), cumulativi: ogni record noto finora' }))
    .option('--agreements <file>', said({ en: 'upfront agreements JSON (array)', it: 'JSON degli accordi di anticipo (array)' }));
}
