// The ledger books at the plan's money, as the statements carry it: no scale or rounding of its own.
// Every expected figure below is worked by hand in the comment next to it.
import { describe, expect, it } from 'vitest';
import { bookPeriod, LedgerError } from '../src/ledger/index.js';
import type { Conditions } from '../src/schema/plan.js';
import type { Statement } from '../src/schema/result.js';
import { line, period, statement } from './ledger-fixtures.js';

const reserve10: Record<string, Conditions> = { energy: { reserve: { share: '0.10', releaseAfterMonths: 1, basis: 'line' } } };

function denominated(s: Statement, currency: string, scale: number, rounding: Statement['rounding']): Statement {
  return { ...s, currency, scale, rounding, lines: s.lines.map((l) => ({ ...l, currency })) };
}

function threeLines(amount: string, currency: string, scale: number, rounding: Statement['rounding']): Statement {
  const ls = ['a', 'b', 'c'].map((id) => line({ id, partnerId: 'P1', period: '2026-03', amount }));
  return denominated(statement('P1', '2026-03', ls), currency, scale, rounding);
}

const book = (s: Statement[], options?: Parameters<typeof bookPeriod>[0]['options']) =>
  bookPeriod({ runId: 'r', period: period('2026-03'), statements: s, conditions: reserve10, ...(options ? { options } : {}) });

describe('ledger money comes from the plan', () => {
  it('a scale-3 plan reserves at 3 decimals with its own rounding mode', () => {
    // 10% of 33.335 = 3.3335: half up at 3 decimals → 3.334, three times → 10.002; payable 100.005 − 10.002 = 90.003
    const up = book([threeLines('33.335', 'EUR', 3, 'halfUp')]).statements[0]!;
    expect(up.totals.reserveWithheld).toBe('10.002');
    expect(up.payable).toBe('90.003');
    // rounding down: 3.333 × 3 = 9.999; payable 100.005 − 9.999 = 90.006
    const down = book([threeLines('33.335', 'EUR', 3, 'down')]).statements[0]!;
    expect(down.totals.reserveWithheld).toBe('9.999');
    expect(down.payable).toBe('90.006');
  });

  it('a yen plan (scale 0) books whole yen', () => {
    // 10% of 1001 = 100.1 → 100 (half up at 0 decimals), three times → 300; payable 3003 − 300 = 2703
    const s = book([threeLines('1001', 'JPY', 0, 'halfUp')]).statements[0]!;
    expect(s.currency).toBe('JPY');
    expect(s.totals.reserveWithheld).toBe('300');
    expect(s.payable).toBe('2703');
  });

  it('explicit options still win over the plan', () => {
    // 10% of 33.335 = 3.3335 → 3.33 at 2 decimals half up, three times → 9.99
    expect(book([threeLines('33.335', 'EUR', 3, 'halfUp')], { scale: 2 }).statements[0]!.totals.reserveWithheld).toBe('9.99');
  });

  it('statements rounding in different modes need the mode stated', () => {
    const a = threeLines('10.00', 'EUR', 2, 'halfUp');
    const b = { ...threeLines('10.00', 'EUR', 2, 'halfEven'), partnerId: 'P2', lines: a.lines.map((l) => ({ ...l, partnerId: 'P2', id: `P2-${l.id}` })) };
    expect(() => book([a, b])).toThrow(LedgerError);
    expect(() => book([a, b])).toThrow(/different modes \(halfUp, halfEven\)/);
    expect(book([a, b], { rounding: 'halfEven' }).statements).toHaveLength(2);
  });
});
