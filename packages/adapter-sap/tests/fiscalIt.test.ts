import { IssueSchema, computeFiscalOrThrow, type AccrualRow, type FiscalResult } from '@provvigo/core';
import { itPack, type ItProfileId } from '@provvigo/fiscal-it';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { Decimal } from '../src/money.js';
import { approvedInvoiceFromFiscal, mapSupplierInvoice, payloadBalance, toCoreIssues, tryMapSupplierInvoice, type AccrualRowLike, type FiscalResultLike } from '../src/index.js';
import { makeConfig } from './fixtures.js';

const period = { id: '2026-11', start: '2026-11-01', end: '2026-11-30' };
const config = makeConfig('http://x', 0);
config.suppliers = { 'AG-MONO': '17300001', 'AG-FORF': '17300002' };
config.taxCodes.push({ rate: '0', natura: 'N1', taxCode: 'V9' });

function fiscalFor(id: string, profile: ItProfileId, lines: { component: string; amount: string }[]): FiscalResult {
  return computeFiscalOrThrow([itPack], {
    currency: 'EUR',
    partner: { id, name: id, kind: 'agent', territory: 'IT-MI', fiscalProfile: profile, language: 'it' },
    period,
    lines,
  });
}

describe('with the Italian fiscal pack (@provvigo/fiscal-it)', () => {
  it('the core types fit the adapter inputs', () => {
    expectTypeOf<FiscalResult>().toMatchTypeOf<FiscalResultLike>();
    expectTypeOf<AccrualRow>().toMatchTypeOf<AccrualRowLike>();
  });

  for (const [id, profile] of [
    ['AG-MONO', 'it:agent-individual-mono'],
    ['AG-FORF', 'it:agent-forfettario'],
  ] as const) {
    it(`${profile}: the supplier invoice's gross is the fiscal document total, withholdings carried with their amounts`, () => {
      const fiscal = fiscalFor(id, profile, [
        { component: 'commission', amount: '1234.56' },
        { component: 'bonus', amount: '300.00' },
        { component: 'clawback', amount: '-84.10' },
      ]);
      expect(fiscal.issues.filter((i) => i.severity === 'error')).toEqual([]);
      const invoice = approvedInvoiceFromFiscal({ invoiceNumber: `AF202611-${id.slice(3)}`, documentDate: '2026-11-30', postingDate: '2026-11-30' }, fiscal);
      const mapped = mapSupplierInvoice(invoice, config);
      expect(mapped.grossAmount).toBe(fiscal.totals.documentTotal);
      const b = payloadBalance(mapped.payload);
      expect(new Decimal(b.items).plus(b.tax).eq(mapped.payload.InvoiceGrossAmount)).toBe(true);
      const withheld = fiscal.items.filter((i) => i.effect === 'withheld' && !new Decimal(i.amount).isZero());
      const sent = mapped.payload.to_SupplierInvoiceWhldgTax?.results ?? [];
      expect(sent.map((w) => w.ManuallyEnteredWhldgTaxAmount)).toEqual(withheld.map((i) => i.amount));
      // net to pay = gross − withholdings, as the fiscal pack says
      const net = new Decimal(mapped.grossAmount).minus(sent.reduce((s, w) => s.plus(w.ManuallyEnteredWhldgTaxAmount ?? '0'), new Decimal(0)));
      expect(net.minus(fiscal.totals.splitPaymentVat).eq(fiscal.totals.netToPay)).toBe(true);
    });
  }

  it('validation issues convert to valid core issues', () => {
    const r = tryMapSupplierInvoice({ invoiceNumber: 'X1', periodId: '2026-11', partnerId: 'nobody', documentDate: '2026-11-30', postingDate: '2026-11-30', currency: 'EUR', lines: [{ component: 'commission', amount: '1.00', vatRate: '10' }] }, config);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const issues = toCoreIssues(r.issues);
    for (const i of issues) expect(IssueSchema.parse(i)).toEqual(i);
    expect(issues.map((i) => i.path)).toEqual([
      ['invoices', 'X1', 'partnerId'],
      ['invoices', 'X1', 'lines', 0, 'vatRate'],
      ['invoices', 'X1', 'vat'],
    ]);
  });
});
