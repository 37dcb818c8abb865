/**
 * Several VAT treatments on one invoice (issue 13): one DatiRiepilogo per rate + Natura, each line with its own
 * AliquotaIVA/Natura, the VAT computed per group, the PDF showing each group. Every XML is validated by xmllint
 * against the official XSD (Schema_VFPR12_v1.2.2.xsd) and by the semantic checker; figures are worked by hand.
 * Rules: a reverse-charge installer (art. 17 c.6 lett. a-ter DPR 633/72, N6.7) invoicing a sales commission, which
 * is an intermediation at the standard rate (art. 16 DPR 633/72, 22%), puts both on one invoice (italy-tax.md §3.4).
 */
import { describe, expect, it } from 'vitest';
import { computeFiscalOrThrow, type Partner } from '@provvigo/core';
import { itPack } from '@provvigo/fiscal-it';
import { XMLParser } from 'fast-xml-parser';
import { DocumentError, buildInvoiceDocumentOrThrow, checkFatturaPASet, renderFatturaPA, renderInvoicePdf, sdiFileName } from '../src/index.js';
import { partner, pdfText, period, principal, statement, validateXsd } from './helpers.js';

const parser = new XMLParser({ parseTagValue: false, isArray: (n) => ['DettaglioLinee', 'DatiRiepilogo', 'DatiRitenuta', 'DatiCassaPrevidenziale'].includes(n) });
type Node = Record<string, unknown>;
const bodyOf = (xml: string) => (parser.parse(xml)['p:FatturaElettronica'] as Node).FatturaElettronicaBody as Node;

const installer: Partner = { ...partner('INS1'), kind: 'installer', fiscalProfile: 'it:installer-srl', fiscalSettings: { vatStandardComponents: 'commission' } };

function installerInvoice(lines: Array<[string, string, string]>, locale: 'it' | 'en' = 'it') {
  const st = statement('INS1', lines);
  const byComponent = new Map<string, string>();
  for (const l of st.lines) byComponent.set(l.component, (Number(byComponent.get(l.component) ?? '0') + Number(l.amount)).toFixed(2));
  const fiscal = computeFiscalOrThrow([itPack], { partner: installer, period, currency: st.currency, lines: [...byComponent].map(([component, amount]) => ({ component, amount })) });
  const doc = buildInvoiceDocumentOrThrow({ principal, partner: installer, period, statement: st, fiscal, number: 'PV2026/0001', date: '2026-04-10', transmissionId: '00001', locale });
  return { fiscal, doc };
}

