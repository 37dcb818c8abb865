/**
 * The €2 stamp on a credit note without IVA. Art. 13 n. 1 Tariffa DPR 642/72 taxes "fatture, note, conti e simili
 * documenti, recanti addebitamenti o accreditamenti": a TD04 whose amount not subject to IVA exceeds €77.47 owes the
 * stamp as an invoice does. fiscal-it declares it and never recharges it on a credit note (the recharge's sign is an
 * open question for the accountant), so the XML has DatiBollo (BolloVirtuale SI, ImportoBollo 2.00: the duty paid,
 * positive like every TD04 amount) and no N1 line. Figures worked by hand below.
 */
import { computeFiscalOrThrow, formatMoney, type Partner } from '@provvigo/core';
import { itPack } from '@provvigo/fiscal-it';
import { describe, expect, it } from 'vitest';
import { buildInvoiceDocument, buildInvoiceDocumentOrThrow, checkFatturaPA, checkFatturaPASet, renderFatturaPA, renderInvoicePdf } from '../src/index.js';
import { partner, pdfText, period, principal, statement, validateXsd } from './helpers.js';

describe('a forfettario credit note of −100.00 (N2.2) carries the stamp, declared and not recharged', () => {
  const agent: Partner = { ...partner('F1'), fiscalProfile: 'it:agent-forfettario' };
  const related = [{ number: 'PV2026/0001', date: '2026-03-10' }];

  function build(amount: string, number = 'PV2026/0002', transmissionId = '00002') {
    const st = statement('F1', [['clawback', 'Storno provvigione C-0099 (periodo 2026-02)', amount]]);
    const fiscal = computeFiscalOrThrow([itPack], { partner: agent, period, currency: 'EUR', lines: [{ component: 'clawback', amount }] });
    const input = { principal, partner: agent, period, statement: st, fiscal, number, date: '2026-04-10', transmissionId, related };
    return { fiscal, input };
  }

  it('builds, writes DatiBollo SI 2.00 on an XSD-valid TD04 the semantic check accepts; the PDF shows the stamp as borne by the supplier', async () => {
    // |−100.00| = 100.00 > 77.47: €2 due; not recharged on a credit note, so no N1 line and no N1 DatiRiepilogo.
    // TD04 amounts are positive: N2.2 ImponibileImporto 100.00, ImportoTotaleDocumento 100.00 + 0.00 IVA = 100.00;
    // Enasarco 0.00 (no positive base this year: no RT04 block), so ImportoPagamento 100.00 − 0.00 = 100.00.
    const { fiscal, input } = build('-100.00');
    const built = buildInvoiceDocument(input);
    expect(built.ok).toBe(true);
    const doc = buildInvoiceDocumentOrThrow(input);
    expect(doc.documentType).toBe('TD04');
    expect(doc.fiscal.stampDuty).toEqual({ amount: '2.00', charged: false });
    expect(doc.totals).toMatchObject({ taxable: '-100.00', stampDuty: '0.00', documentTotal: '-100.00', netToPay: '-100.00' });
    const xml = renderFatturaPA(doc);
    expect(xml).toMatch(/<DatiBollo>\s*<BolloVirtuale>SI<\/BolloVirtuale>\s*<ImportoBollo>2\.00<\/ImportoBollo>\s*<\/DatiBollo>/);
    expect(xml).not.toMatch(/<Natura>N1<\/Natura>/);
    expect(xml).toMatch(/<Natura>N2\.2<\/Natura>\s*<ImponibileImporto>100\.00<\/ImponibileImporto>/);
    expect(xml).toMatch(/<ImportoTotaleDocumento>100\.00</);
    expect(xml).toMatch(/<ImportoPagamento>100\.00</);
    expect((await validateXsd(xml)).output).toContain('validates');
    expect(checkFatturaPA(xml, 'IT01234567897_00002.xml').problems).toEqual([]);
    // the invoice it corrects (1000.00 with the recharged stamp), checked with it as `invoices issue` does
    const invoiceFiscal = computeFiscalOrThrow([itPack], { partner: agent, period, currency: 'EUR', lines: [{ component: 'activation', amount: '1000.00' }] });
    const invoice = renderFatturaPA(buildInvoiceDocumentOrThrow({ principal, partner: agent, period, statement: statement('F1', [['activation', 'Attivazioni', '1000.00']]), fiscal: invoiceFiscal, number: 'PV2026/0001', date: '2026-03-10', transmissionId: '00001' }));
    expect(checkFatturaPASet([{ file: 'IT01234567897_00001.xml', xml: invoice }, { file: 'IT01234567897_00002.xml', xml }])).toEqual({ ok: true, problems: [], issues: [] });

    // The PDF: the stamp row as on an invoice whose stamp is not recharged ("a carico del prestatore (2,00 €)", 0,00 €
    // on the document), and the net as the XML's ImportoPagamento: the pack's −100.00 credited, printed 100,00 €.
    const text = await pdfText(await renderInvoicePdf(doc));
    const stampRow = text.split('\n').find((l) => l.includes('Imposta di bollo a carico del prestatore'));
    expect(stampRow?.trim().split(/\s{2,}/)).toEqual([`Imposta di bollo a carico del prestatore (${formatMoney('2.00', 'EUR', 'it')})`, formatMoney('0.00', 'EUR', 'it')]);
    expect(fiscal.totals.netToPay).toBe('-100.00');
    const netLine = text.split('\n').find((l) => l.trim().startsWith('Netto a credito del committente'));
    expect(netLine?.trim().split(/\s{2,}/).at(-1)).toBe(formatMoney('100.00', 'EUR', 'it'));
  });

  it('−77.47 has no stamp and no DatiBollo; −77.48 has one; both pass the semantic check', async () => {
    const at = build('-77.47');
    const atXml = renderFatturaPA(buildInvoiceDocumentOrThrow(at.input));
    expect(atXml).not.toMatch(/DatiBollo/);
    expect(checkFatturaPA(atXml, 'IT01234567897_00002.xml').problems).toEqual([]);
    const above = build('-77.48');
    const aboveXml = renderFatturaPA(buildInvoiceDocumentOrThrow(above.input));
    expect(aboveXml).toMatch(/<DatiBollo>\s*<BolloVirtuale>SI<\/BolloVirtuale>\s*<ImportoBollo>2\.00<\/ImportoBollo>/);
    expect(aboveXml).toMatch(/<ImportoTotaleDocumento>77\.48</);
    expect(checkFatturaPA(aboveXml, 'IT01234567897_00002.xml').problems).toEqual([]);
    expect((await validateXsd(aboveXml)).ok).toBe(true);
  });

  it('a stamp signed like the credit note is refused, never dropped: −2.00 declared, or a −2.00 recharge', () => {
    // what a pack that signs the stamp like the document would give (the attempt the brief recalls): on the old code
    // the −2.00 declared was dropped (`> 0`), leaving a TD04 without the DatiBollo it owes, and the −2.00 recharge was
    // read as "not recharged" and refused only as a totals mismatch
    const { fiscal, input } = build('-100.00');
    const signed = { ...fiscal, items: fiscal.items.map((i) => (i.code === 'BOLLO' ? { ...i, amount: '-2.00' } : i)), totals: { ...fiscal.totals, stampDuty: '-2.00' } };
    const declared = buildInvoiceDocument({ ...input, fiscal: signed });
    expect(declared.ok).toBe(false);
    expect(declared.issues[0]).toMatchObject({ partnerId: 'F1', path: ['fiscal', 'totals', 'stampDuty'] });
    expect(declared.issues[0]?.messages).toEqual({
      en: 'partner F1, period 2026-03: fiscal result: totals.stampDuty is -2.00: the stamp duty is a positive amount paid (ImportoBollo), on credit notes too',
      it: "partner F1, periodo 2026-03: risultato fiscale: totals.stampDuty vale -2.00: l'imposta di bollo è un importo positivo versato (ImportoBollo), anche sulle note di credito",
    });
    // a −2.00 recharge: the stamp line and totals of a pack that recharges on credit notes with the document's sign
    const recharged = { ...fiscal, totals: { ...fiscal.totals, stampDutyCharged: '-2.00', documentTotal: '-102.00', netToPay: '-102.00' } };
    const refused = buildInvoiceDocument({ ...input, fiscal: recharged });
    expect(refused.ok).toBe(false);
    expect(refused.issues[0]).toMatchObject({ partnerId: 'F1', path: ['fiscal', 'stampDuty', 'charged'] });
    expect(refused.issues[0]?.message).toMatch(/^partner F1, period 2026-03: fiscal.stampDuty is recharged on a credit note \(TD04\)/);
  });

  it('a hand-built credit note recharging the stamp is refused when built, naming partner, period and field, in both languages', () => {
    // on the old code it built, and its XML had the N1 line at −2.00 (the TD04 sign applied) but the N1 DatiRiepilogo
    // at +2.00 (written without it): a file the semantic check fails, holding back the period's e-invoices
    const st = statement('F1', [['clawback', 'Storno', '-100.00']]);
    const fiscal = { regime: 'RF19' as const, vat: { rate: '0', natura: 'N2.2' as const }, vatAmount: '0.00', stampDuty: { amount: '2.00', charged: true } };
    const r = buildInvoiceDocument({ principal, partner: agent, period, statement: st, fiscal, number: 'PV2026/0002', date: '2026-04-10', transmissionId: '00002', related });
    expect(r.ok).toBe(false);
    expect(r.issues[0]).toMatchObject({ partnerId: 'F1', path: ['fiscal', 'stampDuty', 'charged'] });
    expect(r.issues[0]?.messages).toEqual({
      en: 'partner F1, period 2026-03: fiscal.stampDuty is recharged on a credit note (TD04): declare it without recharging it (charged false); the sign of a recharge on a credit note is for the accountant to decide',
      it: 'partner F1, periodo 2026-03: fiscal.stampDuty è riaddebitata su una nota di credito (TD04): dichiarala senza riaddebitarla (charged false); il segno di un riaddebito su una nota di credito lo decide il commercialista',
    });
    // the same stamp declared without the recharge builds: DatiBollo written, nothing on the lines
    const declared = buildInvoiceDocumentOrThrow({ principal, partner: agent, period, statement: st, fiscal: { ...fiscal, stampDuty: { amount: '2.00', charged: false } }, number: 'PV2026/0002', date: '2026-04-10', transmissionId: '00002', related });
    expect(renderFatturaPA(declared)).toMatch(/<ImportoBollo>2\.00<\/ImportoBollo>/);
  });
});
