import { writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import {
  SapConfigError,
  JournalEntryClient,
  SAP_MIGRATIONS,
  SqlJournalLog,
  SqlPostingLock,
  SqlPostingLog,
  postingRecordHash,
  SupplierInvoicePoster,
  ValidationError,
  accrualFlatFile,
  accrualSetFromRows,
  approvedInvoiceFromFiscal,
  buildAccrualJournalEntries,
  formatReconciliation,
  parseSapConfig,
  resolveAuth,
  supplierInvoiceFlatFile,
  tryMapSupplierInvoice,
  withSuppliersFromPartners,
  type MappedInvoice,
  type FetchLike,
  type FiscalResultLike,
  type InvoiceHeader,
  type PostReport,
  type SapConfig,
} from '@provvigo/adapter-sap';
import { Decimal } from '@provvigo/core';
import { DEFAULT_DB_FOLDER, Store, advanceRun, migrate, openDatabase, type Db } from '@provvigo/store';
import { CliError } from '../io/errors.js';
import { createProgress } from '../io/progress.js';
import { readJsonFile } from '../io/readFacts.js';
import { EXIT } from '../exitCodes.js';
import { actorFrom, refusalsAsIssues } from './period.js';
import { processIo, type Io } from './shared.js';

export interface PostSapOptions {
  period: string;
  config: string;
  /** Approved invoices JSON: an array (or {invoices: [...]}) of adapter-sap ApprovedInvoice, or of {…header, fiscal}. */
  invoices?: string;
  /** Accruals JSON (adapter-sap AccrualSet): sent as journal entries, or written as a flat file with --accruals-csv. */
  accruals?: string;
  accrualsCsv?: string;
  /** Write the mapped invoices as a flat file instead of posting them (systems without the OData service). */
  invoicesCsv?: string;
  /** Partners JSON: `attributes.sapSupplier` maps a partner to its SAP supplier (config.suppliers wins). */
  partners?: string;
  /** Posting date for invoices that carry only a document date (default: the document date). */
  postingDate?: string;
  db?: string;
  dryRun?: boolean;
  /** Send accruals again even when the journal log records them as sent. */
  resend?: boolean;
  status?: boolean;
  /** Check credentials, service path and the lookup before anything moves. */
  check?: boolean;
  /** Remove the period's posting lock left by a run that died. */
  unlock?: boolean;
  /** With ledger accrual rows: also post the reversal on the day after the posting date. */
  reverseAccruals?: boolean;
  progress?: boolean;
  /** Who moves a fully posted store run to `posted` (default $PROVVIGO_USER or the OS user) and when (default now). */
  as?: string;
  at?: string;
}

export interface PostSapDeps {
  fetch?: FetchLike;
  env?: Record<string, string | undefined>;
  now?: () => Date;
}

async function loadConfig(file: string): Promise<SapConfig> {
  try {
    return parseSapConfig(await readJsonFile(file), file);
  } catch (e) {
    if (e instanceof SapConfigError) throw new CliError(e.message, { file });
    throw e;
  }
}

/**
 * An index entry whose fiscal result is zero throughout (a statement with nothing payable this period, e.g. every
 * line held): its pro-forma documents exist, but SAP has no supplier invoice of zero, so there is nothing to post.
 * It is counted in the reconciliation line and settles its partner for the run's `posted` state.
 */
interface NothingToPost {
  nothingToPost: true;
  invoiceNumber: string;
  partnerId: string;
  periodId: string;
  runId?: string | undefined;
}

const isNothingToPost = (inv: unknown): inv is NothingToPost => (inv as { nothingToPost?: unknown } | null)?.nothingToPost === true;

const allZero = (amounts: readonly { amount: string }[]) => amounts.every((a) => new Decimal(a.amount).isZero());

/**
 * Invoice entries: ApprovedInvoice objects as they are, or entries with a fiscal result —
 * `{invoiceNumber | number, documentDate?, postingDate?, fiscal}` — as in the `invoices.json` index of
 * `provvigo invoices` (its top-level `date` is the document date).
 */
function toInvoices(raw: unknown, file: string, io: Io, postingDate: string | undefined): { invoices: unknown[]; converted: number } {
  const list = Array.isArray(raw) ? raw : (raw as { invoices?: unknown } | null)?.invoices;
  if (!Array.isArray(list)) throw new CliError('expected an array of invoices (or {"invoices": [...]})', { file, exitCode: 1 });
  const topDate = (raw as { date?: unknown } | null)?.date;
  let converted = 0;
  const invoices = list.map((entry, i) => {
    const e = (entry ?? {}) as Record<string, unknown>;
    if (e.fiscal === undefined) return entry;
    const documentDate = (e.documentDate ?? topDate) as string | undefined;
    const header = {
      ...(e as object),
      invoiceNumber: (e.invoiceNumber ?? e.number) as string,
      documentDate,
      postingDate: (e.postingDate ?? postingDate ?? documentDate) as string,
    } as InvoiceHeader;
    if (typeof header.invoiceNumber !== 'string' || typeof header.documentDate !== 'string') {
      throw new CliError('an entry with a fiscal result needs invoiceNumber (or number) and documentDate (or the file\'s date)', { file, record: String(i + 1), exitCode: 1 });
    }
    try {
      converted += 1;
      const invoice = approvedInvoiceFromFiscal(header, e.fiscal as FiscalResultLike);
      if (allZero(invoice.lines) && allZero(invoice.vat ?? []) && allZero(invoice.withholdings ?? [])) {
        const zero: NothingToPost = { nothingToPost: true, invoiceNumber: invoice.invoiceNumber, partnerId: invoice.partnerId, periodId: invoice.periodId, runId: invoice.runId };
        return zero;
      }
      return invoice;
    } catch (err) {
      if (err instanceof ValidationError) {
        io.err(`${file}, record ${i + 1}: ${err.message}\n`);
        // counted as a validation failure
        return { invoiceNumber: header.invoiceNumber, partnerId: e.partnerId, periodId: (e.fiscal as { period?: string }).period, ...(header.runId ? { runId: header.runId } : {}) };
      }
      throw new CliError(`unreadable fiscal result: ${(err as Error).message}`, { file, record: String(i + 1), exitCode: 1 });
    }
  });
  return { invoices, converted };
}

async function openPostings(target: string): Promise<Db> {
  let db: Db;
  try {
    db = await openDatabase(target);
  } catch (e) {
    throw new CliError(`cannot open the store: ${(e as Error).message}`, { file: target.replace(/:[^:@/]*@/, ':***@') });
  }
  await migrate(db, SAP_MIGRATIONS);
  return db;
}

const POSTABLE_RUN_STATES = new Set(['approved', 'invoiced', 'posted']);

/**
 * Only approved runs are posted: an invoice naming a run (`runId`) that the store holds in another state is held
 * back with a message; a run the store does not know is reported once and not checked.
 */
async function blockedByRunState(db: Db, invoices: readonly unknown[], io: Io): Promise<Map<number, string>> {
  const runIds = new Map<string, number[]>();
  invoices.forEach((inv, i) => {
    const runId = (inv as { runId?: unknown } | null)?.runId;
    if (typeof runId === 'string') runIds.set(runId, [...(runIds.get(runId) ?? []), i]);
  });
  const blocked = new Map<number, string>();
  if (runIds.size === 0) return blocked;
  const store = await Store.open(db);
  for (const [runId, indexes] of runIds) {
    const run = await store.getRun(runId);
    if (!run) {
      io.err(`run ${runId} is not in the store: its ${indexes.length} invoice(s) are posted without the approval check\n`);
      continue;
    }
    if (!POSTABLE_RUN_STATES.has(run.record.state)) {
      for (const i of indexes) blocked.set(i, `run ${runId} is ${run.record.state}, not approved: not posted`);
    }
  }
  return blocked;
}

/**
 * A store run whose every approved statement has its invoice in SAP (posted now or already present) moves from
 * `invoiced` to `posted` through core's transition, audit-logged by the store. Invoices carry their run in `runId`
 * (the `invoices.json` of `provvigo invoices` from the store). A run still `approved` (its invoices not all written)
 * stays where it is; so does a run with invoices failed or missing from the file (exit 1).
 */
async function markPostedRuns(db: Db, invoices: readonly unknown[], zero: readonly NothingToPost[], report: PostReport, options: PostSapOptions, io: Io): Promise<number> {
  const runOf = new Map<string, string>();
  for (const inv of invoices) {
    const e = (inv ?? {}) as { runId?: unknown; invoiceNumber?: unknown };
    if (typeof e.runId === 'string' && typeof e.invoiceNumber === 'string') runOf.set(e.invoiceNumber, e.runId);
  }
  // Per run: which partners' invoices are in SAP, and SAP's document number of each (recorded on the run's
  // audit-chained `post` entry, next to the posting log).
  type Slot = { partners: Set<string>; posted: number; alreadyPresent: number; nothingToPost: number; documents: Record<string, string>; keys: string[] };
  const newSlot = (): Slot => ({ partners: new Set<string>(), posted: 0, alreadyPresent: 0, nothingToPost: 0, documents: {}, keys: [] });
  const inSap = new Map<string, Slot>();
  for (const r of report.results) {
    const runId = runOf.get(r.invoiceNumber);
    if (runId === undefined) continue;
    const slot = inSap.get(runId) ?? newSlot();
    inSap.set(runId, slot);
    if (r.outcome.status === 'posted') slot.posted += 1;
    if (r.outcome.status === 'already-present') slot.alreadyPresent += 1;
    if (r.outcome.status === 'posted' || r.outcome.status === 'already-present') {
      slot.documents[r.invoiceNumber] = `${r.outcome.sapDocument}/${r.outcome.sapFiscalYear}`;
      if (r.key) slot.keys.push(r.key);
    }
    if (r.outcome.status !== 'failed') slot.partners.add(r.partnerId);
  }
  for (const z of zero) {
    if (z.runId === undefined) continue;
    const slot = inSap.get(z.runId) ?? newSlot();
    inSap.set(z.runId, slot);
    slot.partners.add(z.partnerId);
    slot.nothingToPost += 1;
  }
  if (inSap.size === 0) return EXIT.ok;
  const store = await Store.open(db);
  let exit: number = EXIT.ok;
  for (const [runId, slot] of [...inSap].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const run = await store.getRun(runId);
    if (!run || run.record.state === 'posted') continue; // unknown runs were reported before posting
    if (run.record.state !== 'invoiced') {
      if (run.record.state === 'approved') io.err(`run ${runId} stays approved: not every approved statement has its invoice written (provvigo invoices)\n`);
      continue;
    }
    const expected = run.record.partners?.approved ?? (await store.getStatements(runId)).map((s) => s.partnerId);
    const missing = expected.filter((p) => !slot.partners.has(p));
    if (missing.length > 0) {
      io.err(`run ${runId} stays invoiced: ${missing.length} of ${expected.length} invoice(s) not in SAP (${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', …' : ''})\n`);
      exit = EXIT.issues;
      continue;
    }
    // each posted row's content chained with the move, so `audit verify` finds a row edited afterwards
    const postings: Record<string, string> = {};
    for (const key of slot.keys) {
      const row = await new SqlPostingLog(db).get(key);
      if (row?.state === 'posted') postings[key] = postingRecordHash(row);
    }
    const moved = await refusalsAsIssues('post sap', io, async () => {
      const { actor, at } = actorFrom(options);
      const { changed } = await advanceRun(store, {
        runId,
        action: 'post',
        actor,
        at,
        details: { invoices: expected.length, posted: slot.posted, alreadyPresent: slot.alreadyPresent, nothingToPost: slot.nothingToPost, sapDocuments: slot.documents, postings },
      });
      if (changed) io.out(`run ${runId}: invoiced → posted (${expected.length - slot.nothingToPost} invoice(s) in SAP${slot.nothingToPost ? `, ${slot.nothingToPost} with nothing to post` : ''})\n`);
      return EXIT.ok;
    });
    if (moved !== EXIT.ok) exit = moved;
  }
  return exit;
}

function printFailures(report: PostReport, io: Io): void {
  for (const r of report.results) {
    if (r.outcome.status !== 'failed') continue;
    io.err(`  failed  ${r.invoiceNumber}  partner ${r.partnerId}: ${r.outcome.message}\n`);
  }
}

/**
 * `provvigo post sap`: posts the period's approved invoices to S/4HANA as supplier invoices, exactly once (the
 * posting log lives in the store database), then prints the reconciliation line
 * `invoices N = posted + already present + failed`. `--status` shows the log; `--accruals` sends the accrual
 * journal entries (or writes them as a flat file with `--accruals-csv`).
 */
export async function postSapCommand(options: PostSapOptions, io: Io = processIo, deps: PostSapDeps = {}): Promise<number> {
  if (!options.invoices && !options.status && !options.accruals && !options.check) {
    throw new CliError('give --invoices <file>, --accruals <file>, --status or --check');
  }
  let config = await loadConfig(options.config);
  if (options.partners) {
    const raw = await readJsonFile(options.partners);
    const partners = Array.isArray(raw) ? raw : (raw as { partners?: unknown } | null)?.partners;
    if (!Array.isArray(partners)) throw new CliError('expected an array of partners (or {"partners": [...]})', { file: options.partners, exitCode: 1 });
    const merged = withSuppliersFromPartners(config, partners as { id: string }[]);
    for (const bad of merged.invalid) io.err(`${options.partners}: partner ${bad.partnerId}: attributes.sapSupplier ${JSON.stringify(bad.value)} is not an SAP supplier id\n`);
    config = merged.config;
  }
  const target = options.db ?? process.env.PROVVIGO_DB ?? DEFAULT_DB_FOLDER;

  if (options.status) {
    const db = await openPostings(target);
    try {
      const rows = await new SqlPostingLog(db).list({ periodId: options.period });
      const by = (s: string) => rows.filter((r) => r.state === s).length;
      for (const r of rows) {
        io.out(`${r.state.padEnd(8)} ${r.invoiceNumber.padEnd(20)} ${r.partnerId.padEnd(12)} ${(r.sapDocument ? `${r.sapDocument}/${r.sapFiscalYear}` : '-').padEnd(16)} ${r.grossAmount} ${r.currency}${r.errorMessage ? `  ${r.errorCode}: ${r.errorMessage}` : ''}\n`);
      }
      io.out(`period ${options.period}: ${rows.length} invoice(s): posted ${by('posted')}, pending ${by('pending')}, unknown ${by('unknown')}, failed ${by('failed')}\n`);
      return by('failed') + by('unknown') + by('pending') > 0 ? EXIT.issues : EXIT.ok;
    } finally {
      await db.close();
    }
  }

  if (options.check) {
    let auth;
    try {
      auth = resolveAuth(config.connection.auth, deps.env ?? process.env);
    } catch (e) {
      throw new CliError((e as Error).message, { file: options.config });
    }
    const poster = new SupplierInvoicePoster(config, auth, { log: { get: async () => undefined, save: async () => {}, list: async () => [] }, ...(deps.fetch ? { fetch: deps.fetch } : {}) });
    try {
      const r = await poster.checkConnection();
      io.out(`SAP connection ok: ${r.service} (CSRF token, reference lookup)\n`);
    } catch (e) {
      throw new CliError(`SAP connection check failed: ${(e as Error).message}`, { file: options.config });
    }
  }

  let exit: number = EXIT.ok;
  if (options.invoices) {
    const { invoices: all, converted } = toInvoices(await readJsonFile(options.invoices), options.invoices, io, options.postingDate);
    const ofPeriod = all.filter((inv) => (inv as { periodId?: unknown } | null)?.periodId === options.period || (inv as { periodId?: unknown } | null)?.periodId === undefined);
    if (ofPeriod.length < all.length) io.err(`${all.length - ofPeriod.length} invoice(s) of other periods left out (not period ${options.period})\n`);
    if (converted > 0) io.err(`${converted} invoice(s) built from their fiscal results\n`);
    const zero = ofPeriod.filter(isNothingToPost);
    const invoices = ofPeriod.filter((inv) => !isNothingToPost(inv));
    if (zero.length > 0) io.err(`${zero.length} invoice(s) with every amount zero, nothing to post: ${zero.map((z) => z.invoiceNumber).join(', ')}\n`);
    /** `invoices N = … + nothing to post Z` when there are zero invoices; the line stays as it was otherwise. */
    const withZero = (line: string) => (zero.length > 0 ? `${line.replace(/^invoices (\d+) /, (_, n: string) => `invoices ${Number(n) + zero.length} `)} + nothing to post ${zero.length}` : line);

    if (options.invoicesCsv) {
      const mapped: MappedInvoice[] = [];
      let bad = 0;
      for (const inv of invoices) {
        const r = tryMapSupplierInvoice(inv, config);
        if (r.ok) mapped.push(r.invoice);
        else {
          bad += 1;
          for (const i of r.issues) io.err(`  invalid ${i.record}: ${i.field}: ${i.message}\n`);
        }
      }
      await writeFile(options.invoicesCsv, supplierInvoiceFlatFile(mapped));
      io.out(`period ${options.period}: ${withZero(`invoices ${invoices.length} = written ${mapped.length} + failed ${bad}`)} (flat file ${options.invoicesCsv})\n`);
      exit = bad > 0 ? EXIT.issues : EXIT.ok;
    } else if (options.dryRun) {
      const auth = { type: 'basic' as const, username: '-', password: '-' };
      const poster = new SupplierInvoicePoster(config, auth, { log: { get: async () => undefined, save: async () => {}, list: async () => [] } });
      let bad = 0;
      invoices.forEach((inv) => {
        const issues = poster.validate(inv);
        if (issues.length === 0) return;
        bad += 1;
        for (const i of issues) io.err(`  invalid ${i.record}: ${i.field}: ${i.message}\n`);
      });
      io.out(`period ${options.period}: dry run: ${invoices.length - bad} of ${invoices.length} invoice(s) valid${zero.length ? `, ${zero.length} with nothing to post` : ''}, nothing sent\n`);
      exit = bad > 0 ? EXIT.issues : EXIT.ok;
    } else {
      let auth;
      try {
        auth = resolveAuth(config.connection.auth, deps.env ?? process.env);
      } catch (e) {
        throw new CliError((e as Error).message, { file: options.config });
      }
      actorFrom(options); // a bad --at stops before anything is posted
      const db = await openPostings(target);
      const lock = new SqlPostingLock(db);
      const scope = `sap:${options.period}`;
      const holder = `${hostname()}:${process.pid}:${(deps.now ?? (() => new Date()))().toISOString()}`;
      if (options.unlock) await lock.forceRelease(scope);
      const got = await lock.acquire(scope, holder, (deps.now ?? (() => new Date()))());
      if (!got.ok) {
        await db.close();
        throw new CliError(`another "post sap" run holds period ${options.period} since ${got.since} (${got.holder}); if it died, run again with --unlock`);
      }
      const progress = createProgress({ enabled: options.progress ?? Boolean(process.stderr.isTTY) });
      try {
        const poster = new SupplierInvoicePoster(config, auth, {
          log: new SqlPostingLog(db),
          ...(deps.fetch ? { fetch: deps.fetch } : {}),
          ...(deps.now ? { now: deps.now } : {}),
          onProgress: ({ done, total }) => progress.update(`post sap ${options.period}`, done, total),
        });
        const blocked = await blockedByRunState(db, invoices, io);
        const report = await poster.postAll(invoices.filter((_, i) => !blocked.has(i)));
        progress.done();
        for (const [i, message] of blocked) {
          const inv = (invoices[i] ?? {}) as { invoiceNumber?: string; partnerId?: string };
          report.results.push({ invoiceNumber: inv.invoiceNumber ?? '?', partnerId: inv.partnerId ?? '?', outcome: { status: 'failed', reason: 'validation', message } });
        }
        report.total += blocked.size;
        report.failed += blocked.size;
        printFailures(report, io);
        io.out(`period ${options.period}: ${withZero(formatReconciliation(report))}\n`);
        const authFailed = report.results.some((r) => r.outcome.status === 'failed' && (r.outcome.reason === 'auth' || r.outcome.reason === 'not-attempted'));
        exit = authFailed ? EXIT.usage : report.failed > 0 ? EXIT.issues : EXIT.ok;
        const runs = await markPostedRuns(db, invoices, zero, report, options, io);
        if (exit === EXIT.ok) exit = runs;
      } finally {
        progress.done();
        await lock.release(scope, holder);
        await db.close();
      }
    }
  }

  if (options.accruals) {
    const raw = await readJsonFile(options.accruals);
    // `provvigo accruals --format json` output ({columns, rows}) or an adapter-sap AccrualSet
    const rows = Array.isArray(raw) ? raw : (raw as { rows?: unknown } | null)?.rows;
    let docs;
    try {
      const set = Array.isArray(rows)
        ? accrualSetFromRows(rows as never[], { periodId: options.period, postingDate: options.postingDate, reverse: options.reverseAccruals })
        : raw;
      docs = buildAccrualJournalEntries(set, config);
    } catch (e) {
      if (e instanceof ValidationError) throw new CliError(e.message, { file: options.accruals, exitCode: 1 });
      throw e;
    }
    if (options.accrualsCsv) {
      await writeFile(options.accrualsCsv, accrualFlatFile(docs));
      io.out(`accruals: ${docs.length} journal entr${docs.length === 1 ? 'y' : 'ies'}, ${docs.reduce((s, d) => s + d.items.length, 0)} item(s) written to ${options.accrualsCsv}\n`);
    } else if (docs.length === 0) {
      io.out('accruals: nothing to post (every amount is zero)\n');
    } else if (options.dryRun) {
      io.out(`accruals: dry run: ${docs.length} journal entr${docs.length === 1 ? 'y' : 'ies'} valid, nothing sent\n`);
    } else {
      let auth;
      try {
        auth = resolveAuth(config.connection.auth, deps.env ?? process.env);
      } catch (e) {
        throw new CliError((e as Error).message, { file: options.config });
      }
      let client: JournalEntryClient;
      try {
        client = new JournalEntryClient(config, auth, deps.fetch ? { fetch: deps.fetch } : {});
      } catch (e) {
        throw new CliError((e as Error).message, { file: options.config });
      }
      const db = await openPostings(target);
      try {
        const r = await client.sendOnce(docs, new SqlJournalLog(db), { resend: options.resend, ...(deps.now ? { now: deps.now } : {}) });
        if (r.skipped.length > 0) {
          io.out(`accruals: ${r.skipped.length} journal entr${r.skipped.length === 1 ? 'y' : 'ies'} already accepted or posted (message ${r.sentBefore.join(', ')}); --resend to send again\n`);
        }
        if (r.sent.length > 0) {
          io.out(`accruals: ${r.sent.length} journal entr${r.sent.length === 1 ? 'y' : 'ies'} accepted by SAP (message ${r.messageId}); results in the SAP message dashboard\n`);
        }
      } catch (e) {
        io.err(`accruals: ${(e as Error).message}\n`);
        exit = EXIT.issues;
      } finally {
        await db.close();
      }
    }
  }
  return exit;
}
