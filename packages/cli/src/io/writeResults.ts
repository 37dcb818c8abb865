/**
 * Writes a run's results into an output folder as statements arrive, so a large run never holds its CSV text in
 * memory: `statements.json` (one statement per line inside a JSON array, traces included), `lines.csv`,
 * `statements.csv`, `issues.csv`, `issues.json` and `summary.json`.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { csvWriter, ownValue, type CsvColumn, type CsvDialect, type Issue, type Locale, type Partner, type RunSummary, type Statement, type StatementLine } from '@provvigo/core';

/** Excel refuses cells longer than 32,767 characters; longer traces are only in statements.json. */
const EXCEL_CELL_LIMIT = 32_000;

export const OUTPUT_FILES = {
  statementsJson: 'statements.json',
  linesCsv: 'lines.csv',
  statementsCsv: 'statements.csv',
  issuesCsv: 'issues.csv',
  issuesJson: 'issues.json',
  summary: 'summary.json',
} as const;

/**
 * A buffered file written with synchronous writes: core hands statements over synchronously, so synchronous writes
 * keep the output in order and the memory bounded (no stream buffer growing behind a fast producer).
 */
class Sink {
  private buffer = '';
  private readonly fd: number;
  constructor(path: string) {
    this.fd = openSync(path, 'w');
  }
  write(text: string): void {
    this.buffer += text;
    if (this.buffer.length >= 1 << 16) this.flush();
  }
  private flush(): void {
    if (this.buffer !== '') writeSync(this.fd, this.buffer);
    this.buffer = '';
  }
  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}

export interface ResultWriterOptions {
  dialect: CsvDialect;
  partners: ReadonlyMap<string, Partner>;
  /** Payout components in column order for statements.csv. */
  components: readonly string[];
  /** Locale of the explanation column of lines.csv. */
  locale: Locale;
  /** Renders a line's derivation (core `explain`); empty when not wanted. */
  explain?: (line: StatementLine) => string[];
}

interface LineRow {
  statement: Statement;
  line: StatementLine;
}

export function issueColumns(): CsvColumn<Issue>[] {
  return [
    { header: 'severity', value: (i) => i.severity },
    { header: 'code', value: (i) => i.code },
    { header: 'message', value: (i) => i.message },
    { header: 'file', value: (i) => i.file },
    { header: 'partnerId', value: (i) => i.partnerId },
    { header: 'planId', value: (i) => i.planId },
    { header: 'table', value: (i) => i.record?.table },
    { header: 'recordId', value: (i) => i.record?.id },
    { header: 'field', value: (i) => i.field },
    { header: 'sheet', value: (i) => i.sheet },
    { header: 'row', kind: 'number', value: (i) => i.row },
    { header: 'column', value: (i) => i.column },
    { header: 'path', value: (i) => i.path.join('.') },
  ];
}

export class ResultWriter {
  readonly dir: string;
  private readonly options: ResultWriterOptions;
  private json!: Sink;
  private lines!: Sink;
  private statements!: Sink;
  private first = true;
  private readonly lineFmt: ReturnType<typeof csvWriter<LineRow>>;
  private readonly statementFmt: ReturnType<typeof csvWriter<Statement>>;
  readonly issues: Issue[] = [];
  statementCount = 0;
  lineCount = 0;

