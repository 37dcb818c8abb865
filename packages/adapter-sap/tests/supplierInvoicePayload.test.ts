import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal } from '../src/money.js';
import { supplierInvoiceFlatFile, mapSupplierInvoice, payloadBalance, ValidationError, tryMapSupplierInvoice, fiscalYearOf, parseSapConfig } from '../src/index.js';
import { configInput, makeConfig, makeInvoice } from './fixtures.js';

const config = makeConfig('http://127.0.0.1:1', 10);

describe('mapSupplierInvoice', () => {
  it('builds the deep-create payload: header, G/L items, explicit tax, withholding', () => {
    const m = mapSupplierInvoice(
      {
        invoiceNumber: 'CM202611-00001',
        periodId: '2026-11',
        partnerId: 'P00001',
        documentDate: '2026-11-30',
        postingDate: '2026-12-01',
        currency: 'EUR',
        lines: [
          { component: 'commission', amount: '1000.00', vatRate: '22' },
          { component: 'clawback', amount: '-100.00', vatRate: '22' },
        ],
        vat: [{ rate: '22', taxable: '900.00', amount: '198.00' }],
        withholdings: [
          { type: 'ritenuta', base: '450.00', rate: '23', amount: '103.50' },
          { type: 'enasarco', base: '900.00', rate: '8.5', amount: '76.50' },
        ],
      },
      config,
    );
    expect(m.key).toBe('IT01/17300001/CM202611-00001/2026');
    expect(m.payload).toEqual({
      CompanyCode: 'IT01',
      DocumentDate: '/Date(1795996800000)/',
      PostingDate: '/Date(1796083200000)/',
      SupplierInvoiceIDByInvcgParty: 'CM202611-00001',
      InvoicingParty: '17300001',
      DocumentCurrency: 'EUR',
      InvoiceGrossAmount: '1098.00',
      TaxIsCalculatedAutomatically: false,
      DocumentHeaderText: 'Provvigioni 2026-11',
      SupplierPostingLineItemText: 'Provvigioni 2026-11 P00001 CM202611-00001',
      AccountingDocumentType: 'KR',
      to_SupplierInvoiceItemGLAcct: {
        results: [
          {
            SupplierInvoiceItem: '0001',
            CompanyCode: 'IT01',
            GLAccount: '0061010000',
            CostCenter: 'IT01SALES',
            DocumentCurrency: 'EUR',
            SupplierInvoiceItemAmount: '1000.00',
            TaxCode: 'V2',
            DebitCreditCode: 'S',
            SupplierInvoiceItemText: 'commission 2026-11',
            AssignmentReference: 'CM202611-00001',
          },
          {
            SupplierInvoiceItem: '0002',
            CompanyCode: 'IT01',
            GLAccount: '0061010000',
            CostCenter: 'IT01SALES',
            DocumentCurrency: 'EUR',
            SupplierInvoiceItemAmount: '100.00',
            TaxCode: 'V2',
            DebitCreditCode: 'H',
            SupplierInvoiceItemText: 'clawback 2026-11',
            AssignmentReference: 'CM202611-00001',
          },
        ],
      },
      to_SupplierInvoiceTax: { results: [{ TaxCode: 'V2', DocumentCurrency: 'EUR', TaxAmount: '198.00', TaxBaseAmountInTransCrcy: '900.00' }] },
      to_SupplierInvoiceWhldgTax: {
        results: [
          { WithholdingTaxType: 'RA', WithholdingTaxCode: 'R2', DocumentCurrency: 'EUR', WithholdingTaxBaseAmount: '450.00', WhldgTaxBaseIsEnteredManually: true, ManuallyEnteredWhldgTaxAmount: '103.50', WhldgTaxIsEnteredManually: true },
          { WithholdingTaxType: 'EN', WithholdingTaxCode: 'E1', DocumentCurrency: 'EUR', WithholdingTaxBaseAmount: '900.00', WhldgTaxBaseIsEnteredManually: true, ManuallyEnteredWhldgTaxAmount: '76.50', WhldgTaxIsEnteredManually: true },
        ],
      },
    });
  });

  it('turns a negative total into a credit memo with positive amounts', () => {
    const m = mapSupplierInvoice(
      {
        ...makeInvoice(2),
        lines: [
          { component: 'commission', amount: '50.00', vatRate: '22' },
          { component: 'clawback', amount: '-250.00', vatRate: '22' },
        ],
        vat: [{ rate: '22', taxable: '-200.00', amount: '-44.00' }],
        withholdings: [],
      },
      config,
    );
    expect(m.isCreditMemo).toBe(true);
    expect(m.grossAmount).toBe('-244.00');
    expect(m.payload.InvoiceGrossAmount).toBe('244.00');
    expect(m.payload.SupplierInvoiceIsCreditMemo).toBe('X');
    expect(m.payload.AccountingDocumentType).toBe('KG');
    expect(m.payload.to_SupplierInvoiceItemGLAcct.results.map((i) => [i.SupplierInvoiceItemAmount, i.DebitCreditCode])).toEqual([
      ['50.00', 'S'],
      ['250.00', 'H'],
    ]);
    expect(payloadBalance(m.payload)).toEqual({ items: '200', tax: '44', gross: '244.00' });
  });

  it('maps tax codes by natura and reverse charge; reverse-charge IVA is not owed to the supplier', () => {
    const m = mapSupplierInvoice(
      {
        ...makeInvoice(3),
        lines: [
          { component: 'commission', amount: '300.00', vatRate: '0', natura: 'N2.2' },
          { component: 'bonus', amount: '200.00', vatRate: '0', reverseCharge: true },
        ],
        vat: [
          { rate: '0', natura: 'N2.2', taxable: '300.00', amount: '0.00' },
          { rate: '0', reverseCharge: true, taxable: '200.00', amount: '0.00' },
        ],
        withholdings: [],
      },
      config,
    );
    expect(m.payload.to_SupplierInvoiceItemGLAcct.results.map((i) => i.TaxCode)).toEqual(['V0', 'R1']);
    expect(m.payload.InvoiceGrossAmount).toBe('500.00');
  });

  it('enforces SAP lengths: header text cut to 25, item text to 50, reference over 16 rejected', () => {
    const long = parseSapConfig({ ...configInput('http://x'), suppliers: { P00001: '17300001' }, posting: { companyCode: 'IT01', headerText: 'Provvigioni del periodo {period} partner {partner}', itemText: '{component} {component} {component} {component} {component}' } });
    const m = mapSupplierInvoice({ ...makeInvoice(1), lines: [{ component: 'commission', amount: '1.00', vatRate: '22' }], vat: [{ rate: '22', taxable: '1.00', amount: '0.22' }], withholdings: [] }, long);
    expect(m.payload.DocumentHeaderText).toHaveLength(25);
    expect(m.payload.to_SupplierInvoiceItemGLAcct.results[0]!.SupplierInvoiceItemText).toHaveLength(50);
    const r = tryMapSupplierInvoice({ ...makeInvoice(1), invoiceNumber: 'CM-2026-11-AGENT-000001' }, long);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues).toEqual([expect.objectContaining({ record: 'CM-2026-11-AGENT-000001', field: 'reference', message: expect.stringContaining('allows 16') })]);
  });

  it('names every problem: unknown partner, component without G/L account, rate without tax code, IVA mismatch, sub-cent amounts', () => {
    const noDefault = parseSapConfig({ ...configInput('http://x'), suppliers: {}, glAccounts: { byComponent: { commission: '0061010000' } } });
    const r = tryMapSupplierInvoice(
      {
        ...makeInvoice(1),
        lines: [
          { component: 'commission', amount: '100.005', vatRate: '22' },
          { component: 'mystery', amount: '10.00', vatRate: '10' },
        ],
        vat: [{ rate: '22', taxable: '99.00', amount: '22.00' }],
        withholdings: [{ type: 'inps', base: '1.00', amount: '0.10' }],
      },
      noDefault,
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const fields = r.issues.map((i) => i.field);
    expect(fields).toEqual(expect.arrayContaining(['partnerId', 'lines[0].amount', 'lines[1].component', 'lines[1].vatRate', 'vat', 'withholdings[0].type']));
    expect(r.issues.find((i) => i.field === 'partnerId')?.message).toContain('"P00001" has no SAP supplier');
  });

  it("names a line too large for SAP's Decimal(14,3) even when the invoice total fits", () => {
    // 150 billion less 99 billion: the gross (62.22 billion with IVA) and the second item fit SAP's 11 integer digits,
    // the first item does not.
    const r = tryMapSupplierInvoice(
      {
        ...makeInvoice(1),
        lines: [
          { component: 'commission', amount: '150000000000.00', vatRate: '22' },
          { component: 'clawback', amount: '-99000000000.00', vatRate: '22' },
        ],
        vat: [{ rate: '22', taxable: '51000000000.00', amount: '11220000000.00' }],
        withholdings: [],
      },
      config,
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const en = "150000000000.00 exceeds SAP's Decimal(14,3)";
    expect(r.issues).toEqual([{ record: 'CM202611-00001', field: 'lines[0].amount', message: en, messages: { en, it: '150000000000.00 supera il Decimal(14,3) di SAP' } }]);
  });

  it('rejects bad input shapes with the field path', () => {
    expect(() => mapSupplierInvoice({ ...makeInvoice(1), postingDate: '2026-02-30' }, config)).toThrow(ValidationError);
    const r = tryMapSupplierInvoice({ ...makeInvoice(1), lines: [{ component: 'commission', amount: 12.5, vatRate: '22' }] }, config);
    expect(!r.ok && r.issues[0]?.field).toBe('lines.0.amount');
  });

  it('derives the fiscal year from the posting date and the fiscal-year variant', () => {
    expect(fiscalYearOf('2026-11-30')).toBe('2026');
    expect(fiscalYearOf('2026-03-31', 4, 0)).toBe('2025');
    expect(fiscalYearOf('2026-03-31', 4, 1)).toBe('2026');
    expect(fiscalYearOf('2026-04-01', 4, 1)).toBe('2027');
  });

  it('property: gross = Σ signed items + Σ tax exactly, every amount a positive decimal string with 2 decimals', () => {
    const cents = fc.integer({ min: -5_000_000, max: 5_000_000 });
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom('commission', 'bonus', 'clawback', 'other'), cents, fc.constantFrom('22', '0')), { minLength: 1, maxLength: 12 }), (lines) => {
        const fmt = (c: number) => new Decimal(c).div(100).toFixed(2);
        const byRate = new Map<string, number>();
        for (const [, c, r] of lines) byRate.set(r, (byRate.get(r) ?? 0) + c);
        const inv = {
          ...makeInvoice(1),
          lines: lines.map(([component, c, rate]) => ({ component, amount: fmt(c), vatRate: rate, ...(rate === '0' ? { natura: 'N2.2' } : {}) })),
          vat: [...byRate].map(([rate, c]) => ({ rate, ...(rate === '0' ? { natura: 'N2.2' } : {}), taxable: fmt(c), amount: fmt(rate === '22' ? Math.round((c * 22) / 100) : 0) })),
          withholdings: [],
        };
        const r = tryMapSupplierInvoice(inv, config);
        const net = lines.reduce((s, [, c]) => s + c, 0);
        const tax = [...byRate].reduce((s, [rate, c]) => s + (rate === '22' ? Math.round((c * 22) / 100) : 0), 0);
        if (net + tax === 0 || lines.every(([, c]) => c === 0)) {
          expect(r.ok).toBe(false);
          return;
        }
        if (!r.ok) {
          // only a tax whose sign is against the document's total may be refused
          expect(r.issues.every((i) => i.message.includes('against the sign'))).toBe(true);
          return;
        }
        const p = r.invoice.payload;
        const b = payloadBalance(p);
        expect(new Decimal(b.items).plus(b.tax).eq(p.InvoiceGrossAmount)).toBe(true);
        expect(new Decimal(r.invoice.grossAmount).eq(new Decimal(net + tax).div(100))).toBe(true);
        for (const it of p.to_SupplierInvoiceItemGLAcct.results) expect(it.SupplierInvoiceItemAmount).toMatch(/^\d+\.\d{2}$/);
        expect(p.InvoiceGrossAmount).toMatch(/^\d+\.\d{2}$/);
      }),
      { seed: 668410622, numRuns: 200 },
    );
  });

  it('writes mapped invoices as a flat file: one row per item, tax and withholding on the first', () => {
    const m = mapSupplierInvoice(makeInvoice(1), config);
    const lines = supplierInvoiceFlatFile([m]).trimEnd().split('\r\n');
    expect(lines[0]).toBe('reference;invoice_number;partner_id;company_code;supplier;document_date;posting_date;fiscal_year;currency;gross_amount;credit_memo;header_text;item;gl_account;cost_center;tax_code;debit_credit;item_amount;item_text;tax_amount;withholding');
    expect(lines).toHaveLength(1 + m.payload.to_SupplierInvoiceItemGLAcct.results.length);
    const first = lines[1]!.split(';');
    expect(first.slice(0, 10)).toEqual(['CM202611-00001', 'CM202611-00001', 'P00001', 'IT01', '17300001', '2026-11-30', '2026-11-30', '2026', 'EUR', m.payload.InvoiceGrossAmount]);
    expect(first[19]).toBe(`V2:${m.payload.to_SupplierInvoiceTax!.results[0]!.TaxAmount}`);
    expect(first[20]).toMatch(/^RA\/R2:[\d.]+:[\d.]+ EN\/E1:[\d.]+:[\d.]+$/);
  });
});
