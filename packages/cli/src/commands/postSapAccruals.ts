import { writeFile } from 'node:fs/promises';
import {
  JournalEntryClient,
  SqlJournalLog,
  checkAdoptReferences,
  checkResendReferences,
  ValidationError,
  accrualFlatFile,
  accrualSetFromRows,
  buildAccrualJournalEntries,
  type JournalEntryDoc,
  type JournalLog,
  type JournalRecord,
  type SapConfig,
} from '@provvigo/adapter-sap';
import { errorTexts, maskUrl } from '@provvigo/core';
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

/**
 * The words of the accruals lines; `entries` counts journal entries with the English plural, `named` adds their
 * references (what SAP's Message Dashboard and journal show); Italian participles agree with the count.
 */
const WORDS = {
  en: {
    entries: (n: number) => `${n} journal entr${n === 1 ? 'y' : 'ies'}`,
    named: (refs: readonly string[]) => `${WORDS.en.entries(refs.length)} (${refs.join(', ')})`,
    line: (message: string, what: string) => `accruals: ${message ? `message ${message}: ` : ''}${what}\n`,
    state: {
      sent: (e: string) => `${e} accepted by SAP; results in the SAP Message Dashboard`,
      resent: (e: string) => `${e} sent again under the same message id (the first send had no answer) and accepted by SAP, which processes a message id once`,
      accepted: (e: string, _n: number, refs: string) => `${e} already accepted by SAP, not sent again (--resend ${refs} to send again)`,
      posted: (e: string, doc: string) => `${e} posted in SAP as document ${doc}`,
      failed: (e: string, why: string) => `${e} refused by SAP: ${why}`,
      unknown: (e: string) => `${e} with outcome unknown`,
      notSent: (e: string) => `${e} not sent`,
      changed: (e: string, doc: string, n: number) =>
        `${e} changed since SAP ${doc ? `posted ${n === 1 ? 'it' : 'them'} as document ${doc}` : `accepted ${n === 1 ? 'it' : 'them'}`}: ` +
        'SAP holds the amounts this message carried, not the ones in the file; not sent',
    },
    todoChanged: (doc: string, command: string) =>
      `what to do: ${doc ? `in SAP, reverse document ${doc}` : "look the message up in SAP's Message Dashboard: if SAP posted it, reverse that document; if it is still waiting, cancel it"}; ` +
      `then send the new amounts under a new message id, these entries only: ${command}`,
    changedIssue: (kind: JournalEntryDoc['kind'], ref: string, id: string, doc: string) =>
      `the ${kind} ${ref} changed after SAP ${doc ? `posted it as document ${doc}` : 'accepted it'}${id ? ` (message ${id})` : ''}: SAP holds other amounts than these; not sent`,
    reversedInSap: (ref: string, doc: string, refs: string) =>
      `${ref}: SAP shows this reference posted and then reversed (document ${doc}); not sent again — to post the current amounts, run again with --resend ${refs}; ` +
      `if the reversal is finance's own, --adopt-reversed ${refs} records it as posted and later runs leave it`,
    adopted: (ref: string, doc: string) => `${ref}: recorded as posted as document ${doc}, which SAP shows reversed (--adopt-reversed); not sent`,
    reversedIssue: (kind: JournalEntryDoc['kind'], ref: string, doc: string) => `SAP shows the ${kind} ${ref} posted as document ${doc} and then reversed; not sent again`,
    todo: (id: string, refs: string) =>
      `accruals: message ${id}: what to do: SAP may hold it; look it up in SAP's Message Dashboard, then run this command again: ` +
      `what SAP has posted is recorded as posted, the rest goes again under message ${id}, which SAP does not process twice. ` +
      `If the accruals changed since, the run refuses to send them under that id: settle message ${id} in SAP first, then use --resend ${refs}\n`,
    written: (entries: string, items: number, file: string) => `accruals: ${entries}, ${items} item(s) written to ${file}\n`,
    nothing: 'accruals: nothing to post (every amount is zero)\n',
    dryRun: (entries: string) => `accruals: dry run: ${entries} valid, nothing sent\n`,
  },
  it: {
    entries: (n: number) => `${n} ${n === 1 ? 'scrittura contabile' : 'scritture contabili'}`,
    named: (refs: readonly string[]) => `${WORDS.it.entries(refs.length)} (${refs.join(', ')})`,
    line: (message: string, what: string) => `ratei: ${message ? `messaggio ${message}: ` : ''}${what}\n`,
    state: {
      sent: (e: string, n: number) => `${e} ${agree('accettat', n)} da SAP; esiti nel Message Dashboard di SAP`,
      resent: (e: string, n: number) =>
        `${e} ${agree('inviat', n)} di nuovo con lo stesso ID messaggio (il primo invio era rimasto senza risposta) e ${agree('accettat', n)} da SAP, che elabora un ID messaggio una volta sola`,
      accepted: (e: string, n: number, refs: string) => `${e} già ${agree('accettat', n)} da SAP, non ${agree('inviat', n)} di nuovo (--resend ${refs} per un nuovo invio)`,
      posted: (e: string, doc: string, n: number) => `${e} ${agree('registrat', n)} in SAP con il documento ${doc}`,
      failed: (e: string, why: string, n: number) => `${e} ${agree('rifiutat', n)} da SAP: ${why}`,
      unknown: (e: string) => `${e} con esito sconosciuto`,
      notSent: (e: string, n: number) => `${e} non ${agree('inviat', n)}`,
      changed: (e: string, doc: string, n: number) =>
        `${e} ${agree('cambiat', n)} dopo che SAP ${n === 1 ? "l'ha" : 'le ha'} ${doc ? `${agree('registrat', n)} con il documento ${doc}` : agree('accettat', n)}: ` +
        `SAP ha gli importi portati da questo messaggio, non quelli del file; non ${agree('inviat', n)}`,
    },
    todoChanged: (doc: string, command: string) =>
      `cosa fare: ${doc ? `in SAP, storna il documento ${doc}` : 'cerca il messaggio nel Message Dashboard di SAP: se SAP lo ha registrato, storna quel documento; se è ancora in attesa, annullalo'}; ` +
      `poi invia i nuovi importi con un nuovo ID messaggio, solo di queste scritture: ${command}`,
    changedIssue: (kind: JournalEntryDoc['kind'], ref: string, id: string, doc: string) =>
      `${kind === 'accrual' ? 'il rateo' : 'lo storno'} ${ref} è cambiato dopo che SAP lo ha ${doc ? `registrato con il documento ${doc}` : 'accettato'}${id ? ` (messaggio ${id})` : ''}: ` +
      'SAP ha importi diversi da questi; non inviato',
    reversedInSap: (ref: string, doc: string, refs: string) =>
      `${ref}: SAP mostra questo riferimento registrato e poi stornato (documento ${doc}); non inviato di nuovo — per registrare gli importi attuali, esegui di nuovo con --resend ${refs}; ` +
      `se lo storno è quello della contabilità, --adopt-reversed ${refs} lo fa risultare registrato e le esecuzioni successive non lo toccano più`,
    adopted: (ref: string, doc: string) => `${ref}: risulta registrato con il documento ${doc}, che SAP mostra stornato (--adopt-reversed); non inviato`,
    reversedIssue: (kind: JournalEntryDoc['kind'], ref: string, doc: string) =>
      `SAP mostra ${kind === 'accrual' ? 'il rateo' : 'lo storno'} ${ref} registrato con il documento ${doc} e poi stornato; non inviato di nuovo`,
    todo: (id: string, refs: string) =>
      `ratei: messaggio ${id}: cosa fare: SAP potrebbe averlo; cercalo nel Message Dashboard di SAP, poi esegui di nuovo questo comando: ` +
      `ciò che SAP ha registrato risulta registrato, il resto riparte con il messaggio ${id}, che SAP non elabora due volte. ` +
      `Se i ratei sono cambiati nel frattempo, l'esecuzione rifiuta di inviarli con quell'ID: sistema prima il messaggio ${id} in SAP, poi usa --resend ${refs}\n`,
    written: (entries: string, items: number, file: string) => `ratei: ${entries}, righe: ${items}, scritte in ${file}\n`,
    nothing: 'ratei: niente da registrare (ogni importo è zero)\n',
    dryRun: (entries: string) => `ratei: prova: ${entries} valide, nulla inviato\n`,
  },
} as const;

