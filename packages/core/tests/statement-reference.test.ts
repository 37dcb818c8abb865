/**
 * docs/statement-reference.md is tested like code: its scenario is booked and every figure it states (derived by hand
 * in the text) must come out; its agreements example parses and pays what the text says; every field of the period
 * statement schema is explained on the page; and the JSON Schema files it links exist.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { bookPeriod, reconciliationProblems, statementMovements } from '../src/ledger/index.js';
import { AgreementSchema, PeriodStatementSchema, type LedgerEntry, type PeriodStatement } from '../src/schema/ledger.js';
import { ConditionsSchema } from '../src/schema/plan.js';
import { line, period, statement } from './ledger-fixtures.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const doc = readFileSync(join(root, 'docs/statement-reference.md'), 'utf8');

function blocks(marker: string): Array<{ args: string[]; json: unknown }> {
  const out: Array<{ args: string[]; json: unknown }> = [];
  const re = /^```json[ \t]+(\S+)([^\n]*)\n([\s\S]*?)^```/gm;
  for (let m = re.exec(doc); m; m = re.exec(doc)) {
    if (m[1] === marker) out.push({ args: m[2]!.trim().split(/\s+/).filter(Boolean), json: JSON.parse(m[3]!) });
  }
  return out;
}

const ScenarioSchema = z.object({
  conditions: ConditionsSchema,
  periods: z.array(z.string()),
  lines: z.array(z.object({ id: z.string(), partnerId: z.string(), period: z.string(), amount: z.string(), contract: z.string(), sold: z.string() })),
  events: z.array(z.object({ id: z.string(), subject: z.string(), type: z.string(), date: z.string() })),
});

function bookAll(args: { periods: string[]; partners: string[]; linesOf: (partner: string, p: string) => ReturnType<typeof line>[]; conditions?: z.infer<typeof ConditionsSchema>; events?: Array<{ id: string; subject: string; type: string; date: string }>; links?: Record<string, { subject: string; date: string }>; agreements?: unknown[] }) {
  let ledger: LedgerEntry[] = [];
  const out = new Map<string, PeriodStatement>();
  for (const p of args.periods) {
    const r = bookPeriod({
      runId: `run-${p}`,
      period: period(p),
      statements: args.partners.map((id) => statement(id, p, args.linesOf(id, p))),
      conditions: args.conditions ? { energy: args.conditions } : {},
      events: (args.events ?? []).map((e) => ({ ...e, table: 'serviceEvents' })),
      links: args.links ?? {},
      agreements: (args.agreements ?? []) as never,
      ledger,
    });
    ledger = [...ledger, ...r.entries];
    for (const s of r.statements) out.set(`${s.partnerId} ${s.period}`, s);
  }
  return out;
}

describe('docs/statement-reference.md', () => {
  it('books the worked example to the figures the page derives by hand', () => {
    const [scenarioBlock] = blocks('ledger-scenario');
    const sc = ScenarioSchema.parse(scenarioBlock!.json);
    const out = bookAll({
      periods: sc.periods,
      partners: ['P1'],
      linesOf: (partner, p) => sc.lines.filter((l) => l.partnerId === partner && l.period === p).map((l) => line({ id: l.id, partnerId: partner, period: p, amount: l.amount, sourceId: `S-${l.contract}` })),
      conditions: sc.conditions,
      events: sc.events,
      links: Object.fromEntries(sc.lines.map((l) => [l.id, { subject: l.contract, date: l.sold }])),
    });
    const examples = blocks('statement-example');
    expect(examples.length).toBe(sc.periods.length);
    for (const ex of examples) {
      const s = out.get(ex.args.join(' '));
      expect(s, ex.args.join(' ')).toBeDefined();
      expect(s).toMatchObject(ex.json as object);
      expect(reconciliationProblems(statementMovements(s!))).toEqual([]);
    }
  });

  it('the agreements example parses and pays what the page says per month', () => {
    const [agreements] = blocks('agreements-example');
    const parsed = z.array(AgreementSchema).parse(agreements!.json);
    const amounts: Record<string, string> = { '2026-01': '400.00', '2026-02': '500.00', '2026-03': '100.00', '2026-04': '300.00', '2026-05': '600.00' };
    const out = bookAll({
      periods: Object.keys(amounts),
      partners: ['P2', 'P3'],
      linesOf: (partner, p) => [line({ id: `${partner}-${p}`, partnerId: partner, period: p, amount: amounts[p]!, sourceId: null })],
      agreements: parsed,
    });
    const examples = blocks('agreement-example');
    expect(examples.map((e) => e.args[0])).toEqual(['P2', 'P3']);
    for (const ex of examples) {
      for (const [p, payable] of Object.entries(ex.json as Record<string, string>)) expect(out.get(`${ex.args[0]} ${p}`)?.payable, `${ex.args[0]} ${p}`).toBe(payable);
    }
  });

  it('explains every field of the period statement, including every total', () => {
    const shape = PeriodStatementSchema.shape;
    const fields = [
      ...Object.keys(shape),
      ...Object.keys(shape.totals.shape).map((k) => `totals.${k}`),
      ...Object.keys(shape.carryForward.shape).map((k) => `carryForward.${k}`),
      ...Object.keys(shape.reserve.shape).map((k) => `reserve.${k}`),
    ];
    const missing = fields.filter((f) => !doc.includes(`\`${f}\``) && !doc.includes(`\`${f.split('.').pop()}\``));
    expect(missing).toEqual([]);
    for (const k of Object.keys(AgreementSchema.shape)) expect(doc, `agreement field ${k}`).toContain(`\`${k}\``);
  });

  it('links only schema files that exist', () => {
    for (const m of doc.matchAll(/\]\(\.\.\/(schemas\/[^)]+)\)/g)) expect(existsSync(join(root, m[1]!)), m[1]).toBe(true);
  });
});
