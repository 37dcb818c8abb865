import { FiscalInputSchema, type FiscalResult } from '@provvigo/core';
import { itPack } from '@provvigo/fiscal-it';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeS4Hana } from '../src/testing/index.js';
import { MemoryPostingLog, SupplierInvoicePoster, ValidationError, approvedInvoiceFromFiscal, parseSapConfig, resolveAuth } from '../src/index.js';
import { PASSWORD, configInput } from './fixtures.js';

let fake: FakeS4Hana | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

/** The pack's own result for one agent's month (as a period run keeps it, usable or not). */
function agentMonth(partnerId: string, month: string): FiscalResult {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const end = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
  return itPack.compute(
    FiscalInputSchema.parse({
      partner: { id: partnerId, name: partnerId, kind: 'agent', territory: 'IT-MI', fiscalProfile: 'it:agent-individual-mono', language: 'it' },
      period: { id: month, start: `${month}-01`, end },
      currency: 'EUR',
      lines: [{ component: 'commission', amount: '1000.00' }],
    }),
  );
}

describe('a fiscal result the pack marks unusable never reaches SAP', () => {
  it('March 2027 has no Enasarco row: the invoice is refused naming invoice and field, the usable one is posted', async () => {
    // it.enasarco.individual has rows for 2025 and 2026 only: the 2027 result balances, but its Enasarco is missing,
    // so posting it would pay the agent the Enasarco share SAP should withhold
    const bad = agentMonth('AG-2027', '2027-03');
    const good = agentMonth('AG-2026', '2026-11');
    expect(bad.invoiceable).toBe(false);
    expect(good.invoiceable).toBe(true);

    fake = await FakeS4Hana.start({ password: PASSWORD });
    const input = configInput(fake.url);
    input.suppliers = { 'AG-2027': '17300001', 'AG-2026': '17300002' };
    const config = parseSapConfig(input);
    const headers = [
      { invoiceNumber: 'AF202703-0001', documentDate: '2027-03-31', postingDate: '2027-03-31' },
      { invoiceNumber: 'AF202611-0001', documentDate: '2026-11-30', postingDate: '2026-11-30' },
    ];
    // as the CLI does: each fiscal result is converted on its own, a refused one set apart, the rest posted
    const refused: ValidationError[] = [];
    const invoices = [bad, good].flatMap((fiscal, i) => {
      try {
        return [approvedInvoiceFromFiscal(headers[i]!, fiscal)];
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        refused.push(error);
        return [];
      }
    });
    const poster = new SupplierInvoicePoster(config, resolveAuth(config.connection.auth), { log: new MemoryPostingLog(), sleep: async () => {}, fetch: fake.fetch });
    const report = await poster.postAll(invoices);

    expect(fake.invoices.map((i) => i.SupplierInvoiceIDByInvcgParty)).toEqual(['AF202611-0001']);
    expect(report.results.map((r) => [r.invoiceNumber, r.outcome.status])).toEqual([['AF202611-0001', 'posted']]);
    expect(refused).toHaveLength(1);
    const issue = refused[0]!.issues[0]!;
    expect(issue).toMatchObject({ record: 'AF202703-0001', field: 'fiscal.issues' });
    expect(issue.messages.en).toMatch(/^partner AG-2027, period 2027-03: the fiscal result has errors and is not invoiceable: .*it\.enasarco\.individual/);
    expect(issue.messages.it).toMatch(/^partner AG-2027, periodo 2027-03: il risultato fiscale contiene errori e non è fatturabile: .*it\.enasarco\.individual/);
  });
});