/** An Italian feminine participle agreeing with `n` scritture: accettata, accettate. */
function agree(stem: string, n: number): string {
  return `${stem}${n === 1 ? 'a' : 'e'}`;
}

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

/**
 * What the journal log says of an entry after the run, set against what it said before; `changed`: accepted or posted
 * with other content than the file's now (`sendOnce`'s `changedSinceTaken`); `reversedInSap`: not in the log as
 * accepted or posted, and SAP shows its reference posted and then reversed (`sendOnce`'s `reversedInSap`; not sent, and
 * its log row, if any, left as it was, so it is told from SAP's answer and not from the log); `adopted`: one of those
 * that `--adopt-reversed` named, recorded posted by this run (`sendOnce`'s `adopted`).
 */
type EntryState = 'sent' | 'resent' | 'accepted' | 'posted' | 'failed' | 'unknown' | 'notSent' | 'changed' | 'reversedInSap' | 'adopted';

const logKey = (d: Pick<JournalEntryDoc, 'accrualId' | 'kind'>) => `${d.accrualId}\u0000${d.kind}`;

/** The journal log's record of each entry (the chunks of one accrual set share one), by `logKey`. */
async function logRecords(docs: readonly JournalEntryDoc[], log: JournalLog): Promise<Map<string, JournalRecord | undefined>> {
  const records = new Map<string, JournalRecord | undefined>();
  for (const d of docs) if (!records.has(logKey(d))) records.set(logKey(d), await log.get(d.accrualId, d.kind));
  return records;
}

