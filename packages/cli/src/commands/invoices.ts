import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { YtdStateSchema, computeFiscal, formatMoney, euVatPack, issueTexts, readStatement, runStateName, sha256, type FiscalResult, type YtdState, type Locale, type Partner, type Period, type PeriodStatement, type Statement } from '@provvigo/core';
import {
  DELIVERY_MIGRATIONS,
  DocumentError,
  buildInvoiceDocumentOrThrow,
  fiscalLinesFromSummary,
  renderDocuments,
  sendInvoices,
  summarizePeriodStatement,
  summarizeStatement,
  type DeliveryLog,
  type RenderedDocuments,
  type StatementSummary,
} from '@provvigo/documents';
import { itPack } from '@provvigo/fiscal-it';
import { Store, advanceRun, currentRun, getFiscalResults, getRunSnapshot, migrate, openDatabase, type Db, type StoredRun } from '@provvigo/store';
import { cliLocale, said } from '../io/cliLocale.js';
import { CliError, errorText } from '../io/errors.js';
import { storeOpenError } from '../io/storeOpenError.js';
import { loadPartners, loadPeriod } from '../io/loadInputs.js';
import { readJsonFile } from '../io/readFacts.js';
import { EXIT } from '../exitCodes.js';
import { ChainedDeliveryLog } from './chainedDeliveryLog.js';
import { deliveryLogFile } from './deliveryLogFile.js';
import { fiscalOrFail, readInvoicingPrincipal } from './fiscalSetup.js';
import { actorFrom, refusalsAsIssues } from './period.js';
import { processIo, type Io } from './shared.js';
import { aligned } from '../io/textTable.js';
import { storeTarget } from './storeOptions.js';
import { smtpServer } from './smtpServer.js';

export interface InvoicesOptions {
  period: string;
  /** Partners JSON; needed with `--statements` only (a store run carries its partners in its snapshot). */
  partners?: string;
  principal: string;
  /** A `provvigo run` output folder (its statements.json) or a statements JSON file; else the store's approved run. */
  statements?: string;
  db?: string;
  out: string;
  locale?: Locale;
  date?: string;
  numberPrefix: string;
  paymentDays: number;
  selfBilling: boolean;
  xml: boolean;
  send?: boolean;
  smtp?: string;
  from?: string;
  deliveryLog?: string;
  ytd?: string;
  /** Who moves the store run to `invoiced` (default $PROVVIGO_USER or the OS user) and when (default now). */
  as?: string;
  at?: string;
}

/**
 * One entry of `invoices.json`. `fiscal` and `runId` make the index the input of `provvigo post sap --invoices`
 * as it is: adapter-sap's `approvedInvoiceFromFiscal` builds the supplier invoice from the fiscal result, and the
 * run id lets posting check the run's state and move it to `posted`.
 */
export interface InvoiceIndexEntry {
  partnerId: string;
  number: string;
  /** The store run the statement was approved in; absent for statements read from a file. */
  runId?: string;
  locale: Locale;
  receipt: boolean;
  totals: unknown;
  hash: string;
  files: string[];
  fiscal: FiscalResult;
  /** The statement summary the pro-forma printed: `provvigo invoices issue` builds the e-invoices from it. */
  summary: StatementSummary;
}

const INVOICEABLE = new Set(['approved', 'invoiced', 'posted']);

type SendStatus = 'sent' | 'failed' | 'skipped';

