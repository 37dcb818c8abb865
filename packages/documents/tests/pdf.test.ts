import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { formatMoney } from '@provvigo/core';
import { buildInvoiceDocumentOrThrow, renderInvoicePdf, renderStatementPdf } from '../src/index.js';
import { fiscalFor, partner, pdfText, period, principal, statement } from './helpers.js';

const st = statement('P1', [
  ['activation', 'Attivazioni luce e gas', '1840.00'],
  ['activation', 'Attivazioni luce e gas', '310.50'],
  ['bonus', 'Bonus obiettivo trimestrale', '500.00'],
  ['adjustment', 'Rettifica periodo 2026-02', '-40.25'],
  ['clawback', 'Storno contratto cessato C-0099', '-120.00'],
]);
const build = (profile: Parameters<typeof fiscalFor>[0], locale: 'it' | 'en') =>
  buildInvoiceDocumentOrThrow({ principal, partner: partner('P1'), period, statement: st, fiscal: fiscalFor(profile, st.total), kind: 'proforma', number: 'PV-2026/0001', date: '2026-04-10', payment: { days: 30 }, locale });

/** The amount printed at the end of the first line that starts with `label`. */
function amountAfter(text: string, label: string): string | undefined {
  const line = text.split('\n').find((l) => l.trim().startsWith(label));
  return line?.trim().split(/\s{2,}/).at(-1);
}

describe('money formatting', () => {
  it('formats decimal strings exactly, it and en', () => {
    expect(formatMoney('1234567.5', 'EUR', 'it')).toBe('1.234.567,50 €');
    expect(formatMoney('1234567.5', 'EUR', 'en')).toBe('€1,234,567.50');
    expect(formatMoney('-0.4', 'EUR', 'it')).toBe('-0,40 €');
    expect(formatMoney('-1000', 'EUR', 'en')).toBe('-€1,000.00');
    expect(formatMoney('-0.00', 'EUR', 'en')).toBe('€0.00');
  });
});

describe('pro-forma invoice PDF', () => {
  it('prints every figure of the Italian agent invoice, read back with pdftotext', async () => {
    const doc = build('agentOrdinary', 'it');
    const text = await pdfText(await renderInvoicePdf(doc));
    expect(text).toContain('Fattura pro-forma');
    expect(text).toContain('Agenzia P1 di Niccolò Ferrè'); // embedded font: accents survive
    expect(text).toContain('Energia Futura S.p.A.');
    expect(text).toContain('P.IVA IT09876543217');
    expect(text).toContain('Fattura emessa per conto del cedente/prestatore');
    expect(amountAfter(text, 'Attivazioni luce e gas')).toBe('2.150,50 €');
    expect(amountAfter(text, 'Bonus obiettivo trimestrale')).toBe('500,00 €');
    expect(amountAfter(text, 'Rettifica periodo 2026-02')).toBe('-40,25 €');
    expect(amountAfter(text, 'Storno contratto cessato C-0099')).toBe('-120,00 €');
    expect(amountAfter(text, 'Totale provvigioni')).toBe('2.490,25 €');
    expect(amountAfter(text, 'IVA 22,00%')).toBe('547,86 €');
    expect(amountAfter(text, 'Totale documento')).toBe('3.038,11 €');
    expect(amountAfter(text, "Ritenuta d'acconto 23% sul 50% (RT01)")).toBe('-286,38 €');
    expect(amountAfter(text, 'Enasarco quota agente 8,50% (RT04)')).toBe('-211,67 €');
    expect(amountAfter(text, 'Netto a pagare')).toBe('2.540,06 €');
    expect(amountAfter(text, 'Enasarco quota preponente 8,50%')).toBe('211,67 €');
    expect(text).toContain('IBAN IT60 X054 2811 1010 0000 0123 456');
    expect(text).toContain('30 giorni data fattura');
    expect(text).toContain('documento non valido ai fini fiscali');
  });

  it('prints the English forfettario invoice with the stamp duty and the N2.2 note', async () => {
    const doc = build('forfettario', 'en');
    const text = await pdfText(await renderInvoicePdf(doc));
    expect(text).toContain('Pro-forma invoice');
    expect(text).toContain('No VAT charged (N2.2');
    expect(amountAfter(text, 'Total commissions')).toBe('€2,490.25');
    expect(amountAfter(text, 'Stamp duty (paid virtually)')).toBe('€2.00');
    expect(amountAfter(text, 'Document total')).toBe('€2,492.25');
    expect(amountAfter(text, 'Net to pay')).toBe('€2,280.58');
    expect(text).toContain('regime forfettario');
  });

  it('renders the same document to the same bytes (fixed dates, deterministic font subset)', async () => {
    const doc = build('simple', 'it');
    const a = createHash('sha256').update(await renderInvoicePdf(doc)).digest('hex');
    const b = createHash('sha256').update(await renderInvoicePdf(doc)).digest('hex');
    expect(a).toBe(b);
  });

  it('flows a long statement over several pages without losing a line', async () => {
    const many = statement('P2', Array.from({ length: 120 }, (_, i) => ['activation', `Contratto ${i + 1}`, `${(i + 1) * 10}.05`] as [string, string, string]));
    const doc = buildInvoiceDocumentOrThrow({ principal, partner: partner('P2'), period, statement: many, fiscal: fiscalFor('simple', many.total), number: 'PV-2', date: '2026-04-10', locale: 'it' });
    const text = await pdfText(await renderStatementPdf(doc));
    expect(text).toMatch(/Pagina 1\/[3-9]/);
    for (let i = 1; i <= 120; i++) expect(text).toContain(`Contratto ${i} `);
    expect(amountAfter(text, 'Totale estratto conto')).toBe(formatMoney(many.total, 'EUR', 'it'));
  });
});

describe('statement PDF', () => {
  it('groups the lines by component with their source records and subtotals', async () => {
    const doc = build('agentOrdinary', 'en');
    const text = await pdfText(await renderStatementPdf(doc));
    expect(text).toContain('Commission statement');
    expect(text).toMatch(/Attivazioni luce e gas\s+salesforce:C-1000\s+€1,840.00/);
    expect(text).toMatch(/Attivazioni luce e gas\s+salesforce:C-1001\s+€310.50/);
    expect(amountAfter(text, 'Total Attivazioni luce e gas')).toBe('€2,150.50');
    expect(amountAfter(text, 'Total Adjustments to past periods')).toBe('-€40.25');
    expect(amountAfter(text, 'Total Clawbacks')).toBe('-€120.00');
    expect(amountAfter(text, 'Statement total')).toBe('€2,490.25');
  });
});
