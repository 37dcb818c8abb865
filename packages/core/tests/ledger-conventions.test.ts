// Ledger conventions (issue: ledger conventions finance can choose): each convention's figures against an
// independent computation written here — BigInt cents and day-by-day calendar walks, not the ledger's own helpers.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bookPeriod, reconciliationProblems, statementMovements } from '../src/ledger/index.js';
import type { Agreement, LedgerEntry, ServiceEvent } from '../src/schema/ledger.js';
import type { Conditions } from '../src/schema/plan.js';
import { line, period, statement } from './ledger-fixtures.js';

const SEED = 20261203;

// ---- independent calendar arithmetic (day-by-day walks over JavaScript Dates) ----
const toDate = (iso: string): Date => new Date(`${iso}T00:00:00Z`);
const iso = (d: Date): string => d.toISOString().slice(0, 10);
const nextDay = (d: string): string => iso(new Date(toDate(d).getTime() + 86_400_000));
const plusDays = (d: string, n: number): string => {
  let x = d;
  for (let i = 0; i < Math.abs(n); i++) x = n > 0 ? nextDay(x) : iso(new Date(toDate(x).getTime() - 86_400_000));
  return x;
};
const lastDayOf = (y: number, m: number): number => new Date(Date.UTC(y, m, 0)).getUTCDate(); // m 1-based
/** Calendar months later, the day clamped to the month's length (31 Jan + 1 month = 28 or 29 Feb). */
const plusMonths = (d: string, n: number): string => {
  const [y, m, day] = d.split('-').map(Number) as [number, number, number];
  const total = (m - 1) + n;
  const ny = y + Math.floor(total / 12);
  const nm = (total % 12) + 1;
  return `${ny}-${String(nm).padStart(2, '0')}-${String(Math.min(day, lastDayOf(ny, nm))).padStart(2, '0')}`;
};
/** Actual days from a to b, by walking one day at a time. */
const walkActual = (a: string, b: string): number => {
  let n = 0;
  for (let x = a; x < b; x = nextDay(x)) n++;
  return n;
};
/**
 * 30E/360 days from a to b by walking: each step onto a day 1–30 counts one day, a step onto day 31 counts none,
 * and entering a month adds the days the previous month falls short of 30 (28-day February: 2 more).
 */
const walk360 = (a: string, b: string): number => {
  let n = 0;
  for (let x = a; x < b; ) {
    const nx = nextDay(x);
    const [y, m, d] = x.split('-').map(Number) as [number, number, number];
    const nd = Number(nx.slice(8, 10));
    if (nd === 1) n += 1 + (30 - Math.min(30, lastDayOf(y, m))) - (d === 31 ? 0 : 0);
    else if (nd <= 30) n += 1;
    x = nx;
  }
  // a start on day 31 counts as day 30: the step onto the 1st then covers one day, as above
  return n;
};
/** Half-up rounding of num/den (both positive BigInt) to a whole number of cents. */
const halfUp = (num: bigint, den: bigint): bigint => (2n * num + den) / (2n * den);
/** Cents of an exact decimal string with at most two decimals (more would be a scale error: it throws). */
const cents = (s: string): bigint => {
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(s);
  if (!m) throw new Error(`not an amount in cents: ${s}`);
  const v = BigInt(m[2]!) * 100n + BigInt((m[3] ?? '').padEnd(2, '0'));
  return m[1] ? -v : v;
};
const eur = (c: bigint): string => {
  const neg = c < 0n;
  const a = neg ? -c : c;
  return `${neg ? '-' : ''}${a / 100n}.${String(a % 100n).padStart(2, '0')}`;
};
const monthOf = (d: string): string => d.slice(0, 7);
const monthsFrom = (first: string, last: string): string[] => {
  const out: string[] = [];
  for (let p = first; p <= last; p = plusMonths(`${p}-01`, 1).slice(0, 7)) out.push(p);
  return out;
};

const arbDate = fc.integer({ min: 0, max: 365 * 6 }).map((n) => plusDays('2023-01-01', n));

/** Books every month from the first to the last, feeding each the ledger so far; returns all entries. */
function bookMonths(months: string[], args: { statementsOf: (p: string) => ReturnType<typeof statement>[]; conditions?: Record<string, Conditions>; events?: ServiceEvent[]; links?: Record<string, { subject: string; date: string }>; agreements?: Agreement[] }) {
  let ledger: LedgerEntry[] = [];
  const statements = [];
  for (const p of months) {
    const r = bookPeriod({ runId: `r-${p}`, period: period(p), statements: args.statementsOf(p), conditions: args.conditions, events: args.events, links: args.links, agreements: args.agreements, ledger });
    ledger = [...ledger, ...r.entries];
    statements.push(...r.statements);
  }
  return { ledger, statements };
}

