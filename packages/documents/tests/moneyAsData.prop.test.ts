import fc from 'fast-check';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { evaluate, formatMoney, parseFactSchema, type PlanInput, type RoundingMode, type Statement } from '@provvigo/core';
import { buildInvoiceDocumentOrThrow, DocumentError, renderFatturaPA, renderInvoicePdf, renderStatementPdf, summarizeStatement } from '../src/index.js';
import { fiscalFor, partner, pdfText, period, principal } from './helpers.js';

/**
 * Money as data, end to end: for plans in several currencies, at scales 0–4 and with every rounding mode, the
 * statement total is exactly the sum of its lines and every document shows the same figures in the plan's
 * denomination. The expected figures come from an independent integer (BigInt) implementation of the rounding
 * modes and of the sum, not from the code under test.
 */

const MODES: RoundingMode[] = ['halfUp', 'halfEven', 'down', 'up'];
const CURRENCIES = ['EUR', 'JPY', 'USD', 'KWD'] as const;
const RAW_DECIMALS = 6;

const facts = (() => {
  const r = parseFactSchema({
    tables: { contracts: { system: 'salesforce', key: 'id', partner: 'partnerId', date: 'signedDate', columns: { id: { type: 'text' }, partnerId: { type: 'text' }, signedDate: { type: 'date' }, value: { type: 'number' } } } },
  });
  if (!r.ok) throw new Error('bad fact schema');
  return r.factSchema;
})();

/** A plan paying each contract's value: the line's exact value is the fact, rounded once with the plan's rounding. */
function plan(currency: string, scale: number, mode: RoundingMode): PlanInput {
  return {
    id: 'money', version: 1, name: 'Money', effectiveFrom: '2026-01-01', currency, rounding: { mode, scale },
    sheets: { Lines: { kind: 'lines', source: 'contracts', columns: { Pay: { formula: '=[@value]', type: 'money' } } } },
    payouts: { pay: { label: 'Compenso', sheet: 'Lines', column: 'Pay', component: 'commission' } },
  };
}

// --- the reference: decimal strings as BigInt units -------------------------------------------------------------
const units = (s: string, places: number): bigint => {
  const [int, frac = ''] = s.replace('-', '').split('.');
  const v = BigInt(int! + frac.padEnd(places, '0'));
  return s.startsWith('-') ? -v : v;
};
const text = (u: bigint, scale: number): string => {
  const neg = u < 0n;
  const digits = (neg ? -u : u).toString().padStart(scale + 1, '0');
  const body = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return neg && u !== 0n ? `-${body}` : body;
};
function roundRef(raw: string, scale: number, mode: RoundingMode): bigint {
  const v = units(raw, RAW_DECIMALS);
  const d = 10n ** BigInt(RAW_DECIMALS - scale);
  const sign = v < 0n ? -1n : 1n;
  const a = v < 0n ? -v : v;
  const q = a / d;
  const r = a % d;
  let away = false;
  if (mode === 'up') away = r > 0n;
  else if (mode === 'halfUp') away = 2n * r >= d;
  else if (mode === 'halfEven') away = 2n * r > d || (2n * r === d && q % 2n === 1n);
  return sign * (away ? q + 1n : q);
}

const rawAmount = fc.bigInt({ min: -5_000_000_000_000n, max: 50_000_000_000_000n }).map((u) => text(u, RAW_DECIMALS));
const caseArb = fc.record({
  currency: fc.constantFrom(...CURRENCIES),
  scale: fc.integer({ min: 0, max: 4 }),
  mode: fc.constantFrom(...MODES),
  locale: fc.constantFrom('it' as const, 'en' as const),
  raws: fc.array(rawAmount, { minLength: 1, maxLength: 6 }),
});

function statementFor(c: { currency: string; scale: number; mode: RoundingMode; raws: string[] }): Statement {
  const contracts = c.raws.map((value, i) => ({ id: `C${i + 1}`, partnerId: 'P1', signedDate: '2026-03-10', value }));
  const r = evaluate({ period, plans: [plan(c.currency, c.scale, c.mode) as never], partners: [partner('P1')], factSchema: facts, facts: { contracts } });
  return r.statements.find((s) => s.partnerId === 'P1')!;
}

/**
 * True when some row of a PDF's text ends with the amount as formatted. Spaces inside the amount are ignored:
 * pdftotext drops the space of a short right-aligned amount ("0 €" reads "0€").
 */
