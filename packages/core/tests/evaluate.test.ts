import { describe, expect, it } from 'vitest';
import { WorkbookSession, hyperFormulaEngine } from '../src/hyperformula/index.js';
import { PlanError, PlanSchema, applyMetric, evaluate, explain, parseFactSchema, type PlanInput, type RunInput } from '../src/index.js';
import * as tiny from './fixtures/tiny.js';
import { singleColumnPlan } from './fixtures/singleColumnPlan.js';

const factSchema = (() => {
  const r = parseFactSchema(tiny.factSchema);
  if (!r.ok) throw new Error('bad fixture');
  return r.factSchema;
})();

// Every cell of these tests is also computed by HyperFormula, so a disagreement shows up as a precision_mismatch.
const opts = { formulaEngine: hyperFormulaEngine({ licenseKey: 'gpl-v3' }), verify: 'full' as const };

function run(plan: PlanInput, contracts: Record<string, unknown>[], extra: Partial<RunInput> = {}) {
  return evaluate({ period: tiny.period, plans: [plan as never], partners: tiny.partners as never, factSchema, facts: { contracts }, ...extra }, opts);
}

const single = (formula: string, rounding?: PlanInput['rounding']): PlanInput => singleColumnPlan(formula, rounding ? { rounding } : {});

const c = (id: string, kWh: string | number, partnerId = 'P1') => ({ id, partnerId, signedDate: '2026-10-10', category: 'LUCE_CASA', territory: 'Lombardia', kWh });

