import { describe, expect, it } from 'vitest';
import { buildInvoiceDocumentOrThrow, fiscalLinesFromSummary, renderInvoicePdf, summarizeStatement } from '../src/index.js';
import { fiscalFor, partner, pdfText, period, principal, statement } from './helpers.js';

// The demo plan's two bonus payouts share the component "bonus": an energy-efficiency bonus (€25) and a volume bonus
// (€28). The invoice used to print one group named after its first line: "Bonus efficienza energetica (2 righe) 53,00".
const st = (() => {
  const s = statement('P1', [
    ['commission', 'Provvigione contratti', '100.00'],
    ['bonus', 'Bonus efficienza energetica', '25.00'],
    ['bonus', 'Bonus volumi', '28.00'],
  ]);
  const payouts = ['Commission', 'EEBonus', 'VolumeBonus'];
  return { ...s, lines: s.lines.map((l, i) => ({ ...l, payout: payouts[i]! })) };
})();

describe('invoice groups carry the plan’s payout labels', () => {
  it('gives each payout its own group, labelled with its label, even when payouts share a component', () => {
    const summary = summarizeStatement(st);
    expect(summary.components.map((c) => [c.component, c.label, c.amount])).toEqual([
      ['commission', 'Provvigione contratti', '100.00'],
      ['bonus', 'Bonus efficienza energetica', '25.00'],
      ['bonus', 'Bonus volumi', '28.00'],
    ]);
    // The fiscal pack still sees one taxable line per component: 25 + 28 = 53.
    expect(fiscalLinesFromSummary(summary)).toEqual([
      { component: 'commission', amount: '100.00' },
      { component: 'bonus', amount: '53.00' },
    ]);
  });

  it('prints "Bonus efficienza energetica (1 riga) 25,00 €" and "Bonus volumi (1 riga) 28,00 €" on the invoice PDF', async () => {
    const doc = buildInvoiceDocumentOrThrow({ principal, partner: partner('P1'), period, statement: st, fiscal: fiscalFor('simple', st.total), number: 'PV-9', date: '2026-04-10', locale: 'it' });
    const rows = (await pdfText(await renderInvoicePdf(doc))).split('\n').map((l) => l.trim().split(/\s{2,}/).join(' | '));
    expect(rows).toContain('Bonus efficienza energetica (1 riga) | 25,00 €');
    expect(rows).toContain('Bonus volumi (1 riga) | 28,00 €');
    expect(rows.some((r) => r.includes('(2 righe)'))).toBe(false);
  });
});
