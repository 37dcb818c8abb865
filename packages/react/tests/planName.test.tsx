import fc from 'fast-check';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { MAX_PLAN_ID_LENGTH, MAX_PLAN_NAME_LENGTH, parsePlan, PlanSchema } from '@provvigo/core';
import type { Plan } from '@provvigo/core';
import { authoringMessages, localizeIssueMessage, PlanDetailsForm } from '../src/index.js';
import { planNameFrom } from '../src/planName.js';

// The plan's details form names the plan only as the plan schema allows (a name not blank in at least one language):
// clearing the English name kept `en: ""`, which the schema now refuses, so the designer's next save failed.
const plan = PlanSchema.parse({
  id: 'names',
  version: 1,
  name: { it: 'Agenti', en: 'Agents' },
  effectiveFrom: '2026-01-01',
  currency: 'EUR',
  sheets: { Summary: { kind: 'summary', cells: { Bonus: { formula: '=1', type: 'money' } } } },
  payouts: { bonus: { label: 'Bonus', sheet: 'Summary', cell: 'Bonus', component: 'bonus' } },
}) as Plan;

describe("a plan's name from the details form", () => {
  it('leaves a blank language out, and gives no name when both are blank', () => {
    expect(planNameFrom({ it: 'Agenti', en: '' })).toEqual({ it: 'Agenti' });
    expect(planNameFrom({ it: '  ', en: 'Agents' })).toEqual({ en: 'Agents' });
    expect(planNameFrom({ it: 'Agenti', en: 'Agents' })).toEqual({ it: 'Agenti', en: 'Agents' });
    expect(planNameFrom({ it: ' \t', en: '' })).toBeUndefined();
  });

  it('gives only names the plan schema takes, and none only when the schema would refuse every one', () => {
    const text = fc.string({ unit: fc.constantFrom(' ', '\t', 'a', 'è', '-'), maxLength: MAX_PLAN_NAME_LENGTH });
    fc.assert(
      fc.property(text, text, (itText, enText) => {
        const named = planNameFrom({ it: itText, en: enText });
        const bothBlank = itText.trim() === '' && enText.trim() === '';
        expect(named === undefined).toBe(bothBlank);
        if (named !== undefined) expect(PlanSchema.shape.name.safeParse(named).success).toBe(true);
      }),
      { seed: 20261206, numRuns: 300 },
    );
  });

  it('lets no more characters be typed than a name may hold', () => {
    const html = renderToStaticMarkup(createElement(PlanDetailsForm, { plan, onChange: () => {}, m: authoringMessages('it') }));
    expect(html).toMatch(new RegExp(`id="pv-details-name-it"[^>]*maxLength="${MAX_PLAN_NAME_LENGTH}"|maxLength="${MAX_PLAN_NAME_LENGTH}"[^>]*id="pv-details-name-it"`, 'i'));
    expect(html).toMatch(new RegExp(`id="pv-details-name-en"[^>]*maxLength="${MAX_PLAN_NAME_LENGTH}"|maxLength="${MAX_PLAN_NAME_LENGTH}"[^>]*id="pv-details-name-en"`, 'i'));
  });
});

describe("the plan's id and name problems in the builder's Italian", () => {
  it('words every problem core reports for a bad id or name in Italian', () => {
    const bad: Array<Partial<Plan> | Record<string, unknown>> = [
      { name: '' },
      { name: { it: ' ' } },
      { name: {} },
      { name: 'n'.repeat(MAX_PLAN_NAME_LENGTH + 1) },
      { id: '' },
      { id: 'a'.repeat(MAX_PLAN_ID_LENGTH + 1) },
      { id: 'Agenti 2027' },
    ];
    for (const patch of bad) {
      const r = parsePlan({ ...plan, ...patch });
      expect(r.ok, JSON.stringify(patch)).toBe(false);
      for (const issue of r.issues) {
        const it = localizeIssueMessage(issue.message, 'it');
        expect(it, issue.message).not.toBe(issue.message);
        expect(it).not.toMatch(/\b(plan|name|must|characters|letters)\b/);
      }
    }
  });
});