/** What `provvigo invoices` prints, in the CLI's language (the documents follow `--locale` or the partner's). */
const WORDS = {
  en: {
    notIn: (id: string, where: string) => `partner ${id} is not in ${where}`,
    noFiscal: (id: string, runId: string) => `partner ${id} has no fiscal items in run ${runId}`,
    noCurrency: (id: string) => `partner ${id}: the statement states no currency`,
    written: (period: string, n: number, out: string, failed: number) => `period ${period}: ${n} invoice(s) written to ${out}/${failed ? `, ${failed} partner(s) failed` : ''}\n`,
    status: { sent: 'sent', failed: 'failed', skipped: 'skipped' } satisfies Record<SendStatus, string>,
    statusWidth: 7,
    sent: (sent: number, failed: number, skipped: number) => `sent ${sent}, failed ${failed}, already sent ${skipped}\n`,
  },
  it: {
    notIn: (id: string, where: string) => `il partner ${id} non è in ${where}`,
    noFiscal: (id: string, runId: string) => `il partner ${id} non ha voci fiscali nell'esecuzione ${runId}`,
    noCurrency: (id: string) => `partner ${id}: l'estratto conto non indica la valuta`,
    written: (period: string, n: number, out: string, failed: number) => `periodo ${period}: fatture scritte in ${out}/: ${n}${failed ? `; partner non riusciti: ${failed}` : ''}\n`,
    status: { sent: 'inviata', failed: 'non inviata', skipped: 'già inviata' } satisfies Record<SendStatus, string>,
    statusWidth: 11,
    sent: (sent: number, failed: number, skipped: number) => `inviate ${sent}, non inviate ${failed}, già inviate ${skipped}\n`,
  },
} as const;

interface Source {
  partnerId: string;
  summary: StatementSummary;
  /** From an approved run: the partner as calculated and the fiscal result the run computed (and approval covered). */
  partner?: Partner;
  fiscal?: FiscalResult;
}

/** Statements from a `provvigo run` output folder or file: an array of core statements (or {statements: [...]}). */
async function statementsFromFile(path: string): Promise<Source[]> {
  let file = path;
  try {
    if ((await stat(path)).isDirectory()) file = join(path, 'statements.json');
  } catch {
    throw new CliError({ en: 'no such file or folder', it: 'file o cartella inesistente' }, { file: path });
  }
  const value = await readJsonFile(file);
  const list = Array.isArray(value) ? value : (value as { statements?: unknown })?.statements;
  if (!Array.isArray(list)) {
    const en = 'expected an array of statements (the statements.json of `provvigo run`)';
    throw new CliError({ en, it: 'atteso un array di estratti conto (lo statements.json di `provvigo run`)' }, { file, exitCode: 1 });
  }
  return (list as Statement[]).map((raw, i) => {
    // the lines' shape (columns, or objects in files written before) is readStatement's to check
    if (!raw || typeof raw !== 'object' || typeof raw.partnerId !== 'string') throw new CliError({ en: 'not a statement', it: 'non è un estratto conto' }, { file, record: String(i + 1), exitCode: 1 });
    let s: Statement;
    try {
      s = readStatement(raw);
    } catch (e) {
      const reason = (e as Error).message;
      throw new CliError({ en: `not a statement: ${reason}`, it: `non è un estratto conto: ${reason}` }, { file, record: String(i + 1), exitCode: 1 });
    }
    return { partnerId: s.partnerId, summary: summarizeStatement(s) };
  });
}

/**
 * The approved period statements of the period's current run in the store, which must be approved (or later).
 * Partners blocked or skipped at approval have no approved statement in this run and get no invoice.
 */
async function statementsFromStore(store: Store, periodId: string, locale: Locale | undefined): Promise<{ run: StoredRun; sources: Source[] }> {
  const run = await currentRun(store, periodId);
  if (!INVOICEABLE.has(run.record.state)) {
    const state = run.record.state;
    const en = `the current run of period ${periodId} is ${state}: approve it first (provvigo period approve)`;
    throw new CliError({ en, it: `l'esecuzione corrente del periodo ${periodId} è nello stato ${state}: approvala prima (provvigo period approve)` }, { exitCode: 1 });
  }
  const approved = run.record.partners ? new Set(run.record.partners.approved) : null;
  const statements: PeriodStatement[] = await store.getStatements(run.record.id);
  // partners and fiscal items come from what the run stored and approval covered, never from today's files
  const snapshot = await getRunSnapshot(store, run.record.id);
  const fiscal = new Map((await getFiscalResults(store, run.record.id)).map((f) => [f.partnerId, f]));
  if (!snapshot) {
    const id = run.record.id;
    const en = `run ${id} has no snapshot of its inputs: it was calculated by an older version; calculate the next period`;
    throw new CliError({ en, it: `l'esecuzione ${id} non ha un'istantanea dei suoi input: è stata calcolata da una versione precedente; calcola il periodo successivo` }, { exitCode: 1 });
  }
  const partners = new Map(snapshot.partners.map((p) => [p.id, p]));
  const sources = statements
    .filter((ps) => approved === null || approved.has(ps.partnerId))
    .map((ps) => {
      const f = fiscal.get(ps.partnerId);
      const partner = partners.get(ps.partnerId);
      // the ledger's movements described in the document's language (--locale, else the partner's)
      const summary = summarizePeriodStatement(ps, { locale: locale ?? partner?.language ?? 'it' });
      return { partnerId: ps.partnerId, summary, ...(f ? { fiscal: f } : {}), ...(partner ? { partner } : {}) };
    });
  return { run, sources };
}

