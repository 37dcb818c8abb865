/**
 * Causale, guards, explicit settlements and table overrides (issue 13). Figures worked by hand in the comments;
 * rules from the package README (italy-tax.md sources: causale §5.4, split payment §3.5, forfettario §3.3,
 * FIRR https://www.enasarco.it/guida/come-si-calcola-limporto-del-contributo-firr-2/).
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import { computeFiscalOrThrow, PlanError, type FiscalTables } from '@provvigo/core';
import { computeIt, itPack, settleQuarter, settleQuarterOrThrow, settleYear, settleYearOrThrow, type SettlementFields } from '../src/index.js';
import { amounts, item, month, run } from './helpers.js';

describe('CausalePagamento follows the mandate and the contract, and can be overridden', () => {
  const causale = (profile: string, settings: Record<string, string | boolean | null> = {}) =>
    item(run({ profile, settings, lines: { commission: '1000.00' } }), 'RITENUTA').codes.causalePagamento;
  it('Q for a monomandatario agent, R for a plurimandatario, whatever the profile it started from', () => {
    expect(causale('it:agent-individual-mono')).toBe('Q');
    expect(causale('it:agent-individual-mono', { mandate: 'pluri' })).toBe('R');
    expect(causale('it:agent-individual-pluri', { mandate: 'mono' })).toBe('Q');
    expect(causale('it:agent-snc', { mandate: 'mono' })).toBe('Q');
  });
  it('U for procacciamento, A for professionals, M for occasional work, V1 for an occasional intermediary', () => {
    expect(causale('it:call-centre-srl')).toBe('U');
    expect(causale('it:call-centre-srl', { contract: 'agency', mandate: 'mono' })).toBe('Q');
    expect(causale('it:professional-inps')).toBe('A');
    expect(causale('it:occasional')).toBe('M');
    expect(causale('it:occasional', { ritenuta: 'art25bis' })).toBe('V1');
  });
  it('an explicit setting wins', () => {
    expect(causale('it:agent-individual-mono', { causalePagamento: 'R' })).toBe('R');
  });
});

describe('guards', () => {
  it('FIRR for a mandate starting after the period: an error, no FIRR at 1% of everything', () => {
    // Mandate from 2027-03-01, statement of December 2026: outside the mandate.
    const r = run({ profile: 'it:agent-individual-mono', settings: { mandateStart: '2027-03-01' }, period: month(2026, 12), lines: { commission: '20000.00' } });
    expect(r.items.some((i) => i.code === 'FIRR')).toBe(false);
    expect(r.issues.filter((i) => i.severity === 'error').map((i) => i.message).join()).toMatch(/outside the mandate.*2027-03-01|does not cover 2026/);
    expect(r.invoiceable).toBe(false);
  });

  it('FIRR monomandatario, part year from 15 April (9 months): 15,000.00 → 372.00 + 93.00 + 10.50 = 475.50', () => {
    // Bands × 9/12: 12,400 → 9,300.00; 18,600 → 13,950.00. 9,300 × 4% = 372.00; 4,650 × 2% = 93.00; 1,050 × 1% = 10.50.
    const r = run({ profile: 'it:agent-individual-mono', settings: { mandateStart: '2026-04-15' }, period: month(2026, 12), lines: { commission: '15000.00' } });
    expect(item(r, 'FIRR:2026')).toMatchObject({ amount: '475.50', rule: 'it.firr.mono.proRata' });
    expect(item(r, 'FIRR:2026').bands!.map((b) => b.amount)).toEqual(['372.00', '93.00', '10.50']);
  });

  it('split payment is an effective-dated table: June 2026 is in the EU authorisation, July 2026 is not (warning, IVA charged)', () => {
    // 1,000.00 × 22% = 220.00 either way; in June the principal pays it to the treasury (net 1,220 − 115 − 85 − 220).
    const june = run({ profile: 'it:agent-individual-mono', period: month(2026, 6), lines: { commission: '1000.00' }, principal: { splitPayment: true } });
    expect(june.totals.vatSummary[0]!.esigibilita).toBe('S');
    expect(june.totals.splitPaymentVat).toBe('220.00');
    const july = run({ profile: 'it:agent-individual-mono', period: month(2026, 7), lines: { commission: '1000.00' }, principal: { splitPayment: true } });
    expect(july.totals.vatSummary[0]!.esigibilita).toBe('I');
    expect(july.totals.splitPaymentVat).toBe('0.00');
    expect(july.issues.some((i) => i.severity === 'warning' && /no EU authorisation in force on 2026-07-31/.test(i.message))).toBe(true);
    // A renewed authorisation is a table row, not a code change.
    const renewed: FiscalTables = { 'it.splitPayment': { id: 'it.splitPayment', rows: [{ validFrom: '2026-07-01', validTo: '2029-06-30', values: {} }] } };
    expect(run({ profile: 'it:agent-individual-mono', period: month(2026, 7), lines: { commission: '1000.00' }, principal: { splitPayment: true }, tables: renewed }).totals.splitPaymentVat).toBe('220.00');
  });

  it('only individuals can be forfettari: a company set to forfettario is an error', () => {
    const r = run({ profile: 'it:installer-srl', settings: { regime: 'forfettario' }, lines: { fee: '1000.00' } });
    expect(r.issues[0]!.message).toMatch(/forfettario regime is only for individuals/);
    expect(r.invoiceable).toBe(false);
  });

  it('forfettario installer: N2.2 (no reverse charge), no ritenuta, €2 stamp recharged: 1,000.00 → 1,002.00', () => {
    const r = run({ profile: 'it:installer-forfettario', lines: { fee: '1000.00' } });
    expect(amounts(r)).toEqual({ BOLLO: '2.00' });
    expect(r.invoiceLines[0]).toMatchObject({ natura: 'N2.2', vatRatePercent: '0' });
    expect(r.document.codes.regimeFiscale).toBe('RF19');
    expect(r.totals).toMatchObject({ taxable: '1000.00', documentTotal: '1002.00', netToPay: '1002.00' });
    expect(run({ profile: 'it:technician-forfettario', lines: { fee: '50.00' } }).totals.netToPay).toBe('50.00'); // ≤ 77.47: no stamp
  });

  it('a missing table row makes the result unusable for invoicing (2027: no Enasarco row)', () => {
    const r = run({ profile: 'it:agent-individual-mono', period: month(2027, 1), lines: { commission: '1000.00' } });
    expect(r.issues.some((i) => i.severity === 'error' && /it\.enasarco\.individual.*2027-01-31/.test(i.message))).toBe(true);
    expect(r.invoiceable).toBe(false);
    expect(run({ profile: 'it:agent-individual-mono', lines: { commission: '1000.00' } }).invoiceable).toBe(true);
  });
});

describe('mixed VAT treatments on one invoice', () => {
  it('installer in reverse charge whose sales commission takes 22%: two VAT summaries', () => {
    // fee 1,000.00 N6.7 (principal self-assesses 220.00, informational); commission 300.00 × 22% = 66.00 charged.
    const r = run({ profile: 'it:installer-srl', settings: { vatStandardComponents: 'commission' }, lines: [['fee', '1000.00'], ['commission', '300.00']] });
    expect(r.totals.vatSummary).toEqual([
      { vatRatePercent: '0.00', natura: 'N6.7', taxable: '1000.00', vat: '0.00', legalReference: 'Inversione contabile art. 17 c.6 lett. a-ter DPR 633/72' },
      { vatRatePercent: '22.00', taxable: '300.00', vat: '66.00', esigibilita: 'I' },
    ]);
    expect(r.totals).toMatchObject({ documentTotal: '1366.00', netToPay: '1366.00' });
  });
});

describe('API', () => {
  it('computeIt is computeFiscal([itPack]): { ok: true, fiscal }, or { ok: false, issues } and no totals', () => {
    const input = { partner: { id: 'X', fiscalProfile: 'it:agent-individual-mono' }, period: month(2026, 2), currency: 'EUR', lines: [{ component: 'commission', amount: '1000.00' }] };
    expect(computeIt(input)).toEqual({ ok: true, fiscal: computeFiscalOrThrow([itPack], input) });
    // the Italian pack computes in euro only: a statement in dollars is an error issue naming the partner
    const usd = computeIt({ ...input, currency: 'USD' });
    expect(usd).toEqual({ ok: false, issues: expect.arrayContaining([expect.objectContaining({ severity: 'error', code: 'currency_mismatch', partnerId: 'X' })]) });
    expect(() => computeFiscalOrThrow([itPack], { ...input, currency: 'USD' })).toThrow(/computes in EUR, not USD/);
  });

  it('a partner needs only id and fiscal profile: name, kind and territory are optional for the tax items', () => {
    const r = computeFiscalOrThrow([itPack], { partner: { id: 'X', fiscalProfile: 'it:agent-individual-mono' }, period: month(2026, 2), currency: 'EUR', lines: [{ component: 'commission', amount: '1000.00' }] });
    expect(r.issues).toEqual([]);
    expect(r.totals.netToPay).toBe('1020.00'); // 1000 + 220 − 115 ritenuta − 85 Enasarco
  });

  it('a table override merges by effective date: a 2027 row adds 2027 and keeps 2026', () => {
    const t2027: FiscalTables = {
      'it.enasarco.individual': { id: 'it.enasarco.individual', rows: [{ validFrom: '2027-01-01', validTo: '2027-12-31', values: { agentPercent: '8.5', principalPercent: '8.5', monoCap: '46000', monoMinimum: '1040', pluriCap: '30700', pluriMinimum: '520' } }] },
    };
    const in2026 = run({ profile: 'it:agent-individual-mono', period: month(2026, 2), lines: { commission: '60000.00' }, tables: t2027 });
    expect(in2026.ytdAfter.values['enasarco.total']).toBe('7771.89'); // the default 2026 row still applies
    const in2027 = run({ profile: 'it:agent-individual-mono', period: month(2027, 2), lines: { commission: '60000.00' }, tables: { ...t2027, 'it.enasarco.dueDates': { id: 'it.enasarco.dueDates', rows: [{ validFrom: '2027-01-01', validTo: null, values: {} }] } } });
    expect(in2027.ytdAfter.values['enasarco.total']).toBe('7820.00'); // 46,000 × 17%
  });
});

describe('explicit settlements (settleQuarter / settleYear) from the year-to-date state', () => {
  const partner = { id: 'P-1', fiscalProfile: 'it:agent-individual-pluri' };
  it('a quarter without statements still gets its minimum once the year is productive; idempotent', () => {
    // January 2026: 100.30 → total 17.05 (no settlement: January is not a quarter end).
    const jan = run({ profile: 'it:agent-individual-pluri', period: month(2026, 1), lines: { commission: '100.30' } });
    expect(jan.items.some((i) => i.code === 'ENASARCO_SETTLEMENT')).toBe(false);
    // Q1: required 515 / 4 = 128.75; paid 17.05; top-up 111.70; payment 17.05 + 111.70 = 128.75.
    const q1 = settleQuarter({ partner, year: 2026, quarter: 1, ytd: jan.ytdAfter });
    expect(q1.items.map((i) => [i.id, i.amount])).toEqual([['ENASARCO_MINIMUM_TOPUP:2026-Q1', '111.70'], ['ENASARCO_SETTLEMENT:2026-Q1', '128.75']]);
    expect(q1.items[1]!.dueDate).toBe('2026-05-20');
    // Q2, no statements: required 257.50; paid 17.05; earlier top-ups 111.70 → 128.75; payment 0.00 + 128.75.
    const q2 = settleQuarter({ partner, year: 2026, quarter: 2, ytd: q1.ytdAfter });
    expect(q2.items.map((i) => [i.id, i.amount])).toEqual([['ENASARCO_MINIMUM_TOPUP:2026-Q2', '128.75'], ['ENASARCO_SETTLEMENT:2026-Q2', '128.75']]);
    const again = settleQuarter({ partner, year: 2026, quarter: 2, ytd: q2.ytdAfter });
    expect(again.items).toEqual([]);
    expect(again.issues[0]!.message).toMatch(/already settled/);
    // The year: FIRR on 100.30 (pluri, first band 4%) = 4.012 → 4.01, due 31 March 2027.
    const year = settleYear({ partner, year: 2026, ytd: q2.ytdAfter });
    expect(year.items.map((i) => [i.id, i.amount, i.dueDate])).toEqual([['FIRR:2026', '4.01', '2027-03-31']]);
    expect(settleYear({ partner, year: 2026, ytd: year.ytdAfter }).items).toEqual([]);
  });

  it('a statement closing the quarter settles it, so a later settleQuarter does nothing', () => {
    const mar = run({ profile: 'it:agent-individual-pluri', period: month(2026, 3), lines: { commission: '100.30' } });
    expect(item(mar, 'ENASARCO_SETTLEMENT:2026-Q1').amount).toBe('128.75');
    expect(settleQuarter({ partner, year: 2026, quarter: 1, ytd: mar.ytdAfter }).items).toEqual([]);
  });

  it('the one result contract: ok with warnings at most, ok: false with the error issue, *OrThrow throws it', () => {
    const good = settleYear({ partner, year: 2026, ytd: null });
    expect(good.ok).toBe(true);
    // A profile the pack does not know is an error issue naming the partner's fiscalProfile, not a throw.
    const unknown = { id: 'P-2', fiscalProfile: 'it:no-such-profile' as 'it:agent-srl' };
    const bad = settleQuarter({ partner: unknown, year: 2026, quarter: 1, ytd: null });
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      // `ok` narrows: on this branch TypeScript knows `ok` is false, and the issues are there.
      const failed: false = bad.ok;
      expect(failed).toBe(false);
    }
    expect(bad.issues.map((i) => [i.severity, i.code, i.path.join('.')])).toEqual([['error', 'unknown_reference', 'partners.P-2.fiscalProfile']]);
    expect(() => settleQuarterOrThrow({ partner: unknown, year: 2026, quarter: 1, ytd: null })).toThrow(PlanError);
    expect(() => settleYearOrThrow({ partner: unknown, year: 2026, ytd: null })).toThrow(/unknown Italian fiscal profile "it:no-such-profile"/);
    const thrown: SettlementFields = settleYearOrThrow({ partner, year: 2026, ytd: null });
    expect(thrown.settles).toBe('2026');
  });

  it('ok narrows at the type level', () => {
    const r = settleYear({ partner, year: 2026, ytd: null });
    expectTypeOf(r.ok).toEqualTypeOf<boolean>();
    if (r.ok) expectTypeOf(r.ok).toEqualTypeOf<true>();
    else expectTypeOf(r.ok).toEqualTypeOf<false>();
    expectTypeOf(r).toHaveProperty('issues');
  });
});
