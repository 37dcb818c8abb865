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
import { errorTexts } from '@provvigo/core';
import { cliLocale, said } from '../io/cliLocale.js';
import { CliError, errorText } from '../io/errors.js';
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

/** The words of the accruals lines; `entries` counts journal entries with the English plural. */
const WORDS = {
  en: {
    entries: (n: number) => `${n} journal entr${n === 1 ? 'y' : 'ies'}`,
    skipped: (entries: string, messages: string) => `accruals: ${entries} already accepted or posted (message ${messages}); --resend to send again\n`,
    sent: (entries: string, message: string) => `accruals: ${entries} accepted by SAP (message ${message}); results in the SAP message dashboard\n`,
    written: (entries: string, items: number, file: string) => `accruals: ${entries}, ${items} item(s) written to ${file}\n`,
    nothing: 'accruals: nothing to post (every amount is zero)\n',
    dryRun: (entries: string) => `accruals: dry run: ${entries} valid, nothing sent\n`,
  },
  it: {
    entries: (n: number) => `${n} ${n === 1 ? 'scrittura contabile' : 'scritture contabili'}`,
    skipped: (entries: string, messages: string) => `ratei: ${entries} già accettate o registrate (messaggio ${messages}); --resend per inviarle di nuovo\n`,
    sent: (entries: string, message: string) => `ratei: ${entries} accettate da SAP (messaggio ${message}); esiti nel monitor dei messaggi di SAP\n`,
    written: (entries: string, items: number, file: string) => `ratei: ${entries}, righe: ${items}, scritte in ${file}\n`,
    nothing: 'ratei: niente da registrare (ogni importo è zero)\n',
    dryRun: (entries: string) => `ratei: prova: ${entries} valide, nulla inviato\n`,
  },
} as const;

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
    // adapter-sap words its validation in both languages; the file named is the CLI's
    if (e instanceof ValidationError) throw new CliError(e.messages, { file, exitCode: 1 });
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
    throw new CliError(errorTexts(e), { file: options.config });
  }
  const db = await openPostings(target);
  const w = WORDS[cliLocale()];
  try {
    const r = await client.sendOnce(docs, new SqlJournalLog(db), { resend: options.resend, ...(deps.now ? { now: deps.now } : {}) });
    if (r.skipped.length > 0) io.out(w.skipped(w.entries(r.skipped.length), r.sentBefore.join(', ')));
    if (r.sent.length > 0) io.out(w.sent(w.entries(r.sent.length), String(r.messageId)));
    return EXIT.ok;
  } catch (e) {
    // the SAP client's reason in the CLI's language (SAP's own fault text as SAP gave it)
    io.err(`${said({ en: 'accruals', it: 'ratei' })}: ${errorText(e)}\n`);
    return EXIT.issues;
  } finally {
    await db.close();
  }
}

/** `--accruals <file>`: EXIT.ok, or EXIT.issues when SAP did not take the entries. */
export async function postSapAccruals(file: string, config: SapConfig, target: string, options: PostSapOptions, deps: PostSapDeps, io: Io): Promise<number> {
  const docs = await accrualDocuments(file, config, options);
  const w = WORDS[cliLocale()];
  if (options.accrualsCsv) {
    await writeFile(options.accrualsCsv, accrualFlatFile(docs));
    io.out(w.written(w.entries(docs.length), docs.reduce((s, d) => s + d.items.length, 0), options.accrualsCsv));
  } else if (docs.length === 0) {
    io.out(w.nothing);
  } else if (options.dryRun) {
    io.out(w.dryRun(w.entries(docs.length)));
  } else {
    return sendAccruals(docs, config, target, options, deps, io);
  }
  return EXIT.ok;
}
