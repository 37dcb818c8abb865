/**
 * A credit note's courtesy PDF prints the figures its FatturaPA states. The XML of a TD04 carries positive amounts
 * (the document type says it is a credit; checkFatturaPA refuses negative ones: "a correction is a TD04 with positive
 * amounts"), so the PDF sent with it — "Copia di cortesia: il documento fiscale è il file XML" — must show the same
 * numbers, not the statement's negative ones, and say in words which way the money goes. Figures worked by hand in
 * each test; every amount row of the PDF is then read back with pdftotext and compared with the XML's element.
 */
import { computeFiscalOrThrow, formatMoney, type Locale, type Partner } from '@provvigo/core';
import { itPack } from '@provvigo/fiscal-it';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { LABELS, buildInvoiceDocumentOrThrow, renderFatturaPA, renderInvoicePdf } from '../src/index.js';
import { partner, pdfText, period, principal, statement } from './helpers.js';

const parser = new XMLParser({ parseTagValue: false, isArray: (n) => ['DatiRitenuta', 'DettaglioLinee', 'DatiRiepilogo'].includes(n) });
type Node = Record<string, unknown>;
const related = [{ number: 'PV2026/0001', date: '2026-03-10' }];

/** The cells of the first PDF line starting with `label` (columns are two or more spaces apart). */
function row(text: string, label: string): string[] {
  const line = text.split('\n').find((l) => l.trim().startsWith(label));
  expect(line, `a row starting with "${label}"`).toBeDefined();
  return line!.trim().split(/\s{2,}/);
}
const last = (text: string, label: string) => row(text, label).at(-1);

/** The XML's amounts, by element, as the checks below compare them. */
function xmlFigures(xml: string) {
  const root = parser.parse(xml)['p:FatturaElettronica'] as Node;
  const body = root['FatturaElettronicaBody'] as Node;
  const general = (body['DatiGenerali'] as Node)['DatiGeneraliDocumento'] as Node;
  const goods = body['DatiBeniServizi'] as Node;
  const payment = (body['DatiPagamento'] as Node)['DettaglioPagamento'] as Node;
  return {
    type: general['TipoDocumento'] as string,
    lines: (goods['DettaglioLinee'] as Node[]).map((l) => ({ description: l['Descrizione'] as string, amount: l['PrezzoTotale'] as string })),
    summaries: (goods['DatiRiepilogo'] as Node[]).map((r) => ({ taxable: r['ImponibileImporto'] as string, vat: r['Imposta'] as string })),
    withholdings: ((general['DatiRitenuta'] as Node[] | undefined) ?? []).map((w) => w['ImportoRitenuta'] as string),
    stamp: (general['DatiBollo'] as Node | undefined)?.['ImportoBollo'] as string | undefined,
    total: general['ImportoTotaleDocumento'] as string,
    payment: payment['ImportoPagamento'] as string,
  };
}

/** No amount on the page carries a minus sign (it: "-120,00 €", en: "-€120.00"). */
const NEGATIVE_AMOUNT = /-(?:€\d[\d,]*\.\d{2}|\d[\d.]*,\d{2}\s€)/;

function creditNote(profile: 'it:agent-individual-mono' | 'it:agent-forfettario', lines: Array<[string, string, string]>, locale: Locale) {
  const agent: Partner = { ...partner('F1'), fiscalProfile: profile };
  const fiscal = computeFiscalOrThrow([itPack], { partner: agent, period, currency: 'EUR', lines: lines.map(([component, , amount]) => ({ component, amount })) });
  return buildInvoiceDocumentOrThrow({ principal, partner: agent, period, statement: statement('F1', lines), fiscal, number: 'PV2026/0002', date: '2026-04-10', transmissionId: '00002', related, locale });
}

