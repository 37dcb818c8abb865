import { writeFile } from 'node:fs/promises';
import {
  JournalEntryClient,
  SqlJournalLog,
  ValidationError,
  accrualFlatFile,
  accrualSetFromRows,
  buildAccrualJournalEntries,
  type JournalEntryDoc,
  type SapConfig,
} from '@provvigo/adapter-sap';
import { CliError } from '../io/errors.js';
import { readJsonFile } from '../io/readFacts.js';
import { EXIT } from '../exitCodes.js';
import type { PostSapDeps, PostSapOptions } from './post.js';
import { openPostings, sapAuth } from './postSapSetup.js';
import type { Io } from './shared.js';

/**
 * The accruals part of `provvigo post sap`: the period's accruals of `--accruals` as journal entries, sent to SAP
 * once (the journal log lives in the store database), written as a flat file (`--accruals-csv`) or only counted
 * (`--dry-run`). Kept apart from the invoices: it goes through another SAP service and another log.
 */

const journalEntries = (n: number): string => `${n} journal entr${n === 1 ? 'y' : 'ies'}`;

/** The journal entries of the accruals file; a file that does not validate stops the run (exit 1) naming it. */
async function accrualDocuments(file: string, config: SapConfig, options: PostSapOptions): Promise<JournalEntryDoc[]> {
  const raw = await readJsonFile(file);
  // `provvigo accruals --format json` output ({columns, rows}) or an adapter-sap AccrualSet
  const rows = Array.isArray(raw) ? raw : (raw as { rows?: unknown } | null)?.rows;
  try {
    const set = Array.isArray(rows)
      ? accrualSetFromRows(rows as never[], { periodId: options.period, postingDate: options.postingDate, reverse: options.reverseAccruals })
      : raw;
    return buildAccrualJournalEntries(set, config);
  } catch (e) {
    // adapter-sap words its validation in English only; the file named is the CLI's
    if (e instanceof ValidationError) throw new CliError({ en: e.message, it: e.message }, { file, exitCode: 1 });
    throw e;
  }
}

/** Sends the entries not yet accepted or posted (all of them with `--resend`); a failed send is reported, exit 1. */
async function sendAccruals(docs: readonly JournalEntryDoc[], config: SapConfig, target: string, options: PostSapOptions, deps: PostSapDeps, io: Io): Promise<number> {
  const auth = sapAuth(config, options.config, deps);
  let client: JournalEntryClient;
  try {
    client = new JournalEntryClient(config, auth, deps.fetch ? { fetch: deps.fetch } : {});
  } catch (e) {
    const reason = (e as Error).message;
    throw new CliError({ en: reason, it: reason }, { file: options.config });
  }
  const db = await openPostings(target);
  try {
    const r = await client.sendOnce(docs, new SqlJournalLog(db), { resend: options.resend, ...(deps.now ? { now: deps.now } : {}) });
    if (r.skipped.length > 0) {
      io.out(`accruals: ${journalEntries(r.skipped.length)} already accepted or posted (message ${r.sentBefore.join(', ')}); --resend to send again\n`);
    }
    if (r.sent.length > 0) {
      io.out(`accruals: ${journalEntries(r.sent.length)} accepted by SAP (message ${r.messageId}); results in the SAP message dashboard\n`);
    }
    return EXIT.ok;
  } catch (e) {
    io.err(`accruals: ${(e as Error).message}\n`);
    return EXIT.issues;
  } finally {
    await db.close();
  }
}

/** `--accruals <file>`: EXIT.ok, or EXIT.issues when SAP did not take the entries. */
export async function postSapAccruals(file: string, config: SapConfig, target: string, options: PostSapOptions, deps: PostSapDeps, io: Io): Promise<number> {
  const docs = await accrualDocuments(file, config, options);
  if (options.accrualsCsv) {
    await writeFile(options.accrualsCsv, accrualFlatFile(docs));
    io.out(`accruals: ${journalEntries(docs.length)}, ${docs.reduce((s, d) => s + d.items.length, 0)} item(s) written to ${options.accrualsCsv}\n`);
  } else if (docs.length === 0) {
    io.out('accruals: nothing to post (every amount is zero)\n');
  } else if (options.dryRun) {
    io.out(`accruals: dry run: ${journalEntries(docs.length)} valid, nothing sent\n`);
  } else {
    return sendAccruals(docs, config, target, options, deps, io);
  }
  return EXIT.ok;
}
