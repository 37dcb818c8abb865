import { AUDIT_CSV_COLUMNS, DEFAULT_DIALECT, EXCEL_IT_DIALECT, csvWriter, type AuditEntry } from '@provvigo/core';
import { MAX_AUDIT_PAGE, verifyStore, type Store } from '@provvigo/store';
import { cliLocale, said } from '../io/cliLocale.js';
import { CliError } from '../io/errors.js';
import { EXIT } from '../exitCodes.js';
import { verifyAdapterTables } from './adapterTables.js';
import { refusalsAsIssues, withStore, type StoreOptions } from './period.js';
import { processIo, type Io } from './shared.js';

export interface AuditVerifyOptions extends StoreOptions {
  head?: string;
  count?: string;
}

/**
 * `provvigo audit verify`: recomputes the audit log's hash chain and checks it ends at the head the store recorded,
 * then re-derives every table a partner's money depends on from the chain (periods, plan versions and pins, runs,
 * statements, traces, ledger, snapshots, fiscal year to date): see `verifyStore`; then the adapters' tables in the
 * same database (invoice deliveries, SAP postings): see `verifyAdapterTables`. Prints the head hash and entry count so they can be anchored
 * elsewhere; `--head`/`--count` compare with such an anchor (a rewrite of the whole chain and its head shows there).
 */
export async function auditVerify(options: AuditVerifyOptions, io: Io = processIo): Promise<number> {
  return refusalsAsIssues('audit verify', io, () =>
    withStore(options, async (store) => {
      const checked = await verifyStore(store, {
        ...(options.head ? { expectedHead: options.head } : {}),
        ...(options.count ? { expectedCount: Number(options.count) } : {}),
      });
      const problems = [...checked.problems, ...(await verifyAdapterTables(store, await store.auditLog()))];
      const result = { ...checked, ok: problems.length === 0, problems };
      const runs = (await store.listRuns()).length;
      const locale = cliLocale();
      const { count, head } = result;
      if (result.ok) {
        io.out(said({ en: `audit log ok: ${count} entries, head ${head}\n`, it: `registro di audit ok: voci: ${count}, ultimo hash ${head}\n` }, locale));
        io.out(
          said(
            {
              en: `runs ok: ${runs} run(s), their statements, snapshots, ledger entries, plan versions, periods, fiscal year to date, deliveries and SAP postings match the log\n`,
              it: `esecuzioni ok: ${runs}; i loro estratti conto, istantanee, movimenti del registro contabile, versioni dei piani, periodi, progressivi fiscali dell'anno, invii e registrazioni in SAP corrispondono al registro di audit\n`,
            },
            locale,
          ),
        );
        io.out(said({ en: `anchor elsewhere: --head ${head} --count ${count}\n`, it: `da conservare altrove: --head ${head} --count ${count}\n` }, locale));
        return EXIT.ok;
      }
      const n = result.problems.length;
      io.err(
        said(
          {
            en: `store BROKEN: ${n} problem(s); the log holds ${count} entries, head ${head || '(none)'}\n`,
            it: `archivio COMPROMESSO: problemi: ${n}; il registro di audit contiene ${count} voci, ultimo hash ${head || '(nessuno)'}\n`,
          },
          locale,
        ),
      );
      // each problem as the store or the adapter words it, in the CLI's language, after its table and key
      for (const p of result.problems.slice(0, 30)) io.err(`  ${p.table} ${p.key}: ${p.messages ? said(p.messages, locale) : p.message}\n`);
      if (n > 30) io.err(said({ en: `  … and ${n - 30} more\n`, it: `  … e altri ${n - 30}\n` }, locale));
      return EXIT.issues;
    }),
  );
}

export interface AuditLogOptions extends StoreOptions {
  json?: boolean;
  csv?: boolean;
  excelIt?: boolean;
  action?: string;
  actor?: string;
  run?: string;
  last?: number;
}

/**
 * The entries the options select, in chain order, read a page at a time: the whole log or the entries `--action`,
 * `--actor` and `--run` select as the store's pages from the oldest (`auditEntries`); with `--last`, its pages read
 * back from the newest, stopping at `--last`. A log of any length is printed holding one page, not the log.
 */
async function* selectedEntries(store: Store, o: AuditLogOptions): AsyncGenerator<AuditEntry> {
  const filter = { action: o.action, actor: o.actor, runId: o.run };
  if (o.last === undefined) return yield* store.auditEntries(filter);
  const newestFirst: AuditEntry[] = [];
  let before: number | undefined;
  do {
    const page = await store.auditPage({ ...filter, limit: Math.min(MAX_AUDIT_PAGE, o.last - newestFirst.length), before });
    newestFirst.push(...page.entries);
    before = page.next ?? undefined;
  } while (before !== undefined && newestFirst.length < o.last);
  yield* newestFirst.reverse();
}

/** How `audit log` writes an entry: a line of text, its JSON, or a CSV row (`AUDIT_CSV_COLUMNS`) after a header. */
function entryFormat(o: AuditLogOptions): { header: string; line: (e: AuditEntry) => string } {
  if (o.csv) return csvWriter(AUDIT_CSV_COLUMNS, { dialect: o.excelIt ? EXCEL_IT_DIALECT : DEFAULT_DIALECT });
  if (o.json) return { header: '', line: (e) => `${JSON.stringify(e)}\n` };
  return { header: '', line: (e) => `#${e.seq} ${e.at} ${e.actor} ${e.action}${e.runId ? ` ${e.runId}` : ''} ${e.hash.slice(0, 12)}\n` };
}

/** `provvigo audit log`: the audit entries, one per line, in chain order; `--action`, `--actor`, `--run`, `--last` select. */
export async function auditLogCommand(options: AuditLogOptions, io: Io = processIo): Promise<number> {
  // refused before the store is opened: one format per listing
  if (options.csv && options.json) {
    throw new CliError({ en: '--csv and --json both given: choose one format', it: '--csv e --json insieme: scegli un solo formato' }, { field: '--csv', exitCode: 2 });
  }
  if (options.excelIt && !options.csv) {
    throw new CliError({ en: '--excel-it shapes the CSV: give it with --csv', it: '--excel-it riguarda il CSV: usalo con --csv' }, { field: '--excel-it', exitCode: 2 });
  }
  return refusalsAsIssues('audit log', io, () =>
    withStore(options, async (store) => {
      const format = entryFormat(options);
      if (format.header) io.out(format.header);
      for await (const e of selectedEntries(store, options)) io.out(format.line(e));
      return EXIT.ok;
    }),
  );
}
