import { describe, expect, it } from 'vitest';
import {
  addMoney,
  allocateMoney,
  amountTolerance,
  currencyScale,
  evaluate,
  formatMoney,
  formatMoneyChange,
  formatMoneyMove,
  money,
  MoneyError,
  MoneySchema,
  parseFactSchema,
  statementMoney,
  sumAmounts,
  sumMoney,
  type PlanInput,
} from '../src/index.js';
import * as tiny from './fixtures/tiny.js';

const factSchema = (() => {
  const r = parseFactSchema(tiny.factSchema);
  if (!r.ok) throw new Error('bad fixture');
  return r.factSchema;
})();

/** A plan paying each contract's kWh as money, so every line's exact value is the fact itself. */
function passThrough(currency: string, scale: number, mode: 'halfUp' | 'halfEven' | 'down' | 'up' = 'halfUp'): PlanInput {
  return {
    id: 'pass',
    version: 1,
    name: 'Pass-through',
    effectiveFrom: '2026-01-01',
    currency,
    rounding: { mode, scale },
    sheets: { Lines: { kind: 'lines', source: 'contracts', columns: { Pay: { formula: '=[@kWh]', type: 'money' } } } },
    payouts: { pay: { label: 'Pay', sheet: 'Lines', column: 'Pay' } },
  };
}

const contract = (id: string, kWh: string) => ({ id, partnerId: 'P1', signedDate: '2026-10-10', category: 'LUCE_CASA', territory: 'Lombardia', kWh });

function statementOf(plan: PlanInput, amounts: string[]) {
  const r = evaluate(
    { period: tiny.period, plans: [plan as never], partners: tiny.partners as never, factSchema, facts: { contracts: amounts.map((a, i) => contract(`C${i + 1}`, a)) } },
  );
  return { run: r, statement: r.statements.find((s) => s.partnerId === 'P1')! };
}

describe('statement totals keep the plan’s denomination (issue examples)', () => {
  it('a scale-3 plan: lines 0.001 × 3 + 2.500 total 2.503, not a re-rounded 2.50', () => {
    // By hand: 0.001 + 0.001 + 0.001 + 2.500 = 2.503, already at scale 3.
    const { run, statement } = statementOf(passThrough('EUR', 3), ['0.001', '0.001', '0.001', '2.5']);
    expect(statement.lines.map((l) => l.amount)).toEqual(['0.001', '0.001', '0.001', '2.500']);
    expect(statement.total).toBe('2.503');
    expect(statement.byComponent).toEqual({ pay: '2.503' });
    expect([statement.currency, statement.scale, statement.rounding]).toEqual(['EUR', 3, 'halfUp']);
    expect(run.totals).toEqual({ EUR: '2.503' });
  });

  it('a JPY scale-0 plan: lines 1 + 1 total 2, not "2.00"', () => {
    const { run, statement } = statementOf(passThrough('JPY', 0), ['1', '1']);
    expect(statement.total).toBe('2');
    expect([statement.currency, statement.scale]).toEqual(['JPY', 0]);
    expect(run.totals).toEqual({ JPY: '2' });
    expect(formatMoney(statement.total, statement.currency, 'en', statement.scale)).toBe('¥2');
  });

  it('the precision check tolerates half a unit of the plan’s last place, not a fixed half cent', () => {
    // At scale 0 a difference of 0.01 between the formula engine and the exact value is noise; at scale 4 it is not.
    expect(amountTolerance(0).toString()).toBe('0.5');
    expect(amountTolerance(2).toString()).toBe('0.005');
    expect(amountTolerance(4).toString()).toBe('0.00005');
  });
});