describe('clawback day count', () => {
  it('pro-rata clawbacks equal paid × days left / days in window under actual, fixed365 and 30/360 (leap years included)', () => {
    fc.assert(
      fc.property(
        arbDate,
        fc.oneof(fc.record({ months: fc.integer({ min: 1, max: 24 }) }), fc.record({ days: fc.integer({ min: 1, max: 400 }) })),
        fc.constantFrom('actual' as const, 'fixed365' as const, '30/360' as const),
        fc.integer({ min: 1, max: 5_000_000 }),
        fc.double({ min: 0, max: 0.9999, noNaN: true }),
        (sale, window, dayCount, paidCents, at) => {
          const windowEnd = 'months' in window ? plusMonths(sale, window.months) : plusDays(sale, window.days);
          const span = walkActual(sale, windowEnd);
          const ended = plusDays(sale, Math.floor(at * span));
          const conditions: Record<string, Conditions> = {
            energy: { clawback: { events: 'serviceEvents', on: ['terminated'], link: 'contractId', mode: 'proRata', dayCount, ...('months' in window ? { withinMonths: window.months } : { withinDays: window.days }) } },
          };
          const l = line({ id: 'L1', partnerId: 'P1', period: monthOf(sale), amount: eur(BigInt(paidCents)) });
          const { ledger } = bookMonths(monthsFrom(monthOf(sale), monthOf(ended)), {
            statementsOf: (p) => [statement('P1', p, p === monthOf(sale) ? [l] : [])],
            conditions,
            events: [{ id: 'T1', subject: 'C1', type: 'terminated', date: ended, table: 'serviceEvents' }],
            links: { L1: { subject: 'C1', date: sale } },
          });
          // independent expectation
          let num: bigint;
          let den: bigint;
          if (dayCount === '30/360') {
            num = BigInt(paidCents) * BigInt(walk360(ended, windowEnd));
            den = BigInt(walk360(sale, windowEnd));
          } else if (dayCount === 'fixed365' && 'months' in window) {
            // total = 365 × months / 12 days; left = actual days, at most the total
            const left = BigInt(walkActual(ended, windowEnd));
            const leftCapped = left * 12n > 365n * BigInt(window.months) ? null : left;
            num = leftCapped === null ? BigInt(paidCents) : BigInt(paidCents) * left * 12n;
            den = leftCapped === null ? 1n : 365n * BigInt(window.months);
          } else {
            num = BigInt(paidCents) * BigInt(walkActual(ended, windowEnd));
            den = BigInt(span);
          }
          const expected = den === 0n ? 0n : halfUp(num, den);
          const claws = ledger.filter((e) => e.kind === 'clawback');
          if (expected === 0n) {
            expect(claws).toEqual([]);
          } else {
            expect(claws.map((e) => e.amount)).toEqual([eur(expected)]);
            expect(claws[0]!.details['dayCount']).toBe(dayCount); // the convention is in the entry's trace
          }
        },
      ),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('worked examples: 120.00 paid, activated 15 Feb 2026, terminated 20 Apr 2026, 12-month window', () => {
    const run = (dayCount: 'actual' | 'fixed365' | '30/360'): string => {
      const conditions: Record<string, Conditions> = { energy: { clawback: { events: 'serviceEvents', on: ['terminated'], link: 'contractId', withinMonths: 12, mode: 'proRata', dayCount } } };
      const l = line({ id: 'L1', partnerId: 'P1', period: '2026-02', amount: '120.00' });
      const { ledger } = bookMonths(['2026-02', '2026-03', '2026-04'], {
        statementsOf: (p) => [statement('P1', p, p === '2026-02' ? [l] : [])],
        conditions,
        events: [{ id: 'T1', subject: 'C1', type: 'terminated', date: '2026-04-20', table: 'serviceEvents' }],
        links: { L1: { subject: 'C1', date: '2026-02-15' } },
      });
      return ledger.find((e) => e.kind === 'clawback')!.amount;
    };
    // 20 Apr 2026 → 15 Feb 2027: 10 (Apr) + 31+30+31+31+30+31+30+31 (May–Dec) + 31 (Jan) + 14 (Feb) = 301 days
    expect(run('actual')).toBe('98.96'); // 120 × 301/365 = 98.958…
    expect(run('fixed365')).toBe('98.96'); // the window has 365 days: same
    // 30/360: 20 Apr 2026 → 15 Feb 2027 = 360×1 + 30×(2−4) + (15−20) = 295; window 360 → 120 × 295/360 = 98.333…
    expect(run('30/360')).toBe('98.33');
  });

  it('across 29 February: actual counts 366, fixed365 counts 365', () => {
    const run = (dayCount: 'actual' | 'fixed365'): string => {
      const conditions: Record<string, Conditions> = { energy: { clawback: { events: 'serviceEvents', on: ['terminated'], link: 'contractId', withinMonths: 12, mode: 'proRata', dayCount } } };
      const l = line({ id: 'L1', partnerId: 'P1', period: '2027-06', amount: '366.00' });
      const { ledger } = bookMonths(['2027-06', '2027-07'], {
        statementsOf: (p) => [statement('P1', p, p === '2027-06' ? [l] : [])],
        conditions,
        events: [{ id: 'T1', subject: 'C1', type: 'terminated', date: '2027-07-01', table: 'serviceEvents' }],
        links: { L1: { subject: 'C1', date: '2027-06-01' } },
      });
      return ledger.find((e) => e.kind === 'clawback')!.amount;
    };
    // window 1 Jun 2027 – 1 Jun 2028 holds 29 Feb 2028: 366 days; 1 Jul 2027 → 1 Jun 2028 = 336 days left
    expect(run('actual')).toBe('336.00'); // 366 × 336/366
    expect(run('fixed365')).toBe('336.92'); // 366 × 336/365 = 336.9205…
  });
});

describe('release deadline inclusivity', () => {
  it('an event on the deadline day releases only when the deadline is inclusive; one after it never does', () => {
    fc.assert(
      fc.property(
        arbDate,
        fc.oneof(fc.record({ months: fc.integer({ min: 1, max: 6 }) }), fc.record({ days: fc.integer({ min: 1, max: 120 }) })),
        fc.integer({ min: -3, max: 3 }),
        fc.boolean(),
        (sale, deadline, offset, inclusive) => {
          const due = 'months' in deadline ? plusMonths(sale, deadline.months) : plusDays(sale, deadline.days);
          const eventDate = plusDays(due, offset);
          const conditions: Record<string, Conditions> = {
            energy: { release: { events: 'serviceEvents', on: 'activated', link: 'contractId', deadlineInclusive: inclusive, ...('months' in deadline ? { deadlineMonths: deadline.months } : { deadlineDays: deadline.days }) } },
          };
          const l = line({ id: 'L1', partnerId: 'P1', period: monthOf(sale), amount: '100.00' });
          const last = [eventDate, due].sort()[1]!;
          const { ledger } = bookMonths(monthsFrom(monthOf(sale), monthOf(plusMonths(last, 1))), {
            statementsOf: (p) => [statement('P1', p, p === monthOf(sale) ? [l] : [])],
            conditions,
            events: [{ id: 'A1', subject: 'C1', type: 'activated', date: eventDate, table: 'serviceEvents' }],
            links: { L1: { subject: 'C1', date: sale } },
          });
          const counts = eventDate < due || (inclusive && eventDate === due);
          const paidAtOnce = ledger.some((e) => e.kind === 'earned' && e.event !== null);
          const released = paidAtOnce || ledger.some((e) => e.kind === 'released');
          const lapsed = ledger.filter((e) => e.kind === 'lapsed');
          expect(released).toBe(counts);
          expect(lapsed.length).toBe(counts ? 0 : 1);
          if (!counts) expect(lapsed[0]!.details['deadlineInclusive']).toBe(String(inclusive));
        },
      ),
      { seed: SEED, numRuns: 300 },
    );
  });
});

describe('reserve basis', () => {
  it('line: Σ of each payable amount × share rounded; periodTotal: the period total × share rounded once, split over components', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ cents: fc.integer({ min: -20_000, max: 500_000 }), component: fc.constantFrom('commission', 'bonus', 'service') }), { minLength: 1, maxLength: 8 }),
        fc.constantFrom('0.10', '0.15', '0.333', '0.125'),
        fc.constantFrom('line' as const, 'periodTotal' as const),
        (lines, share, basis) => {
          const conditions: Record<string, Conditions> = { energy: { reserve: { share, releaseAfterMonths: 2, basis } } };
          const ls = lines.map((x, i) => line({ id: `L${i}`, partnerId: 'P1', period: '2026-03', amount: eur(BigInt(x.cents)), component: x.component }));
          const r = bookPeriod({ runId: 'r', period: period('2026-03'), statements: [statement('P1', '2026-03', ls)], conditions });
          const reserved = r.entries.filter((e) => e.kind === 'reserved');
          const total = reserved.reduce((t, e) => t + cents(e.amount), 0n);
          const [num, den] = [BigInt(share.replace('0.', '')), 10n ** BigInt(share.length - 2)];
          if (basis === 'line') {
            const expected = lines.filter((x) => x.cents > 0).reduce((t, x) => t + halfUp(BigInt(x.cents) * num, den), 0n);
            expect(total).toBe(expected);
          } else {
            const sum = lines.reduce((t, x) => t + BigInt(x.cents), 0n);
            expect(total).toBe(sum > 0n ? halfUp(sum * num, den) : 0n);
            // each component gets its proportional share of the rounded total, within one cent
            const positive = new Map<string, bigint>();
            for (const x of lines) positive.set(x.component, (positive.get(x.component) ?? 0n) + BigInt(x.cents));
            const weights = [...positive.values()].filter((v) => v > 0n);
            const wsum = weights.reduce((a, b) => a + b, 0n);
            for (const e of reserved) {
              const w = positive.get(e.component!)!;
              const exactTimesW = total * w; // share = total × w / wsum
              const got = cents(e.amount) * wsum;
              expect(got - exactTimesW < wsum && exactTimesW - got < wsum).toBe(true);
              expect(e.details['basis']).toBe('periodTotal');
            }
          }
          expect(r.statements.every((s) => reconciliationProblems(statementMovements(s)).length === 0)).toBe(true);
        },
      ),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('worked example: three lines of 33.33, 10% reserve', () => {
    const conditionsFor = (basis: 'line' | 'periodTotal'): Record<string, Conditions> => ({ energy: { reserve: { share: '0.10', releaseAfterMonths: 1, basis } } });
    const ls = ['a', 'b', 'c'].map((id) => line({ id, partnerId: 'P1', period: '2026-03', amount: '33.35' }));
    const reserve = (basis: 'line' | 'periodTotal'): string =>
      bookPeriod({ runId: 'r', period: period('2026-03'), statements: [statement('P1', '2026-03', ls)], conditions: conditionsFor(basis) }).statements[0]!.totals.reserveWithheld;
    expect(reserve('line')).toBe('10.02'); // 3 × round(3.335) = 3 × 3.34
    expect(reserve('periodTotal')).toBe('10.01'); // round(100.05 × 0.10 = 10.005) = 10.01
  });
});