  constructor(dir: string, options: ResultWriterOptions) {
    this.dir = dir;
    this.options = options;
    const name = (id: string) => options.partners.get(id)?.name;
    this.lineFmt = csvWriter<LineRow>(
      [
        { header: 'period', value: (r) => r.statement.period },
        { header: 'partnerId', value: (r) => r.line.partnerId },
        { header: 'partnerName', value: (r) => name(r.line.partnerId) },
        { header: 'planId', value: (r) => r.line.planId },
        { header: 'planVersion', kind: 'number', value: (r) => r.line.planVersion },
        { header: 'payout', value: (r) => r.line.payout },
        { header: 'component', value: (r) => r.line.component },
        { header: 'label', value: (r) => r.line.label },
        { header: 'sheet', value: (r) => r.line.sheet },
        { header: 'row', kind: 'number', value: (r) => r.line.row },
        { header: 'sourceSystem', value: (r) => r.line.source?.system },
        { header: 'sourceTable', value: (r) => r.line.source?.table },
        { header: 'sourceId', value: (r) => r.line.source?.id },
        { header: 'currency', value: (r) => r.line.currency },
        { header: 'amount', kind: 'number', value: (r) => r.line.amount },
        { header: 'status', value: (r) => r.line.status },
        { header: 'issues', value: (r) => r.line.issues.map((i) => i.message).join('; ') },
        { header: 'explanation', value: (r) => (options.explain ? options.explain(r.line).join('\n') : '') },
        {
          header: 'trace',
          value: (r) => {
            const t = JSON.stringify(r.line.trace);
            return t.length > EXCEL_CELL_LIMIT ? `(longer than an Excel cell: see ${OUTPUT_FILES.statementsJson})` : t;
          },
        },
      ],
      { dialect: options.dialect },
    );
    this.statementFmt = csvWriter<Statement>(
      [
        { header: 'period', value: (s) => s.period },
        { header: 'partnerId', value: (s) => s.partnerId },
        { header: 'partnerName', value: (s) => name(s.partnerId) },
        { header: 'kind', value: (s) => options.partners.get(s.partnerId)?.kind },
        { header: 'currency', value: (s) => s.currency },
        { header: 'total', kind: 'number', value: (s) => s.total },
        // own entries only: a component is the plan's name ("toString" would read Object.prototype's method)
        ...options.components.map((c) => ({ header: c, kind: 'number' as const, value: (s: Statement) => ownValue(s.byComponent, c) ?? '0' })),
        { header: 'lines', kind: 'number', value: (s) => s.lines.length },
        { header: 'blocked', value: (s) => (s.blocked ? 'yes' : 'no') },
        { header: 'issues', kind: 'number', value: (s) => s.issues.length + s.lines.reduce((n, l) => n + l.issues.length, 0) },
      ],
      { dialect: options.dialect },
    );
  }

  async open(): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    this.json = new Sink(join(this.dir, OUTPUT_FILES.statementsJson));
    this.lines = new Sink(join(this.dir, OUTPUT_FILES.linesCsv));
    this.statements = new Sink(join(this.dir, OUTPUT_FILES.statementsCsv));
    this.json.write('[\n');
    this.lines.write(this.lineFmt.header);
    this.statements.write(this.statementFmt.header);
  }

  /** Writes one statement to every output; synchronous, so statements stay in the order core hands them over. */
  statement(s: Statement, json: string = JSON.stringify(s)): void {
    // Core's own JSON of the statement (the bytes its digest, and so the run's output hash, is computed over): the
    // same bytes whichever way the statement was computed, on one thread or a pool.
    this.json.write((this.first ? '' : ',\n') + json);
    this.first = false;
    for (const line of s.lines) this.lines.write(this.lineFmt.line({ statement: s, line }));
    this.statements.write(this.statementFmt.line(s));
    this.statementCount += 1;
    this.lineCount += s.lines.length;
  }

  /** Closes the streams and writes the issues and the summary. Returns the summary written. */
  async close(summary: RunSummary | undefined, issues: readonly Issue[]): Promise<Record<string, unknown>> {
    this.json.write(this.first ? ']\n' : '\n]\n');
    this.json.close();
    this.lines.close();
    this.statements.close();
    const fmt = csvWriter(issueColumns(), { dialect: this.options.dialect });
    await writeFile(join(this.dir, OUTPUT_FILES.issuesCsv), fmt.header + issues.map(fmt.line).join(''));
    await writeFile(join(this.dir, OUTPUT_FILES.issuesJson), JSON.stringify(issues, null, 1) + '\n');
    const byCode: Record<string, number> = {};
    for (const i of issues) byCode[`${i.severity}:${i.code}`] = (byCode[`${i.severity}:${i.code}`] ?? 0) + 1;
    const out = {
      period: summary?.period,
      plans: summary?.plans,
      statements: this.statementCount,
      lines: this.lineCount,
      totals: summary?.totals ?? {},
      counts: summary?.counts ?? {},
      issues: { errors: issues.filter((i) => i.severity === 'error').length, warnings: issues.filter((i) => i.severity === 'warning').length, byCode },
      inputHash: summary?.inputHash,
      outputHash: summary?.outputHash,
      /** SHA-256 of each statement's line in statements.json, in partner order. */
      statementDigests: summary?.statementDigests ?? [],
      files: Object.fromEntries(Object.entries(OUTPUT_FILES).map(([k, f]) => [k, f])),
    };
    await writeFile(join(this.dir, OUTPUT_FILES.summary), JSON.stringify(out, null, 2) + '\n');
    return out;
  }
}
