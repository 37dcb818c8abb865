/**
 * The documentation is tested like code: the committed JSON Schema files are what the zod schemas give today, every
 * plan and run example of docs/plan-reference.md parses and evaluates to the amounts it states, every formula of
 * the function table parses and translates to its Italian form, and the trace example of docs/trace.md is real
 * engine output.
 */
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { schemaFiles } from '../scripts/schemaFiles.js';
import {
  FUNCTIONS,
  FactSchemaSchema,
  IssueCodeSchema,
  LineTraceSchema,
  TraceBandSchema,
  TraceCellSchema,
  TraceInputSchema,
  TraceLookupSchema,
  TraceRoundingSchema,
  evaluate,
  explain,
  parseFormula,
  parsePlan,
  renderFormula,
  toCanonicalFormula,
  toDotPath,
  roundMoney,
  formatAmount,
  Decimal,
  toLocalizedFormula,
  type FormulaNode,
  type RunInput,
  type RunResult,
} from '../src/index.js';
import * as core from '../src/index.js';
import * as hyperformula from '../src/hyperformula/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');
const reference = read('docs/plan-reference.md');
const traceDoc = read('docs/trace.md');
const readme = read('README.md');

/** Fenced blocks whose info string starts with `lang marker`, with the rest of the info string. */
function blocks(markdown: string, lang: string, marker: string): Array<{ info: string; text: string }> {
  const out: Array<{ info: string; text: string }> = [];
  const re = /^```(\S+)[ \t]*([^\n]*)\n([\s\S]*?)^```/gm;
  for (let m = re.exec(markdown); m; m = re.exec(markdown)) {
    const [, l, info, text] = m;
    if (l === lang && (info!.split(/\s+/)[0] === marker)) out.push({ info: info!.split(/\s+/).slice(1).join(' '), text: text! });
  }
  return out;
}

/** The plan the issue examples of plan-reference.md §11 start from. */
const ISSUE_BASE = {
  id: 'demo', version: 1, name: 'Demo', effectiveFrom: '2026-01-01', currency: 'EUR',
  parameters: { Bonus: { type: 'money', value: '25' } },
  tables: { Rates: { kind: 'lookup', keys: ['category'], columns: { category: { type: 'text' }, Rate: { type: 'number' } }, rows: [{ category: 'LUCE', Rate: '0.012' }] } },
  sheets: {
    Lines: { kind: 'lines', source: 'contracts', columns: { Commission: { formula: '=[@kWh] * RATE(Rates[Rate], [@category])', type: 'money' } } },
    Summary: { kind: 'summary', cells: { Total: { formula: '=SUM(Lines[Commission])', type: 'money' } } },
  },
  payouts: { Commission: { label: 'Commission', sheet: 'Lines', column: 'Commission' } },
};
const ISSUE_FACTS = FactSchemaSchema.parse({
  tables: { contracts: { system: 'salesforce', key: 'id', partner: 'partnerId', date: 'signedDate', columns: { id: { type: 'text' }, partnerId: { type: 'text' }, signedDate: { type: 'date' }, category: { type: 'text' }, kWh: { type: 'number' } } } },
});

interface RunBlock extends RunInput {
  expect?: { totals?: Record<string, string>; lines?: Record<string, string> };
}

function run(block: RunBlock): RunResult {
  const { expect: _e, ...input } = block;
  return evaluate(input);
}

