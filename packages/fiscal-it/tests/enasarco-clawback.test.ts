/**
 * DOCUMENTS TODAY'S BEHAVIOUR — what a clawback credit note (net-negative statement, TD04) does to Enasarco.
 * These tests pin the figures the engine gives now; they are not a ruling that the figures are right. The
 * regulation (Regolamento delle Attività Istituzionali, artt. 4-5) says the contribution is due on "tutte le somme
 * dovute a qualsiasi titolo all'agente" (https://www.enasarco.it/tag/fondo-previdenza/page/2/), "nel momento in cui
 * matura il diritto alla provvigione" (http://www.enasarco.it/Guida/quando_e_dovuto_il_contributo_previdenziale),
 * within an annual cap per agency relationship, "non frazionabile" (art. 5 c.1, extract at
 * https://www.fenailp.it/it/archivio-notizie/FeNAILP-UGIFAI%3A+Estratto+del+regolamento+Enasarco-2404), and the
 * agent returns commissions only once the deal certainly will not be executed (art. 1748 c.6 c.c.). None of the
 * sources found says how a storno is declared to Enasarco when it falls in a later quarter or a later year than the
 * commission it reverses: those cases (the second and third describe blocks) are open questions for the
 * principal's accountant. Within one quarter (the first block) the engine's figures equal 17% of the quarter's net
 * commissions, which is what the quarter's distinta would declare.
 *
 * Every expected figure is worked by hand in the comment next to it. 2026 table (it.enasarco.individual):
 * 8.5% + 8.5%, mono cap 45,717, mono minimum 1,026 (256.50 a quarter).
 */
import { describe, expect, it } from 'vitest';
import { amounts, item, month, run } from './helpers.js';
import { settleQuarter } from '../src/index.js';

const MONO = 'it:agent-individual-mono';

