import { afterEach, describe, expect, it } from 'vitest';
import { MemoryPostingLog, SapSession, SupplierInvoicePoster, mapSupplierInvoice, resolveAuth, type ApprovedInvoiceInput, type SapConfig } from '../src/index.js';
import { FakeS4Hana } from '../src/testing/index.js';
import { PASSWORD, makeConfig, makeInvoice } from './fixtures.js';

/**
 * Reverse charge as S/4HANA computes it: the reverse-charge tax code (R1 here) is a zero-balance code, 22 % input tax
 * and 22 % output tax on the same base, so the supplier invoice carries no tax for it while SAP posts both lines.
 * The fake computes the tax per code from its own tax-code table, independently of the adapter.
 */
const SAP_TAX_CODES = { V2: { rate: '22' }, V0: { rate: '0' }, R1: { rate: '22', reverseCharge: true } };

let fake: FakeS4Hana | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

/** Commission 1,000.00 at 22 % and a bonus of 200.00 under reverse charge (FatturaPA natura N6.7). */
function mixedInvoice(rcSummaryAmount: string): ApprovedInvoiceInput {
  return {
    ...makeInvoice(5),
    lines: [
      { component: 'commission', amount: '1000.00', vatRate: '22' },
      { component: 'bonus', amount: '200.00', vatRate: '0', natura: 'N6.7', reverseCharge: true },
    ],
    vat: [
      { rate: '22', taxable: '1000.00', amount: '220.00' },
      { rate: '0', natura: 'N6.7', reverseCharge: true, taxable: '200.00', amount: rcSummaryAmount },
    ],
    withholdings: [],
  };
}

// Derived by hand: IVA 22 % of 1,000.00 = 220.00 owed to the supplier; 22 % of 200.00 = 44.00 self-assessed, posted
// as input tax +44.00 and output tax −44.00; the supplier is owed 1,000.00 + 200.00 + 220.00 = 1,420.00.
const EXPECTED_TAX_LINES = [
  { taxCode: 'V2', kind: 'input', base: '1000.00', amount: '220.00' },
  { taxCode: 'R1', kind: 'input', base: '200.00', amount: '44.00' },
  { taxCode: 'R1', kind: 'output', base: '200.00', amount: '-44.00' },
];

async function post(config: SapConfig, invoice: ApprovedInvoiceInput) {
  const poster = new SupplierInvoicePoster(config, resolveAuth(config.connection.auth), { log: new MemoryPostingLog(), sleep: async () => {} });
  return poster.postAll([invoice]);
}

