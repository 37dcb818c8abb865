import { describe, expect, it } from 'vitest';
import { hyperFormulaEngine } from '../src/hyperformula/index.js';
import { evaluate, VERIFY_SAMPLE_SIZE, type FormulaEngine } from '../src/index.js';
import * as tiny from './fixtures/tiny.js';

/**
 * `verify: 'sample'` cross-checks its few partners ahead of the batches, in one call of the formula engine
 * (engine/crossCheck.ts), however the run is cut into batches — and finds the same disagreements as batch by batch.
 */
const ids = ['P1', 'P2', 'P3', 'P4', 'P5', 'P6', 'P7'];
const partners = ids.map((id) => ({ id, name: `Agenzia ${id}`, kind: 'agency' as const, territory: 'Lombardia' }));
// Each partner: one contract HyperFormula rounds differently (the binary double of 1.005 is below it: 1.00, the exact
// decimal half up: 1.01) and one it agrees with.
const contracts = ids.flatMap((p) => [
  { id: `${p}-A`, partnerId: p, signedDate: '2026-10-10', category: 'LUCE_CASA', territory: 'Lombardia', kWh: '1.005' },
  { id: `${p}-B`, partnerId: p, signedDate: '2026-10-11', category: 'LUCE_CASA', territory: 'Lombardia', kWh: '2.5' },
]);
const input = { period: tiny.period, plans: [tiny.roundPlan], partners, factSchema: tiny.factSchema, facts: { contracts } } as never;

/** HyperFormula, counting the calls and the units handed to each. */
function counted(): { engine: FormulaEngine; calls: number[] } {
  const inner = hyperFormulaEngine({ licenseKey: 'gpl-v3' });
  const calls: number[] = [];
  const evaluate: FormulaEngine['evaluate'] = (units, single) => {
    calls.push(units.length);
    return inner.evaluate(units, single);
  };
  return { calls, engine: { name: inner.name, prepare: (p) => inner.prepare(p), evaluate } };
}

describe("verify: 'sample'", () => {
  it('cross-checks the sampled partners in one call, whatever the batches, and flags their disagreements', () => {
    const oneBatch = counted();
    const a = evaluate(input, { formulaEngine: oneBatch.engine, verify: 'sample', batchSize: 1000 });
    const perPartner = counted();
    const b = evaluate(input, { formulaEngine: perPartner.engine, verify: 'sample', batchSize: 1 });
    expect(oneBatch.calls).toEqual([VERIFY_SAMPLE_SIZE]);
    expect(perPartner.calls).toEqual([VERIFY_SAMPLE_SIZE]);
    // the sample, spread over the sorted partners, and every one of its lines checked
    expect(b.verify?.partners).toEqual(['P1', 'P3', 'P5']);
    expect(b.verify).toMatchObject({ mode: 'sample', lines: 6, mismatches: 3 });
    const flagged = b.statements.flatMap((s) => s.lines.filter((l) => l.trace.formulaValue !== null).map((l) => l.source!.id));
    expect(flagged).toEqual(['P1-A', 'P3-A', 'P5-A']);
    expect(JSON.stringify(b.statements)).toBe(JSON.stringify(a.statements));
    expect(b.outputHash).toBe(a.outputHash);
  });

  it("finds the same disagreements as 'full' on the sampled partners, and 'full' still goes batch by batch", () => {
    const full = counted();
    const r = evaluate(input, { formulaEngine: full.engine, verify: 'full', batchSize: 1 });
    expect(full.calls).toEqual(ids.map(() => 1));
    expect(r.verify).toMatchObject({ mode: 'full', lines: 14, mismatches: 7 });
    const sample = evaluate(input, { formulaEngine: counted().engine, verify: 'sample', batchSize: 1 });
    const sampled = new Set(sample.verify!.partners);
    const formulaValues = (x: typeof r) => x.statements.filter((s) => sampled.has(s.partnerId)).flatMap((s) => s.lines.map((l) => l.trace.formulaValue));
    expect(formulaValues(sample)).toEqual(formulaValues(r));
  });
});
