import { describe, expect, it } from 'vitest';
import { buildAccrualJournalEntries, mapSupplierInvoice, withSuppliersFromPartners } from '../src/index.js';
import { makeConfig, makeInvoice } from './fixtures.js';

/**
 * Suppliers are configured by partner id and G/L accounts and cost centres by payout component, both names the
 * caller chose: a partner or component called `constructor`, `toString` or `__proto__` finds its own entry or none,
 * never a member of Object.prototype (which a plain `record[name]` took for a configured supplier or G/L account).
 */
describe('SAP configuration looked up by partner id and component', () => {
  const config = makeConfig('http://127.0.0.1:1', 3);

  it('reports a partner named after an Object member that has no supplier, instead of posting it to none', () => {
    for (const id of ['constructor', '__proto__', 'toString']) {
      expect(() => mapSupplierInvoice({ ...makeInvoice(1), partnerId: id }, config)).toThrow(`partner "${id}" has no SAP supplier in config.suppliers`);
    }
  });

  it('posts a component named after an Object member to the default G/L account', () => {
    const invoice = makeInvoice(1);
    const lines = invoice.lines.map((l) => ({ ...l, component: l.component === 'commission' ? 'toString' : 'constructor' }));
    const m = mapSupplierInvoice({ ...invoice, lines }, config);
    const items = (m.payload as { to_SupplierInvoiceItemGLAcct: { results: Array<{ GLAccount: unknown; CostCenter: unknown }> } }).to_SupplierInvoiceItemGLAcct.results;
    expect(items.map((i) => [i.GLAccount, i.CostCenter])).toEqual(lines.map(() => ['0061019999', 'IT01SALES']));
  });

  it("maps a partner named __proto__ to the supplier of its master data, as an entry of config.suppliers", () => {
    const { config: withIds, invalid } = withSuppliersFromPartners(config, [{ id: '__proto__', attributes: { sapSupplier: '17300099' } }]);
    expect(invalid).toEqual([]);
    expect(Object.getPrototypeOf(withIds.suppliers)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(withIds.suppliers, '__proto__')?.value).toBe('17300099');
    const m = mapSupplierInvoice({ ...makeInvoice(1), partnerId: '__proto__' }, withIds);
    expect((m.payload as { InvoicingParty: string }).InvoicingParty).toBe('17300099');
  });

  it('accrues a partner and a component named after Object members to the configured defaults', () => {
    const noExpense = { ...config, accruals: { ...config.accruals!, expenseGlAccount: undefined } };
    const set = {
      ...{ accrualId: 'ACC-2026-11', periodId: '2026-11', postingDate: '2026-11-30', currency: 'EUR' },
      lines: [
        { partnerId: 'constructor', amount: '10.00', component: 'toString' },
        { partnerId: '__proto__', amount: '5.00', component: 'constructor' },
      ],
    };
    const [doc] = buildAccrualJournalEntries(set, noExpense);
    expect(doc!.items.filter((i) => i.debitCredit === 'S').map((i) => [i.partnerId, i.glAccount, i.costCenter])).toEqual([
      ['constructor', '0061019999', 'IT01SALES'],
      ['__proto__', '0061019999', 'IT01SALES'],
    ]);
  });
});