/**
 * An entry's state for finance: from the log after the run, and whether this run sent it (a message id it did not
 * have before) or sent it again under the id of its unanswered first send (`unknown` before, accepted under the same id).
 */
function entryState(before: JournalRecord | undefined, after: JournalRecord | undefined, changed: boolean): EntryState {
  if (changed) return 'changed';
  if (!after) return 'notSent';
  if (after.state !== 'accepted') return after.state;
  if (before?.messageId !== after.messageId) return 'sent';
  return before.state === 'unknown' ? 'resent' : 'accepted';
}

/**
 * One line per message id and state, naming the entries by reference, so finance can find each in SAP's Message
 * Dashboard (all the entries of one message share a line); each message whose outcome is unknown, and each one whose
 * entries changed since SAP took them (`changed`, by `logKey`), gets what to do. An entry SAP shows reversed
 * (`reversed`: its reference → SAP's reversed document) gets a line of its own with its document and the `--resend`
 * that would post it again: its log row's references, which `--resend` sends together.
 */
function reportEntries(
  docs: readonly JournalEntryDoc[],
  before: ReadonlyMap<string, JournalRecord | undefined>,
  after: ReadonlyMap<string, JournalRecord | undefined>,
  marks: { changed: ReadonlySet<string>; reversed: ReadonlyMap<string, string>; adopted: ReadonlyMap<string, string> },
  resendCommand: (refs: readonly string[]) => string,
  io: Io,
): void {
  const locale = cliLocale();
  const groups = new Map<string, { state: EntryState; record: JournalRecord | undefined; refs: string[] }>();
  for (const d of docs) {
    const record = after.get(logKey(d));
    const ref = d.originalReferenceDocument;
    const state: EntryState = marks.adopted.has(ref) ? 'adopted' : marks.reversed.has(ref) ? 'reversedInSap' : entryState(before.get(logKey(d)), record, marks.changed.has(logKey(d)));
    const reason = record?.errorMessages?.[locale] ?? record?.errorMessage ?? '';
    // an entry SAP shows reversed (adopted or not) has a line of its own
    const ownLine = state === 'adopted' || state === 'reversedInSap';
    const key = ownLine ? `\u0000${state}\u0000${ref}` : [record?.messageId ?? '', state, record?.accountingDocument ?? '', state === 'failed' ? reason : ''].join('\u0000');
    const group = groups.get(key) ?? { state, record, refs: [] };
    group.refs.push(ref);
    groups.set(key, group);
  }
  const w = WORDS[locale];
  for (const { state, record, refs } of groups.values()) {
    if (state === 'adopted') {
      io.out(w.line('', w.adopted(refs[0] ?? '', marks.adopted.get(refs[0] ?? '') ?? '')));
      continue;
    }
    if (state === 'reversedInSap') {
      const [ref, row] = [refs[0] ?? '', docs.find((d) => d.originalReferenceDocument === refs[0])];
      const rowRefs = docs.filter((d) => row && logKey(d) === logKey(row)).map((d) => d.originalReferenceDocument);
      io.out(w.line('', w.reversedInSap(ref, marks.reversed.get(ref) ?? '', rowRefs.join(','))));
      continue;
    }
    const [e, n, id] = [w.named(refs), refs.length, record?.messageId ?? ''];
    const why = record?.errorMessages?.[locale] ?? record?.errorMessage ?? '';
    const doc = record?.accountingDocument ?? '';
    const what =
      state === 'posted' ? w.state.posted(e, doc, n) : state === 'accepted' ? w.state.accepted(e, n, refs.join(',')) : state === 'changed' ? w.state.changed(e, doc, n) : state === 'failed' ? w.state.failed(e, why, n) : w.state[state](e, n);
    io.out(w.line(id, what));
    // the message's own entries: a bare --resend would also send again those SAP holds from other messages
    if (state === 'unknown' && id) io.out(w.todo(id, refs.join(',')));
    if (state === 'changed') io.out(w.line(id, w.todoChanged(doc, resendCommand(refs))));
  }
}

