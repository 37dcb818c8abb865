import { describe, expect, it } from 'vitest';
import { createElement, isValidElement } from 'react';
import type { ReactElement, ReactNode } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { PlanSchema } from '@provvigo/core';
import type { Plan } from '@provvigo/core';
import { authoringMessages, ParametersEditor } from '../src/index.js';
import type { ParametersEditorProps } from '../src/index.js';

/**
 * The parameters editor lists and edits per-partner values (overrides) by partner id (any text) and parameter name
 * (a plan name: `toString`, `valueOf`, `hasOwnProperty` are valid ones). With plain objects, `name in overrides[pid]`
 * was true for a parameter named `toString` in every partner's overrides, so each partner with any override was listed
 * under it with the text of Object.prototype's method as its value; and `overrides['__proto__'] = …` set the object's
 * prototype, so a value added for partner `__proto__` vanished from the plan.
 */
const m = authoringMessages('en');
const plan = PlanSchema.parse({
  id: 'params',
  version: 1,
  name: 'Parameters',
  effectiveFrom: '2026-01-01',
  currency: 'EUR',
  parameters: {
    Target: { type: 'number', value: '10', overridable: true },
    toString: { type: 'number', value: '2', overridable: true },
    valueOf: { type: 'number', value: '3', overridable: true },
  },
  overrides: { P1: { Target: '12' }, P2: { Target: '14' }, P3: { Target: '16' } },
  sheets: { Summary: { kind: 'summary', cells: { Bonus: { formula: '=Target', type: 'money' } } } },
  payouts: { bonus: { label: 'Bonus', sheet: 'Summary', cell: 'Bonus', component: 'bonus' } },
}) as Plan;

/** Every element of the editor's tree (its own markup and the sub-components it places, not rendered further). */
function elements(node: ReactNode): ReactElement<Record<string, unknown>>[] {
  if (Array.isArray(node)) return node.flatMap(elements);
  if (!isValidElement<Record<string, unknown>>(node)) return [];
  return [node, ...elements(node.props['children'] as ReactNode)];
}

/** Calls the editor (a plain function component) and returns its tree and the plans its edits hand to onChange. */
function editor(p: Plan) {
  const changes: Plan[] = [];
  const props: ParametersEditorProps = { plan: p, onChange: (next) => changes.push(next), locale: 'en', m };
  const tree = elements((ParametersEditor as (props: ParametersEditorProps) => ReactElement)(props));
  const addOverride = (parameter: string) => tree.find((e) => e.props['base'] === `pv-param-${parameter}` && typeof e.props['onAdd'] === 'function')!.props['onAdd'] as (pid: string) => void;
  return { tree, changes, addOverride };
}

describe('per-partner values of parameters, whatever the parameter and partner are called', () => {
  it('lists no partner under a parameter named toString or valueOf that nobody overrides', () => {
    const html = renderToStaticMarkup(createElement(ParametersEditor, { plan, onChange: () => {}, locale: 'en', m }));
    expect(html).not.toContain('native code');
    for (const pid of ['P1', 'P2', 'P3']) {
      expect(html).toContain(`id="pv-param-Target-o-${pid}"`);
      expect(html).not.toContain(`id="pv-param-toString-o-${pid}"`);
      expect(html).not.toContain(`id="pv-param-valueOf-o-${pid}"`);
    }
  });

  it('lists the partners that do override a parameter named toString, with their values', () => {
    const html = renderToStaticMarkup(createElement(ParametersEditor, { plan: { ...plan, overrides: { ...plan.overrides, P2: { Target: '14', toString: '7' } } }, onChange: () => {}, locale: 'en', m }));
    expect(html).toContain('id="pv-param-toString-o-P2"');
    expect(html).not.toContain('id="pv-param-toString-o-P1"');
    expect(html).not.toContain('native code');
  });

  it('keeps a value added for a partner whose id is __proto__ as that partner own entry', () => {
    const { changes, addOverride } = editor(plan);
    addOverride('Target')('__proto__');
    const overrides = changes[0]!.overrides;
    expect(Object.getPrototypeOf(overrides)).toBe(Object.prototype);
    expect(Object.keys(overrides)).toEqual(['P1', 'P2', 'P3', '__proto__']);
    expect(Object.hasOwn(overrides, '__proto__')).toBe(true);
    expect(Object.getOwnPropertyDescriptor(overrides, '__proto__')?.value).toEqual({ Target: '10' });
  });

  it('adds, changes and removes ordinary partners values as before, in the same key order', () => {
    const { tree, changes, addOverride } = editor(plan);
    addOverride('Target')('P0');
    expect(Object.keys(changes[0]!.overrides)).toEqual(['P1', 'P2', 'P3', 'P0']);
    expect(changes[0]!.overrides['P0']).toEqual({ Target: '10' });
    const setValue = (pid: string) => tree.find((e) => e.props['id'] === `pv-param-Target-o-${pid}`)!.props['onValue'] as (v: string) => void;
    setValue('P2')('20');
    expect(changes[1]!.overrides).toEqual({ P1: { Target: '12' }, P2: { Target: '20' }, P3: { Target: '16' } });
    expect(Object.keys(changes[1]!.overrides)).toEqual(['P1', 'P2', 'P3']);
    addOverride('toString')('P2');
    expect(changes[2]!.overrides['P2']).toEqual({ Target: '14', toString: '2' });
    expect(Object.keys(changes[2]!.overrides)).toEqual(['P1', 'P2', 'P3']);
  });

  it('removes a parameter with its per-partner values, and a partner whose last value goes', () => {
    const withToString = { ...plan, overrides: { P1: { Target: '12', toString: '5' }, P2: { toString: '6' }, P3: { Target: '16' } } };
    const { tree, changes } = editor(withToString);
    const removeParam = tree.find((e) => e.type === 'button' && elements(e.props['children'] as ReactNode).some((c) => c.props['children'] !== undefined && String(c.props['children']).includes('toString')))!;
    (removeParam.props['onClick'] as () => void)();
    expect(Object.keys(changes[0]!.parameters)).toEqual(['Target', 'valueOf']);
    expect(changes[0]!.overrides).toEqual({ P1: { Target: '12' }, P3: { Target: '16' } });
    expect(Object.keys(changes[0]!.overrides)).toEqual(['P1', 'P3']);
  });
});
