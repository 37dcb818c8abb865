import { describe, expect, it } from 'vitest';
import { compiledPlanMemoStats } from '../src/plan/compiledPlanMemo.js';
import { evaluate, type PlanInput, type RunInput } from '../src/index.js';
import * as tiny from './fixtures/tiny.js';

// The prepared tables and compiled formulas are kept between runs by content: an edited formula or table must be
// compiled or prepared afresh. Each result is compared with the reference interpreter, which uses neither.

type Editable = PlanInput & {
  sheets: Record<string, { columns?: Record<string, { formula: string }> }>;
  tables: Record<string, { rows?: Array<Record<string, string>> }>;
};

const input = (plan: PlanInput): RunInput =>
  ({ period: tiny.period, plans: [plan], partners: tiny.partners, factSchema: tiny.factSchema, facts: { contracts: tiny.contracts } }) as never;
const options = { hashInputs: false, hashOutputs: false };
const interpreted = (plan: PlanInput) => evaluate(input(plan), { ...options, exactEngine: 'interpreter' });

/** Runs the plan on the compiled path and says what the memo made afresh. */
const run = (plan: PlanInput) => {
  const before = { ...compiledPlanMemoStats };
  const result = evaluate(input(plan), options);
  return { result, tablesMade: compiledPlanMemoStats.tableMisses - before.tableMisses, formulasMade: compiledPlanMemoStats.formulaMisses - before.formulaMisses };
};

const commission = (plan: PlanInput) => run(plan).result.statements[0]!.byComponent['commission'];

describe('prepared tables and compiled formulas kept between runs', () => {
  it('compiles only the edited formula again, and the edit shows', () => {
    const plan = structuredClone(tiny.plan) as Editable;
    plan.sheets['Lines']!.columns!['Commission']!.formula = '=[@kWh]*[@Rate]+0.5';
    run(plan);
    plan.sheets['Lines']!.columns!['Commission']!.formula = '=[@kWh]*[@Rate]+1';
    const edited = run(plan);
    expect(edited.tablesMade).toBe(0);
    expect(edited.formulasMade).toBe(1);
    // P1's four lines plus 1, each rounded to the cent: 38.40 + 1, 9.0045 + 1 → 10.00, 1.20 + 1, 0.60 + 1 (C3 is filtered out).
    expect(edited.result.statements[0]!.byComponent['commission']).toBe('53.20');
    expect(edited.result.statements).toEqual(interpreted(plan).statements);
  });

  it('prepares the tables again when a table row changes, and the new rate shows', () => {
    const plan = structuredClone(tiny.plan) as Editable;
    const before = commission(plan);
    plan.tables['Rates']!.rows![0]!['Rate'] = '0.024';
    const edited = run(plan);
    expect(edited.tablesMade).toBe(1);
    // C1 (3200 kWh, LUCE_CASA Lombardia) and C4, C5 use the doubled rate: 76.80 + 9.00 + 2.40 + 1.20.
    expect(before).toBe('49.20');
    expect(edited.result.statements[0]!.byComponent['commission']).toBe('89.40');
    expect(edited.result.statements).toEqual(interpreted(plan).statements);
    // Back to the first rate: the same result as before the edit.
    plan.tables['Rates']!.rows![0]!['Rate'] = '0.012';
    expect(commission(plan)).toBe('49.20');
  });
});
