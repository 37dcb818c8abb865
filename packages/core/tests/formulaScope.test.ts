/**
 * Issue 12 §4, formula scope: `Partner[field]` reads the partner's own fields and declared attributes, `ISBLANK`
 * tests for a missing value, `PAYOUTS()` sums the plan's payouts so a cap cannot go stale when a payout is added, and
 * a formula that does not parse is reported once, at its real cause. Expected amounts are worked out by hand in the
 * comments next to them.
 */
import { describe, expect, it } from 'vitest';
import { evaluate, parseFactSchema, parsePlan, type FactSchemaInput, type PartnerInput, type PlanInput, type RunInput } from '../src/index.js';

const factSchema: FactSchemaInput = {
  partnerAttributes: { mandate: { type: 'text', enum: ['mono', 'multi'] }, years: { type: 'integer', required: false } },
  tables: {
    contracts: {
      key: 'id', partner: 'partnerId', date: 'signedDate',
      columns: {
        id: { type: 'text' }, partnerId: { type: 'text' }, signedDate: { type: 'date' }, kWh: { type: 'number' },
        promoCode: { type: 'text', required: false }, extra: { type: 'number', required: false },
      },
    },
  },
};

const partners: PartnerInput[] = [
  { id: 'AGT-1', name: 'Rossi', kind: 'agent', territory: 'Lazio', attributes: { mandate: 'mono', years: 2 } },
  { id: 'AGT-2', name: 'Bianchi', kind: 'agent', territory: 'Puglia', attributes: { mandate: 'multi' } },
];

/** A plan: commission 0.01 per kWh on every contract, and the monthly cap of 15.00 over PAYOUTS(). */
function plan(extra: { cells?: Record<string, unknown>; payouts?: Record<string, unknown>; commission?: string } = {}): PlanInput {
  return {
    id: 'scope', version: 1, name: 'Scope', effectiveFrom: '2026-01-01', currency: 'EUR',
    parameters: { MonthlyCap: { type: 'money', value: '15' } },
    tables: {
      Rates: { kind: 'lookup', keys: ['territory'], columns: { territory: { type: 'text' }, Rate: { type: 'number' } }, rows: [{ territory: 'Lazio', Rate: '0.01' }, { territory: 'Puglia', Rate: '0.02' }] },
    },
    sheets: {
      Lines: { kind: 'lines', source: 'contracts', columns: { Commission: { formula: extra.commission ?? '=[@kWh] * 0.01', type: 'money' } } },
      Summary: { kind: 'summary', cells: { Cap: { formula: '=-MAX(0, PAYOUTS() - MonthlyCap)', type: 'money' }, ...(extra.cells ?? {}) } },
    },
    payouts: {
      Commission: { label: 'Commission', sheet: 'Lines', column: 'Commission' },
      Cap: { label: 'Monthly cap', sheet: 'Summary', cell: 'Cap' },
      ...(extra.payouts ?? {}),
    },
  } as PlanInput;
}

const contracts = [
  { id: 'C-1', partnerId: 'AGT-1', signedDate: '2026-10-02', kWh: '1000' },
  { id: 'C-2', partnerId: 'AGT-1', signedDate: '2026-10-09', kWh: '1000', promoCode: 'ECO26', extra: '0' },
  { id: 'C-3', partnerId: 'AGT-2', signedDate: '2026-10-12', kWh: '500' },
];

function run(p: PlanInput): ReturnType<typeof evaluate> {
  const input: RunInput = { period: { id: '2026-10', start: '2026-10-01', end: '2026-10-31' }, plans: [p], partners, factSchema, facts: { contracts } };
  return evaluate(input);
}
const amounts = (r: ReturnType<typeof evaluate>, partner: string) =>
  Object.fromEntries(r.statements.find((s) => s.partnerId === partner)!.lines.map((l) => [l.id.replace(/^scope:/, ''), l.amount]));

const schema = (() => {
  const r = parseFactSchema(factSchema);
  if (!r.ok) throw new Error('bad fixture');
  return r.factSchema;
})();
const issuesOf = (formula: string) => {
  const r = parsePlan(plan({ commission: formula }), { factSchema: schema });
  return r.ok ? [] : r.issues;
};