const shows = (pdf: string, formatted: string) =>
  pdf.split('\n').some((row) => row.trim().split(/\s{2,}/).at(-1)!.replace(/\s/g, '') === formatted.replace(/\s/g, ''));

/** The digits of a decimal string or of a formatted amount, in order: formatting may add marks, never digits. */
const digitsOf = (s: string) => s.replace(/\D/g, '');

describe('money as data (fast-check)', () => {
  it('statement total = Σ lines exactly, in the plan’s denomination, and the invoice document agrees', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const st = statementFor(c);
        const expectedLines = c.raws.map((raw) => roundRef(raw, c.scale, c.mode));
        expect(st.lines.map((l) => l.amount)).toEqual(expectedLines.map((u) => text(u, c.scale)));
        const total = text(expectedLines.reduce((a, b) => a + b, 0n), c.scale);
        expect([st.total, st.byComponent['commission'], st.currency, st.scale, st.rounding]).toEqual([total, total, c.currency, c.scale, c.mode]);

        const summary = summarizeStatement(st);
        expect([summary.commissions, summary.currency, summary.scale]).toEqual([total, c.currency, c.scale]);
        // Reverse charge: no VAT or withholding, so every total of the invoice is the statement total.
        const doc = buildInvoiceDocumentOrThrow({ principal, partner: partner('P1'), period, statement: st, fiscal: fiscalFor('reverseCharge', total), number: 'PV-1', date: '2026-04-10', transmissionId: '00001', locale: c.locale });
        expect([doc.currency, doc.scale, doc.summary.commissions, doc.totals.taxable, doc.totals.documentTotal, doc.totals.netToPay]).toEqual([c.currency, c.scale, total, total, total, total]);
        // Shown with exactly the plan's decimals: the formatted text holds the amount's digits, no more, no fewer.
        expect(digitsOf(formatMoney(doc.totals.netToPay, doc.currency, c.locale, doc.scale))).toBe(digitsOf(total));
      }),
      { seed: 20261203, numRuns: 200 },
    );
  }, 300_000);

  it('the statement PDF, the invoice PDF and (for euros) the FatturaPA show the same figures', async () => {
    const xml = new XMLParser({ parseTagValue: false, isArray: (name) => name === 'DettaglioLinee' || name === 'DatiRiepilogo' });
    await fc.assert(
      fc.asyncProperty(caseArb.filter((c) => c.raws.every((r) => !r.startsWith('-'))), async (c) => {
        const st = statementFor(c);
        const money = (v: string) => formatMoney(v, st.currency, c.locale, st.scale);
        const euroCents = c.currency === 'EUR' && c.scale <= 2;
        const fiscal = fiscalFor(euroCents ? 'simple' : 'reverseCharge', st.total);
        const doc = buildInvoiceDocumentOrThrow({ principal, partner: partner('P1'), period, statement: st, fiscal, number: 'PV-2', date: '2026-04-10', transmissionId: '00002', locale: c.locale });

        const statementText = await pdfText(await renderStatementPdf(doc));
        for (const line of st.lines) expect(shows(statementText, money(line.amount)), money(line.amount)).toBe(true);
        expect(shows(statementText, money(st.total)), money(st.total)).toBe(true);
        const invoiceText = await pdfText(await renderInvoicePdf(doc));
        expect(shows(invoiceText, money(st.total)), money(st.total)).toBe(true);
        expect(shows(invoiceText, money(doc.totals.netToPay)), money(doc.totals.netToPay)).toBe(true);

        if (c.currency !== 'EUR') return;
        if (!euroCents) {
          // FatturaPA totals have two decimals: a euro amount with more is refused, never rounded.
          if (st.total.split('.')[1]!.slice(2).replace(/0/g, '') !== '') expect(() => renderFatturaPA(doc)).toThrow(DocumentError);
          return;
        }
        const body = (xml.parse(renderFatturaPA(doc))['p:FatturaElettronica'] as Record<string, any>).FatturaElettronicaBody;
        const lineTotal = (body.DatiBeniServizi.DettaglioLinee as Array<{ PrezzoTotale: string }>).reduce((a, l) => a + units(l.PrezzoTotale, 2), 0n);
        expect(text(lineTotal, 2)).toBe(text(units(st.total, 2), 2));
        expect(body.DatiGenerali.DatiGeneraliDocumento.ImportoTotaleDocumento).toBe(text(units(doc.totals.documentTotal, 2), 2));
      }),
      // Two PDFs and pdftotext per run: fewer runs than the property above, with a generous timeout (busy machine).
      { seed: 20261203, numRuns: 60 },
    );
  }, 600_000);
});
