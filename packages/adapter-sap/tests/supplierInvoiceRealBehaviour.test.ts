import { afterEach, describe, expect, it } from 'vitest';
import { FakeS4Hana } from '../src/testing/index.js';
import { MemoryPostingLog, SupplierInvoicePoster, resolveAuth } from '../src/index.js';
import { PASSWORD, makeConfig, makeInvoice } from './fixtures.js';

let fake: FakeS4Hana | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

function poster(f: FakeS4Hana, log: MemoryPostingLog, n: number) {
  const config = makeConfig(f.url, n, { timeoutMs: 30_000 });
  return new SupplierInvoicePoster(config, resolveAuth(config.connection.auth), { log, sleep: async () => {}, fetch: f.fetch });
}

describe('supplier invoices as S/4HANA really stores them', () => {
  it('a lower-case reference is sent and looked up upper case: a timeout after commit is found, not posted twice', async () => {
    // without SAP's own duplicate check only the adapter's lookup can prevent the second post
    fake = await FakeS4Hana.start({ password: PASSWORD, duplicateCheck: false });
    const log = new MemoryPostingLog();
    const invoice = { ...makeInvoice(7), reference: 'pv-2026/11-7' };
    fake.inject({ op: 'create', reference: 'PV-2026/11-7', action: 'timeout-after-commit' });
    fake.inject({ op: 'create', reference: 'pv-2026/11-7', action: 'timeout-after-commit' });
    const report = await poster(fake, log, 10).postAll([invoice]);
    expect(report.results[0]!.outcome).toMatchObject({ status: 'posted', recovered: true });
    expect(fake.invoices.map((i) => i.SupplierInvoiceIDByInvcgParty)).toEqual(['PV-2026/11-7']);
  });

  it('sap-message warnings on a 201 are kept in the posting log', async () => {
    fake = await FakeS4Hana.start({ password: PASSWORD });
    const log = new MemoryPostingLog();
    const invoice = makeInvoice(3);
    fake.inject({ op: 'create', reference: invoice.invoiceNumber, action: { warning: 'Posting period 011 2026 is about to be closed', code: 'F5/777' } });
    const report = await poster(fake, log, 10).postAll([invoice, makeInvoice(4)]);
    expect(report.results.map((r) => r.outcome.status)).toEqual(['posted', 'posted']);
    const [withWarning, plain] = await log.list();
    expect(withWarning!.sapMessages).toEqual([{ code: 'F5/777', message: 'Posting period 011 2026 is about to be closed', severity: 'warning' }]);
    expect(plain!.sapMessages ?? null).toBeNull();
  });

  it('withholding base and amount are flagged as entered manually, so SAP keeps the FatturaPA figures', async () => {
    // SAP's codes: ritenuta 23 % and Enasarco 8.5 %, computed on the full net when nothing is entered manually
    fake = await FakeS4Hana.start({ password: PASSWORD, withholdingCodes: { R2: { rate: '23' }, E1: { rate: '8.5' } } });
    const invoice = makeInvoice(1); // the ritenuta is on 50 % of the net, Enasarco on the full net (see fixtures)
    await poster(fake, new MemoryPostingLog(), 10).postAll([invoice]);
    const ours = invoice.withholdings!.map((w) => ({ base: w.base, amount: w.amount }));
    expect(fake.invoices[0]!.withholding.map((w) => ({ base: w.base, amount: w.amount }))).toEqual(ours);
  });
});

// The lookup's `$filter` is read as the journal reads' (fakeJournalRead.ts): a property A_SupplierInvoice lacks is named
// as SAP Gateway names it, and an expression the adapter never sends is refused as invalid.
describe("the fake's supplier invoice lookup reads $filter as SAP Gateway does", () => {
  const lookup = async (f: FakeS4Hana, filter: string) => {
    const query = new URLSearchParams({ $filter: filter, $format: 'json' });
    const res = await fetch(`${f.url}/sap/opu/odata/sap/API_SUPPLIERINVOICE_PROCESS_SRV/A_SupplierInvoice?${query}`, {
      headers: { authorization: `Basic ${Buffer.from(`INTEGRATION:${PASSWORD}`).toString('base64')}`, accept: 'application/json' },
    });
    const body = (await res.json()) as { error?: { code: string; message: { value: string } }; d?: { results: unknown[] } };
    return { status: res.status, code: body.error?.code, message: body.error?.message.value, found: body.d?.results.length };
  };

  it('finds by reference, names a property the type lacks, refuses an expression it cannot read', async () => {
    fake = await FakeS4Hana.start({ password: PASSWORD });
    const invoice = makeInvoice(5);
    await poster(fake, new MemoryPostingLog(), 10).postAll([invoice]);
    expect(await lookup(fake, `SupplierInvoiceIDByInvcgParty eq '${invoice.invoiceNumber}' and CompanyCode eq 'IT01'`)).toMatchObject({ status: 200, found: 1 });
    expect(await lookup(fake, "DocumentReferenceID eq 'X'")).toEqual({
      status: 400,
      code: '/IWBEP/CM_MGW_RT/022',
      message: "Property 'DocumentReferenceID' not found in type 'API_SUPPLIERINVOICE_PROCESS_SRV.A_SupplierInvoiceType'",
      found: undefined,
    });
    expect(await lookup(fake, "CompanyCode ne 'IT01'")).toEqual({ status: 400, code: '/IWBEP/CM_MGW_RT/022', message: "Invalid filter expression: 'CompanyCode ne 'IT01''", found: undefined });
  });
});