/**
 * The error line of entries the run did not send and that need a decision, naming the file, each accrual set and
 * entry, and what `issue` says of it (SAP's message and document), as the refusal of changed `unknown` entries does.
 */
function entryIssues(file: string, entries: readonly JournalEntryDoc[], issue: (d: JournalEntryDoc) => string): string {
  const issues = entries.map((d) => `${d.accrualId}: JournalEntry[${d.originalReferenceDocument}]: ${issue(d)}`);
  return `${said({ en: 'accruals', it: 'ratei' })}: ${file}: ${issues.join('; ')}\n`;
}

/** The error line of the entries changed since SAP took them: each with the message and SAP's document. */
function changedIssues(file: string, changed: readonly JournalEntryDoc[], after: ReadonlyMap<string, JournalRecord | undefined>): string {
  const w = WORDS[cliLocale()];
  return entryIssues(file, changed, (d) => {
    const record = after.get(logKey(d));
    return w.changedIssue(d.kind, d.originalReferenceDocument, record?.messageId ?? '', record?.accountingDocument ?? '');
  });
}

/** The error line of the entries SAP shows posted and then reversed, not sent: each with SAP's reversed document. */
function reversedIssues(file: string, reversed: readonly JournalEntryDoc[], documents: ReadonlyMap<string, string>): string {
  const w = WORDS[cliLocale()];
  return entryIssues(file, reversed, (d) => w.reversedIssue(d.kind, d.originalReferenceDocument, documents.get(d.originalReferenceDocument) ?? ''));
}

/**
 * `--resend` as `sendOnce` takes it: bare, every entry again; with references (`ACC-1,ACC-1R`, what the report names
 * entries by), those only. A reference that names no entry of the file, or an empty list, stops the run before the
 * store or SAP is opened: sending the rest without it would leave finance believing it went.
 */
