import { writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import {
  SqlPostingLock,
  SqlPostingLog,
  SupplierInvoicePoster,
  supplierInvoiceFlatFile,
  tryMapSupplierInvoice,
  type MappedInvoice,
  type PostReport,
  type SapConfig,
} from '@provvigo/adapter-sap';
import type { Db } from '@provvigo/store';
import type { BothLanguages, Locale } from '@provvigo/core';
import { cliLocale, said } from '../io/cliLocale.js';
import { CliError } from '../io/errors.js';
import { createProgress } from '../io/progress.js';
import { EXIT } from '../exitCodes.js';
import type { PostSapDeps, PostSapOptions } from './post.js';
import { actorFrom } from './period.js';
import { postingReconciliation, readPeriodInvoices, withNothingToPost, type NothingToPost } from './postSapInvoiceFile.js';
import { blockedByRunState, markPostedRuns } from './postSapRuns.js';
import { noPostingLog, openPostings, sapAuth } from './postSapSetup.js';
import type { Io } from './shared.js';

/**
 * The invoices part of `provvigo post sap`: the period's invoices of `--invoices` written as a flat file
 * (`--invoices-csv`), only validated (`--dry-run`), or posted to SAP exactly once under the period's posting lock,
 * then reconciled (`invoices N = posted + already present + failed`) and their store runs moved to `posted`.
 */

/** `--invoices-csv`: the mapped invoices as a flat file for systems without the OData service; exit 1 when any is invalid. */
async function writeInvoicesFlatFile(invoices: readonly unknown[], zero: number, config: SapConfig, file: string, period: string, io: Io): Promise<number> {
  const mapped: MappedInvoice[] = [];
  const locale = cliLocale();
  let bad = 0;
  for (const inv of invoices) {
    const r = tryMapSupplierInvoice(inv, config);
    if (r.ok) mapped.push(r.invoice);
    else {
      bad += 1;
      for (const i of r.issues) io.err(said({ en: `  invalid ${i.record}: ${i.field}: ${i.message}\n`, it: `  non valida ${i.record}: ${i.field}: ${i.messages.it}\n` }, locale));
    }
  }
  await writeFile(file, supplierInvoiceFlatFile(mapped));
  const [n, written] = [invoices.length, mapped.length];
  const line = withNothingToPost(said({ en: `invoices ${n} = written ${written} + failed ${bad}`, it: `fatture ${n} = scritte ${written} + non riuscite ${bad}` }, locale), zero, locale);
  io.out(said({ en: `period ${period}: ${line} (flat file ${file})\n`, it: `periodo ${period}: ${line} (file piatto ${file})\n` }, locale));
  return bad > 0 ? EXIT.issues : EXIT.ok;
}

/** `--dry-run`: every invoice validated as the poster would, nothing sent; exit 1 when any is invalid. */
function dryRunInvoices(invoices: readonly unknown[], zero: number, config: SapConfig, period: string, io: Io): number {
  const auth = { type: 'basic' as const, username: '-', password: '-' };
  const poster = new SupplierInvoicePoster(config, auth, { log: noPostingLog() });
  const locale = cliLocale();
  let bad = 0;
  invoices.forEach((inv) => {
    const issues = poster.validate(inv);
    if (issues.length === 0) return;
    bad += 1;
    for (const i of issues) io.err(said({ en: `  invalid ${i.record}: ${i.field}: ${i.message}\n`, it: `  non valida ${i.record}: ${i.field}: ${i.messages.it}\n` }, locale));
  });
  const [valid, n] = [invoices.length - bad, invoices.length];
  io.out(
    said(
      {
        en: `period ${period}: dry run: ${valid} of ${n} invoice(s) valid${zero ? `, ${zero} with nothing to post` : ''}, nothing sent\n`,
        it: `periodo ${period}: prova: fatture valide ${valid} su ${n}${zero ? `, ${zero} senza niente da registrare` : ''}, nulla inviato\n`,
      },
      locale,
    ),
  );
  return bad > 0 ? EXIT.issues : EXIT.ok;
}

/**
 * Takes the period's posting lock, so two runs never post the same period at once (`--unlock` first removes the
 * lock of a run that died); returns its release. When another run holds it, the database is closed and the run stops.
 */
async function lockPeriod(db: Db, options: PostSapOptions, deps: PostSapDeps): Promise<() => Promise<void>> {
  const lock = new SqlPostingLock(db);
  const scope = `sap:${options.period}`;
  const holder = `${hostname()}:${process.pid}:${(deps.now ?? (() => new Date()))().toISOString()}`;
  if (options.unlock) await lock.forceRelease(scope);
  const got = await lock.acquire(scope, holder, (deps.now ?? (() => new Date()))());
  if (!got.ok) {
    await db.close();
    throw new CliError({
      en: `another "post sap" run holds period ${options.period} since ${got.since} (${got.holder}); if it died, run again with --unlock`,
      it: `un'altra esecuzione di "post sap" tiene bloccato il periodo ${options.period} dal ${got.since} (${got.holder}); se si è interrotta, rilancia con --unlock`,
    });
  }
  return async () => {
    await lock.release(scope, holder);
  };
}

/** Invoices held back by their run's state enter the report as validation failures, so the reconciliation counts them. */
function reportBlocked(report: PostReport, invoices: readonly unknown[], blocked: ReadonlyMap<number, BothLanguages>): void {
  for (const [i, why] of blocked) {
    const inv = (invoices[i] ?? {}) as { invoiceNumber?: string; partnerId?: string };
    const outcome = { status: 'failed', reason: 'validation', message: why.en, messages: why } as const;
    report.results.push({ invoiceNumber: inv.invoiceNumber ?? '?', partnerId: inv.partnerId ?? '?', outcome });
  }
  report.total += blocked.size;
  report.failed += blocked.size;
}

/**
 * Each failed invoice and why, in the CLI's language (SAP's own code and message quoted as SAP gave them); an
 * invoice without a number or partner is named by the adapter's placeholder in that language.
 */
function printFailures(report: PostReport, io: Io, locale: Locale): void {
  for (const r of report.results) {
    if (r.outcome.status !== 'failed') continue;
    const [n, p, messages] = [r.placeholders?.invoiceNumber?.[locale] ?? r.invoiceNumber, r.placeholders?.partnerId?.[locale] ?? r.partnerId, r.outcome.messages];
    io.err(said({ en: `  failed  ${n}  partner ${p}: ${messages.en}\n`, it: `  non riuscita  ${n}  partner ${p}: ${messages.it}\n` }, locale));
  }
}

/**
 * Posts the invoices exactly once (the posting log lives in the store database), prints the failures and the
 * reconciliation line, then moves fully posted store runs to `posted`. Exit 2 when SAP refused the credentials (or
 * nothing was attempted), 1 when an invoice failed or a run could not move, 0 otherwise.
 */
async function sendInvoices(invoices: unknown[], zero: readonly NothingToPost[], config: SapConfig, target: string, options: PostSapOptions, deps: PostSapDeps, io: Io): Promise<number> {
  const auth = sapAuth(config, options.config, deps);
  actorFrom(options); // a bad --at stops before anything is posted
  const db = await openPostings(target);
  const release = await lockPeriod(db, options, deps);
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
    reportBlocked(report, invoices, blocked);
    const locale = cliLocale();
    printFailures(report, io, locale);
    const line = postingReconciliation(report, zero.length, locale);
    io.out(said({ en: `period ${options.period}: ${line}\n`, it: `periodo ${options.period}: ${line}\n` }, locale));
    const authFailed = report.results.some((r) => r.outcome.status === 'failed' && (r.outcome.reason === 'auth' || r.outcome.reason === 'not-attempted'));
    const exit = authFailed ? EXIT.usage : report.failed > 0 ? EXIT.issues : EXIT.ok;
    const runs = await markPostedRuns(db, invoices, zero, report, options, io);
    return exit === EXIT.ok ? runs : exit;
  } finally {
    progress.done();
    await release();
    await db.close();
  }
}

/** `--invoices <file>`: the period's invoices written as a flat file, dry-run or posted; returns the exit code. */
export async function postSapInvoices(file: string, config: SapConfig, target: string, options: PostSapOptions, deps: PostSapDeps, io: Io): Promise<number> {
  const { invoices, zero } = await readPeriodInvoices(file, options.period, options.postingDate, io);
  if (options.invoicesCsv) return writeInvoicesFlatFile(invoices, zero.length, config, options.invoicesCsv, options.period, io);
  if (options.dryRun) return dryRunInvoices(invoices, zero.length, config, options.period, io);
  return sendInvoices(invoices, zero, config, target, options, deps, io);
}
