import { describe, expect, it } from 'vitest';
import { formatIssues, parseFactSchema, parsePlan, planJsonSchema, toDotPath, type PlanInput } from '../src/index.js';
import * as tiny from './fixtures/tiny.js';

const factSchema = (() => {
  const r = parseFactSchema(tiny.factSchema);
  if (!r.ok) throw new Error('bad fixture');
  return r.factSchema;
})();

function withColumn(formula: string, extra: Partial<PlanInput> = {}): PlanInput {
  const plan = structuredClone(tiny.plan) as PlanInput & { sheets: Record<string, { columns?: Record<string, unknown> }> };
  plan.sheets.Lines!.columns!.Commission = { formula, type: 'money' };
  return { ...plan, ...extra };
}

const paths = (input: unknown) => {
  const r = parsePlan(input, { factSchema });
  return r.ok ? [] : r.issues.map((i) => `${i.code} ${toDotPath(i.path)}`);
};

describe('parsePlan', () => {
  it('accepts the fixture plan', () => {
    const r = parsePlan(tiny.plan, { factSchema });
    expect(r.ok).toBe(true);
  });

  it('reports schema errors with exact paths', () => {
    const bad = structuredClone(tiny.plan) as Record<string, unknown>;
    bad.currency = 'euro';
    (bad.sheets as Record<string, { columns: Record<string, { formula: string }> }>).Lines!.columns.Rate!.formula = 'RATE()';
    expect(paths(bad)).toEqual(['invalid_schema currency', 'invalid_schema sheets.Lines.columns.Rate.formula']);
  });

  it('reports unknown references at the formula that has them', () => {
    expect(paths(withColumn('=[@kwh]*[@Rate]'))).toContain('unknown_reference sheets.Lines.columns.Commission.formula');
    expect(paths(withColumn('=[@kWh]*Missing'))).toContain('unknown_reference sheets.Lines.columns.Commission.formula');
    expect(paths(withColumn('=Nope[Rate]'))).toContain('unknown_reference sheets.Lines.columns.Commission.formula');
    const r = parsePlan(withColumn('=[@kWh]*[@Ratee]'), { factSchema });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.issues[0]!.message).toMatch(/unknown column "Ratee".*at character 9/);
      // Editors underline exactly the reference: [@Ratee] is characters 8..16 of "=[@kWh]*[@Ratee]".
      expect(r.issues[0]!.position).toEqual({ start: 8, end: 16 });
    }
  });

  it('reports cycles', () => {
    const plan = withColumn('=[@Bonus]+1');
    (plan.sheets.Lines as { columns: Record<string, { formula: string }> }).columns.Bonus!.formula = '=[@Commission]*2';
    expect(paths(plan)).toEqual(expect.arrayContaining([expect.stringMatching(/^circular_reference sheets\.Lines\.columns\.(Bonus|Commission)\.formula$/)]));
    const r = parsePlan(plan, { factSchema });
    if (!r.ok) expect(r.issues.find((i) => i.code === 'circular_reference')!.message).toMatch(/Lines\.Bonus → Lines\.Commission → Lines\.Bonus/);
  });

  it('reports type mismatches', () => {
    expect(paths(withColumn('=[@territory]*2'))).toContain('type_mismatch sheets.Lines.columns.Commission.formula');
    expect(paths(withColumn('=Lines[kWh]*2'))).toContain('type_mismatch sheets.Lines.columns.Commission.formula');
    expect(paths(withColumn('="abc"'))).toContain('type_mismatch sheets.Lines.columns.Commission.formula');
    expect(paths(withColumn('=TIER.AMOUNT(Rates, 3)'))).toContain('type_mismatch sheets.Lines.columns.Commission.formula');
    expect(paths(withColumn('=RATE(Rates[Rate], [@category])'))).toContain('formula_syntax sheets.Lines.columns.Commission.formula');
  });

  it('rejects functions outside the vetted subset (formulas are data, never code)', () => {
    expect(paths(withColumn('=INDIRECT("A1")'))).toEqual(['unknown_function sheets.Lines.columns.Commission.formula']);
    expect(paths(withColumn('=NOW()'))).toEqual(['unknown_function sheets.Lines.columns.Commission.formula']);
  });

  it('reports syntax errors with the position, never a stack trace', () => {
    const r = parsePlan(withColumn('=([@kWh]*2'), { factSchema });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.issues[0]!.code).toBe('formula_syntax');
      expect(formatIssues(r.issues)).not.toMatch(/\bat .*\.ts:\d+/);
    }
    expect(parsePlan(null).ok).toBe(false);
    expect(parsePlan('not a plan').ok).toBe(false);
  });

  it('bounds formula size', () => {
    expect(paths(withColumn(`=${'1+'.repeat(1500)}1`))).toEqual(['invalid_schema sheets.Lines.columns.Commission.formula']);
  });

  it('exports a JSON Schema for plan files', () => {
    const schema = planJsonSchema();
    expect(schema.type).toBe('object');
    expect(Object.keys(schema.properties as object)).toEqual(expect.arrayContaining(['id', 'version', 'sheets', 'payouts', 'tables', 'parameters']));
  });
});