function resendChoice(file: string, docs: readonly JournalEntryDoc[], resend: PostSapOptions['resend']): true | ReadonlySet<string> | undefined {
  if (resend === undefined || resend === false) return undefined;
  if (resend === true) return true;
  return optionReferences(file, resend, (refs) => checkResendReferences(docs, refs), () => {
    const list = docs.map((d) => d.originalReferenceDocument).join(',');
    throw new CliError(
      {
        en: `--resend was given no reference: name the journal entries to send again, e.g. --resend ${list}, or give --resend alone for all of them`,
        it: `--resend senza riferimenti: indica le scritture da inviare di nuovo, ad es. --resend ${list}, o --resend da solo per tutte`,
      },
      { file, field: '--resend', exitCode: 2 },
    );
  });
}

/**
 * `--adopt-reversed <refs>` as `sendOnce` takes it (`adoptReversed`): the references finance settled in SAP, whose
 * posting and reversal this run records instead of sending them. Refused before the store or SAP is opened, as
 * `--resend`'s: an empty list, a reference of no entry, one `--resend` names too, or any beside a bare `--resend`.
 */
function adoptChoice(file: string, docs: readonly JournalEntryDoc[], adopt: string | undefined, resend: true | ReadonlySet<string> | undefined): ReadonlySet<string> | undefined {
  if (adopt === undefined) return undefined;
  return optionReferences(file, adopt, (refs) => checkAdoptReferences(docs, refs, resend), () => {
    throw new CliError(
      { en: '--adopt-reversed was given no reference: name the journal entries SAP shows reversed, as the report does', it: '--adopt-reversed senza riferimenti: indica le scritture che SAP mostra stornate, come le nomina il resoconto' },
      { file, field: '--adopt-reversed', exitCode: 2 },
    );
  });
}

/**
 * The comma-separated references an option was given (`ACC-1,ACC-1R`, as the report prints them), checked by
 * adapter-sap's `check` before anything is opened. An empty list goes to `refuseEmpty` (each option words its own
 * refusal); the check's refusal, which names each reference and the ones there are in both languages, gets the file
 * and exit 2.
 */
function optionReferences(file: string, value: string, check: (refs: ReadonlySet<string>) => void, refuseEmpty: () => never): ReadonlySet<string> {
  const refs = new Set(value.split(',').map((r) => r.trim()).filter((r) => r !== ''));
  if (refs.size === 0) refuseEmpty();
  try {
    check(refs);
  } catch (e) {
    if (e instanceof ValidationError) throw new CliError(e.messages, { file, exitCode: 2 });
    throw e;
  }
  return refs;
}