describe('today: January +10,000.00 invoice, February −2,000.00 clawback credit note, mono-mandate agent (same quarter)', () => {
  const jan = run({ profile: MONO, period: month(2026, 1), lines: { commission: '10000.00' } });
  const feb = run({ profile: MONO, period: month(2026, 2), lines: { clawback: '-2000.00' }, ytd: jan.ytdAfter });

  it('January: 17% on 10,000.00 = 1,700.00, split 850.00 + 850.00', () => {
    // IVA 10000 × 22% = 2200.00; ritenuta 10000 × 50% × 23% = 1150.00; Enasarco base within the cap
    // min(10000, 45717) − min(0, 45717) = 10000; total 10000 × 17% = 1700.00; agent 10000 × 8.5% = 850.00;
    // principal 1700.00 − 850.00 = 850.00.
    expect(jan.issues).toEqual([]);
    expect(amounts(jan)).toEqual({ 'IVA:22.00|': '2200.00', RITENUTA: '1150.00', ENASARCO_AGENT: '850.00', ENASARCO_PRINCIPAL: '850.00' });
    // document 10000 + 2200 = 12200.00; withheld 1150 + 850 = 2000.00; net 12200 − 2000 = 10200.00.
    expect(jan.totals).toMatchObject({ taxable: '10000.00', documentTotal: '12200.00', withholdingsTotal: '2000.00', netToPay: '10200.00', principalCostsTotal: '850.00' });
    expect(jan.ytdAfter.values).toMatchObject({
      'enasarco.base': '10000.00',
      'enasarco.total': '1700.00',
      'enasarco.agent': '850.00',
      'enasarco.principal': '850.00',
      'enasarco.q1': '1700.00',
      'enasarco.q1.base': '10000.00',
    });
  });

  it('February: the credit note carries negative Enasarco items, −170.00 agent and −170.00 principal', () => {
    // IVA −2000 × 22% = −440.00; ritenuta −2000 × 50% × 23% = −230.00.
    // Base within the cap: min(max(10000 − 2000, 0), 45717) − min(max(10000, 0), 45717) = 8000 − 10000 = −2000.
    // Total: 1700.00 − 2000 × 17% = 1700 − 340 = 1360.00 year to date → item −340.00 in all.
    // Agent: 850 − 2000 × 8.5% = 850 − 170 = 680.00 year to date → item 680.00 − 850.00 = −170.00 (the 170.00 too
    // much withheld in January goes back to the agent).
    // Principal: 1360.00 − 680.00 = 680.00 year to date → item 680.00 − 850.00 = −170.00 (a cost reversed).
    expect(feb.issues).toEqual([]);
    expect(amounts(feb)).toEqual({ 'IVA:22.00|': '-440.00', RITENUTA: '-230.00', ENASARCO_AGENT: '-170.00', ENASARCO_PRINCIPAL: '-170.00' });
    expect(item(feb, 'ENASARCO_AGENT')).toMatchObject({ base: '-2000.00', ratePercent: '8.5', payer: 'partner', effect: 'withheld', rule: 'it.enasarco.individual', codes: { tipoRitenuta: 'RT04', aliquotaRitenuta: '8.50', causalePagamento: 'ZO' } });
    expect(item(feb, 'ENASARCO_PRINCIPAL')).toMatchObject({ base: '-2000.00', payer: 'principal', effect: 'principalCost' });
    // document −2000 − 440 = −2440.00; withheld −230 − 170 = −400.00; net −2440 − (−400) = −2040.00: the agent pays
    // back the 2,000.00 commission and its IVA, less the ritenuta and the Enasarco share returned to him.
    expect(feb.totals).toMatchObject({ taxable: '-2000.00', vatTotal: '-440.00', documentTotal: '-2440.00', withholdingsTotal: '-400.00', netToPay: '-2040.00', principalCostsTotal: '-170.00' });
    expect(feb.document).toMatchObject({ kind: 'creditNote', codes: { tipoDocumento: 'TD04' } });
  });

  it('February: the year-to-date base goes down to 8,000.00 and the quarter holds 17% of its net commissions', () => {
    // Q1 so far: 10000 − 2000 = 8000.00 of commissions; 1700.00 − 340.00 = 1360.00 = 8000 × 17% of contributions.
    expect(feb.ytdAfter.values).toMatchObject({
      'enasarco.base': '8000.00',
      'enasarco.total': '1360.00',
      'enasarco.agent': '680.00',
      'enasarco.principal': '680.00',
      'enasarco.q1': '1360.00',
      'enasarco.q1.base': '8000.00',
    });
  });

  it('March +40,000.00: the cap is on the year\'s net commissions, so the clawback gives back room under it', () => {
    // Base within the cap: min(8000 + 40000, 45717) − min(8000, 45717) = 45717 − 8000 = 37717 (capped).
    // Total: 1360.00 + 37717 × 17% (6411.89) = 7771.89 = 45717 × 17%, the 2026 mono maximum.
    // Agent: exact 680 + 37717 × 8.5% (3205.945) = 3885.945 → 3885.95 year to date → item 3885.95 − 680.00 = 3205.95.
    // Principal: 7771.89 − 3885.95 = 3885.94 year to date → item 3885.94 − 680.00 = 3205.94.
    // The year's net commissions (48,000) exceed the cap, so the year pays the maximum whether or not February
    // clawed 2,000.00 back. March closes Q1: contributions 1700.00 − 340.00 + 6411.89 = 7771.89; the minimum
    // (256.50 for one quarter) is covered, no top-up.
    const mar = run({ profile: MONO, period: month(2026, 3), lines: { commission: '40000.00' }, ytd: feb.ytdAfter });
    expect(mar.issues).toEqual([]);
    expect(item(mar, 'ENASARCO_AGENT')).toMatchObject({ amount: '3205.95', base: '37717.00', rule: 'it.enasarco.individual.capped' });
    expect(item(mar, 'ENASARCO_PRINCIPAL').amount).toBe('3205.94');
    expect(item(mar, 'ENASARCO_SETTLEMENT:2026-Q1')).toMatchObject({ amount: '7771.89', base: '48000.00', dueDate: '2026-05-20', codes: { contributions: '7771.89', minimumTopup: '0.00' } });
    expect(mar.items.some((i) => i.code === 'ENASARCO_MINIMUM_TOPUP')).toBe(false);
    expect(mar.ytdAfter.values).toMatchObject({ 'enasarco.base': '48000.00', 'enasarco.total': '7771.89', 'enasarco.agent': '3885.95', 'enasarco.principal': '3885.94' });
  });
});