/**
 * Moves the store run to `invoiced` (core's transition, audit-logged by the store) once every approved statement
 * has its documents in the index; a run already invoiced or posted is left as it is.
 */
async function markInvoiced(store: Store, run: StoredRun, written: readonly InvoiceIndexEntry[], date: string, indexJson: string, options: InvoicesOptions, io: Io): Promise<number> {
  const runId = run.record.id;
  const done = new Set(written.map((e) => e.partnerId));
  const expected = run.record.partners?.approved ?? [...done];
  const missing = expected.filter((p) => !done.has(p));
  const locale = cliLocale();
  if (missing.length > 0) {
    const [state, n, list] = [runStateName(run.record.state, locale), missing.length, `${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', …' : ''}`];
    io.err(said({ en: `run ${runId} stays ${state}: ${n} approved statement(s) without an invoice (${list})\n`, it: `l'esecuzione ${runId} resta ${state}: estratti conto approvati senza fattura: ${n} (${list})\n` }, locale));
    return EXIT.issues;
  }
  if (run.record.state !== 'approved') return EXIT.ok;
  return refusalsAsIssues('invoices', io, async () => {
    const { actor, at } = actorFrom(options);
    const { changed } = await advanceRun(store, {
      runId,
      action: 'invoice',
      actor,
      at,
      details: { invoices: written.length, date, indexHash: sha256(indexJson) },
    });
    const [approved, invoiced] = [runStateName('approved', locale), runStateName('invoiced', locale)];
    if (changed) io.out(said({ en: `run ${runId}: ${approved} → ${invoiced} (${written.length} invoice(s))\n`, it: `esecuzione ${runId}: ${approved} → ${invoiced} (fatture: ${written.length})\n` }, locale));
    return EXIT.ok;
  });
}

/** The year-to-date file: { partnerId: YtdState }; missing = first statement of the year for everyone. */
export async function readYtd(file: string): Promise<Record<string, YtdState>> {
  try {
    await stat(file);
  } catch {
    return {};
  }
  const value = await readJsonFile(file);
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new CliError({ en: 'expected an object { partnerId: year-to-date state }', it: "atteso un oggetto { partnerId: progressivi dell'anno }" }, { file, exitCode: 1 });
  }
  // Entries, made an object by Object.fromEntries: the keys are partner ids (a file's keys, "__proto__" included), and
  // an assignment would make that partner's state the object's prototype instead of an entry.
  const out: Array<[string, YtdState]> = [];
  for (const [partnerId, state] of Object.entries(value)) {
    const parsed = YtdStateSchema.safeParse(state);
    // the schema's message is English only; the place and the fallback are the CLI's
    const reason = parsed.success ? undefined : parsed.error.issues[0]?.message;
    if (!parsed.success) throw new CliError({ en: reason ?? 'invalid', it: reason ?? 'non valido' }, { file, record: partnerId, exitCode: 1 });
    out.push([partnerId, parsed.data]);
  }
  return Object.fromEntries(out);
}

/** Today as YYYY-MM-DD (UTC), the default invoice date. */
const today = () => new Date().toISOString().slice(0, 10);

/**
 * The date of the invoices already written for this period in `out`: re-running keeps it, so the documents keep
 * their bytes and hash, and a re-send tomorrow does not mail again what was sent today.
 */
async function previousDate(out: string, periodId: string): Promise<string | undefined> {
  try {
    const index = JSON.parse(await readFile(join(out, 'invoices.json'), 'utf8')) as { period?: { id?: string }; date?: string };
    return index.period?.id === periodId && typeof index.date === 'string' ? index.date : undefined;
  } catch {
    return undefined;
  }
}

