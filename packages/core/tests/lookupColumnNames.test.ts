import { describe, expect, it } from 'vitest';
import { parsePlan, type PlanInput } from '../src/index.js';
import * as tiny from './fixtures/tiny.js';

/**
 * A lookup table's columns are named by the plan's author, and `toString` or `valueOf` are valid names: a row without
 * a value for such a column has none (missing_input), rather than Object.prototype's method standing in for it.
 */
function withRates(columns: Record<string, { type: 'text' | 'number' }>, rows: Array<Record<string, string>>): PlanInput {
  const rates = { kind: 'lookup' as const, keys: ['category', 'territory'], columns: { category: { type: 'text' as const }, territory: { type: 'text' as const }, Rate: { type: 'number' as const }, ...columns }, rows };
  return { ...tiny.plan, tables: { ...tiny.plan.tables, Rates: rates } };
}

describe('lookup table columns named like Object members', () => {
  it('a row without a value for a column named toString is missing it', () => {
    const plan = withRates({ toString: { type: 'number' as const } }, [{ category: 'LUCE_CASA', territory: 'Lombardia', Rate: '0.012' }]);
    const r = parsePlan(plan, { factSchema: tiny.factSchema });
    expect(r.ok).toBe(false);
    expect(r.issues.filter((i) => i.code === 'missing_input').map((i) => i.path)).toEqual([['tables', 'Rates', 'rows', 0, 'toString']]);
  });

});
