import { describe, expect, it } from 'vitest';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { PlanSchema } from '@provvigo/core';
import type { Plan } from '@provvigo/core';
import { candidates, formulaAt, MESSAGES, setFormulaAt } from '../src/index.js';
import { Inspector } from '../src/Inspector.js';

/**
 * The builder finds sheets, columns, cells and payouts by the plan's names, and `toString`, `valueOf` or
 * `constructor` are valid ones. Looked up in plain objects, a name the plan does not have found Object.prototype's
 * member instead: a new payout `toString` was refused as already taken (tests/browser/storybook.test.ts adds one in
 * Chromium), a formula written to a column `toString` the sheet does not have added one, the inspector of a selected
 * column `toString` the sheet no longer has took Object.prototype's method for it and failed to render, and the
 * formula suggestions of a sheet reading a table `constructor` the fact schema does not declare threw.
 */
const plan = PlanSchema.parse({
  id: 'names',
  version: 1,
  name: 'Names',
  effectiveFrom: '2026-01-01',
  currency: 'EUR',
  sheets: {
    Lines: { kind: 'lines', source: 'sales', columns: { Commission: { formula: '=[@kWh] * 0.01', type: 'money' }, valueOf: { formula: '=1', type: 'number' } } },
    Summary: { kind: 'summary', cells: { Total: { formula: '=SUM(Lines[Commission])', type: 'money' } } },
  },
  payouts: { commission: { label: 'Commission', sheet: 'Lines', column: 'Commission' } },
}) as Plan;

describe('the plan builder, whatever the plan names things', () => {
  it('writes no formula to a column or cell the plan does not have, named like an Object member', () => {
    for (const path of [
      ['sheets', 'Lines', 'columns', 'toString', 'formula'],
      ['sheets', 'Lines', 'columns', 'constructor', 'formula'],
      ['sheets', 'Summary', 'cells', 'hasOwnProperty', 'formula'],
    ]) {
      expect(setFormulaAt(plan, path, '=2')).toBe(plan);
      expect(formulaAt(plan, path)).toBeUndefined();
    }
  });

  it('writes the formula of a column the plan has named valueOf', () => {
    const next = setFormulaAt(plan, ['sheets', 'Lines', 'columns', 'valueOf', 'formula'], '=2');
    const columns = (p: Plan) => (p.sheets['Lines'] as { columns: Record<string, object> }).columns;
    expect(Object.keys(columns(next))).toEqual(['Commission', 'valueOf']);
    expect(Object.getOwnPropertyDescriptor(columns(next), 'valueOf')?.value).toEqual({ ...Object.getOwnPropertyDescriptor(columns(plan), 'valueOf')?.value, formula: '=2' });
    expect(formulaAt(next, ['sheets', 'Lines', 'columns', 'valueOf', 'formula'])).toBe('=2');
  });

  it('has nothing to edit for a selected column toString the sheet no longer has', () => {
    const html = renderToStaticMarkup(
      createElement(Inspector, { plan, selected: { sheet: 'Lines', name: 'toString', kind: 'column' }, commit: () => {}, apply: () => false, locale: 'en', t: MESSAGES.en }),
    );
    expect(html).not.toContain('data-testid="inspector"');
    expect(html).toContain(MESSAGES.en.previewNone);
  });

  it('suggests names for a sheet whose source table the fact schema does not declare, even one named constructor', () => {
    for (const source of ['constructor', 'toString']) {
      const p = { ...plan, sheets: { Lines: { ...(plan.sheets['Lines'] as object), source } } } as unknown as Plan;
      const factSchema = { tables: { sales: { key: 'id', partner: 'partnerId', date: 'date', columns: { id: { type: 'text' as const } } } } };
      const labels = candidates({ plan: p, sheet: 'Lines', factSchema, locale: 'en' }).filter((s) => s.kind === 'column' || s.kind === 'fact').map((s) => s.label);
      expect(labels).toEqual(['[@Commission]', '[@valueOf]']);
    }
  });
});
