/**
 * The semantic check against a pack setting: fiscal-it's `enasarcoBaseIncludesStamp` puts a recharged stamp into
 * the Enasarco base (the base is "all sums due to the agent"), so the RT04 block is the rate of the fees plus the
 * stamp. `provvigo invoices issue` writes nothing for the period when the check reports a problem, so a check that
 * bounds RT04 by the fees alone would hold back every partner's e-invoices. Figures worked by hand below.
 */
import { computeFiscalOrThrow, type Partner } from '@provvigo/core';
import { itPack } from '@provvigo/fiscal-it';
import { describe, expect, it } from 'vitest';
import { buildInvoiceDocumentOrThrow, checkFatturaPA, checkFatturaPASet, renderFatturaPA } from '../src/index.js';
import { partner, period, principal, statement, validateXsd } from './helpers.js';

describe('RT04 with the recharged stamp in the Enasarco base', () => {
  const agent: Partner = { ...partner('F1'), fiscalProfile: 'it:agent-forfettario', fiscalSettings: { enasarcoBaseIncludesStamp: true } };

  function xmlOf() {
    const st = statement('F1', [['activation', 'Attivazioni', '1000.00']]);
    const fiscal = computeFiscalOrThrow([itPack], { partner: agent, period, currency: 'EUR', lines: [{ component: 'activation', amount: '1000.00' }] });
    const doc = buildInvoiceDocumentOrThrow({ principal, partner: agent, period, statement: st, fiscal, number: 'PV2026/0001', date: '2026-04-10', transmissionId: '00001' });
    return renderFatturaPA(doc);
  }

  it('is a clean e-invoice: fees 1000.00 (N2.2) + stamp 2.00 (N1), RT04 8.5% × 1002.00 = 85.17, to pay 916.83', async () => {
    // Forfettario: no IVA (N2.2), 1000.00 > 77.47 so the €2 stamp is due and recharged on an N1 line; Enasarco
    // agent share 8.5% (2026 table) on 1000.00 + 2.00 = 85.17, far below the pluri cap; no income-tax ritenuta.
    // ImportoTotaleDocumento 1000.00 + 2.00 = 1002.00; ImportoPagamento 1002.00 − 85.17 = 916.83.
    const xml = xmlOf();
    expect(xml).toMatch(/<TipoRitenuta>RT04<\/TipoRitenuta>\s*<ImportoRitenuta>85\.17<\/ImportoRitenuta>\s*<AliquotaRitenuta>8\.50<\/AliquotaRitenuta>/);
    expect(xml).toMatch(/<ImportoTotaleDocumento>1002\.00</);
    expect(xml).toMatch(/<ImportoPagamento>916\.83</);
    expect((await validateXsd(xml)).ok).toBe(true);
    expect(checkFatturaPA(xml, 'IT01234567897_00001.xml').problems).toEqual([]);
    expect(checkFatturaPASet([{ file: 'IT01234567897_00001.xml', xml }])).toEqual({ ok: true, problems: [], issues: [] });
  });

  it('still fails an RT04 more than a cent above the rate of fees and stamp (8.5% × 1002.00 = 85.17)', () => {
    const xml = xmlOf().replace('<ImportoRitenuta>85.17</ImportoRitenuta>', '<ImportoRitenuta>85.18</ImportoRitenuta>').replace('<ImportoPagamento>916.83<', '<ImportoPagamento>916.82<');
    // 8.5% × 1002.00 = 85.17, and the check allows a cent of rounding: 85.18 passes, 85.19 does not
    expect(checkFatturaPA(xml, 'IT01234567897_00001.xml').problems).toEqual([]);
    const over = xml.replace('<ImportoRitenuta>85.18</ImportoRitenuta>', '<ImportoRitenuta>85.19</ImportoRitenuta>').replace('<ImportoPagamento>916.82<', '<ImportoPagamento>916.81<');
    expect(checkFatturaPA(over, 'IT01234567897_00001.xml').problems).toEqual(['IT01234567897_00001.xml: RT04: ImportoRitenuta 85.19 exceeds 8.50% of the lines (fees and recharged stamp)']);
  });
});