describe('advance recovery start', () => {
  it('sameMonth recovers from the signing period, nextMonth from the one after', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 28 }),
        fc.integer({ min: 100, max: 1_000_000 }),
        fc.integer({ min: 0, max: 800_000 }),
        fc.integer({ min: 0, max: 800_000 }),
        fc.constantFrom('sameMonth' as const, 'nextMonth' as const),
        (day, advance, march, april, recoveryStart) => {
          const agreement: Agreement = {
            id: 'AG1', partnerId: 'P1', currency: 'EUR', advance: eur(BigInt(advance)), signedOn: `2026-03-${String(day).padStart(2, '0')}`,
            termMonths: 12, recovery: { maxShare: '0.30' }, recoveryStart,
          };
          const amounts: Record<string, number> = { '2026-03': march, '2026-04': april };
          const { ledger } = bookMonths(['2026-03', '2026-04'], {
            statementsOf: (p) => [statement('P1', p, amounts[p] ? [line({ id: `L-${p}`, partnerId: 'P1', period: p, amount: eur(BigInt(amounts[p]!)) })] : [])],
            agreements: [agreement],
          });
          // independent: recovery = min(balance, ⌊30% of the statement⌋ in cents)
          let balance = BigInt(advance);
          const expected: Record<string, bigint> = {};
          for (const p of ['2026-03', '2026-04']) {
            const recovers = recoveryStart === 'sameMonth' || p !== '2026-03';
            const cap = (BigInt(amounts[p]!) * 30n) / 100n;
            const r = recovers ? (cap < balance ? cap : balance) : 0n;
            expected[p] = r;
            balance -= r;
          }
          for (const p of ['2026-03', '2026-04']) {
            const got = ledger.filter((e) => e.period === p && e.kind === 'advance_recovered');
            expect(got.reduce((t, e) => t + cents(e.amount), 0n)).toBe(expected[p]);
            for (const e of got) expect(e.details['recoveryStart']).toBe(recoveryStart);
          }
        },
      ),
      { seed: SEED, numRuns: 200 },
    );
  });
});

