import { describe, expect, it } from 'vitest';
import { buildAccrualJournalEntries, mapSupplierInvoice } from '../src/index.js';
import { makeConfig, makeInvoice } from './fixtures.js';

/**
 * The integrator's text templates name variables in braces. A placeholder that is no variable stays as written, also
 * when it is named like an Object.prototype member: `{constructor}` once wrote "function Object() { [native code] }"
 * into the posting's header text, and `{toString}` the source of Object.prototype.toString.
 */
describe('text templates with placeholders named like Object members', () => {
  const config = makeConfig('http://127.0.0.1:1', 3);

  it('keeps {constructor} and {toString} as written in a supplier invoice, and fills the known variables', () => {
    const posting = { ...config.posting, headerText: '{constructor}{period}', supplierLineText: '{toString} {partner}', itemText: '{valueOf} {component}' };
    const invoice = makeInvoice(1);
    const m = mapSupplierInvoice(invoice, { ...config, posting });
    const payload = m.payload as { DocumentHeaderText: string; SupplierPostingLineItemText: string; to_SupplierInvoiceItemGLAcct: { results: Array<{ SupplierInvoiceItemText: string }> } };
    expect(payload.DocumentHeaderText).toBe(`{constructor}${invoice.periodId}`);
    expect(payload.SupplierPostingLineItemText).toBe(`{toString} ${invoice.partnerId}`);
    const described = invoice.lines.map((l) => l.description);
    // a line with its own description uses it; the others use the item template
    expect(payload.to_SupplierInvoiceItemGLAcct.results.map((r) => r.SupplierInvoiceItemText)).toEqual(invoice.lines.map((l, i) => described[i] ?? `{valueOf} ${l.component}`));
  });

  it("keeps {constructor} as written in an accrual's header text", () => {
    const withTemplate = { ...config, accruals: { ...config.accruals!, headerText: '{constructor} {period}' } };
    const set = { accrualId: 'ACC-2026-11', periodId: '2026-11', postingDate: '2026-11-30', currency: 'EUR', lines: [{ partnerId: 'P00001', amount: '10.00', component: 'commission' }] };
    const [doc] = buildAccrualJournalEntries(set, withTemplate);
    // cut to DocumentHeaderText's 25 characters, as every header text is
    expect(doc!.headerText).toBe('{constructor} 2026-11');
  });
});