describe('reverse charge follows SAP tax computation', () => {
  for (const taxCalculation of ['explicit', 'automatic'] as const) {
    it(`${taxCalculation} tax: SAP posts input and output tax for the reverse-charge code, and the supplier is owed no IVA on it`, async () => {
      fake = await FakeS4Hana.start({ password: PASSWORD, taxCodeDefinitions: SAP_TAX_CODES });
      const config = makeConfig(fake.url, 10);
      config.posting.taxCalculation = taxCalculation;
      const report = await post(config, mixedInvoice('0.00'));
      expect(report.results[0]!.outcome).toMatchObject({ status: 'posted' });
      expect(fake.invoices[0]!.InvoiceGrossAmount).toBe('1420.00');
      expect(fake.invoices[0]!.taxLines).toEqual(EXPECTED_TAX_LINES);
    });
  }

  it('amounts follow the document currency: a JPY invoice (no minor units) is computed and posted in whole yen', async () => {
    fake = await FakeS4Hana.start({ password: PASSWORD, taxCodeDefinitions: SAP_TAX_CODES });
    const config = makeConfig(fake.url, 10);
    const invoice: ApprovedInvoiceInput = {
      ...makeInvoice(6),
      currency: 'JPY',
      lines: [
        { component: 'commission', amount: '1000', vatRate: '22' },
        { component: 'bonus', amount: '201', vatRate: '0', natura: 'N6.7', reverseCharge: true },
      ],
      vat: [
        { rate: '22', taxable: '1000', amount: '220' },
        { rate: '0', natura: 'N6.7', reverseCharge: true, taxable: '201', amount: '0' },
      ],
      withholdings: [],
    };
    const report = await post(config, invoice);
    expect(report.results[0]!.outcome).toMatchObject({ status: 'posted' });
    // by hand: 1,000 + 201 + 220 = 1,421 yen; 22 % of 201 = 44.22, rounded to whole yen: 44
    expect(fake.invoices[0]!.InvoiceGrossAmount).toBe('1421');
    expect(fake.invoices[0]!.taxLines).toEqual([
      { taxCode: 'V2', kind: 'input', base: '1000', amount: '220' },
      { taxCode: 'R1', kind: 'input', base: '201', amount: '44' },
      { taxCode: 'R1', kind: 'output', base: '201', amount: '-44' },
    ]);
  });

  it('a summary carrying the self-assessed IVA (an integrated invoice) still sends no tax for the reverse-charge code', async () => {
    fake = await FakeS4Hana.start({ password: PASSWORD, taxCodeDefinitions: SAP_TAX_CODES });
    const config = makeConfig(fake.url, 10);
    const report = await post(config, mixedInvoice('44.00'));
    expect(report.results[0]!.outcome).toMatchObject({ status: 'posted' });
    expect(fake.invoices[0]!.InvoiceGrossAmount).toBe('1420.00');
    expect(fake.invoices[0]!.taxLines).toEqual(EXPECTED_TAX_LINES);
  });

  it('the fake refuses what SAP refuses: reverse-charge IVA entered as owed (FF/707), a wrong rate amount, a gross with it', async () => {
    fake = await FakeS4Hana.start({ password: PASSWORD, taxCodeDefinitions: SAP_TAX_CODES });
    const config = makeConfig(fake.url, 10);
    const session = new SapSession(config.connection, resolveAuth(config.connection.auth));
    const create = async (payload: unknown) => {
      const res = await session.request('POST', `${config.connection.servicePath}/A_SupplierInvoice`, {
        body: JSON.stringify(payload),
        headers: { 'content-type': 'application/json' },
        context: 'test',
      });
      return { status: res.status, body: res.text };
    };
    const good = mapSupplierInvoice(mixedInvoice('0.00'), config).payload;
    const taxOf = (code: string) => good.to_SupplierInvoiceTax!.results.find((t) => t.TaxCode === code)!;
    expect(taxOf('R1')).toMatchObject({ TaxAmount: '0.00', TaxBaseAmountInTransCrcy: '200.00' });

    // the self-assessed 44.00 sent as tax owed to the supplier (and added to the gross)
    const rcAsOwed = {
      ...good,
      InvoiceGrossAmount: '1464.00',
      to_SupplierInvoiceTax: { results: good.to_SupplierInvoiceTax!.results.map((t) => (t.TaxCode === 'R1' ? { ...t, TaxAmount: '44.00' } : t)) },
    };
    const refused = await create(rcAsOwed);
    expect(refused.status).toBe(400);
    expect(refused.body).toContain('Tax entered incorrect (code R1, amount 44.00), correct 0.00 EUR');

    // 22 % of 1,000.00 is 220.00: 219.00 is more than rounding
    const wrongRate = {
      ...good,
      InvoiceGrossAmount: '1419.00',
      to_SupplierInvoiceTax: { results: good.to_SupplierInvoiceTax!.results.map((t) => (t.TaxCode === 'V2' ? { ...t, TaxAmount: '219.00' } : t)) },
    };
    expect((await create(wrongRate)).body).toContain('Tax entered incorrect (code V2, amount 219.00), correct 220.00 EUR');

    // automatic calculation: SAP adds its own tax, so a gross that includes the reverse-charge IVA does not balance
    const { to_SupplierInvoiceTax: _t, ...header } = good;
    const autoWithRc = { ...header, TaxIsCalculatedAutomatically: true, InvoiceGrossAmount: '1464.00' };
    expect((await create(autoWithRc)).body).toContain('Balance not zero: gross 1464.00 ≠ items and tax 1420.00');
    expect(fake.invoices).toHaveLength(0);
  });
});