describe('service-event column mapping', () => {
  it('reads subject and type from the columns the fact table names, like its key, partner and date', async () => {
    const { serviceEventsFromFacts, serviceEventCounts } = await import('../src/ledger/index.js');
    const { FactSchemaSchema } = await import('../src/schema/facts.js');
    const schema = FactSchemaSchema.parse({
      tables: {
        billing: {
          key: 'event_id', partner: 'agent', date: 'occurred', eventSubject: 'contract_id', eventType: 'status',
          columns: { event_id: { type: 'text' }, agent: { type: 'text' }, occurred: { type: 'date' }, contract_id: { type: 'text' }, status: { type: 'text' } },
        },
      },
    });
    const records = [
      { event_id: 'B1', agent: 'P1', occurred: '2026-03-02', contract_id: 'C1', status: 'activated' },
      { event_id: 'B2', agent: 'P1', occurred: '2026-04-02', contract_id: 'C2', status: 'terminated' },
      { event_id: 'B3', agent: 'P1', occurred: '2026-03-05', contract_id: null, status: 'activated' },
    ];
    expect(serviceEventsFromFacts('billing', schema, records, { skipUnusable: true })).toEqual([
      { id: 'B1', subject: 'C1', type: 'activated', date: '2026-03-02', partnerId: 'P1', table: 'billing' },
      { id: 'B2', subject: 'C2', type: 'terminated', date: '2026-04-02', partnerId: 'P1', table: 'billing' },
    ]);
    expect(() => serviceEventsFromFacts('billing', schema, records)).toThrowError(/billing record B3: a service event needs event_id, contract_id, status and occurred/);
    // March: B1 used, B2 dated after the period, B3 cannot be an event
    expect(serviceEventCounts('billing', schema, records, '2026-03-31')).toEqual({ in: 3, used: 1, excluded: 1, rejected: 1 });
    // a table name from user data never reaches the prototype chain
    expect(() => serviceEventsFromFacts('constructor', schema, [])).toThrowError(/unknown fact table "constructor"/);
  });
});