describe('a TD04 courtesy PDF prints the amounts of its XML', () => {
  // Clawbacks −120.00 and −80.00, an adjustment −50.00: commissions −250.00; IVA 22% −55.00; total −305.00; ritenuta
  // RT01 23% on 50% of the base: base −125.00, amount −28.75; Enasarco has no positive base (no RT04); net −305.00 +
  // 28.75 = −276.25. The XML writes each times −1: lines 120.00, 80.00, 50.00; ImponibileImporto 250.00, Imposta
  // 55.00; ImportoTotaleDocumento 305.00; ImportoRitenuta 28.75; ImportoPagamento 276.25.
  const lines: Array<[string, string, string]> = [
    ['clawback', 'Storno contratto C-0099', '-120.00'],
    ['clawback', 'Storno contratto C-0107', '-80.00'],
    ['adjustment', 'Rettifica periodo 2026-02', '-50.00'],
  ];

  it.each(['it', 'en'] as const)('with VAT and a withholding (%s): lines, VAT, total, withholding and net equal the XML, positive', async (locale) => {
    const t = LABELS[locale];
    const money = (v: string) => formatMoney(v, 'EUR', locale);
    const doc = creditNote('it:agent-individual-mono', lines, locale);
    const xml = xmlFigures(renderFatturaPA(doc));
    expect(xml.type).toBe('TD04');
    expect(xml.lines).toEqual([
      { description: 'Rettifica periodo 2026-02', amount: '50.00' },
      { description: 'Storno contratto C-0099', amount: '120.00' },
      { description: 'Storno contratto C-0107', amount: '80.00' },
    ]);
    expect(xml.summaries).toEqual([{ taxable: '250.00', vat: '55.00' }]);
    expect([xml.total, xml.withholdings, xml.payment]).toEqual(['305.00', ['28.75'], '276.25']);

    const text = await pdfText(await renderInvoicePdf(doc));
    expect(text).toContain(t.creditNoteTitle);
    for (const l of xml.lines) expect(last(text, l.description)).toBe(money(l.amount));
    expect(last(text, t.commissions)).toBe(money('250.00')); // the lines' sum, 50.00 + 120.00 + 80.00
    expect(last(text, t.taxable)).toBe(money(xml.summaries[0]!.taxable));
    expect(last(text, `${t.vat} 22`)).toBe(money(xml.summaries[0]!.vat));
    expect(last(text, t.documentTotal)).toBe(money(xml.total));
    // the withholding row: base 125.00 (50% of the 250.00 lines marked Ritenuta SI), 23%, ImportoRitenuta
    const withholding = text.split('\n').find((l) => l.includes('(RT01)'))!.trim().split(/\s{2,}/).slice(-3);
    expect([withholding[0], withholding[2]]).toEqual([money('125.00'), money(xml.withholdings[0]!)]);
    // the net is ImportoPagamento, worded as what it is: credited to the principal, owed by the partner
    expect(last(text, t.creditNoteNet)).toBe(money(xml.payment));
    expect(text).not.toContain(t.netToPay);
    expect(text.replace(/\s+/g, ' ')).toContain(t.creditNoteAmounts);
    expect(text).not.toMatch(NEGATIVE_AMOUNT);
  });

  it.each(['it', 'en'] as const)('forfettario with the stamp declared (%s): N2.2 lines, total and net equal the XML, the stamp its ImportoBollo', async (locale) => {
    // Clawbacks −150.00 and −35.50: −185.50, beyond 77.47, so the €2 stamp is declared (not recharged on a TD04).
    // XML: lines 150.00 and 35.50; N2.2 ImponibileImporto 185.50, Imposta 0.00; ImportoTotaleDocumento 185.50 (no
    // recharge); no withholding; ImportoPagamento 185.50; DatiBollo ImportoBollo 2.00.
    const t = LABELS[locale];
    const money = (v: string) => formatMoney(v, 'EUR', locale);
    const doc = creditNote(
      'it:agent-forfettario',
      [
        ['clawback', 'Storno contratto C-0201', '-150.00'],
        ['clawback', 'Storno contratto C-0202', '-35.50'],
      ],
      locale,
    );
    const xml = xmlFigures(renderFatturaPA(doc));
    expect(xml.lines).toEqual([
      { description: 'Storno contratto C-0201', amount: '150.00' },
      { description: 'Storno contratto C-0202', amount: '35.50' },
    ]);
    expect(xml.summaries).toEqual([{ taxable: '185.50', vat: '0.00' }]);
    expect([xml.total, xml.withholdings, xml.payment, xml.stamp]).toEqual(['185.50', [], '185.50', '2.00']);

    const text = await pdfText(await renderInvoicePdf(doc));
    expect(text).toContain(t.creditNoteTitle);
    for (const l of xml.lines) expect(last(text, l.description)).toBe(money(l.amount));
    expect(last(text, t.commissions)).toBe(money('185.50'));
    expect(last(text, t.taxable)).toBe(money(xml.summaries[0]!.taxable));
    expect(last(text, `${t.noVat} (N2.2`)).toBe(money(xml.summaries[0]!.vat));
    // the stamp row: the duty paid (ImportoBollo 2.00) borne by the supplier, nothing added to the document
    expect(row(text, t.stampDutyPartner)).toEqual([`${t.stampDutyPartner} (${money(xml.stamp!)})`, money('0.00')]);
    expect(last(text, t.documentTotal)).toBe(money(xml.total));
    expect(last(text, t.creditNoteNet)).toBe(money(xml.payment));
    expect(text).not.toContain(t.netToPay);
    expect(text).not.toMatch(NEGATIVE_AMOUNT);
  });

  it('only the TD04 turns the signs: the TD01 it corrects and a pro-forma of the same statement keep theirs', async () => {
    // What must not change (these assertions pass on the old code too): a TD01 prints its own positive amounts and
    // "Netto a pagare"; a pro-forma of the same negative statement is not the XML's copy and keeps the statement's
    // signs (−250.00 + −55.00 = −305.00 total, net −305.00 + 28.75 = −276.25). The TD04 of that statement prints the
    // same magnitudes positive (the part that fails on the old code).
    const agent: Partner = { ...partner('F1'), fiscalProfile: 'it:agent-individual-mono' };
    const activation: Array<[string, string, string]> = [['activation', 'Attivazioni luce e gas', '1000.00']];
    const fiscal = computeFiscalOrThrow([itPack], { partner: agent, period, currency: 'EUR', lines: [{ component: 'activation', amount: '1000.00' }] });
    const invoice = buildInvoiceDocumentOrThrow({ principal, partner: agent, period, statement: statement('F1', activation), fiscal, number: 'PV2026/0001', date: '2026-03-10', transmissionId: '00001' });
    expect(invoice.documentType).toBe('TD01');
    const it1 = LABELS.it;
    const invoiceText = await pdfText(await renderInvoicePdf(invoice));
    expect(invoiceText).toContain(it1.einvoiceTitle);
    // 1000.00 + 22% IVA 220.00 = 1220.00; ritenuta 23% of 500.00 = 115.00; Enasarco agent 8.5% of 1000.00 = 85.00
    expect(last(invoiceText, 'Attivazioni luce e gas')).toBe('1.000,00 €');
    expect(last(invoiceText, it1.documentTotal)).toBe('1.220,00 €');
    expect(last(invoiceText, "Ritenuta d'acconto")).toBe('-115,00 €');
    expect(last(invoiceText, it1.netToPay)).toBe('1.020,00 €');
    expect(invoiceText).not.toContain(it1.creditNoteNet);
    expect(invoiceText.replace(/\s+/g, ' ')).not.toContain(it1.creditNoteAmounts);

    const negative = creditNote('it:agent-individual-mono', lines, 'it');
    const proforma = buildInvoiceDocumentOrThrow({ principal, partner: agent, period, statement: statement('F1', lines), fiscal: negative.fiscal, kind: 'proforma', number: 'PF202603-0001', date: '2026-04-10', locale: 'it' });
    const proformaText = await pdfText(await renderInvoicePdf(proforma));
    expect(proformaText).toContain(it1.invoiceTitle);
    expect(last(proformaText, 'Storno contratto C-0099')).toBe('-120,00 €');
    expect(last(proformaText, it1.documentTotal)).toBe('-305,00 €');
    expect(last(proformaText, it1.netToPay)).toBe('-276,25 €');
    expect(proformaText).not.toContain(it1.creditNoteNet);
    const creditText = await pdfText(await renderInvoicePdf(negative));
    expect([last(creditText, 'Storno contratto C-0099'), last(creditText, it1.documentTotal), last(creditText, it1.creditNoteNet)]).toEqual(['120,00 €', '305,00 €', '276,25 €']);
  });
});
