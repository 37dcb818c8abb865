import { SqlPostingLog, SupplierInvoicePoster, type FetchLike, type SapConfig } from '@provvigo/adapter-sap';
import { errorTexts, formatMoney, type Locale } from '@provvigo/core';
import { cliLocale, said } from '../io/cliLocale.js';
import { CliError } from '../io/errors.js';
import { EXIT } from '../exitCodes.js';
import { postSapAccruals } from './postSapAccruals.js';
import { printJournalStatus } from './postSapJournalStatus.js';
import { postSapInvoices } from './postSapInvoices.js';
import { loadSapConfig, noPostingLog, openPostings, sapAuth } from './postSapSetup.js';
import { processIo, type Io } from './shared.js';
import { storeTarget } from './storeOptions.js';

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
  /**
   * Send accruals again under a new message id even when the journal log records them as sent: `true` (bare
   * `--resend`) every entry of the file, a string (`--resend ACC-1,ACC-1R`) only the entries with those references.
   */
  resend?: boolean | string;
  /**
   * `--adopt-reversed ACC-1,ACC-1R`: entries SAP shows posted and then reversed (finance's own reversal, the log that
   * recorded them lost) are recorded as posted with SAP's document, not sent; later runs leave them.
   */
  adoptReversed?: string;
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

/** A posting's state as printed by `--status` (the log stores the English code). */
const POSTING_STATES: Record<Locale, { names: Record<string, string>; width: number }> = {
  en: { names: { posted: 'posted', pending: 'pending', unknown: 'unknown', failed: 'failed' }, width: 8 },
  it: { names: { posted: 'registrata', pending: 'in corso', unknown: 'sconosciuta', failed: 'non riuscita' }, width: 12 },
};

/**
 * `--status`: the period's posting log, one row per invoice and the count per state; exit 1 while any is not posted.
 * A row's stored reason is printed in the CLI's language (SAP's own code and message as SAP gave them; a row written
 * before the log kept the Italian reads its English). Then the period's accrual journal entries, when the journal log
 * holds any (postSapJournalStatus.ts); exit 1 too while one is failed or unknown.
 */
async function printPostingStatus(target: string, period: string, io: Io): Promise<number> {
  const db = await openPostings(target);
  try {
    const rows = await new SqlPostingLog(db).list({ periodId: period });
    const by = (s: string) => rows.filter((r) => r.state === s).length;
    const locale = cliLocale();
    const states = POSTING_STATES[locale];
    for (const r of rows) {
      const why = r.errorMessage ? `  ${r.errorCode}: ${r.errorMessages?.[locale] ?? r.errorMessage}` : '';
      io.out(`${(states.names[r.state] ?? r.state).padEnd(states.width)} ${r.invoiceNumber.padEnd(20)} ${r.partnerId.padEnd(12)} ${(r.sapDocument ? `${r.sapDocument}/${r.sapFiscalYear}` : '-').padEnd(16)} ${formatMoney(r.grossAmount, r.currency, locale)}${why}\n`);
    }
    const [n, posted, pending, unknown, failed] = [rows.length, by('posted'), by('pending'), by('unknown'), by('failed')];
    io.out(
      said(
        {
          en: `period ${period}: ${n} invoice(s): posted ${posted}, pending ${pending}, unknown ${unknown}, failed ${failed}\n`,
          it: `periodo ${period}: fatture: ${n}; registrate ${posted}, in corso ${pending}, esito sconosciuto ${unknown}, non riuscite ${failed}\n`,
        },
        locale,
      ),
    );
    const journalIssues = await printJournalStatus(db, period, locale, io);
    return by('failed') + by('unknown') + by('pending') > 0 || journalIssues ? EXIT.issues : EXIT.ok;
  } finally {
    await db.close();
  }
}

/** `--check`: credentials, service path and the reference lookup, before anything moves; a failure stops the run. */
async function checkSapConnection(config: SapConfig, options: PostSapOptions, deps: PostSapDeps, io: Io): Promise<void> {
  const auth = sapAuth(config, options.config, deps);
  const poster = new SupplierInvoicePoster(config, auth, { log: noPostingLog(), ...(deps.fetch ? { fetch: deps.fetch } : {}) });
  try {
    const r = await poster.checkConnection();
    io.out(said({ en: `SAP connection ok: ${r.service} (CSRF token, reference lookup)\n`, it: `connessione SAP ok: ${r.service} (token CSRF, ricerca per riferimento)\n` }));
  } catch (e) {
    const reason = errorTexts(e);
    throw new CliError({ en: `SAP connection check failed: ${reason.en}`, it: `verifica della connessione SAP non riuscita: ${reason.it}` }, { file: options.config });
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
    throw new CliError({ en: 'give --invoices <file>, --accruals <file>, --status or --check', it: 'indica --invoices <file>, --accruals <file>, --status o --check' });
  }
  const config = await loadSapConfig(options, io);
  const target = storeTarget(options.db);
  if (options.status) return printPostingStatus(target, options.period, io);
  if (options.check) await checkSapConnection(config, options, deps, io);
  let exit: number = EXIT.ok;
  if (options.invoices) exit = await postSapInvoices(options.invoices, config, target, options, deps, io);
  if (options.accruals) {
    // a failed accrual send makes the run's exit 1 whatever the invoices gave; one that went through leaves it
    const accruals = await postSapAccruals(options.accruals, config, target, options, deps, io);
    if (accruals !== EXIT.ok) exit = accruals;
  }
  return exit;
}
