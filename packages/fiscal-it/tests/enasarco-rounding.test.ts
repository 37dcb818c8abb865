/**
 * Enasarco rounding (issue 13): Enasarco publishes the contribution as the total rate applied to the base and
 * rounded once; the agent's share is rounded half-up and the principal's share is the total minus the agent's.
 * Sources of the caps and rates: https://www.arkimede.it/enasarco-massimali-e-minimali-2025/ ,
 * https://beneggiassociati.com/?p=19951 (2025); https://www.consulentedellavoro.com/?p=38999 ,
 * https://www.geps.it/enasarco-2026-aggiornati-minimali-e-massimali-aliquote-confermate-e-calendario-versamenti-11112
 * (2026). Company bands: https://uiltucsagenti.it/enasarco-come-si-calcola-il-contributo-assistenziale/ .
 * Every expected figure below is worked by hand in the comment next to it.
 */
import { describe, expect, it } from 'vitest';
import type { YtdState } from '@provvigo/core';
import { IT_TABLES } from '../src/index.js';
import { item, month, run } from './helpers.js';

// Maximum contribution per year and mandate = cap × 17% rounded once; agent = cap × 8.5% half-up; principal = rest.
const MAXIMA = [
  // 45085 × 17% = 7664.45; 45085 × 8.5% = 3832.225 → 3832.23; 7664.45 − 3832.23 = 3832.22
  { year: 2025, mandate: 'mono', cap: '45085', total: '7664.45', agent: '3832.23', principal: '3832.22' },
  // 30057 × 17% = 5109.69; 30057 × 8.5% = 2554.845 → 2554.85; 5109.69 − 2554.85 = 2554.84
  { year: 2025, mandate: 'pluri', cap: '30057', total: '5109.69', agent: '2554.85', principal: '2554.84' },
  // 45717 × 17% = 7771.89; 45717 × 8.5% = 3885.945 → 3885.95; 7771.89 − 3885.95 = 3885.94
  { year: 2026, mandate: 'mono', cap: '45717', total: '7771.89', agent: '3885.95', principal: '3885.94' },
  // 30478 × 17% = 5181.26; 30478 × 8.5% = 2590.63 exactly; 5181.26 − 2590.63 = 2590.63
  { year: 2026, mandate: 'pluri', cap: '30478', total: '5181.26', agent: '2590.63', principal: '2590.63' },
] as const;

const profileOf = (mandate: string) => (mandate === 'mono' ? 'it:agent-individual-mono' : 'it:agent-individual-pluri');

describe('Enasarco maximum contribution, every year of the tables', () => {
  it('the tables hold exactly the years tested here', () => {
    const years = IT_TABLES['it.enasarco.individual']!.rows.map((r) => r.validFrom.slice(0, 4));
    expect(years).toEqual([...new Set(MAXIMA.map((m) => String(m.year)))]);
  });

  for (const m of MAXIMA) {
    it(`${m.year} ${m.mandate}: cap ${m.cap} → total ${m.total} = agent ${m.agent} + principal ${m.principal}, in one statement`, () => {
      const r = run({ profile: profileOf(m.mandate), period: month(m.year, 2), lines: { commission: '60000.00' } });
      expect(item(r, 'ENASARCO_AGENT').amount).toBe(m.agent);
      expect(item(r, 'ENASARCO_PRINCIPAL').amount).toBe(m.principal);
      expect(r.ytdAfter.values['enasarco.total']).toBe(m.total);
    });

    it(`${m.year} ${m.mandate}: the same maximum when the cap is reached over twelve statements of 4,999.99`, () => {
      // 12 × 4999.99 = 59,999.88 > cap: the year's shares are the differences of the year-to-date figures, so they sum
      // to the maximum above whatever the split.
      let ytd: YtdState | null = null;
      let agent = 0;
      let principal = 0;
      for (let mm = 1; mm <= 12; mm++) {
        const r = run({ profile: profileOf(m.mandate), period: month(m.year, mm), lines: { commission: '4999.99' }, ytd, settings: { enasarcoMinimum: false } });
        agent += Math.round(Number(item(r, 'ENASARCO_AGENT').amount) * 100);
        principal += Math.round(Number(item(r, 'ENASARCO_PRINCIPAL').amount) * 100);
        ytd = r.ytdAfter;
      }
      expect((agent / 100).toFixed(2)).toBe(m.agent);
      expect((principal / 100).toFixed(2)).toBe(m.principal);
      expect(((agent + principal) / 100).toFixed(2)).toBe(m.total);
    });
  }
});

