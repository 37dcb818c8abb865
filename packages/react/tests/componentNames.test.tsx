import { describe, expect, it } from 'vitest';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { evaluate, formatMoney } from '@provvigo/core';
import type { Statement as RunStatement } from '@provvigo/core';
import { Statement } from '../src/index.js';
import { loadSample } from './sample.js';

/**
 * A payout component is named by the plan's author: a component group whose component has no total in the statement's
 * `byComponent` (a line core left out of the sums, e.g. one in another currency) shows 0, whatever the component is
 * called. A plain `byComponent[component] ?? '0'` found Object.prototype's `toString` and `constructor` and showed a
 * function's text (or NaN) as the amount of the partner's group.
 */
const sample = loadSample();
const plan = sample.plans['agency-agents']!;
const base = evaluate({ ...sample.input, plans: [plan] }).statements.find((s) => s.lines.length > 1)!;

/** The statement with extra lines under `components`, which its `byComponent` does not total. */
function withComponents(components: readonly string[]): RunStatement {
  const template = base.lines[0]!;
  const extra = components.map((component, i) => ({ ...template, id: `${template.id}-${i}`, component, amount: '5.00' }));
  return { ...base, lines: [...base.lines, ...extra] };
}

/** The text of the component group's total cell (its heading row's amount). */
function groupTotal(html: string, component: string): string {
  const start = html.indexOf(`data-component="${component}"`);
  expect(start).toBeGreaterThan(-1);
  const group = html.slice(start, html.indexOf('</tbody>', start));
  const strong = /<strong>([^<]*)<\/strong>/.exec(group);
  return strong?.[1] ?? '';
}

describe('component groups of a statement, whatever the components are called', () => {
  it('shows 0 for a component named toString, constructor or valueOf that byComponent does not total', () => {
    const names = ['toString', 'constructor', 'valueOf', 'hasOwnProperty'];
    const statement = withComponents(names);
    for (const name of names) expect(Object.hasOwn(statement.byComponent, name)).toBe(false);
    const html = renderToStaticMarkup(createElement(Statement, { statement, locale: 'en' }));
    expect(html).not.toContain('native code');
    expect(html).not.toContain('NaN');
    const zero = formatMoney('0', statement.currency, 'en', statement.scale);
    for (const name of names) expect(groupTotal(html, name)).toBe(zero);
  });

  it('shows the total byComponent holds for such a component, and the others as before', () => {
    const statement = withComponents(['toString']);
    const byComponent = { ...statement.byComponent, toString: '5.00' };
    const html = renderToStaticMarkup(createElement(Statement, { statement: { ...statement, byComponent }, locale: 'en' }));
    expect(groupTotal(html, 'toString')).toBe(formatMoney('5.00', statement.currency, 'en', statement.scale));
    for (const [component, total] of Object.entries(base.byComponent)) {
      if (base.lines.some((l) => l.component === component)) expect(groupTotal(html, component)).toBe(formatMoney(total, statement.currency, 'en', statement.scale));
    }
  });
});