/** A shell word as typed: quoted when it holds anything a shell would read otherwise. */
const shellWord = (word: string) => (/^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`);

/**
 * The command that sends the new amounts of `refs` (entries changed since SAP took them) and nothing else: this run's
 * accruals options with `--resend <refs>`, so nobody falls back on a bare `--resend`, which would post again every
 * entry SAP holds. A store URL's password is masked (stdout is logged); the invoices are left out (another log).
 */
function resendCommandLine(file: string, options: PostSapOptions, refs: readonly string[]): string {
  const words = ['provvigo', 'post', 'sap', '--period', options.period, '--config', options.config, '--accruals', file];
  if (options.reverseAccruals) words.push('--reverse-accruals');
  if (options.postingDate) words.push('--posting-date', options.postingDate);
  if (options.db) words.push('--db', maskUrl(options.db));
  words.push('--resend', refs.join(','));
  return words.map(shellWord).join(' ');
}

/**
 * Sends the entries not yet accepted or posted (all of them with `--resend`) and reports each entry's state and
 * message id from the journal log, whatever the outcome; a failed or refused send is reported, exit 1. So is an
 * entry SAP accepted or posted whose accruals changed since (exit 1, not sent): SAP holds other amounts than the
 * approved ones; and one the log does not hold as accepted or posted whose reference SAP shows posted and then
 * reversed (exit 1, not sent: reversing is an accrual's normal lifecycle, posting it again is finance's decision). The entries that did not change are still sent in the same run: one changed entry must not hold
 * back the others (`--resend <ref>,…`, once SAP is settled, sends those again under a new message id).
 */
async function sendAccruals(
  file: string,
  docs: readonly JournalEntryDoc[],
  choice: { resend: true | ReadonlySet<string> | undefined; adoptReversed: ReadonlySet<string> | undefined },
  config: SapConfig,
  target: string,
  options: PostSapOptions,
  deps: PostSapDeps,
  io: Io,
): Promise<number> {
  const auth = sapAuth(config, options.config, deps);
  let client: JournalEntryClient;
  try {
    client = new JournalEntryClient(config, auth, deps.fetch ? { fetch: deps.fetch } : {});
  } catch (e) {
    throw new CliError(errorTexts(e), { file: options.config });
  }
  const db = await openPostings(target);
  const log = new SqlJournalLog(db);
  let exit: number = EXIT.ok;
  try {
    const before = await logRecords(docs, log);
    let changed: readonly JournalEntryDoc[];
    // heard before anything is sent, so a send that fails afterwards does not lose them: the log holds nothing that
    // says SAP shows them reversed
    let reversed: readonly JournalEntryDoc[] = [];
    const documents = new Map<string, string>();
    const adopted = new Map<string, string>();
    const onReversedInSap = (entries: readonly JournalEntryDoc[], found: ReadonlyMap<string, { accountingDocument: string }>) => {
      reversed = entries;
      for (const [ref, doc] of found) documents.set(ref, doc.accountingDocument);
    };
    try {
      // entries SAP accepted in an earlier run are read back first: the report and `--status` then say posted, with
      // SAP's document, once SAP has processed them (only accepted rows are read; a document since reversed is not)
      await client.reconcile(docs, log, deps.now);
      const out = await client.sendOnce(docs, log, { ...choice, onReversedInSap, ...(deps.now ? { now: deps.now } : {}) });
      changed = out.changedSinceTaken;
      for (const d of out.adopted) adopted.set(d.originalReferenceDocument, out.reversedDocuments.get(d.originalReferenceDocument)?.accountingDocument ?? '');
    } catch (e) {
      // the SAP client's reason in the CLI's language (SAP's own fault text as SAP gave it); a refusal of the
      // accruals' content (changed since an unanswered send) names the file it came from
      io.err(`${said({ en: 'accruals', it: 'ratei' })}: ${e instanceof ValidationError ? `${file}: ` : ''}${errorText(e)}\n`);
      exit = EXIT.issues;
      // the run stopped before returning them; sendOnce leaves their rows as they were, so the log still tells
      changed = await client.changedSinceTaken(docs, log);
    }
    const after = await logRecords(docs, log);
    if (changed.length > 0) {
      io.err(changedIssues(file, changed, after));
      exit = EXIT.issues;
    }
    // as a changed entry: a decision for finance (post it again or not), so the run does not end as if all went
    if (reversed.length > 0) {
      io.err(reversedIssues(file, reversed, documents));
      exit = EXIT.issues;
    }
    reportEntries(docs, before, after, { changed: new Set(changed.map(logKey)), reversed: documents, adopted }, (refs) => resendCommandLine(file, options, refs), io);
    return exit;
  } finally {
    await db.close();
  }
}

/** `--accruals <file>`: EXIT.ok, or EXIT.issues when SAP did not take the entries or holds other amounts than the file's. */
export async function postSapAccruals(file: string, config: SapConfig, target: string, options: PostSapOptions, deps: PostSapDeps, io: Io): Promise<number> {
  const docs = await accrualDocuments(file, config, options);
  // checked whatever the run does, so a dry run tells a wrong reference too
  const resend = resendChoice(file, docs, options.resend);
  const adoptReversed = adoptChoice(file, docs, options.adoptReversed, resend);
  const w = WORDS[cliLocale()];
  if (options.accrualsCsv) {
    await writeFile(options.accrualsCsv, accrualFlatFile(docs));
    io.out(w.written(w.entries(docs.length), docs.reduce((s, d) => s + d.items.length, 0), options.accrualsCsv));
  } else if (docs.length === 0) {
    io.out(w.nothing);
  } else if (options.dryRun) {
    io.out(w.dryRun(w.entries(docs.length)));
  } else {
    return sendAccruals(file, docs, { resend, adoptReversed }, config, target, options, deps, io);
  }
  return EXIT.ok;
}