describe('mixed VAT treatments on one invoice', () => {
  it('installer: fee 1,000.00 N6.7 and commission 300.00 at 22%, a clawback of 50.00 in N6.7 → two DatiRiepilogo', async () => {
    // By hand: N6.7 group 1,000.00 − 50.00 = 950.00, Imposta 0.00 (the principal self-assesses it, TD16);
    // 22% group 300.00 × 22% = 66.00. ImportoTotaleDocumento 950.00 + 300.00 + 66.00 = 1,316.00; an installer
    // company has no ritenuta (art. 25-bis does not apply to installation work) and no Enasarco, so
    // ImportoPagamento = 1,316.00. No stamp duty: reverse charge is inside the scope of IVA (not N2–N4).
    const { fiscal, doc } = installerInvoice([
      ['fee', 'Installazioni impianti', '1000.00'],
      ['commission', 'Provvigioni vendita contratti', '300.00'],
      ['clawback', 'Storno provvigione C-77 (periodo 2026-02)', '-50.00'],
    ]);
    expect(fiscal.issues.filter((i) => i.severity === 'error')).toEqual([]);
    const xml = renderFatturaPA(doc);
    expect((await validateXsd(xml)).output).toContain('validates');
    expect(checkFatturaPASet([{ file: sdiFileName(doc), xml }]).problems).toEqual([]);

    const body = bodyOf(xml);
    const goods = body.DatiBeniServizi as Node;
    const lines = (goods.DettaglioLinee as Node[]).map((l) => [l.PrezzoTotale, l.AliquotaIVA, l.Natura ?? null]);
    expect(lines).toEqual([
      ['1000.00', '0.00', 'N6.7'],
      ['300.00', '22.00', null],
      ['-50.00', '0.00', 'N6.7'],
    ]);
    const groups = (goods.DatiRiepilogo as Node[]).map((r) => [r.AliquotaIVA, r.Natura ?? null, r.ImponibileImporto, r.Imposta, r.EsigibilitaIVA ?? null]);
    expect(groups).toEqual([
      ['0.00', 'N6.7', '950.00', '0.00', null],
      ['22.00', null, '300.00', '66.00', 'I'],
    ]);
    const dgd = (body.DatiGenerali as Node).DatiGeneraliDocumento as Node;
    expect(dgd.ImportoTotaleDocumento).toBe('1316.00');
    expect(((body.DatiPagamento as Node).DettaglioPagamento as Node).ImportoPagamento).toBe('1316.00');
    expect(doc.totals).toMatchObject({ taxable: '1250.00', vat: '66.00', documentTotal: '1316.00', netToPay: '1316.00' });

    // The PDF prints one row per group, each naming its taxable.
    const text = await pdfText(await renderInvoicePdf(doc));
    expect(text).toMatch(/Operazione senza IVA su 950,00 € \(N6\.7 – Inversione contabile art\. 17 c\.6 lett\.\s+0,00 €/);
    expect(text).toMatch(/IVA 22,00% su 300,00 €\s+66,00 €/);
  });

  it('the English courtesy copy names each group in English', async () => {
    const { doc } = installerInvoice([['fee', 'Installations', '1000.00'], ['commission', 'Sales commissions', '300.00']], 'en');
    const text = await pdfText(await renderInvoicePdf(doc));
    expect(text).toMatch(/VAT 22\.00% on €300\.00\s+€66\.00/);
    expect(text).toMatch(/No VAT charged on €1,000\.00 \(N6\.7 – /);
  });

  it('three groups from the document model: 22%, 10% and N2.1 — each VAT rounded on its own group', async () => {
    // By hand: activation 1,000.05 × 22% = 220.011 → 220.01; bonus 333.35 × 10% = 33.335 → 33.34 (half up);
    // export fee 120.00 N2.1 (outside the territorial scope, art. 7-ter DPR 633/72): 0.00. VAT 253.35;
    // total 1,000.05 + 333.35 + 120.00 + 253.35 = 1,706.75. Stamp duty: 120.00 without IVA > 77.47 → €2.00 due
    // (art. 13 tariff DPR 642/72), borne by the partner here. (A single 22% group over all 1,453.40 would give 319.75.)
    const st = statement('P1', [
      ['activation', 'Attivazioni', '1000.05'],
      ['bonus', 'Premio', '333.35'],
      ['export', 'Segnalazioni clienti esteri', '120.00'],
    ]);
    const fiscal = {
      vat: { rate: '22' },
      vatByComponent: { bonus: { rate: '10' }, export: { rate: '0', natura: 'N2.1' as const, legalReference: 'Non soggetta art. 7-ter DPR 633/72' } },
      vatAmount: '253.35',
      stampDuty: { amount: '2.00', charged: false },
    };
    const doc = buildInvoiceDocumentOrThrow({ principal, partner: partner('P1'), period, statement: st, fiscal, number: 'PV2026/0007', date: '2026-04-10', transmissionId: '00007' });
    expect(doc.vatGroups.map((g) => [g.treatment.rate, g.treatment.natura ?? null, g.taxable, g.vat])).toEqual([
      ['22', null, '1000.05', '220.01'],
      ['10', null, '333.35', '33.34'],
      ['0', 'N2.1', '120.00', '0.00'],
    ]);
    expect(doc.totals.documentTotal).toBe('1706.75');
    const xml = renderFatturaPA(doc);
    expect((await validateXsd(xml)).output).toContain('validates');
    expect(checkFatturaPASet([{ file: sdiFileName(doc), xml }]).problems).toEqual([]);
    // One VAT over the whole taxable is refused: 22% of 1,000.05 + 10% of 333.35 is 253.35, not 319.75.
    expect(() => buildInvoiceDocumentOrThrow({ principal, partner: partner('P1'), period, statement: st, fiscal: { ...fiscal, vatAmount: '319.75' }, number: 'X', date: '2026-04-10' })).toThrow(DocumentError);
  });

  it('the semantic checker fails a group whose Imposta or ImponibileImporto does not match its lines', () => {
    const { doc } = installerInvoice([['fee', 'Installazioni', '1000.00'], ['commission', 'Provvigioni', '300.00']]);
    const xml = renderFatturaPA(doc);
    const file = sdiFileName(doc);
    expect(checkFatturaPASet([{ file, xml: xml.replace('<Imposta>66.00</Imposta>', '<Imposta>65.00</Imposta>') }]).problems.join()).toMatch(/DatiRiepilogo 22\.00\|: Imposta 65\.00 is not 66\.00/);
    // the standard-rated line moved into the N6.7 group: its group no longer adds up and 22% has no line
    const moved = xml.replace(/<AliquotaIVA>22\.00<\/AliquotaIVA>\s*<\/DettaglioLinee>/, '<AliquotaIVA>0.00</AliquotaIVA>\n      <Natura>N6.7</Natura>\n    </DettaglioLinee>');
    expect(checkFatturaPASet([{ file, xml: moved }]).problems.join()).toMatch(/DatiRiepilogo 0\.00\|N6\.7: ImponibileImporto 1000\.00 is not the sum of its lines 1300\.00/);
  });
});
