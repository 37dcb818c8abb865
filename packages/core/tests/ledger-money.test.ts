// The ledger books at the plan's money, as the statements carry it: no scale or rounding of its own.
// Every expected figure below is worked by hand in the comment next to it.
import { describe, expect, it } from 'vitest';
import { accruals, accrualsToCsv, bookPeriod, LedgerError } from '../src/ledger/index.js';
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

  it('partners of plans at different scales booked in one run each round at their own plan\'s scale', () => {
    // One run books a euro plan (scale 2), a yen plan (scale 0) and a dinar plan (scale 3), all rounding half up.
    // Reserve 10% (released after 1 month) and a pro-rata clawback within 10 days of the sale (1 Mar 2026).
    const conditions: Record<string, Conditions> = {
      energy: {
        reserve: { share: '0.10', releaseAfterMonths: 1, basis: 'line' },
        clawback: { events: 'serviceEvents', on: ['terminated'], link: 'contractId', withinDays: 10, mode: 'proRata' },
      },
    };
    const one = (partnerId: string, amount: string, currency: string, scale: number): Statement =>
      denominated(statement(partnerId, '2026-03', [line({ id: `${partnerId}-l`, partnerId, period: '2026-03', amount })]), currency, scale, 'halfUp');
    const statements = [one('P-EUR', '33.35', 'EUR', 2), one('P-JPY', '1005', 'JPY', 0), one('P-BHD', '10.005', 'BHD', 3)];
    const links = Object.fromEntries(statements.map((s) => [`${s.partnerId}-l`, { subject: `C-${s.partnerId}`, date: '2026-03-01' }]));
    const march = bookPeriod({ runId: 'r3', period: period('2026-03'), statements, conditions, links });
    const byPartner = (list: typeof march.statements) => Object.fromEntries(list.map((s) => [s.partnerId, s]));
    const m = byPartner(march.statements);
    // reserve: 3.335 → 3.34, payable 33.35 − 3.34 = 30.01; 100.5 → 101, payable 1005 − 101 = 904;
    // 1.0005 → 1.001, payable 10.005 − 1.001 = 9.004
    expect([m['P-EUR']!.totals.reserveWithheld, m['P-EUR']!.payable]).toEqual(['3.34', '30.01']);
    expect([m['P-JPY']!.totals.reserveWithheld, m['P-JPY']!.payable]).toEqual(['101', '904']);
    expect([m['P-BHD']!.totals.reserveWithheld, m['P-BHD']!.payable]).toEqual(['1.001', '9.004']);
    // April has no statement: every contract ended on 4 Mar, 7 of the window's 10 days left (4 → 11 Mar), fraction 0.7.
    // Clawbacks: 33.35 × 0.7 = 23.345 → 23.35; 1005 × 0.7 = 703.5 → 704; 10.005 × 0.7 = 7.0035 → 7.004.
    // Reserve released, so carried forward: 23.35 − 3.34 = 20.01; 704 − 101 = 603; 7.004 − 1.001 = 6.003.
    const events = statements.map((s) => ({ id: `T-${s.partnerId}`, subject: `C-${s.partnerId}`, type: 'terminated', date: '2026-03-04', table: 'serviceEvents' }));
    const april = byPartner(bookPeriod({ runId: 'r4', period: period('2026-04'), statements: [], conditions, events, ledger: march.entries }).statements);
    expect([april['P-EUR']!.totals.clawbacks, april['P-EUR']!.carryForward.carriedForward]).toEqual(['23.35', '20.01']);
    expect([april['P-JPY']!.totals.clawbacks, april['P-JPY']!.carryForward.carriedForward]).toEqual(['704', '603']);
    expect([april['P-BHD']!.totals.clawbacks, april['P-BHD']!.carryForward.carriedForward]).toEqual(['7.004', '6.003']);
  });

  it('statements rounding in different modes need the mode stated', () => {
    const a = threeLines('10.00', 'EUR', 2, 'halfUp');
    const b = { ...threeLines('10.00', 'EUR', 2, 'halfEven'), partnerId: 'P2', lines: a.lines.map((l) => ({ ...l, partnerId: 'P2', id: `P2-${l.id}` })) };
    expect(() => book([a, b])).toThrow(LedgerError);
    expect(() => book([a, b])).toThrow(/different modes \(halfUp, halfEven\)/);
    expect(book([a, b], { rounding: 'halfEven' }).statements).toHaveLength(2);
  });
});

describe('accruals are written at each partner\'s own plan scale', () => {
  it('a yen, a euro and a dinar partner in one accruals call each keep their scale, in the rows and in the CSV', () => {
    // One run books a euro plan (scale 2), a yen plan (scale 0) and a dinar plan (scale 3), reserving 10% half up.
    // Reserve: 33.35 × 10% = 3.335 → 3.34, payable 33.35 − 3.34 = 30.01; 1005 × 10% = 100.5 → 101, payable
    // 1005 − 101 = 904; 10.005 × 10% = 1.0005 → 1.001, payable 10.005 − 1.001 = 9.004. The run is posted, so paid =
    // payable; the reserve balance after March is the reserve withheld; every other figure is zero at the scale.
    const one = (partnerId: string, amount: string, currency: string, scale: number): Statement =>
      denominated(statement(partnerId, '2026-03', [line({ id: `${partnerId}-l`, partnerId, period: '2026-03', amount })]), currency, scale, 'halfUp');
    const statements = [one('P-EUR', '33.35', 'EUR', 2), one('P-JPY', '1005', 'JPY', 0), one('P-BHD', '10.005', 'BHD', 3)];
    const { entries } = bookPeriod({ runId: 'r3', period: period('2026-03'), statements, conditions: reserve10 });
    const rows = accruals(entries, { runStates: { r3: 'posted' } });
    // period, partner, currency, earned, adjustments, held, released, lapsed, reserved, reserve released, clawed back,
    // advance paid, advance recovered, payable, paid, held / reserve / advance / carry-forward balances
    const expected = [
      ['2026-03', 'P-BHD', 'BHD', '10.005', '0.000', '0.000', '0.000', '0.000', '1.001', '0.000', '0.000', '0.000', '0.000', '9.004', '9.004', '0.000', '1.001', '0.000', '0.000'],
      ['2026-03', 'P-EUR', 'EUR', '33.35', '0.00', '0.00', '0.00', '0.00', '3.34', '0.00', '0.00', '0.00', '0.00', '30.01', '30.01', '0.00', '3.34', '0.00', '0.00'],
      ['2026-03', 'P-JPY', 'JPY', '1005', '0', '0', '0', '0', '101', '0', '0', '0', '0', '904', '904', '0', '101', '0', '0'],
    ];
    expect(rows.map((r) => Object.values(r))).toEqual(expected);
    // the CSV carries each row's currency and writes each amount as the row has it
    expect(accrualsToCsv(rows).split('\r\n').slice(1, 4)).toEqual(expected.map((cells) => cells.join(',')));
    // partners never interact: accruals of the three together are those of each alone
    const alone = ['P-BHD', 'P-EUR', 'P-JPY'].flatMap((p) => accruals(entries.filter((e) => e.partnerId === p), { runStates: { r3: 'posted' } }));
    expect(rows).toEqual(alone);
  });
});