describe('today (open question: storno in a later quarter): Q1 +10,000.00 settled, April −2,000.00', () => {
  it('the Q2 settlement is a negative payment to Enasarco of −340.00', () => {
    // March +10,000.00 closes Q1: 1700.00 to pay (minimum 256.50 covered).
    // April −2,000.00: base within the cap 8000 − 10000 = −2000 → agent −170.00, principal −170.00 (as February above).
    // Q2 settled explicitly: contributions of the quarter −340.00; minimum 256.50 × 2 = 513.00 ≤ 1360.00 paid in the
    // year, no top-up; "to pay" −340.00 + 0.00 = −340.00. Whether Enasarco's distinta takes a negative quarter (a
    // credit for the principal), or the Q1 distinta is to be corrected instead, no source found says.
    const mar = run({ profile: MONO, period: month(2026, 3), lines: { commission: '10000.00' } });
    expect(item(mar, 'ENASARCO_SETTLEMENT:2026-Q1').amount).toBe('1700.00');
    const apr = run({ profile: MONO, period: month(2026, 4), lines: { clawback: '-2000.00' }, ytd: mar.ytdAfter });
    expect(amounts(apr)).toMatchObject({ ENASARCO_AGENT: '-170.00', ENASARCO_PRINCIPAL: '-170.00' });
    const q2 = settleQuarter({ partner: { id: 'P-1', fiscalProfile: MONO }, year: 2026, quarter: 2, ytd: apr.ytdAfter });
    expect(q2.ok).toBe(true);
    expect(q2.items.map((i) => [i.id, i.amount])).toEqual([['ENASARCO_SETTLEMENT:2026-Q2', '-340.00']]);
    expect(q2.items[0]!.codes).toMatchObject({ contributions: '-340.00', minimumTopup: '0.00' });
    expect(q2.ytdAfter.values).toMatchObject({ 'enasarco.q1': '1700.00', 'enasarco.q2': '-340.00', 'enasarco.q2.base': '-2000.00', 'enasarco.total': '1360.00' });
  });
});

describe('today (open question: storno of last year\'s commissions): January −2,000.00, February +10,000.00', () => {
  it('the negative base carries into the year, so February\'s 10,000.00 bears Enasarco on 8,000.00 only', () => {
    // January (first statement of 2026): base within the cap min(max(−2000, 0), 45717) − 0 = 0 → 0.00 and 0.00;
    // the year-to-date base is −2000.00. February: min(max(−2000 + 10000, 0), 45717) − min(max(−2000, 0), 45717) =
    // 8000 → total 8000 × 17% = 1360.00, agent 680.00, principal 680.00, on an invoice of 10,000.00 (not 850.00
    // + 850.00). The 2025 contributions on the 2,000.00 clawed back are not touched.
    const jan = run({ profile: MONO, period: month(2026, 1), lines: { clawback: '-2000.00' } });
    expect(amounts(jan)).toMatchObject({ ENASARCO_AGENT: '0.00', ENASARCO_PRINCIPAL: '0.00' });
    expect(jan.ytdAfter.values).toMatchObject({ 'enasarco.base': '-2000.00', 'enasarco.total': '0.00' });
    const feb = run({ profile: MONO, period: month(2026, 2), lines: { commission: '10000.00' }, ytd: jan.ytdAfter });
    expect(item(feb, 'ENASARCO_AGENT')).toMatchObject({ amount: '680.00', base: '8000.00', rule: 'it.enasarco.individual.capped' });
    expect(item(feb, 'ENASARCO_PRINCIPAL').amount).toBe('680.00');
    expect(feb.ytdAfter.values).toMatchObject({ 'enasarco.base': '8000.00', 'enasarco.total': '1360.00', 'enasarco.agent': '680.00' });
  });
});