describe('money', () => {
  it('a currency’s scale is ISO 4217 data, and a malformed code is an error rather than a 2-decimal guess', () => {
    expect(['EUR', 'JPY', 'KWD', 'CLF'].map(currencyScale)).toEqual([2, 0, 3, 4]);
    expect(() => currencyScale('euro')).toThrow(MoneyError);
    expect(() => currencyScale('')).toThrow(/not an ISO 4217 currency code/);
  });

  it('rounds with the plan’s mode (half-up and up go away from zero)', () => {
    const eur = (rounding: 'halfUp' | 'halfEven' | 'down' | 'up') => ({ currency: 'EUR', scale: 2, rounding });
    expect(['halfUp', 'halfEven', 'down', 'up'].map((m) => money('2.345', eur(m as never)).amount)).toEqual(['2.35', '2.34', '2.34', '2.35']);
    expect(['halfUp', 'halfEven', 'down', 'up'].map((m) => money('-2.345', eur(m as never)).amount)).toEqual(['-2.35', '-2.34', '-2.34', '-2.35']);
    expect(money('-0.001', eur('halfUp')).amount).toBe('0.00');
    expect(money('1234.5', { currency: 'JPY', scale: 0, rounding: 'halfEven' }).amount).toBe('1234');
  });

  it('adds exactly and refuses to mix currencies', () => {
    const a = money('0.1', { currency: 'EUR', scale: 2, rounding: 'halfUp' });
    const b = money('0.005', { currency: 'EUR', scale: 3, rounding: 'halfUp' });
    expect(addMoney(a, b)).toEqual({ amount: '0.105', currency: 'EUR', scale: 3, rounding: 'halfUp' });
    expect(() => addMoney(a, money('1', { currency: 'USD', scale: 2, rounding: 'halfUp' }))).toThrow(MoneyError);
    expect(sumMoney([], { currency: 'KWD', scale: 3, rounding: 'down' }).amount).toBe('0.000');
  });

  it('writes an exact sum with as many decimals as the most precise input', () => {
    expect(sumAmounts(['1', '2'])).toBe('3');
    expect(sumAmounts(['12.50', '3.00'])).toBe('15.50');
    expect(sumAmounts(['0.001', '2.5'])).toBe('2.501');
    expect(sumAmounts([], 2)).toBe('0.00');
  });

  it('allocates so that the shares add up to the total exactly', () => {
    const eur = money('100', { currency: 'EUR', scale: 2, rounding: 'halfUp' });
    // 10000 cents / 3 = 3333.33…: each gets 3333, the one cent left goes to the first (ties by position).
    expect(allocateMoney(eur, [1, 1, 1]).map((m) => m.amount)).toEqual(['33.34', '33.33', '33.33']);
    // -10.00 as 1:2 → 333.33… and 666.66… cents: floors 333 and 666, the cent left to the larger remainder (the second).
    expect(allocateMoney(money('-10', eur), [1, 2]).map((m) => m.amount)).toEqual(['-3.33', '-6.67']);
    expect(allocateMoney(money('100', { currency: 'JPY', scale: 0, rounding: 'halfUp' }), ['1', '1', '1']).map((m) => m.amount)).toEqual(['34', '33', '33']);
    expect(() => allocateMoney(eur, [0, 0])).toThrow(MoneyError);
  });

  it('knows the ISO minor units of a currency and validates money at the boundary', () => {
    expect(['EUR', 'JPY', 'KWD', 'USD'].map(currencyScale)).toEqual([2, 0, 3, 2]);
    expect(MoneySchema.safeParse({ amount: '1.00', currency: 'EUR', scale: 2, rounding: 'halfUp' }).success).toBe(true);
    expect(MoneySchema.safeParse({ amount: 1, currency: 'EUR', scale: 2, rounding: 'halfUp' }).success).toBe(false);
    expect(MoneySchema.safeParse({ amount: '1.00', currency: 'euro', scale: 2, rounding: 'halfUp' }).success).toBe(false);
  });

  it('reads an older statement without scale at its currency’s minor units', () => {
    expect(statementMoney({ currency: 'JPY' })).toEqual({ currency: 'JPY', scale: 0, rounding: 'halfUp' });
    expect(statementMoney({ currency: 'EUR', scale: 3, rounding: 'down' })).toEqual({ currency: 'EUR', scale: 3, rounding: 'down' });
  });
});

describe('formatMoney', () => {
  it('follows the locale, the currency and the scale of the data', () => {
    expect(formatMoney('1234.5', 'EUR', 'it', 2)).toBe('1.234,50 €');
    expect(formatMoney('1234.5', 'EUR', 'en', 2)).toBe('€1,234.50');
    expect(formatMoney('-1234.5', 'EUR', 'it', 2)).toBe('-1.234,50 €');
    expect(formatMoney('-1234.5', 'EUR', 'en', 2)).toBe('-€1,234.50');
    expect(formatMoney('1234', 'JPY', 'en', 0)).toBe('¥1,234');
    expect(formatMoney('1234.5', 'KWD', 'en', 3)).toBe('KWD 1,234.500');
    expect(formatMoney('2.503', 'EUR', 'it', 3)).toBe('2,503 €');
    expect(formatMoney('12345678901234567890.12', 'USD', 'en', 2)).toBe('$12,345,678,901,234,567,890.12');
  });

  it('never shows "-0" and never hides a digit the amount has', () => {
    expect(formatMoney('-0.00', 'EUR', 'it', 2)).toBe('0,00 €');
    expect(formatMoney('0.0015', 'EUR', 'en', 2)).toBe('€0.0015');
  });

  it('without a scale, shows the currency’s ISO minor units', () => {
    expect(formatMoney('5', 'EUR', 'en')).toBe('€5.00');
    expect(formatMoney('5', 'JPY', 'en')).toBe('¥5');
    expect(formatMoney('5', 'BHD', 'en')).toBe('BHD 5.000');
  });
});

describe('formatMoneyChange', () => {
  it('writes the sign of a change either way, in the locale, currency and scale of the data', () => {
    expect(formatMoneyChange('38.5', 'EUR', 'en')).toBe('+€38.50');
    expect(formatMoneyChange('38.5', 'EUR', 'it')).toBe('+38,50 €');
    expect(formatMoneyChange('-1234.5', 'EUR', 'it', 2)).toBe('-1.234,50 €');
    expect(formatMoneyChange('-3', 'EUR', 'en')).toBe('-€3.00');
    expect(formatMoneyChange('2.503', 'KWD', 'en', 3)).toBe('+KWD 2.503');
  });
});

describe('formatMoneyMove', () => {
  it('writes an amount corrected as before → after with the signed change, in the locale and currency of the data', () => {
    expect(formatMoneyMove('38.5', '77', '38.5', 'EUR', 'en')).toBe('€38.50 → €77.00 (+€38.50)');
    expect(formatMoneyMove('1234.5', '1000', '-234.5', 'EUR', 'it')).toBe('1.234,50 € → 1.000,00 € (-234,50 €)');
  });
});
