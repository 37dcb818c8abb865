import {
  SAP_MIGRATIONS,
  SapConfigError,
  parseSapConfig,
  resolveAuth,
  withSuppliersFromPartners,
  type PostingLog,
  type ResolvedAuth,
  type SapConfig,
} from '@provvigo/adapter-sap';
import { errorTexts } from '@provvigo/core';
import { migrate, openDatabase, type Db } from '@provvigo/store';
import { cliLocale, said } from '../io/cliLocale.js';
import { CliError } from '../io/errors.js';
import { storeOpenError } from '../io/storeOpenError.js';
import { readJsonFile } from '../io/readFacts.js';
import type { PostSapDeps, PostSapOptions } from './post.js';
import type { Io } from './shared.js';

/**
 * What the parts of `provvigo post sap` open before they post: the SAP configuration (with the partners' own SAP
 * suppliers), the credentials and the posting database. Shared by the status, check, invoice and accrual parts so
 * each reports a bad file, missing credentials or an unreachable store with the same message.
 */

async function loadConfig(file: string): Promise<SapConfig> {
  try {
    return parseSapConfig(await readJsonFile(file), file);
  } catch (e) {
    // adapter-sap words the defect in both languages; the file named is the CLI's
    if (e instanceof SapConfigError) throw new CliError(errorTexts(e), { file });
    throw e;
  }
}

/** `--config`, with the suppliers of `--partners` (`attributes.sapSupplier`) added where the config names none. */
export async function loadSapConfig(options: Pick<PostSapOptions, 'config' | 'partners'>, io: Io): Promise<SapConfig> {
  const config = await loadConfig(options.config);
  if (!options.partners) return config;
  const raw = await readJsonFile(options.partners);
  const partners = Array.isArray(raw) ? raw : (raw as { partners?: unknown } | null)?.partners;
  if (!Array.isArray(partners)) {
    throw new CliError({ en: 'expected an array of partners (or {"partners": [...]})', it: 'atteso un array di partner (o {"partners": [...]})' }, { file: options.partners, exitCode: 1 });
  }
  const merged = withSuppliersFromPartners(config, partners as { id: string }[]);
  const locale = cliLocale();
  for (const bad of merged.invalid) {
    const [where, value] = [`${options.partners}: partner ${bad.partnerId}: attributes.sapSupplier`, JSON.stringify(bad.value)];
    io.err(said({ en: `${where} ${value} is not an SAP supplier id\n`, it: `${where} ${value} non è un codice fornitore SAP\n` }, locale));
  }
  return merged.config;
}

/** The configured credentials, resolved from the environment; a missing one names the config file. */
export function sapAuth(config: SapConfig, configFile: string, deps: PostSapDeps): ResolvedAuth {
  try {
    return resolveAuth(config.connection.auth, deps.env ?? process.env);
  } catch (e) {
    throw new CliError(errorTexts(e), { file: configFile });
  }
}

/** A posting log that remembers nothing, for the posters that only check (`--check`, `--dry-run`). */
export function noPostingLog(): PostingLog {
  return { get: async () => undefined, save: async () => {}, list: async () => [] };
}

/** The store database with the adapter's tables migrated; the password of a postgres:// URL is masked in errors. */
export async function openPostings(target: string): Promise<Db> {
  let db: Db;
  try {
    db = await openDatabase(target);
  } catch (e) {
    throw storeOpenError(target, e);
  }
  await migrate(db, SAP_MIGRATIONS);
  return db;
}
