import fc from 'fast-check';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { formatMoney } from '@provvigo/core';
import { buildInvoiceDocumentOrThrow, renderFatturaPA, renderInvoicePdf, renderStatementPdf, type InvoiceDocument } from '../src/index.js';
import { Decimal } from '../src/money.js';
import { PROFILES, fiscalFor, partner, pdfText, period, principal, statement, validateXsd, xsdFailures } from './helpers.js';

const parser = new XMLParser({ parseTagValue: false, isArray: (name) => ['DatiRitenuta', 'DettaglioLinee', 'DatiRiepilogo', 'DatiCassaPrevidenziale', 'Causale'].includes(name) });
type Node = Record<string, unknown>;

const cents = (min: number, max: number) => fc.integer({ min, max }).map((c) => new Decimal(c).div(100).toFixed(2));
const lineArb = fc.oneof(
  fc.tuple(fc.constantFrom('activation', 'bonus', 'sla'), fc.constantFrom('Attivazioni', 'Bonus obiettivo', 'SLA interventi'), cents(1, 9_999_999)),
  fc.tuple(fc.constant('adjustment'), fc.constant('Rettifica periodo precedente'), cents(-50_000, 50_000)),
  fc.tuple(fc.constant('clawback'), fc.constant('Storno contratto cessato'), cents(-30_000, -1)),
);
const caseArb = fc.record({
  profile: fc.constantFrom(...PROFILES),
  locale: fc.constantFrom('it' as const, 'en' as const),
  lines: fc.array(lineArb, { minLength: 1, maxLength: 7 }),
}).filter(({ lines }) => lines.reduce((s, [, , a]) => s.plus(a), new Decimal(0)).gt(0));

/** Every money token printed in a PDF text, normalised back to a decimal string. */
function moneyTokens(text: string, locale: 'it' | 'en'): string[] {
  const re = locale === 'it' ? /-?\d{1,3}(?:\.\d{3})*,\d{2} €/g : /-?€\d{1,3}(?:,\d{3})*\.\d{2}/g;
  return [...text.matchAll(re)].map(([m]) =>
    locale === 'it' ? m.replace(' €', '').replace(/\./g, '').replace(',', '.') : m.replace('€', '').replace(/,/g, ''),
  );
}

/** The invoice document of a generated case. */
function caseDocument({ profile, locale, lines }: { profile: (typeof PROFILES)[number]; locale: 'it' | 'en'; lines: Array<[string, string, string]> }) {
  const st = statement('PX', lines);
  const doc = buildInvoiceDocumentOrThrow({ principal, partner: partner('PX'), period, statement: st, fiscal: fiscalFor(profile, st.total), number: 'PV-9', date: '2026-04-10', transmissionId: '00009', payment: { days: 30 }, locale });
  return { st, doc };
}

/** The FatturaPA XML's figures are the statement's to the cent, and its totals the document's; returns its ImportoPagamento. */
function expectXmlFigures(xml: string, st: ReturnType<typeof statement>, t: InvoiceDocument['totals']): Decimal {
  const body = (parser.parse(xml)['p:FatturaElettronica'] as Node).FatturaElettronicaBody as Node;
  const dgd = (body.DatiGenerali as Node).DatiGeneraliDocumento as Node;
  const dbs = body.DatiBeniServizi as Node;
  const linesXml = dbs.DettaglioLinee as Node[];
  const feeLines = linesXml.filter((l) => l.Natura !== 'N1');
  const sumOf = (xs: unknown[]) => xs.reduce<Decimal>((s, v) => s.plus(String(v)), new Decimal(0));
  expect(sumOf(feeLines.map((l) => l.PrezzoTotale)).toFixed(2)).toBe(st.total);
  const riepilogo = dbs.DatiRiepilogo as Node[];
  const cassa = (dgd.DatiCassaPrevidenziale as Node[] | undefined) ?? [];
  const ritenute = (dgd.DatiRitenuta as Node[] | undefined) ?? [];
  const stamp = linesXml.filter((l) => l.Natura === 'N1').map((l) => l.PrezzoTotale);
  const taxableXml = sumOf(riepilogo.filter((r) => r.Natura !== 'N1').map((r) => r.ImponibileImporto));
  const vatXml = sumOf(riepilogo.map((r) => r.Imposta));
  expect(taxableXml.toFixed(2)).toBe(new Decimal(st.total).plus(sumOf(cassa.map((c) => c.ImportoContributoCassa))).toFixed(2));
  const totalXml = new Decimal(String(dgd.ImportoTotaleDocumento));
  expect(totalXml.toFixed(2)).toBe(taxableXml.plus(vatXml).plus(sumOf(stamp)).toFixed(2));
  const payXml = new Decimal(String(((body.DatiPagamento as Node).DettaglioPagamento as Node).ImportoPagamento));
  expect(payXml.toFixed(2)).toBe(totalXml.minus(sumOf(ritenute.map((r) => r.ImportoRitenuta))).toFixed(2));
  expect([taxableXml.toFixed(2), vatXml.toFixed(2), totalXml.toFixed(2), payXml.toFixed(2)]).toEqual([t.taxable, t.vat, t.documentTotal, t.netToPay]);
  return payXml;
}

describe('a statement’s figures equal those of its PDF and its XML', () => {
  it('for generated statements, profiles and locales (fast-check)', async () => {
    await fc.assert(
      fc.asyncProperty(caseArb, async ({ profile, locale, lines }) => {
        const { st, doc } = caseDocument({ profile, locale, lines });
        const t = doc.totals;

        // XML: valid, and its figures are the statement's to the cent.
        const xml = renderFatturaPA(doc);
        const verdict = await validateXsd(xml);
        expect(verdict.output).toContain('validates');
        const payXml = expectXmlFigures(xml, st, t);

        // Invoice PDF: every total and every withholding is printed, in the partner's locale.
        const invoiceTokens = moneyTokens(await pdfText(await renderInvoicePdf(doc)), locale);
        for (const v of [t.taxable, t.vat, t.documentTotal, t.netToPay, doc.summary.commissions, ...doc.summary.components.map((c) => c.amount)]) expect(invoiceTokens).toContain(v);
        for (const w of doc.fiscal.withholdings) expect(invoiceTokens).toContain(new Decimal(w.amount).neg().toFixed(2).replace(/^-0\.00$/, '0.00'));
        // The last figure on the invoice's net line equals the XML's ImportoPagamento.
        expect(invoiceTokens).toContain(payXml.toFixed(2));

        // Statement PDF: every line, and the total equals the statement's total.
        const statementText = await pdfText(await renderStatementPdf(doc));
        const statementTokens = moneyTokens(statementText, locale);
        for (const line of st.lines) expect(statementTokens).toContain(line.amount);
        expect(statementText).toContain(formatMoney(st.total, 'EUR', locale));
      }),
      // a case renders two PDFs and runs xmllint and pdftotext twice: about 0.35 s on a 2-core machine
      { numRuns: 30, seed: 20260410 },
    );
  });

  it('for many more generated statements, the XML alone (in process; one xmllint for all)', async () => {
    // The XML's figures, checked without the PDFs and the processes that read them, so a case costs milliseconds.
    const docs: Array<{ name: string; xml: string }> = [];
    fc.assert(
      fc.property(caseArb, (c) => {
        const { st, doc } = caseDocument(c);
        const xml = renderFatturaPA(doc);
        expectXmlFigures(xml, st, doc.totals);
        docs.push({ name: JSON.stringify(c), xml });
      }),
      { numRuns: 300, seed: 20260411 },
    );
    expect(await xsdFailures(docs)).toEqual([]);
  });
});