describe('shares of one statement', () => {
  it('a half cent: 100.30 → total 17.051 → 17.05; agent 8.5255 → 8.53; principal 17.05 − 8.53 = 8.52 (not 8.53)', () => {
    const r = run({ profile: 'it:agent-individual-pluri', period: month(2026, 1), lines: { commission: '100.30' } });
    expect(item(r, 'ENASARCO_AGENT').amount).toBe('8.53');
    expect(item(r, 'ENASARCO_PRINCIPAL').amount).toBe('8.52');
  });

  it('cap crossing (2026 pluri): year to date 30,000.00, then 1,000.00 → only 478.00 bears contributions', () => {
    // 478 × 17% = 81.26; 478 × 8.5% = 40.63; principal 81.26 − 40.63 = 40.63. Before: 30000 × 17% = 5100.00, agent 2550.00.
    const first = run({ profile: 'it:agent-individual-pluri', period: month(2026, 4), lines: { commission: '30000.00' }, settings: { enasarcoMinimum: false } });
    expect(first.ytdAfter.values['enasarco.total']).toBe('5100.00');
    const r = run({ profile: 'it:agent-individual-pluri', period: month(2026, 5), lines: { commission: '1000.00' }, ytd: first.ytdAfter });
    expect(item(r, 'ENASARCO_AGENT')).toMatchObject({ base: '478.00', amount: '40.63', rule: 'it.enasarco.individual.capped' });
    expect(item(r, 'ENASARCO_PRINCIPAL').amount).toBe('40.63');
    expect(r.ytdAfter.values['enasarco.total']).toBe('5181.26');
  });

  it('company band 1 (4% = 1% agent + 3% principal): 1,000.50 → total 40.02, agent 10.005 → 10.01, principal 30.01', () => {
    // Total 1000.50 × 4% = 40.02 once; agent 1000.50 × 1% = 10.005 → 10.01 half-up; principal 40.02 − 10.01 = 30.01
    // (rounding the principal's 3% on its own would give 30.015 → 30.02, a total of 40.03).
    const r = run({ profile: 'it:agent-srl', period: month(2026, 2), lines: { commission: '1000.50' } });
    expect(item(r, 'ENASARCO_AGENT').amount).toBe('10.01');
    expect(item(r, 'ENASARCO_PRINCIPAL').amount).toBe('30.01');
  });

  it('company bands crossed: 12,999,000.00 then 2,000.50 → 1,000.00 at 4% + 1,000.50 at 2%', () => {
    // Before: 12,999,000 × 4% = 519,960.00, agent 129,990.00. Statement: total 1000 × 4% + 1000.50 × 2% = 40 + 20.01
    // = 60.01; agent 1000 × 1% + 1000.50 × 0.5% = 10 + 5.0025 = 15.0025 → year to date 130,005.0025 → 130,005.00,
    // so 15.00; principal 60.01 − 15.00 = 45.01.
    const a = run({ profile: 'it:agent-srl', period: month(2026, 1), lines: { commission: '12999000.00' } });
    const r = run({ profile: 'it:agent-srl', period: month(2026, 2), lines: { commission: '2000.50' }, ytd: a.ytdAfter });
    expect(item(r, 'ENASARCO_AGENT').amount).toBe('15.00');
    expect(item(r, 'ENASARCO_PRINCIPAL').amount).toBe('45.01');
    expect(item(r, 'ENASARCO_AGENT').codes.aliquotaRitenuta).toBe('0.50');
  });
});

describe('sums of shares use the total rounded once', () => {
  it('quarter payment and minimum top-up (2026 pluri, 100.30 a month in Q1)', () => {
    // Year to date: Jan 17.051 → 17.05; Feb 34.102 → 34.10; Mar 51.153 → 51.15 (each month's total 17.05).
    // Minimum 515 / 4 = 128.75 for Q1; top-up 128.75 − 51.15 = 77.60; Enasarco payment for Q1 = 51.15 + 77.60 = 128.75.
    // Summing separately rounded shares would give 25.53 + 25.53 = 51.06 and a top-up of 77.69.
    let ytd: YtdState | null = null;
    let last = run({ profile: 'it:agent-individual-pluri', period: month(2026, 1), lines: { commission: '100.30' } });
    for (const mm of [2, 3]) {
      ytd = last.ytdAfter;
      last = run({ profile: 'it:agent-individual-pluri', period: month(2026, mm), lines: { commission: '100.30' }, ytd });
    }
    expect(last.ytdAfter.values['enasarco.total']).toBe('51.15');
    expect(item(last, 'ENASARCO_MINIMUM_TOPUP:2026-Q1').amount).toBe('77.60');
    expect(item(last, 'ENASARCO_SETTLEMENT:2026-Q1')).toMatchObject({ amount: '128.75', codes: { contributions: '51.15', minimumTopup: '77.60' } });
  });
});
