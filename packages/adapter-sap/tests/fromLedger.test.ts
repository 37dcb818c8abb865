import { describe, expect, it } from 'vitest';
import { ValidationError, approvedInvoiceFromFiscal, mapSupplierInvoice, type FiscalResultLike } from '../src/index.js';
import { makeConfig } from './fixtures.js';

/** A fiscal result as the Italian pack returns it for an agent: 1,000 commissions + 200 bonus, IVA 22 %, ritenuta 23 % on 50 %, Enasarco 8.5 %. */
const fiscal: FiscalResultLike = {
  partnerId: 'P00001',
  period: '2026-11',
  currency: 'EUR',
  items: [
    { code: 'IVA', base: '1200.00', ratePercent: '22', amount: '264.00', effect: 'addsToDocument', codes: {} },
    { code: 'RITENUTA', base: '1200.00', ratePercent: '23', amount: '138.00', effect: 'withheld', codes: { tipoRitenuta: 'RT01', causalePagamento: 'Q' } },
    { code: 'ENASARCO_AGENT', base: '1200.00', ratePercent: '8.5', amount: '102.00', effect: 'withheld', codes: { tipoRitenuta: 'RT04' } },
    { code: 'ENASARCO_PRINCIPAL', base: '1200.00', ratePercent: '8.5', amount: '102.00', effect: 'principalCost', codes: {} },
  ],
  invoiceLines: [
    { component: 'commission', description: { it: 'Provvigioni novembre', en: 'November commissions' }, amount: '1000.00', vatRatePercent: '22', kind: 'fee' },
    { component: 'bonus', description: { it: 'Bonus', en: 'Bonus' }, amount: '200.00', vatRatePercent: '22', kind: 'fee' },
  ],
  totals: { documentTotal: '1464.00', vatSummary: [{ vatRatePercent: '22', taxable: '1200.00', vat: '264.00' }] },
};

describe('approvedInvoiceFromFiscal', () => {
  it('maps the fiscal result to the invoice input: lines, IVA summary, withheld items only', () => {
    const inv = approvedInvoiceFromFiscal({ invoiceNumber: 'AF-2026-0001', documentDate: '2026-11-30', postingDate: '2026-11-30' }, fiscal);
    expect(inv.withholdings).toEqual([
      { type: 'ritenuta', code: 'RT01', base: '1200.00', rate: '23', amount: '138.00' },
      { type: 'enasarco', code: 'RT04', base: '1200.00', rate: '8.5', amount: '102.00' },
    ]);
    const mapped = mapSupplierInvoice(inv, makeConfig('http://x', 3));
    expect(mapped.payload.InvoiceGrossAmount).toBe('1464.00');
    expect(mapped.payload.to_SupplierInvoiceItemGLAcct.results.map((i) => i.SupplierInvoiceItemText)).toEqual(['Provvigioni novembre', 'Bonus']);
    expect(mapped.payload.to_SupplierInvoiceWhldgTax?.results.map((w) => w.WithholdingTaxType)).toEqual(['RA', 'EN']);
  });

  it('reverse charge (N6.x) and a recharged stamp map to their own tax codes; totals must agree', () => {
    const rc: FiscalResultLike = {
      ...fiscal,
      items: [],
      invoiceLines: [
        { component: 'commission', amount: '500.00', vatRatePercent: '0', natura: 'N6.7', kind: 'fee' },
        { component: 'stamp', amount: '2.00', vatRatePercent: '0', kind: 'stamp' },
      ],
      totals: { documentTotal: '502.00', vatSummary: [{ vatRatePercent: '0', natura: 'N6.7', taxable: '500.00', vat: '0.00' }] },
    };
    const inv = approvedInvoiceFromFiscal({ invoiceNumber: 'AF-2026-0002', documentDate: '2026-11-30', postingDate: '2026-11-30' }, rc);
    expect(inv.lines).toEqual([
      { component: 'commission', amount: '500.00', vatRate: '0', natura: 'N6.7', reverseCharge: true },
      { component: 'stamp', amount: '2.00', vatRate: '0', natura: 'N1' },
    ]);
    const cfg = makeConfig('http://x', 3);
    cfg.taxCodes.push({ rate: '0', natura: 'N1', taxCode: 'V9' });
    expect(mapSupplierInvoice(inv, cfg).payload.to_SupplierInvoiceItemGLAcct.results.map((i) => i.TaxCode)).toEqual(['R1', 'V9']);
    expect(() => approvedInvoiceFromFiscal({ invoiceNumber: 'X', documentDate: '2026-11-30', postingDate: '2026-11-30' }, { ...rc, totals: { ...rc.totals, documentTotal: '500.00' } })).toThrow(ValidationError);
  });
});

describe('withSuppliersFromPartners', () => {
  it('takes suppliers from partner master data; explicit config wins; bad values are reported', async () => {
    const { withSuppliersFromPartners } = await import('../src/index.js');
    const base = makeConfig('http://x', 0);
    base.suppliers = { A: '100' };
    const { config, invalid } = withSuppliersFromPartners(base, [
      { id: 'A', attributes: { sapSupplier: '999' } },
      { id: 'B', attributes: { sapSupplier: 17300002 } },
      { id: 'C', attributes: { sapSupplier: 'not a supplier id!' } },
      { id: 'D' },
    ]);
    expect(config.suppliers).toEqual({ A: '100', B: '17300002' });
    expect(invalid).toEqual([{ partnerId: 'C', value: 'not a supplier id!' }]);
  });
});
