import { describe, expect, it } from 'vitest';
import { documentFiscalFromResult } from '../src/adapters.js';
import { DocumentFiscalSchema } from '../src/schema.js';

/**
 * A document's VAT treatments are keyed by payout component, a name the plan's author chose (any text). zod's record
 * dropped a key `__proto__` without a word, so a component `__proto__` with its own treatment (reverse charge, N6.7)
 * was invoiced at the default VAT rate; the fiscal part is refused at that key instead.
 */
const MESSAGE = '`__proto__` cannot be a name here: JavaScript reserves it';

const fee = (component: string, vatRatePercent: string, natura?: string) => ({ kind: 'fee', component, vatRatePercent, ...(natura ? { natura } : {}) });
const result = {
  partnerId: 'P1',
  period: '2026-10',
  currency: 'EUR',
  issues: [],
  items: [],
  invoiceLines: [fee('commission', '22'), fee('bonus', '22'), fee('extra', '22'), fee('__proto__', '0', 'N6.7'), fee('toString', '0', 'N6.7')],
  totals: { vatSummary: [], vatTotal: '0', stampDuty: '0', stampDutyCharged: '0' },
  document: { codes: {}, notes: [] },
};

describe('VAT treatments of a component named __proto__', () => {
  it('refuses vatByComponent.__proto__ as JSON.parse reads it, naming it', () => {
    const fiscal = JSON.parse('{"vat": {"rate": "22"}, "vatAmount": "0.00", "vatByComponent": {"__proto__": {"rate": "0", "natura": "N6.7"}}}');
    expect(DocumentFiscalSchema.safeParse(fiscal).error?.issues.map((i) => [i.path, i.message])).toEqual([[['vatByComponent', '__proto__'], MESSAGE]]);
  });

  it("refuses the fiscal part a pack's result gives such a component, instead of invoicing it at the default rate", () => {
    const { fiscal } = documentFiscalFromResult(result as never, 'it');
    // documentFiscalFromResult keeps it as an own entry (the prototype untouched); the schema then refuses it
    expect(Object.getPrototypeOf(fiscal.vatByComponent)).toBe(Object.prototype);
    expect(Object.keys(fiscal.vatByComponent!)).toEqual(['__proto__', 'toString']);
    expect(Object.getOwnPropertyDescriptor(fiscal.vatByComponent, '__proto__')?.value).toMatchObject({ rate: '0', natura: 'N6.7' });
    expect(DocumentFiscalSchema.safeParse(fiscal).error?.issues.map((i) => [i.path, i.message])).toEqual([[['vatByComponent', '__proto__'], MESSAGE]]);
  });

  it('keeps the treatment of a component named toString or constructor as its own entry', () => {
    const fiscal = DocumentFiscalSchema.parse({ vat: { rate: '22' }, vatAmount: '0.00', vatByComponent: { toString: { rate: '0', natura: 'N6.7' }, constructor: { rate: '10' } } });
    expect(Object.keys(fiscal.vatByComponent)).toEqual(['toString', 'constructor']);
    expect(Object.getOwnPropertyDescriptor(fiscal.vatByComponent, 'toString')?.value).toMatchObject({ rate: '0', natura: 'N6.7' });
  });
});
