import { DEFAULT_DIALECT, EXCEL_IT_DIALECT, formatMoney, readStatement, type Issue, type Locale, type Partner, type Plan, type RunInput, type RunSummary, type VerifyMode } from '@provvigo/core';
import { hyperFormulaEngine } from '@provvigo/core/hyperformula';
import { evaluateParallel, nativeSha256 } from '@provvigo/pool';
import { evaluateStreaming, explainLine } from '../core.js';
import { hasErrors, loadFactSchema, loadPartners, loadPeriod, loadPlans } from '../io/loadInputs.js';
import { createProgress, type Progress } from '../io/progress.js';
import { readAllFacts, resolveFactFiles, withEveryTable, withFile, type FactOrigins } from '../io/readFacts.js';
import { ResultWriter } from '../io/writeResults.js';
import { EXIT } from '../exitCodes.js';
import { cliLocale, said } from '../io/cliLocale.js';
import { processIo, type Io } from './shared.js';
import { reportIssues } from './reportIssues.js';

export interface RunOptions extends InputOptions {
  licenseKey: string;
  /** How much HyperFormula cross-checks: full, sample (default) or off. */
  verify?: VerifyMode;
  out: string;
  excelIt?: boolean;
  /** The statements' language (explanations in lines.csv), Italian when not given; the printed issues' when given. */
  locale?: Locale;
  trace: boolean;
  explain: boolean;
  progress?: boolean;
  batchSize?: number;
  workers?: number;
  quiet?: boolean;
}

export interface InputOptions {
  plan: string[];
  schema: string;
  partners: string;
  facts: string[];
  period: string;
  licenseKey?: string;
}

export interface LoadedInputs {
  input: RunInput;
  /** The valid partners and plans, typed (RunInput also accepts raw ones). */
  partners: Partner[];
  plans: Plan[];
  origins: FactOrigins;
  /** Issues of the fact schema, plans and partners (warnings, or errors of single partners left out). */
  issues: Issue[];
}

/**
 * Loads everything a run reads. Returns an exit code instead when the fact schema or a plan is invalid: nothing can
 * be computed then. Bad partners only leave themselves out: each gets a blocked statement saying why.
 */
export async function loadRunInputs(options: InputOptions, io: Io, progress: Progress): Promise<LoadedInputs | number> {
  const { schema, issues: schemaIssues } = await loadFactSchema(options.schema);
  if (!schema) {
    reportIssues(schemaIssues, io);
    return EXIT.issues;
  }
  const { plans, issues: planIssues } = await loadPlans(options.plan, schema);
  if (hasErrors(planIssues) || plans.length === 0) {
    reportIssues(planIssues, io);
    if (plans.length === 0 && !hasErrors(planIssues)) io.err(said({ en: 'no plan to run\n', it: 'nessun piano da eseguire\n' }));
    io.err(said({ en: 'the run did not start: fix the plans first (provvigo validate shows every issue)\n', it: "l'esecuzione non è partita: correggi prima i piani (provvigo validate mostra ogni problema)\n" }));
    return EXIT.issues;
  }
  const { partners, issues: partnerIssues, invalid } = await loadPartners(options.partners, schema);
  const period = await loadPeriod(options.period);
  const files = await resolveFactFiles(options.facts, schema);
  const { facts, origins, rejected } = await readAllFacts(files, schema, (f, _n, bytes, size) => progress.update(said({ en: `reading ${f.table}`, it: `lettura di ${f.table}` }), bytes, size || 1));
  progress.done();
  withEveryTable(facts, schema);
  const extra = { ...(rejected.length > 0 ? { rejected } : {}), ...(invalid.length > 0 ? { invalidPartners: invalid } : {}) };
  return { input: { period, plans, partners, factSchema: schema, facts, ...extra }, partners, plans, origins, issues: [...schemaIssues, ...planIssues, ...partnerIssues] };
}