describe('JSON Schema files', () => {
  it('packages/core/schemas/ holds exactly what scripts/write-schemas.ts writes (run it after a schema change)', () => {
    const files = schemaFiles();
    expect(readdirSync(join(root, 'schemas')).sort()).toEqual(Object.keys(files).sort());
    for (const [file, text] of Object.entries(files)) expect(read(`schemas/${file}`), `schemas/${file} is stale`).toBe(text);
  });

  it('the plan schema describes the plan fields and draft 2020-12', () => {
    const plan = JSON.parse(read('schemas/plan.schema.json')) as { $schema: string; properties: Record<string, unknown>; required: string[] };
    expect(plan.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    for (const key of ['id', 'version', 'effectiveFrom', 'currency', 'rounding', 'parameters', 'overrides', 'tables', 'sheets', 'payouts', 'conditions'])
      expect(plan.properties, key).toHaveProperty(key);
    expect(plan.required).toEqual(expect.arrayContaining(['id', 'version', 'name', 'effectiveFrom', 'currency', 'sheets', 'payouts']));
  });
});

describe('docs/plan-reference.md', () => {
  const plans = blocks(reference, 'json', 'plan');
  const runs = blocks(reference, 'json', 'run');

  it('has plan and run examples', () => {
    expect(plans.length).toBeGreaterThanOrEqual(2);
    expect(runs.length).toBeGreaterThanOrEqual(2);
  });

  it.each(plans.map((b, i) => [i + 1, b.text] as const))('plan example %i passes parsePlan', (_i, text) => {
    const r = parsePlan(JSON.parse(text));
    expect(r.issues).toEqual([]);
    expect(r.ok).toBe(true);
  });

  it.each(runs.map((b, i) => [i + 1, b.text] as const))('run example %i evaluates to the amounts it states', (_i, text) => {
    const block = JSON.parse(text) as RunBlock;
    for (const plan of block.plans) expect(parsePlan(plan, { factSchema: block.factSchema }).issues).toEqual([]);
    const result = run(block);
    expect(result.issues.filter((i) => i.severity === 'error')).toEqual([]);
    for (const c of Object.values(result.counts)) expect(c.used + c.excluded + c.rejected).toBe(c.in);
    const totals = Object.fromEntries(result.statements.map((s) => [s.partnerId, s.total]));
    expect(block.expect?.totals).toBeDefined();
    expect(totals).toEqual(block.expect!.totals);
    const lines = new Map(result.statements.flatMap((s) => s.lines).map((l) => [l.id, l.amount]));
    for (const [id, amount] of Object.entries(block.expect?.lines ?? {})) expect(lines.get(id), id).toBe(amount);
  });

  it.each(blocks(reference, 'json', 'rejects').map((b, i) => [i + 1, b.text] as const))('rejection example %i rejects exactly the records it states, each with one issue on its field', (_i, text) => {
    const block = JSON.parse(text) as RunBlock & { expect: { rejected: Record<string, string>; blocked: string[] } };
    const result = run(block);
    const recordIssues = result.issues.filter((i) => i.record);
    expect(Object.fromEntries(recordIssues.map((i) => [i.record!.id, i.field]))).toEqual(block.expect.rejected);
    expect(recordIssues).toHaveLength(Object.keys(block.expect.rejected).length);
    for (const c of Object.values(result.counts)) expect(c.used + c.excluded + c.rejected).toBe(c.in);
    expect(Object.fromEntries(result.statements.map((s) => [s.partnerId, s.total]))).toEqual(block.expect.totals);
    expect(result.statements.filter((s) => s.blocked).map((s) => s.partnerId)).toEqual(block.expect.blocked);
    const c3 = recordIssues.find((i) => i.record!.id === 'C-3');
    if (c3) expect(reference).toContain(`The issue of C-3, in Italian: \`${c3.messages!.it}\``);
  });

  it('the partner-attributes example shows the issue of a record of the rejected partner as the run words it', () => {
    const block = JSON.parse(blocks(reference, 'json', 'rejects')[0]!.text) as RunBlock;
    const c2 = run(block).issues.filter((i) => i.record?.id === 'C-2');
    expect(c2.map((i) => i.field)).toEqual(['partnerId']);
    expect(reference).toContain(`The issue of C-2 names where AGT-2's defect is (the CLI adds the partners file before the record):\n\`${c2[0]!.messages!.en}\``);
  });

  it('the explain example is what explain() prints', () => {
    const block = JSON.parse(runs[0]!.text) as RunBlock;
    const line = run(block).statements.flatMap((s) => s.lines).find((l) => l.id === 'agency-demo:Commission:C-2001')!;
    const shown = /`explain` of the first line of AGT-7 \(language `en`\):\n\n```text\n([\s\S]*?)```/.exec(reference)?.[1];
    expect(shown?.trimEnd()).toBe(explain(line, 'en'));
  });

  const table = reference.slice(reference.indexOf('<!-- functions:start -->'), reference.indexOf('<!-- functions:end -->'));
  const rows = table
    .split('\n')
    .filter((l) => l.startsWith('| `'))
    .map((l) => l.split(' | ').map((c) => c.replace(/^\|?\s*`?|`?\s*\|?$/g, '')));

  it('the function table lists every function of FUNCTIONS once, with its Italian name', () => {
    expect(rows.map((r) => r[0]).sort()).toEqual(Object.keys(FUNCTIONS).sort());
    for (const [fn, it] of rows) expect(it, fn).toBe(FUNCTIONS[fn!]!.it);
  });

  it.each(rows.map((r) => [r[0]!, r[3]!, r[4]!] as const))('%s: the example parses, calls it, and reads the same in Italian', (fn, example, italian) => {
    const ast = parseFormula(example);
    const called = new Set<string>();
    const visit = (n: FormulaNode) => {
      if (n.k === 'call') {
        called.add(n.fn);
        n.args.forEach(visit);
      } else if (n.k === 'unary' || n.k === 'percent') visit(n.arg);
      else if (n.k === 'binary') {
        visit(n.left);
        visit(n.right);
      }
    };
    visit(ast);
    expect(called.has(fn)).toBe(true);
    expect(toLocalizedFormula(example, 'it')).toBe(italian);
    expect(toCanonicalFormula(italian, 'it')).toBe(`=${renderFormula(ast)}`);
  });

  it('the Italian input example translates as shown', () => {
    expect(toCanonicalFormula('=SE([@kWh]>1000,5;TARIFFA(Tariffe[Rate];[@category];[@territory]);0,5)', 'it')).toBe(
      '=IF([@kWh]>1000.5, RATE(Tariffe[Rate], [@category], [@territory]), 0.5)',
    );
    expect(reference).toContain("// → '=IF([@kWh]>1000.5, RATE(Tariffe[Rate], [@category], [@territory]), 0.5)'");
    expect(toLocalizedFormula('=IF([@kWh] > 1000.5, RATE(Rates[Rate], [@category], [@territory]), 0.5)', 'it')).toBe(
      '=SE([@kWh]>1000,5; TARIFFA(Rates[Rate]; [@category]; [@territory]); 0,5)',
    );
    expect(reference).toContain("// → '=SE([@kWh]>1000,5; TARIFFA(Rates[Rate]; [@category]; [@territory]); 0,5)'");
  });

  it('the rounding table is what roundMoney does', () => {
    const rows = reference.split('\n').filter((l) => /^\| `(halfUp|halfEven|down|up)`/.test(l));
    expect(rows).toHaveLength(4);
    const header = reference.split('\n').find((l) => l.startsWith('| mode | rule |'))!;
    const inputs = header.split('|').slice(3, 6).map((c) => c.trim().replace(' →', '').replace('−', '-'));
    for (const row of rows) {
      const cells = row.split('|').map((c) => c.trim());
      const mode = /`(\w+)`/.exec(cells[1]!)![1] as 'halfUp';
      inputs.forEach((x, i) => expect(formatAmount(roundMoney(new Decimal(x), 2, mode), 2), `${mode} ${x}`).toBe(cells[3 + i]!.replace('−', '-')));
    }
  });

  it('the plan issue examples are real messages and paths', () => {
    const base = () => structuredClone(ISSUE_BASE) as Record<string, any>;
    const cases: Array<(p: Record<string, any>) => void> = [
      (p) => void (p.currency = 'euro'),
      (p) => void (p.sheets.Lines.columns.Commission.formula = '=[@kwh] * 0.01'),
      (p) => void (p.sheets.Summary.cells.Total.formula = '=SUM(Lines[Commission]) + Bonsu'),
      (p) => void (p.overrides = { P1: { Bonsu: '30' } }),
      (p) => void (p.payouts.Commission.column = 'Comission'),
      (p) => Object.assign(p.sheets.Summary.cells, { A: { formula: '=B + 1' }, B: { formula: '=A * 2' } }),
      (p) => void (p.sheets.Summary.cells.Total.formula = '=Lines[Commission] * 2'),
      (p) => void (p.sheets.Lines.columns.Commission.formula = '=[@category] * 2'),
      (p) => void (p.sheets.Lines.columns.Commission.formula = '=[@kWh] * (0.01'),
      (p) => void (p.sheets.Lines.columns.Commission.formula = '=RATE(Rates[Rate], [@category], [@kWh])'),
      (p) => void (p.sheets.Lines.columns.Commission.formula = '=OFFSET([@kWh], 1, 0)'),
      (p) => void (p.sheets.Lines.columns.Commission.formula = `=${'1+'.repeat(1100)}1`),
      (p) => void p.tables.Rates.rows.push({ category: 'GAS' }),
      (p) => void p.tables.Rates.rows.push({ category: 'LUCE', Rate: '0.02' }),
    ];
    for (const edit of cases) {
      const plan = base();
      edit(plan);
      const r = parsePlan(plan, { factSchema: ISSUE_FACTS });
      expect(r.ok).toBe(false);
      const i = r.issues[0]!;
      expect(reference, `${i.code}: ${i.message}`).toContain(`| \`${i.code}\` | \`${i.message}\` | \`${toDotPath(i.path)}\` |`);
    }
  });

  it('documents every issue code', () => {
    for (const code of IssueCodeSchema.options) expect(reference, code).toContain(`\`${code}\``);
  });
});

describe('docs/trace.md', () => {
  it('documents every field of the trace', () => {
    for (const schema of [LineTraceSchema, TraceCellSchema, TraceInputSchema, TraceBandSchema, TraceLookupSchema, TraceRoundingSchema])
      for (const key of Object.keys(schema.shape)) expect(traceDoc, key).toContain(`\`${key}\``);
  });

  it('its examples are real engine output for the reference example', () => {
    const block = JSON.parse(blocks(reference, 'json', 'run')[0]!.text) as RunBlock;
    const lines = run(block).statements.flatMap((s) => s.lines);
    const examples = blocks(traceDoc, 'json', 'trace');
    expect(examples.length).toBeGreaterThanOrEqual(2);
    for (const ex of examples) {
      const line = lines.find((l) => l.id === ex.info);
      expect(line, ex.info).toBeDefined();
      expect(JSON.parse(ex.text)).toEqual(JSON.parse(JSON.stringify(line!.trace)));
      expect(LineTraceSchema.safeParse(JSON.parse(ex.text)).success).toBe(true);
    }
    // §5: a statement's first trace group, as its canonical JSON holds it
    const groups = blocks(traceDoc, 'json', 'group');
    expect(groups.length).toBe(1);
    for (const ex of groups) {
      const statement = run(block).statements.find((s) => s.partnerId === ex.info);
      expect(statement, ex.info).toBeDefined();
      expect(JSON.parse(ex.text)).toEqual((JSON.parse(core.statementJson(statement!)) as { traces: unknown[] }).traces[0]);
    }
    // §5: the same statement's lines, as columns
    const lineBlocks = blocks(traceDoc, 'json', 'lines');
    expect(lineBlocks.length).toBe(1);
    for (const ex of lineBlocks) {
      const statement = run(block).statements.find((s) => s.partnerId === ex.info);
      expect(statement, ex.info).toBeDefined();
      expect(JSON.parse(ex.text)).toEqual((JSON.parse(core.statementJson(statement!)) as { lines: unknown }).lines);
    }
    for (const ex of [...blocks(traceDoc, 'text', 'explain-it'), ...blocks(traceDoc, 'text', 'explain-en')]) {
      const line = lines.find((l) => l.id === ex.info);
      expect(line, ex.info).toBeDefined();
      const locale = traceDoc.includes(`\`\`\`text explain-it ${ex.info}\n${ex.text}`) ? 'it' : 'en';
      expect(ex.text.trimEnd()).toBe(explain(line!, locale));
    }
  });
});

describe('README.md', () => {
  it('links the docs and schemas that exist', () => {
    for (const m of readme.matchAll(/\]\((\.\/)?((docs|schemas)\/[^)#]+)\)/g)) expect(() => read(m[2]!), m[2]).not.toThrow();
    expect(readme).toContain('docs/plan-reference.md');
    expect(readme).toContain('docs/trace.md');
  });

  it('every function and schema its API section names is exported by core', () => {
    const api = readme.slice(readme.indexOf('## API'), readme.indexOf('## Licence'));
    // type-only names (and the fields the README names next to them) do not exist at run time
    const types = new Set(['Plan', 'PlanInput', 'Partner', 'PartnerInput', 'FiscalProfileId', 'FiscalProfileSettings', 'fiscalProfile', 'fiscalSettings', 'RunResult', 'StatementLine', 'LineTrace', 'Issue', 'Hasher', 'RunSummary', 'Money', 'MoneySpec', 'FormulaEngine', 'VerifyMode', 'TraceGroup', 'TrustProxy']);
    const names = [...api.matchAll(/`([A-Za-z_][A-Za-z0-9_]*)(?=[(`])/g)].map((m) => m[1]!).filter((n) => !types.has(n));
    expect(names.length).toBeGreaterThan(80);
    const missing = names.filter((n) => !(n in core) && !(n in hyperformula) && !['evaluate', 'json', 'it', 'en', 'sink', 'partition', 'verify', 'hyperformula', 'dispose'].includes(n));
    expect(missing).toEqual([]);
  });

  it('its example runs and prints what it says', async () => {
    const code = blocks(readme, 'ts', 'example')[0]?.text;
    expect(code, 'a ```ts example block').toBeDefined();
    const said = /```text output\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(said, 'a ```text output block').toBeDefined();
    // Run the example as written (importing core's sources instead of the published package) and capture its output.
    const file = join(root, 'tests', `.readme-example-${process.pid}.tmp.ts`);
    writeFileSync(file, code!.replace(/from '@provvigo\/core'/g, "from '../src/index.js'"));
    const printed: string[] = [];
    const spy = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void printed.push(args.join(' ')));
    try {
      await import(/* @vite-ignore */ file);
    } finally {
      spy.mockRestore();
      rmSync(file, { force: true });
    }
    expect(printed.join('\n')).toBe(said!.trimEnd());
  });
});