describe('formula scope (issue 12 §4)', () => {
  it('PAYOUTS() takes in a payout added later, without editing the cap', () => {
    // AGT-1: 1,000 + 1,000 kWh × 0.01 = 20.00 of commission; over the cap of 15.00 by 5.00.
    expect(amounts(run(plan()), 'AGT-1')).toEqual({ 'Commission:C-1': '10.00', 'Commission:C-2': '10.00', 'Cap:AGT-1': '-5.00' });
    // A flat bonus of 10.00 added as a new payout: PAYOUTS() = 30.00, the same cap formula now takes back 15.00.
    const withBonus = plan({ cells: { Bonus: { formula: '=10', type: 'money' } }, payouts: { Bonus: { label: 'Bonus', sheet: 'Summary', cell: 'Bonus' } } });
    const r = run(withBonus);
    expect(amounts(r, 'AGT-1')).toEqual({ 'Commission:C-1': '10.00', 'Commission:C-2': '10.00', 'Bonus:AGT-1': '10.00', 'Cap:AGT-1': '-15.00' });
    // AGT-2: 500 × 0.01 = 5.00 + 10.00 = 15.00, exactly the cap: nothing taken back.
    expect(amounts(r, 'AGT-2')).toEqual({ 'Commission:C-3': '5.00', 'Bonus:AGT-2': '10.00', 'Cap:AGT-2': '0.00' });
  });

  it('Partner[field] reads the partner and its declared attributes; an unknown field is an unknown_reference', () => {
    // Lazio 0.01, Puglia 0.02: AGT-1 2 × 1,000 × 0.01 = 10.00 each; AGT-2 500 × 0.02 = 10.00.
    // Mono-mandate bonus 10 + years: AGT-1 10 + 2 = 12.00; AGT-2 is multi-mandate: 0.
    const p = plan({
      commission: '=[@kWh] * RATE(Rates[Rate], Partner[territory])',
      cells: { Bonus: { formula: '=IF(Partner[mandate] = "mono", 10 + Partner[years], 0)', type: 'money' } },
      payouts: { Bonus: { label: 'Bonus', sheet: 'Summary', cell: 'Bonus' } },
    });
    const r = run(p);
    expect(r.issues).toEqual([]);
    // AGT-1: 20.00 + 12.00 = 32.00, capped at 15.00 (−17.00); AGT-2: 10.00, under the cap.
    expect(amounts(r, 'AGT-1')).toEqual({ 'Commission:C-1': '10.00', 'Commission:C-2': '10.00', 'Bonus:AGT-1': '12.00', 'Cap:AGT-1': '-17.00' });
    expect(amounts(r, 'AGT-2')).toEqual({ 'Commission:C-3': '10.00', 'Bonus:AGT-2': '0.00', 'Cap:AGT-2': '0.00' });
    const unknown = issuesOf('=[@kWh] * RATE(Rates[Rate], Partner[region])');
    expect(unknown.map((i) => i.code)).toEqual(['unknown_reference']);
    expect(unknown[0]!.message).toContain('region');
  });

  it('ISBLANK is TRUE only for a missing value: 0 is a value', () => {
    // C-1 has no promo code and no extra: 1 + 1; C-2 has both (extra is 0, still a value): 0 + 0; C-3 has neither.
    const r = run(plan({ commission: '=IF(ISBLANK([@promoCode]), 1, 0) + IF(ISBLANK([@extra]), 1, 0)' }));
    expect(amounts(r, 'AGT-1')).toMatchObject({ 'Commission:C-1': '2.00', 'Commission:C-2': '0.00' });
    expect(amounts(r, 'AGT-2')).toMatchObject({ 'Commission:C-3': '2.00' });
  });

  it('a formula that does not parse is reported once, at its real cause (an unclosed IF( is not an unknown column)', () => {
    for (const [formula, cause] of [
      ['=IF([@kWh] > 0, [@kWh] * 0.01', /a closing "\)" for IF\(/],
      ['=IF([@kWh] > 0, [@kWh] * RATE(Rates[Rate], Partner[territory]), 0', /a closing "\)" for IF\(/],
      ['=SUM(Lines[kWh]', /a closing "\)" for SUM\(/],
      ['=[@kWh] * (1 + 0.01', /a closing "\)"/],
    ] as const) {
      const found = issuesOf(formula);
      expect(found.map((i) => i.code), formula).toEqual(['formula_syntax']);
      expect(found[0]!.message, formula).toMatch(cause);
    }
  });
});