/** `provvigo run`: plans + partners + facts → statements (JSON and CSV, with traces) in an output folder. */
export async function run(options: RunOptions, io: Io = processIo): Promise<number> {
  const progress = createProgress({ enabled: Boolean(options.progress) || Boolean(process.stderr.isTTY) });
  const loaded = await loadRunInputs(options, io, progress);
  if (typeof loaded === 'number') return loaded;
  const { input, origins, plans, partners } = loaded;

  const byId = new Map<string, Partner>(partners.map((p) => [p.id, p]));
  // what partners read is Italian unless asked otherwise; what the operator reads follows the CLI (reportIssues)
  const filesLocale = options.locale ?? 'it';
  const components = [...new Set(plans.flatMap((p) => Object.entries(p.payouts).map(([name, payout]) => payout.component ?? name)))];
  const writer = new ResultWriter(options.out, {
    dialect: options.excelIt ? EXCEL_IT_DIALECT : DEFAULT_DIALECT,
    partners: byId,
    components,
    locale: filesLocale,
    ...(options.explain ? { explain: (line) => explainLine(line, filesLocale) } : {}),
  });
  await writer.open();
  let summary: RunSummary | undefined;
  const inputIssues: Issue[] = loaded.issues;
  const calculating = said({ en: 'calculating', it: 'calcolo' });
  const evaluateOptions = {
    verify: options.verify ?? 'sample',
    keepTrace: options.trace,
    createHash: nativeSha256,
    ...(options.batchSize ? { batchSize: options.batchSize } : {}),
    onProgress: (done: number, total: number) => progress.update(calculating, done, total),
  };
  try {
    if (options.workers && options.workers > 1) {
      // A worker-thread pool over partner partitions; merged results are byte-identical to one thread.
      progress.update(said({ en: `calculating on ${options.workers} workers`, it: `calcolo su ${options.workers} worker` }), 0, 1);
      const result = await evaluateParallel(input, evaluateOptions, { workers: options.workers, collect: true, licenseKey: options.licenseKey });
      summary = result.summary;
      for (const json of result.statements ?? []) writer.statement(readStatement(json), json);
    } else {
      const formulaEngine = hyperFormulaEngine({ licenseKey: options.licenseKey });
      summary = evaluateStreaming(input, { ...evaluateOptions, formulaEngine }, (statement, json) => writer.statement(statement, json));
    }
  } finally {
    progress.done();
  }
  // Core names the record by table and index; the CLI adds the file and line it came from.
  const issues = [...inputIssues, ...summary.issues.map((i) => withFile(i, origins))];
  const written = await writer.close(summary, issues);
  if (!options.quiet) io.out(formatRunSummary(summary, written, partners.length, options.out, cliLocale()));
  reportIssues(issues, io, options.quiet ? 0 : 20, options.locale);
  return hasErrors(issues) ? EXIT.issues : EXIT.ok;
}

const SUMMARY_WORDS = {
  en: {
    period: 'period',
    plans: 'plans',
    counts: (partners: number, statements: number, lines: number) => `partners: ${partners}, statements: ${statements}, lines: ${lines}`,
    total: 'total',
    verified: (engine: string | null, mode: string, lines: number, partners: number, mismatches: number) =>
      engine === null ? `not cross-checked (${mode}): no second formula engine was given` : `cross-checked with ${engine} (${mode}): ${lines} lines of ${partners} partners, ${mismatches} disagreements`,
    perTable: 'records per table (in = used + excluded + rejected):',
    row: (c: { in: number; used: number; excluded: number; rejected: number }) => `in ${c.in}  used ${c.used}  excluded ${c.excluded}  rejected ${c.rejected}`,
    results: 'results',
  },
  it: {
    period: 'periodo',
    plans: 'piani',
    counts: (partners: number, statements: number, lines: number) => `partner: ${partners}, estratti conto: ${statements}, righe: ${lines}`,
    total: 'totale',
    verified: (engine: string | null, mode: string, lines: number, partners: number, mismatches: number) =>
      engine === null ? `non verificato (${mode}): nessun secondo motore di formule` : `verificato con ${engine} (${mode}): ${lines} righe di ${partners} partner, ${mismatches} discordanze`,
    perTable: 'record per tabella (letti = usati + esclusi + scartati):',
    row: (c: { in: number; used: number; excluded: number; rejected: number }) => `letti ${c.in}  usati ${c.used}  esclusi ${c.excluded}  scartati ${c.rejected}`,
    results: 'risultati',
  },
} as const;

/**
 * The summary printed after a run, in the CLI's language (`locale`): partners, lines, totals, nothing-lost counts per
 * table, and where results are. The statements and the issues follow the run's `--locale` instead.
 */
export function formatRunSummary(summary: RunSummary, written: Record<string, unknown>, partnerCount: number, out: string, locale: Locale): string {
  const w = SUMMARY_WORDS[locale];
  const lines: string[] = [];
  lines.push(`${w.period} ${summary.period.id} (${summary.period.start} … ${summary.period.end})`);
  lines.push(`${w.plans}: ${summary.plans.map((p) => `${p.id} v${p.version}`).join(', ')}`);
  lines.push(w.counts(partnerCount, written.statements as number, written.lines as number));
  for (const [currency, total] of Object.entries(summary.totals)) lines.push(`${w.total} ${currency}: ${formatMoney(total, currency, locale)}`);
  const v = summary.verify;
  if (v && v.mode !== 'off') lines.push(w.verified(v.engine, v.mode, v.lines, v.partners.length, v.mismatches));
  lines.push(w.perTable);
  const width = Math.max(5, ...Object.keys(summary.counts).map((t) => t.length));
  for (const [table, c] of Object.entries(summary.counts)) {
    const excluded = Object.entries(c.excludedBy).map(([why, n]) => `${why}: ${n}`).join(', ');
    lines.push(`  ${table.padEnd(width)}  ${w.row(c)}${excluded ? `  (${excluded})` : ''}`);
  }
  lines.push(`${w.results}: ${out}/ (statements.json, lines.csv, statements.csv, issues.csv, summary.json)`);
  return lines.join('\n') + '\n';
}