describe('evaluate', () => {
  it('rejects a record whose key an earlier record has, keeps the first, and counts both', () => {
    const r = run(single('=[@kWh] * 0.01'), [c('C1', 1000), c('C2', 500), c('C1', 9000, 'P2')]);
    const dup = r.issues.filter((i) => i.code === 'duplicate_record');
    expect(dup).toHaveLength(1);
    expect(dup[0]).toMatchObject({ severity: 'error', record: { table: 'contracts', id: 'C1' }, path: ['facts', 'contracts', 2, 'id'] });
    expect(r.statements.find((s) => s.partnerId === 'P1')!.lines.map((l) => [l.id, l.amount])).toEqual([
      ['single:pay:C1', '10.00'],
      ['single:pay:C2', '5.00'],
    ]);
    expect(r.counts.contracts).toMatchObject({ in: 3, used: 2, rejected: 1 });
  });

  it('computes the fixture period with traces', () => {
    const r = run(tiny.plan, tiny.contracts);
    const p1 = r.statements.find((s) => s.partnerId === 'P1')!;
    expect(p1.byComponent).toEqual({ commission: '49.20', eeBonus: '25.00', tierBonus: '23.00', cap: '0.00' });
    const line = p1.lines.find((l) => l.id === 'agency:commission:C1')!;
    expect(line).toMatchObject({ amount: '38.40', status: 'ok', source: { system: 'salesforce', table: 'contracts', id: 'C1' }, row: 1 });
    expect(line.trace.cells.map((x) => x.name)).toEqual(['Rate', 'Commission']);
    expect(line.trace.cells[1]!.inputs).toEqual([
      { name: 'kWh', kind: 'fact', value: 3200 },
      { name: 'Rate', kind: 'column', value: 0.012 },
    ]);
    expect(line.trace.cells[0]!.lookups).toEqual([{ table: 'Rates', column: 'Rate', keys: ['LUCE_CASA', 'Lombardia'], row: 0, value: 0.012 }]);
    expect(line.trace.rounding).toEqual([{ what: 'Lines.Commission', from: '38.4', to: '38.40', mode: 'halfUp', scale: 2 }]);
    const tier = p1.lines.find((l) => l.payout === 'tierBonus')!;
    expect(tier.trace.cells.find((x) => x.name === 'TierBonus')!.bands).toEqual([
      { table: 'Tiers', mode: 'marginal', index: 2, from: '3', to: null, rate: '8', quantity: '4' },
    ]);
    // Per-partner parameter override: P2's efficiency bonus is 30.
    expect(r.statements.find((s) => s.partnerId === 'P2')!.byComponent.eeBonus).toBe('30.00');
  });

  it('explains a line in Italian and English', () => {
    const r = run(tiny.plan, tiny.contracts);
    const line = r.statements[0]!.lines.find((l) => l.id === 'agency:commission:C1')!;
    const it = explain(line, 'it');
    expect(it).toContain('Provvigione = kWh 3.200 × tariffa 0,012 = 38,40 €');
    expect(it).toContain('tariffa = Rates (LUCE_CASA, Lombardia) 0,012 = 0,012');
    expect(it).toContain('Record di origine: contracts C1 (salesforce)');
    const en = explain(r.statements[1]!.lines.find((l) => l.id === 'agency:commission:C6')!, 'en');
    expect(en).toContain('Commission = kWh 2,000 × rate 0.011 = €22.00');
  });

  it('flags a line whose formula-engine result and exact decimal disagree by more than half a cent', () => {
    // HyperFormula rounds the binary double of 1.005 down; the exact decimal rounds half up to 1.01.
    const r = run(single('=ROUND([@kWh]*1, 2)'), [c('A', '1.005'), c('B', '2.5')]);
    const [a, b] = r.statements[0]!.lines;
    expect(a!.amount).toBe('1.01');
    expect(a!.trace.flags).toEqual(['precision_mismatch']);
    expect(a!.issues[0]).toMatchObject({ code: 'precision_mismatch', severity: 'warning', record: { id: 'A' } });
    expect(b!.trace.flags).toEqual([]);
  });

  it('rounds with the plan\'s mode: half up by default, half even on request', () => {
    const amounts = (plan: PlanInput) => run(plan, [c('A', '0.125'), c('B', '0.135'), c('C', '-0.125')]).statements[0]!.lines.map((l) => l.amount);
    expect(amounts(single('=[@kWh]'))).toEqual(['0.13', '0.14', '-0.13']);
    expect(amounts(single('=[@kWh]', { mode: 'halfEven', scale: 2 }))).toEqual(['0.12', '0.14', '-0.12']);
  });

  it('keeps errors as values: #DIV/0! marks the line and names partner, sheet, row, column and record', () => {
    const r = run(single('=100/[@kWh]'), [c('A', '0'), c('B', '4'), c('Z', '5', 'P2')]);
    const p1 = r.statements.find((s) => s.partnerId === 'P1')!;
    expect(p1.lines.map((l) => [l.amount, l.status])).toEqual([['0.00', 'error'], ['25.00', 'ok']]);
    expect(p1.lines[0]!.issues[0]).toMatchObject({
      code: 'formula_error',
      error: '#DIV/0!',
      partnerId: 'P1',
      sheet: 'Lines',
      row: 1,
      column: 'Pay',
      record: { table: 'contracts', id: 'A' },
      path: ['sheets', 'Lines', 'columns', 'Pay', 'formula'],
    });
    expect(p1.blocked).toBe(true);
    expect(r.statements.find((s) => s.partnerId === 'P2')!).toMatchObject({ blocked: false, total: '20.00' });
  });

  it('fails fast, with a clear error, when the HyperFormula licence key does not compute', () => {
    expect(() => evaluate({ period: tiny.period, plans: [tiny.plan as never], partners: tiny.partners as never, factSchema, facts: { contracts: tiny.contracts } }, { formulaEngine: hyperFormulaEngine({ licenseKey: 'not-a-key' }) })).toThrow(PlanError);
    let thrown: unknown;
    try {
      evaluate({ period: tiny.period, plans: [tiny.plan as never], partners: tiny.partners as never, factSchema, facts: { contracts: tiny.contracts } }, { formulaEngine: hyperFormulaEngine({ licenseKey: 'not-a-key' }) });
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(PlanError);
    expect((thrown as PlanError).code).toBe('unlicensed_function');
    expect((thrown as PlanError).message).toMatch(/licence key/);
  });

  it('runs the other plans when one plan is invalid', () => {
    const broken = { ...single('=[@nope]'), id: 'broken' };
    const r = evaluate({ period: tiny.period, plans: [tiny.plan as never, broken as never], partners: tiny.partners as never, factSchema, facts: { contracts: tiny.contracts } }, opts);
    expect(r.plans.map((p) => p.id)).toEqual(['agency']);
    expect(r.issues.find((i) => i.planId === 'broken')).toMatchObject({ code: 'unknown_reference', path: ['plans', 'broken', 'sheets', 'Lines', 'columns', 'Pay', 'formula'] });
    expect(r.statements.length).toBe(2);
  });

  it('picks the plan version effective in the period', () => {
    const v1 = { ...single('=1'), version: 1 };
    const v2 = { ...single('=2'), version: 2, effectiveFrom: '2026-10-01' };
    const v3 = { ...single('=3'), version: 3, effectiveFrom: '2026-11-01' };
    const r = evaluate({ period: tiny.period, plans: [v3 as never, v1 as never, v2 as never], partners: tiny.partners as never, factSchema, facts: { contracts: [c('A', 1)] } }, opts);
    expect(r.statements[0]!.lines[0]).toMatchObject({ planVersion: 2, amount: '2.00' });
  });

  it('evaluates line columns element-wise, even with MIN, MAX, AND, OR and scalar-only columns', () => {
    const plan = single('=MIN([@kWh], 100) + MAX([@kWh]*0, 1) + IF(AND([@kWh]>1, OR([@kWh]>50, [@kWh]<3)), 1000, 0) + Flat');
    (plan.sheets.Lines as { columns: Record<string, unknown> }).columns = {
      Flat: { formula: '=7', type: 'money' },
      Pay: { formula: '=MIN([@kWh], 100) + MAX([@kWh]*0, 1) + IF(AND([@kWh]>1, OR([@kWh]>50, [@kWh]<3)), 1000, 0) + [@Flat]', type: 'money' },
    };
    const r = run(plan, [c('A', '2'), c('B', '10'), c('C', '500')]);
    // HyperFormula recomputed every line and agreed (a disagreement would set formulaValue and the flag).
    expect(r.statements[0]!.lines.map((l) => [l.amount, l.trace.formulaValue, l.trace.flags])).toEqual([
      ['1010.00', null, []],
      ['18.00', null, []],
      ['1108.00', null, []],
    ]);
    expect(r.verify).toEqual({ mode: 'full', engine: 'hyperformula', partners: ['P1', 'P2'], lines: 3, mismatches: 0 });
  });

  it('pays the fixed bonus per contract of the category signed between two days of the month (contractBonus metric)', () => {
    const placed = applyMetric(PlanSchema.parse({ ...single('=1'), sheets: {}, payouts: {} }), 'contractBonus', { category: 'EMOBILITY', fromDay: 10, toDay: 20, amount: '50', source: 'contracts' });
    if (!placed.ok) throw new Error(JSON.stringify(placed.issues));
    const on = (id: string, day: string, category = 'EMOBILITY') => ({ ...c(id, 1), signedDate: `2026-10-${day}`, category });
    const r = run(placed.plan, [on('D9', '09'), on('D10', '10'), on('D20', '20'), on('D21', '21'), on('G15', '15', 'GAS_CASA')]);
    // by hand: only D10 and D20 are e-mobility contracts inside the 10th–20th window (both ends included): 2 × 50
    const paid = r.statements[0]!.lines.filter((l) => l.amount !== '0.00').map((l) => [l.source!.id, l.amount]);
    expect(paid).toEqual([
      ['D10', '50.00'],
      ['D20', '50.00'],
    ]);
    expect(r.statements[0]!.total).toBe('100.00');
    expect(r.verify?.mismatches).toBe(0);
  });

  it('reads per-partner values in line columns: shares of the partner total, summary cells, overridden parameters', () => {
    const plan: PlanInput = {
      ...single('=1'),
      parameters: { Pool: { type: 'money', value: '100' } },
      overrides: { P2: { Pool: '60' } },
      sheets: {
        Lines: {
          kind: 'lines',
          source: 'contracts',
          columns: {
            Share: { formula: '=[@kWh]/SUM(Lines[kWh])', type: 'number' },
            Pay: { formula: '=ROUND(Pool*[@Share], 2) + Count', type: 'money' },
          },
        },
        Summary: { kind: 'summary', cells: { Count: { formula: '=COUNT(Lines[kWh])' } } },
      },
    };
    const r = run(plan, [c('A', '1'), c('B', '3'), c('Z', '2', 'P2')]);
    expect(r.statements.map((s) => s.lines.map((l) => [l.source!.id, l.amount, l.trace.flags.length]))).toEqual([
      [['A', '27.00', 0], ['B', '77.00', 0]],
      [['Z', '61.00', 0]],
    ]);
  });

  it('live preview: a kept workbook session applies only the changed cells and gives the same result as a fresh run', () => {
    const session = new WorkbookSession();
    const input = (plan: PlanInput) => ({ period: tiny.period, plans: [plan as never], partners: tiny.partners as never, factSchema, facts: { contracts: tiny.contracts } });
    try {
      const live = { formulaEngine: hyperFormulaEngine({ licenseKey: 'gpl-v3', session }), verify: 'full' as const };
      const first = evaluate(input(tiny.plan), live);
      expect(session.last.mode).toBe('built');
      expect(first.outputHash).toBe(run(tiny.plan, tiny.contracts).outputHash);
      for (const formula of ['=[@kWh]*[@Rate]*2', '=IF([@kWh]>1000, [@kWh]*[@Rate], 0)', '=[@kWh]/0']) {
        const edited = structuredClone(tiny.plan) as PlanInput & { sheets: Record<string, { columns: Record<string, { formula: string }> }> };
        edited.sheets.Lines!.columns.Commission!.formula = formula;
        const updated = evaluate(input(edited), live);
        expect(session.last.mode).toBe('updated');
        expect(session.last.changedCells).toBe(1);
        const fresh = run(edited, tiny.contracts);
        expect(updated.statements).toEqual(fresh.statements);
        expect(updated.outputHash).toBe(fresh.outputHash);
      }
    } finally {
      session.dispose();
    }
  });

  it('skips the audit hashes when asked (live previews), with the same statements', () => {
    const input = { period: tiny.period, plans: [tiny.plan as never], partners: tiny.partners as never, factSchema, facts: { contracts: tiny.contracts } };
    const hashed = evaluate(input, opts);
    const plain = evaluate(input, { ...opts, hashInputs: false, hashOutputs: false });
    expect(plain.statements).toEqual(hashed.statements);
    expect([plain.inputHash, plain.outputHash]).toEqual(['', '']);
    expect(hashed.outputHash).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('HyperFormula cross-check of a line column over a per-partner parameter', () => {
  it('takes MIN of each partner\'s own override, not of every partner in the batch', () => {
    // EeBonus is 25 by default and 30 for P2 (tiny fixture override); Cap is 1000. So MIN(Cap, EeBonus) + kWh is
    // 25 + 10 = 35.00 for P1's line and 30 + 10 = 40.00 for P2's. Before the fix HyperFormula folded MIN over the
    // whole broadcast column (25 for both) and flagged P2's correct 40.00 as a precision_mismatch.
    const plan: PlanInput = {
      ...tiny.plan,
      sheets: { Lines: { kind: 'lines', source: 'contracts', columns: { B: { formula: '=MIN(Cap, EeBonus)+[@kWh]', type: 'money' } } } },
      payouts: { b: { label: 'B', sheet: 'Lines', column: 'B' } },
    };
    const contract = (id: string, partnerId: string) => ({ id, partnerId, signedDate: '2026-10-03', category: 'LUCE_CASA', territory: 'Lombardia', kWh: 10 });
    const r = evaluate({ period: tiny.period, plans: [plan as never], partners: tiny.partners as never, factSchema, facts: { contracts: [contract('C1', 'P1'), contract('C2', 'P2')] } }, opts);
    expect(r.statements.map((s) => [s.partnerId, s.lines.map((l) => [l.amount, l.trace.flags])])).toEqual([
      ['P1', [['35.00', []]]],
      ['P2', [['40.00', []]]],
    ]);
    expect(r.verify?.mismatches).toBe(0);
  });
});
