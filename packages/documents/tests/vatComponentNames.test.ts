import { describe, expect, it } from 'vitest';
import type { DocumentFiscal, StatementSummary } from '../src/schema.js';
import { treatmentOf, vatGroupsOf } from '../src/vatGroups.js';

/**
 * A line's VAT treatment is looked up by its component, a name the plan's author chose: a payout component called
 * `toString` or `constructor` takes its own treatment or the default one, never a member of Object.prototype (which
 * a plain `vatByComponent[component]` returned as the "treatment", its rate undefined).
 */
describe('VAT treatment by component name', () => {
  const standard = { rate: '22' };
  const reverse = { rate: '0', natura: 'N6.7' };
  const fiscal = { vat: standard, vatByComponent: { install: reverse }, cassa: [] } as unknown as DocumentFiscal;

  it('takes the default treatment for components named after Object members, its own for a declared one', () => {
    for (const c of ['toString', 'constructor', 'valueOf', 'hasOwnProperty', '__proto__']) expect(treatmentOf(fiscal, c)).toBe(standard);
    expect(treatmentOf(fiscal, 'install')).toBe(reverse);
  });

  it('groups lines of such components with the default treatment', () => {
    const summary = {
      components: [
        { component: 'toString', amount: '100.00' },
        { component: 'constructor', amount: '50.00' },
        { component: 'install', amount: '10.00' },
      ],
      adjustments: [],
      clawbacks: [],
    } as unknown as StatementSummary;
    expect(vatGroupsOf(summary, fiscal, 'EUR', 2, 'test')).toEqual([
      { treatment: standard, taxable: '150.00', vat: '33.00' },
      { treatment: reverse, taxable: '10.00', vat: '0.00' },
    ]);
  });
});
