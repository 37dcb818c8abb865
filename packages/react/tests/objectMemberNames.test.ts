import { afterEach, describe, expect, it, vi } from 'vitest';
import { createElement, isValidElement } from 'react';
import type { ReactElement, ReactNode } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { PlanSchema } from '@provvigo/core';
import type { Plan } from '@provvigo/core';
import { authoringMessages, candidates, formulaAt, MESSAGES, PayoutsEditor, setFormulaAt } from '../src/index.js';
import type { PayoutsEditorProps } from '../src/index.js';
import { Inspector } from '../src/Inspector.js';

/**
 * The builder finds sheets, columns, cells and payouts by the plan's names, and `toString`, `valueOf` or
 * `constructor` are valid ones. Looked up in plain objects, a name the plan does not have found Object.prototype's
 * member instead: a new payout `toString` was refused as already taken, a formula written to a column `toString` the
 * sheet does not have added one, the inspector of a selected column `toString` the sheet no longer has took
 * Object.prototype's method for it and failed to render, and the formula suggestions of a sheet reading a table
 * `constructor` the fact schema does not declare threw.
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

/** Every element of a tree (the components it places, not rendered further). */
function elements(node: ReactNode): ReactElement<Record<string, unknown>>[] {
  if (Array.isArray(node)) return node.flatMap(elements);
  if (!isValidElement<Record<string, unknown>>(node)) return [];
  return [node, ...elements(node.props['children'] as ReactNode)];
}

type Rendered = ReactElement<{ onSubmit: (e: unknown) => void }>;

/** Renders a placed component (it keeps state, so inside a render) and hands over what it returns. */
function Capture({ element, onRendered }: { element: ReactElement<Record<string, unknown>>; onRendered: (r: Rendered) => void }): null {
  onRendered((element.type as (p: unknown) => Rendered)(element.props));
  return null;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('the plan builder, whatever the plan names things', () => {
  it('adds a payout named toString or valueOf, which the plan does not have yet', () => {
    const changes: Plan[] = [];
    const props: PayoutsEditorProps = { plan, onChange: (next) => changes.push(next), m: authoringMessages('en') };
    // the editor's "add a payout" form, rendered (it keeps state), and its submit handler
    const form = elements((PayoutsEditor as (p: PayoutsEditorProps) => ReactElement)(props)).find((e) => typeof e.type === 'function' && typeof e.props['onAdd'] === 'function')!;
    let rendered: Rendered | undefined;
    renderToStaticMarkup(createElement(Capture, { element: form, onRendered: (r) => (rendered = r) }));
    // the form's fields as FormData reads them (no DOM in this test environment)
    vi.stubGlobal(
      'FormData',
      class {
        constructor(private readonly target: { fields: Record<string, string> }) {}
        get(name: string): string | null {
          return this.target.fields[name] ?? null;
        }
      },
    );
    const submit = (name: string) => rendered!.props.onSubmit({ preventDefault() {}, currentTarget: { fields: { name, node: 'Commission' }, reset() {} } });
    submit('toString');
    submit('valueOf');
    submit('commission'); // taken: refused
    expect(changes.map((p) => Object.keys(p.payouts))).toEqual([
      ['commission', 'toString'],
      ['commission', 'valueOf'],
    ]);
    expect(changes[0]!.payouts['toString']).toEqual({ label: { it: 'toString', en: 'toString' }, sheet: 'Lines', column: 'Commission' });
  });

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
