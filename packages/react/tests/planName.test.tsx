import fc from 'fast-check';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { MAX_PLAN_NAME_LENGTH, PlanSchema } from '@provvigo/core';
import type { Plan } from '@provvigo/core';
import { authoringMessages, PlanDetailsForm } from '../src/index.js';
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