/**
 * `provvigo invoices`: for every statement of the period, the pro-forma invoice PDF, the statement PDF and the
 * FatturaPA XML, written to a folder; with `--send`, e-mailed to each partner, recording every delivery.
 * One partner's bad data never stops the others: it is reported and the command exits 1.
 */
export async function invoices(options: InvoicesOptions, io: Io = processIo): Promise<number> {
  // Checked here, not by commander: `invoices issue` is a subcommand and commander checks a parent's required options.
  for (const [name, value] of [['--period', options.period], ['--principal', options.principal]] as const) {
    if (!value) throw new CliError({ en: `required option ${name} not specified`, it: `opzione obbligatoria ${name} non indicata` });
  }
  const period: Period = await loadPeriod(options.period);
  if (options.statements && !options.partners) {
    throw new CliError({ en: '--statements needs --partners (a store run carries its own partners)', it: "--statements richiede --partners (un'esecuzione dell'archivio porta con sé i propri partner)" });
  }
  const locale = cliLocale();
  const w = WORDS[locale];
  const { partners, issues: partnerIssues } = options.partners ? await loadPartners(options.partners) : { partners: [], issues: [] };
  for (const issue of partnerIssues) io.err(`${options.partners}: ${said(issueTexts(issue), locale)}\n`);
  const { principal, splitPayment } = await readInvoicingPrincipal(options.principal);
  const byId = new Map<string, Partner>(partners.map((p) => [p.id, p]));
  const smtp = smtpServer(options);
  if (options.send && !smtp) throw new CliError({ en: '--send needs --smtp smtp://host:port (or PROVVIGO_SMTP_URL)', it: '--send richiede --smtp smtp://host:porta (o PROVVIGO_SMTP_URL)' });
  const fileLog = options.send && options.deliveryLog ? await deliveryLogFile(options.deliveryLog) : undefined;

  let db: Db | undefined;
  const needDb = !options.statements || (options.send && !options.deliveryLog);
  // Fail on a bad --at before any document is written.
  if (!options.statements) actorFrom(options);
  try {
    if (needDb) {
      const target = storeTarget(options.db);
      try {
        db = await openDatabase(target);
      } catch (e) {
        throw storeOpenError(target, e);
      }
    }
    const store = options.statements ? undefined : await Store.open(db!);
    const fromStore = store ? await statementsFromStore(store, period.id, options.locale) : undefined;
    const runId = fromStore?.run.record.id;
    const sources = fromStore ? fromStore.sources : await statementsFromFile(options.statements!);
    await mkdir(options.out, { recursive: true });
    const date = options.date ?? (await previousDate(options.out, period.id)) ?? today();
    const rendered: RenderedDocuments[] = [];
    const index: InvoiceIndexEntry[] = [];
    let failures = 0;
    // Year-to-date fiscal state (Enasarco caps and minimums) per partner, read before and written after.
    const ytdFile = options.ytd;
    // by partner id in a Map: a partner named "__proto__" or "constructor" has the state the file gives it, or none
    const ytd = new Map<string, YtdState>(ytdFile ? Object.entries(await readYtd(ytdFile)) : []);
    const sorted = [...sources].sort((a, b) => (a.partnerId < b.partnerId ? -1 : a.partnerId > b.partnerId ? 1 : 0));
    for (const [i, source] of sorted.entries()) {
      const partner = source.partner ?? byId.get(source.partnerId);
      try {
        const where = { en: source.fiscal ? `run ${runId}` : String(options.partners), it: source.fiscal ? `l'esecuzione ${runId}` : String(options.partners) };
        if (!partner) throw new DocumentError({ en: WORDS.en.notIn(source.partnerId, where.en), it: WORDS.it.notIn(source.partnerId, where.it) });
        if (fromStore && !source.fiscal) throw new DocumentError({ en: WORDS.en.noFiscal(source.partnerId, String(runId)), it: WORDS.it.noFiscal(source.partnerId, String(runId)) });
        // a store run's fiscal items were computed in the run and approved with it; only loose statement files compute them here
        const currency = source.summary.currency;
        if (!currency) throw new DocumentError({ en: WORDS.en.noCurrency(source.partnerId), it: WORDS.it.noCurrency(source.partnerId) });
        const fiscal = source.fiscal ?? fiscalOrFail(computeFiscal([itPack, euVatPack], {
          partner,
          period,
          currency,
          lines: fiscalLinesFromSummary(source.summary),
          principal: { country: principal.address?.country ?? 'IT', splitPayment: Boolean(splitPayment), settings: {} },
          ytd: ytd.get(source.partnerId) ?? null,
        }), source.partnerId, period.id);
        for (const issue of fiscal.issues) if (issue.severity !== 'error') io.err(`partner ${source.partnerId}: ${said(issueTexts(issue), locale)}\n`);
        const doc = buildInvoiceDocumentOrThrow({
          principal,
          partner,
          period,
          statement: source.summary,
          fiscal,
          // The pro-forma is numbered per period; the e-invoice gets the partner's own number at payment.
          kind: 'proforma',
          number: `${options.numberPrefix}${period.id.replace(/[^0-9A-Za-z]/g, '')}-${String(i + 1).padStart(4, '0')}`.slice(-20),
          date,
          locale: options.locale ?? partner.language,
          selfBilling: options.selfBilling,
          payment: { days: options.paymentDays },
        });
        const r = await renderDocuments(doc);
        await writeFile(join(options.out, r.names.invoicePdf), r.invoicePdf);
        await writeFile(join(options.out, r.names.statementPdf), r.statementPdf);
        if (options.xml && r.xml) await writeFile(join(options.out, r.names.xml), r.xml);
        rendered.push(r);
        if (!source.fiscal) ytd.set(source.partnerId, fiscal.ytdAfter);
        index.push({
          partnerId: doc.partner.id,
          number: doc.number,
          ...(runId ? { runId } : {}),
          locale: doc.locale,
          receipt: doc.receipt,
          totals: doc.totals,
          hash: r.hash,
          files: [r.names.invoicePdf, r.names.statementPdf, ...(options.xml && r.xml ? [r.names.xml] : [])],
          fiscal,
          summary: source.summary,
        });
      } catch (e) {
        failures += 1;
        // in the CLI's language: the documents' and core's errors carry both
        io.err(`partner ${source.partnerId}: ${errorText(e)}\n`);
      }
    }
    if (ytdFile) await writeFile(ytdFile, `${JSON.stringify(Object.fromEntries(ytd), null, 2)}\n`);
    const indexJson = `${JSON.stringify({ period, date, ...(runId ? { runId } : {}), invoices: index }, null, 2)}\n`;
    await writeFile(join(options.out, 'invoices.json'), indexJson);
    io.out(w.written(period.id, rendered.length, options.out, failures));
    // the amounts in the language the lines are printed in (each document has its own, in the PDF)
    io.out(aligned(rendered.map((r) => [r.doc.partner.id, r.doc.number, formatMoney(r.doc.totals.netToPay, r.doc.currency, locale)]), [false, false, true]));
    // Every approved statement written: the store run moves to `invoiced` (sending is re-runnable on its own).
    if (store && fromStore && (await markInvoiced(store, fromStore.run, index, date, indexJson, options, io)) !== EXIT.ok) failures += 1;

    if (options.send) {
      let log: DeliveryLog;
      if (fileLog) log = fileLog;
      else {
        await migrate(db!, DELIVERY_MIGRATIONS);
        // each attempt chained in the store's audit log with its row's hash (audit verify checks the table)
        log = new ChainedDeliveryLog(store ?? (await Store.open(db!)), actorFrom(options).actor.id);
      }
      const report = await sendInvoices(rendered, {
        smtp: smtpServer(options)!,
        from: options.from ?? principal.email ?? 'noreply@localhost',
        log,
        attachXml: options.xml,
        onResult: (r) => io.out(`  ${w.status[r.status].padEnd(w.statusWidth)} ${r.partnerId.padEnd(12)} ${r.recipient ?? '-'}${r.status === 'failed' ? `  ${r.response}` : ''}\n`),
      });
      io.out(w.sent(report.sent, report.failed, report.skipped));
      failures += report.failed;
    }
    return failures > 0 ? EXIT.issues : EXIT.ok;
  } finally {
    await db?.close();
  }
}