describe('statement reconciliation', () => {
  const arbConditions: fc.Arbitrary<Conditions> = fc.record({
    release: fc.option(fc.record({ events: fc.constant('serviceEvents'), on: fc.constant('activated'), link: fc.constant('contractId'), deadlineDays: fc.integer({ min: 10, max: 90 }), deadlineInclusive: fc.boolean() }), { nil: undefined }),
    reserve: fc.option(fc.record({ share: fc.constantFrom('0.10', '0.333'), releaseAfterMonths: fc.integer({ min: 1, max: 2 }), basis: fc.constantFrom('line' as const, 'periodTotal' as const) }), { nil: undefined }),
    clawback: fc.option(
      fc.record({ events: fc.constant('serviceEvents'), on: fc.constant(['terminated']), link: fc.constant('contractId'), withinDays: fc.integer({ min: 30, max: 200 }), mode: fc.constantFrom('full' as const, 'proRata' as const), dayCount: fc.constantFrom('actual' as const, 'fixed365' as const, '30/360' as const) }),
      { nil: undefined },
    ),
  });
  const MONTHS = ['2026-01', '2026-02', '2026-03', '2026-04', '2026-05'];

  it('for random ledgers every row adds up, and each column equals the sum of its ledger entries', () => {
    fc.assert(
      fc.property(
        arbConditions,
        fc.array(fc.record({ partner: fc.constantFrom('P1', 'P2'), month: fc.integer({ min: 0, max: 4 }), day: fc.integer({ min: 1, max: 28 }), cents: fc.integer({ min: -50_000, max: 300_000 }), act: fc.option(fc.integer({ min: 0, max: 100 }), { nil: null }), end: fc.option(fc.integer({ min: 0, max: 150 }), { nil: null }) }), { maxLength: 12 }),
        fc.option(fc.record({ advance: fc.integer({ min: 1, max: 400_000 }), month: fc.integer({ min: 0, max: 2 }), recoveryStart: fc.constantFrom('sameMonth' as const, 'nextMonth' as const) }), { nil: null }),
        (c, contracts, adv) => {
          const events: ServiceEvent[] = [];
          const links: Record<string, { subject: string; date: string }> = {};
          const lines = contracts.map((k, i) => {
            const date = `${MONTHS[k.month]}-${String(k.day).padStart(2, '0')}`;
            links[`L${i}`] = { subject: `C${i}`, date };
            if (k.act !== null) events.push({ id: `A${i}`, subject: `C${i}`, type: 'activated', date: plusDays(date, k.act), table: 'serviceEvents' });
            if (k.end !== null) events.push({ id: `T${i}`, subject: `C${i}`, type: 'terminated', date: plusDays(date, k.end), table: 'serviceEvents' });
            return { month: MONTHS[k.month]!, l: line({ id: `L${i}`, partnerId: k.partner, period: MONTHS[k.month]!, amount: eur(BigInt(k.cents)) }) };
          });
          const agreements: Agreement[] = adv ? [{ id: 'AG', partnerId: 'P1', currency: 'EUR', advance: eur(BigInt(adv.advance)), signedOn: `${MONTHS[adv.month]}-10`, termMonths: 3, recovery: { maxShare: '0.5' }, recoveryStart: adv.recoveryStart }] : [];
          const { ledger, statements } = bookMonths(MONTHS, {
            statementsOf: (p) => ['P1', 'P2'].map((pid) => statement(pid, p, lines.filter((x) => x.month === p && x.l.partnerId === pid).map((x) => x.l))),
            conditions: { energy: c },
            events,
            links,
            agreements,
          });
          for (const s of statements) {
            const mv = statementMovements(s);
            expect(reconciliationProblems(mv)).toEqual([]);
            // independent sums straight from the entries
            const rank = MONTHS.indexOf(s.period);
            const mine = ledger.filter((e) => e.partnerId === s.partnerId);
            const now = mine.filter((e) => e.period === s.period);
            const before = mine.filter((e) => MONTHS.indexOf(e.period) < rank);
            const tot = (list: LedgerEntry[], ...kinds: string[]): bigint => list.filter((e) => kinds.includes(e.kind)).reduce((t, e) => t + cents(e.amount), 0n);
            expect(cents(mv.payable)).toBe(tot(now, 'paid'));
            expect(cents(mv.earned)).toBe(tot(now, 'earned'));
            expect(cents(mv.held)).toBe(tot(now, 'held'));
            expect(cents(mv.lapsed)).toBe(tot(now, 'lapsed'));
            expect(cents(mv.clawbacks)).toBe(tot(now, 'clawback'));
            expect(cents(mv.heldBefore)).toBe(tot(before, 'held') - tot(before, 'released', 'lapsed'));
            expect(cents(mv.reserveBefore)).toBe(tot(before, 'reserved') - tot(before, 'reserve_released'));
            expect(cents(mv.advanceBefore)).toBe(tot(before, 'advance_paid') - tot(before, 'advance_recovered', 'advance_recovery_on_termination'));
            expect(cents(mv.carriedAfter)).toBe(tot([...before, ...now], 'carry_forward'));
            // the documented derivations of the totals from the statement's own lists (docs/statement-reference.md §3)
            const listSum = (rows: ReadonlyArray<{ amount: string }>): bigint => rows.reduce((t, r) => t + cents(r.amount), 0n);
            expect(cents(s.totals.held)).toBe(listSum(s.held));
            expect(cents(s.totals.released)).toBe(listSum(s.released));
            expect(cents(s.totals.lapsed)).toBe(listSum(s.lapsed));
            expect(cents(s.totals.reserveWithheld)).toBe(listSum(s.reserve.withheld));
            expect(cents(s.totals.reserveReleased)).toBe(listSum(s.reserve.released));
            expect(cents(s.totals.clawbacks)).toBe(listSum(s.clawbacks));
            expect(cents(s.totals.heldBalance)).toBe(listSum(s.heldOutstanding ?? []));
            expect(cents(s.totals.advanceBalance)).toBe(s.advances.reduce((t, a) => t + cents(a.balance), 0n));
            expect(cents(s.totals.earned) + cents(s.totals.adjustments)).toBe(listSum(s.earned));
            const components = Object.values(s.byComponent ?? {}).reduce((t, v) => t + cents(v), 0n);
            expect(components - cents(s.totals.broughtForward)).toBe(cents(s.totals.beforeAdvance));
          }
        },
      ),
      { seed: SEED, numRuns: 150 },
    );
  });
});
