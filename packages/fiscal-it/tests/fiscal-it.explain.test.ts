import { describe, expect, it } from 'vitest';
import { explainFiscalItem, explainFiscalResult, formatMoney } from '@provvigo/core';
import { IT_PROFILES } from '../src/index.js';
import { month, run } from './helpers.js';

describe('every item is explainable and traced', () => {
  for (const profile of IT_PROFILES.map((p) => p.id)) {
    it(`${profile}: sentences in it/en with amount and citation, trace with table rows`, () => {
      const r = run({ profile, period: month(2026, 12), lines: [['commission', '12345.67'], ['clawback', '-345.67']] });
      expect(r.issues.filter((i) => i.severity === 'error')).toEqual([]);
      expect(r.items.length).toBeGreaterThan(0);
      for (const item of r.items) {
        for (const locale of ['it', 'en'] as const) {
          const sentence = explainFiscalItem(item, locale);
          expect(sentence).toContain(formatMoney(item.amount, item.currency, locale));
          expect(sentence).toContain(item.citation);
          expect(sentence.startsWith(item.label[locale])).toBe(true);
        }
        expect(item.trace.inputs.length).toBeGreaterThan(0);
        expect(item.rule).toMatch(/^it\./);
      }
      // The statement-level trace lists each table row used and each item's trace.
      expect(r.trace.tables.length).toBeGreaterThan(0);
      for (const t of r.trace.tables) expect(t.validFrom <= '2026-12-31' && (t.validTo === null || t.validTo >= '2026-12-31')).toBe(true);
      expect(r.trace.items.map((i) => i.id)).toEqual(r.items.map((i) => i.id));
      expect(r.trace.settings['legalForm']).toBeDefined();
      const lines = explainFiscalResult(r, 'en');
      expect(lines.at(-1)).toMatch(/^Net to pay = document total €[\d,.]+ − withholdings €[\d,.]+ = €[\d,.]+\.$/);
    });
  }

  it('the Enasarco trace shows the cap arithmetic and the cumulative rounding', () => {
    const r = run({ profile: 'it:agent-individual-mono', lines: { commission: '333.33' } });
    const t = r.items.find((i) => i.id === 'ENASARCO_AGENT')!.trace;
    expect(t.steps).toEqual([
      { what: 'base within the cap', expr: 'min(max(333.33, 0), 45717) − min(max(0.00, 0), 45717)', value: '333.33' },
      { what: 'total contribution (exact)', expr: '333.33 × 17%', value: '56.6661' },
      { what: 'agent share (exact)', expr: '333.33 × 8.5%', value: '28.33305' },
      { what: 'total year to date', expr: 'round(0 + 56.6661)', value: '56.67' },
      { what: 'agent share year to date', expr: 'round(0 + 28.33305)', value: '28.33' },
      { what: 'principal share year to date', expr: '56.67 − 28.33', value: '28.34' },
      { what: 'amount', expr: '28.33 − 0.00', value: '28.33' },
    ]);
    expect(t.rounding).toEqual([
      { what: 'Enasarco total contribution, year to date (rounded once)', from: '56.6661', to: '56.67', mode: 'halfUp', scale: 2 },
      { what: 'Enasarco agent share, year to date (half-up)', from: '28.33305', to: '28.33', mode: 'halfUp', scale: 2 },
    ]);
    expect(t.inputs).toContainEqual({ name: 'monoCap', kind: 'table', value: '45717', table: { id: 'it.enasarco.individual', validFrom: '2026-01-01', validTo: '2026-12-31' } });
  });
});
