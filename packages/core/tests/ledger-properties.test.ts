import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { accruals, adjustmentsFor, bookPeriod, type LineLink } from '../src/ledger/index.js';
import type { AdjustmentLine, Agreement, LedgerEntry, LedgerEntryKind, PeriodStatement, ServiceEvent } from '../src/schema/ledger.js';
import type { Conditions } from '../src/schema/plan.js';
import type { Statement, StatementLine } from '../src/schema/result.js';
import { line, period, statement } from './ledger-fixtures.js';

const PERIODS = ['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07'];
const PARTNERS = ['P1', 'P2', 'P3'];
const SEED = 20261208;
const cents = (n: number): string => new Decimal(n).dividedBy(100).toFixed(2);
const addDays = (date: string, days: number): string => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

const arbConditions: fc.Arbitrary<Conditions> = fc.record({
  release: fc.option(
    fc.record({ events: fc.constant('serviceEvents'), on: fc.constant('activated'), link: fc.constant('contractId'), deadlineMonths: fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }) }),
    { nil: undefined },
  ),
  reserve: fc.option(fc.record({ share: fc.constantFrom('0.10', '0.15', '0.333'), releaseAfterMonths: fc.integer({ min: 1, max: 3 }) }), { nil: undefined }),
  clawback: fc.option(
    fc.record({
      events: fc.constant('serviceEvents'),
      on: fc.constant(['terminated']),
      link: fc.constant('contractId'),
      withinMonths: fc.integer({ min: 1, max: 12 }),
      mode: fc.constantFrom('full' as const, 'proRata' as const),
      from: fc.constantFrom(undefined, 'activated'),
    }),
    { nil: undefined },
  ),
});

const arbContract = fc.record({
  partner: fc.integer({ min: 0, max: PARTNERS.length - 1 }),
  period: fc.integer({ min: 0, max: PERIODS.length - 1 }),
  day: fc.integer({ min: 1, max: 28 }),
  amount: fc.integer({ min: -3000, max: 90000 }),
  plan: fc.constantFrom('pa', 'pb'),
  activatedAfter: fc.option(fc.integer({ min: 0, max: 150 }), { nil: null }),
  terminatedAfter: fc.option(fc.integer({ min: 0, max: 300 }), { nil: null }),
  /** A partner-level line (bonus, cap): no source record. */
  partnerLevel: fc.integer({ min: 0, max: 5 }).map((n) => n === 0),
});

const arbAgreement = fc.record({
  partner: fc.integer({ min: 0, max: PARTNERS.length - 1 }),
  signedPeriod: fc.integer({ min: 0, max: 3 }),
  day: fc.integer({ min: 1, max: 28 }),
  advance: fc.integer({ min: 1, max: 200000 }),
  maxShare: fc.option(fc.constantFrom('0.25', '0.30', '0.5'), { nil: undefined }),
  instalment: fc.option(fc.integer({ min: 1, max: 50000 }), { nil: undefined }),
  termMonths: fc.integer({ min: 1, max: 12 }),
  terminateAfterDays: fc.option(fc.integer({ min: 0, max: 200 }), { nil: null }),
});

const arbScenario = fc.record({
  conditions: fc.record({ pa: arbConditions, pb: arbConditions }),
  contracts: fc.array(arbContract, { maxLength: 14 }),
  agreements: fc.array(arbAgreement, { maxLength: 2 }),
  floorAtZero: fc.boolean(),
  /** A recalculation of period `of`, booked in period `in` (> of), changing amounts by these deltas (cents). */
  recalcs: fc.array(fc.record({ of: fc.integer({ min: 0, max: 3 }), lag: fc.integer({ min: 1, max: 3 }), changes: fc.array(fc.integer({ min: -5000, max: 5000 }), { minLength: 1, maxLength: 4 }), drop: fc.boolean() }), { maxLength: 2 }),
});
type Scenario = typeof arbScenario extends fc.Arbitrary<infer T> ? T : never;

interface Built {
  statementsBy: Map<string, Statement[]>;
  events: ServiceEvent[];
  links: Record<string, LineLink>;
  agreements: Agreement[];
}

function build(s: Scenario): Built {
  const statementsBy = new Map<string, Statement[]>();
  const events: ServiceEvent[] = [];
  const links: Record<string, LineLink> = {};
  const linesBy = new Map<string, StatementLine[]>();
  s.contracts.forEach((c, i) => {
    const p = PERIODS[c.period]!;
    const partnerId = PARTNERS[c.partner]!;
    const id = `L${i}`;
    const date = `${p}-${String(c.day).padStart(2, '0')}`;
    const l = line({ id, partnerId, period: p, amount: cents(c.amount), planId: c.plan, sourceId: c.partnerLevel ? null : `S${i}` });
    const key = `${p}|${partnerId}`;
    linesBy.set(key, [...(linesBy.get(key) ?? []), l]);
    links[id] = { subject: `C${i}`, date };
    if (c.activatedAfter !== null) events.push({ id: `A${i}`, subject: `C${i}`, type: 'activated', date: addDays(date, c.activatedAfter), table: 'serviceEvents' });
    if (c.terminatedAfter !== null) events.push({ id: `T${i}`, subject: `C${i}`, type: 'terminated', date: addDays(date, c.terminatedAfter), table: 'serviceEvents' });
  });
  for (const p of PERIODS) statementsBy.set(p, PARTNERS.map((partnerId) => statement(partnerId, p, linesBy.get(`${p}|${partnerId}`) ?? [])));
  const agreements: Agreement[] = s.agreements.map((a, i) => {
    const signedOn = `${PERIODS[a.signedPeriod]}-${String(a.day).padStart(2, '0')}`;
    return {
      id: `AG${i}`,
      partnerId: PARTNERS[a.partner]!,
      currency: 'EUR',
      advance: cents(a.advance),
      signedOn,
      termMonths: a.termMonths,
      recovery: a.maxShare === undefined && a.instalment === undefined ? { maxShare: '0.30' } : { maxShare: a.maxShare, instalment: a.instalment === undefined ? undefined : cents(a.instalment) },
      terminatedOn: a.terminateAfterDays === null ? null : addDays(signedOn, a.terminateAfterDays),
    };
  });
  return { statementsBy, events, links, agreements };
}

/** A deterministic shuffle (mulberry32), to feed the same data in another order. */
function shuffle<T>(items: readonly T[], seed: number): T[] {
  let t = seed >>> 0;
  const rnd = (): number => {
    t = (t + 0x6d2b79f5) >>> 0;
    let r = Math.imul(t ^ (t >>> 15), 1 | t);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

function run(s: Scenario, seed: number | null, partitioned = false): { ledger: LedgerEntry[]; statements: PeriodStatement[]; adjustments: AdjustmentLine[] } {
  const b = build(s);
  const mix = <T>(xs: readonly T[], salt: number): T[] => (seed === null ? [...xs] : shuffle(xs, seed + salt));
  let ledger: LedgerEntry[] = [];
  const statements: PeriodStatement[] = [];
  const booked = new Map<string, Statement[]>(); // approved statements per period
  const allAdjustments: AdjustmentLine[] = [];
  const links = { ...b.links };
  PERIODS.forEach((p, k) => {
    // recalculations of earlier periods booked now
    let adjustments: AdjustmentLine[] = [];
    for (const [ri, r] of s.recalcs.entries()) {
      if (r.of + r.lag !== k || r.of >= k) continue;
      const of = PERIODS[r.of]!;
      const recalculated = (b.statementsBy.get(of) ?? []).map((st, si) => {
        const lines = st.lines
          .filter((_, li) => !(r.drop && li === 0))
          .map((l, li) => {
            const d = r.changes[(li + si) % r.changes.length]!;
            return line({ id: `${l.id}v${ri}`, partnerId: l.partnerId, period: of, amount: new Decimal(l.amount).plus(cents(d)).toFixed(2), planId: l.planId, planVersion: 2, sourceId: l.source ? l.source.id : null });
          });
        for (const l of lines) links[l.id] = links[l.id.replace(/v\d+$/, '')]!;
        const extra = r.changes.length > 2 ? [line({ id: `N${ri}-${si}`, partnerId: st.partnerId, period: of, amount: cents(Math.abs(r.changes[0]!) + 1), planId: 'pa', sourceId: `NEW${ri}-${si}` })] : [];
        for (const l of extra) links[l.id] = { subject: `NEW${ri}-${si}`, date: `${of}-10` };
        return statement(st.partnerId, of, [...lines, ...extra]);
      });
      const adj = adjustmentsFor(booked.get(of) ?? [], recalculated, { previous: allAdjustments });
      adjustments = [...adjustments, ...adj];
      allAdjustments.push(...adj);
    }
    const sts = (b.statementsBy.get(p) ?? []).map((st) => ({ ...st, lines: mix(st.lines, 1) }));
    booked.set(p, sts);
    const book = (partners?: string[], prior: LedgerEntry[] = ledger) =>
      bookPeriod({
        runId: `run-${p}`,
        period: period(p),
        statements: mix(sts, 2),
        adjustments: mix(adjustments, 3),
        conditions: s.conditions,
        events: mix(b.events, 4),
        links,
        ledger: mix(prior, 5),
        agreements: mix(b.agreements, 6),
        options: { floorAtZero: s.floorAtZero },
        ...(partners ? { partners } : {}),
      });
    if (partitioned) {
      // one partner at a time, each run seeing the entries the previous ones booked for this period
      let periodEntries: LedgerEntry[] = [];
      for (const partnerId of [...PARTNERS].reverse()) {
        const res = book([partnerId], [...ledger, ...periodEntries]);
        periodEntries = [...periodEntries, ...res.entries];
        statements.push(...res.statements);
      }
      ledger = [...ledger, ...periodEntries.sort((x, y) => (x.partnerId < y.partnerId ? -1 : x.partnerId > y.partnerId ? 1 : 0))];
      statements.sort((x, y) => (x.period < y.period ? -1 : x.period > y.period ? 1 : x.partnerId < y.partnerId ? -1 : 1));
    } else {
      const res = book();
      ledger = [...ledger, ...res.entries];
      statements.push(...res.statements);
    }
  });
  return { ledger, statements, adjustments: allAdjustments };
}

const total = (entries: LedgerEntry[], kinds: LedgerEntryKind[]): Decimal =>
  entries.filter((e) => kinds.includes(e.kind)).reduce((t, e) => t.plus(e.amount), new Decimal(0));

describe('ledger properties', () => {
  it('conservation, per partner, exactly: earned + adjustments = paid + advances paid + held + lapsed + reserved + clawed back − advance unrecovered − carried forward', () => {
    fc.assert(
      fc.property(arbScenario, (s) => {
        const { ledger, statements } = run(s, null);
        for (const partnerId of PARTNERS) {
          const e = ledger.filter((x) => x.partnerId === partnerId);
          const heldOut = total(e, ['held']).minus(total(e, ['released', 'lapsed']));
          const reserveOut = total(e, ['reserved']).minus(total(e, ['reserve_released']));
          const advanceOut = total(e, ['advance_paid']).minus(total(e, ['advance_recovered', 'advance_recovery_on_termination']));
          const carriedOut = total(e, ['carry_forward']);
          const left = total(e, ['earned', 'adjustment']);
          const right = total(e, ['paid', 'advance_paid'])
            .plus(heldOut)
            .plus(total(e, ['lapsed']))
            .plus(reserveOut)
            .plus(total(e, ['clawback']))
            .minus(advanceOut)
            .minus(carriedOut);
          expect(right.minus(left).toString()).toBe('0');
          // accruals agree with the ledger: the last row's balances and the sum of payables
          const rows = accruals(ledger).filter((r) => r.partnerId === partnerId);
          const lastRow = rows[rows.length - 1];
          if (lastRow) {
            expect([lastRow.heldBalance, lastRow.reserveBalance, lastRow.advanceBalance, lastRow.carryForwardBalance]).toEqual(
              [heldOut, reserveOut, advanceOut, carriedOut].map((d) => d.toFixed(2)),
            );
          }
          expect(rows.reduce((a, r) => a.plus(r.payable), new Decimal(0)).toFixed(2)).toBe(total(e, ['paid']).toFixed(2));
          // reserve, advance and carried balances never go negative (held may, for negative lines awaiting release)
          expect(reserveOut.gte(0) && advanceOut.gte(0) && carriedOut.gte(0)).toBe(true);
        }
        const settles = ledger.filter((x) => ['released', 'lapsed', 'reserve_released'].includes(x.kind)).map((x) => x.originalEntryId);
        expect(new Set(settles).size).toBe(settles.length);
        const claws = ledger.filter((x) => x.kind === 'clawback').map((x) => x.unitId);
        expect(new Set(claws).size).toBe(claws.length);
        expect(new Set(ledger.map((x) => x.id)).size).toBe(ledger.length);
        for (const st of statements) {
          const paid = ledger.find((x) => x.kind === 'paid' && x.partnerId === st.partnerId && x.period === st.period)!;
          expect(st.payable).toBe(paid.amount);
          if (s.floorAtZero) expect(new Decimal(st.payable).gte(0)).toBe(true);
          const t = st.totals;
          const sumOf = (xs: { amount: string }[]): string => xs.reduce((a, x) => a.plus(x.amount), new Decimal(0)).toFixed(2);
          expect(sumOf(st.released)).toBe(t.released);
          expect(sumOf(st.clawbacks)).toBe(t.clawbacks);
          expect(sumOf(st.reserve.withheld)).toBe(t.reserveWithheld);
          expect(new Decimal(t.beforeFloor).plus(t.carriedForward).toFixed(2)).toBe(st.payable);
          const byComponent = Object.values(st.byComponent ?? {}).reduce((a, x) => a.plus(x), new Decimal(0));
          expect(byComponent.minus(t.broughtForward).toFixed(2)).toBe(new Decimal(t.beforeAdvance).toFixed(2));
          const outstanding = (st.heldOutstanding ?? []).reduce((a, x) => a.plus(x.amount), new Decimal(0));
          expect(outstanding.toFixed(2)).toBe(t.heldBalance);
        }
      }),
      { seed: SEED, numRuns: 100 },
    );
  }, 60_000);

  it('the order in which events, lines, statements, agreements and prior entries arrive changes nothing', () => {
    fc.assert(
      fc.property(arbScenario, fc.integer(), (s, seed) => {
        const a = run(s, null);
        const b = run(s, seed);
        expect(b.ledger).toEqual(a.ledger);
        expect(b.statements.map((x) => ({ ...x, lines: [], earned: [] }))).toEqual(a.statements.map((x) => ({ ...x, lines: [], earned: [] })));
      }),
      { seed: SEED, numRuns: 150 },
    );
  }, 60_000);

  it('booking partners one at a time gives the same ledger and statements as booking them together', () => {
    fc.assert(
      fc.property(arbScenario, (s) => {
        const together = run(s, null);
        const apart = run(s, null, true);
        expect(apart.ledger).toEqual(together.ledger);
        expect(apart.statements).toEqual(together.statements);
      }),
      { seed: SEED, numRuns: 150 },
    );
  }, 60_000);

  it('recalculating with unchanged inputs yields zero adjustment lines; repeated recalculations converge', () => {
    fc.assert(
      fc.property(arbScenario, fc.array(fc.array(fc.integer({ min: -2000, max: 2000 }), { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 4 }), (s, rounds) => {
        const b = build(s);
        for (const p of PERIODS) {
          const original = b.statementsBy.get(p)!;
          expect(adjustmentsFor(original, original)).toEqual([]);
          // a copy re-evaluated under a new plan version with new line ids: still no adjustments
          const copy = original.map((st) => statement(st.partnerId, p, st.lines.map((l) => line({ id: `${l.id}-again`, partnerId: l.partnerId, period: p, amount: l.amount, planId: l.planId, planVersion: 9, sourceId: l.source ? l.source.id : null }))));
          expect(adjustmentsFor(original, copy)).toEqual([]);
          // any number of recalculations: each compares with the latest booked state, history untouched
          let previous: AdjustmentLine[] = [];
          let latest: Statement[] = original;
          for (const deltas of rounds) {
            latest = original.map((st) => statement(st.partnerId, p, st.lines.map((l, i) => line({ ...l, id: l.id, partnerId: l.partnerId, period: p, planId: l.planId, sourceId: l.source ? l.source.id : null, amount: new Decimal(l.amount).plus(cents(deltas[i % deltas.length]!)).toFixed(2) }))));
            const adj = adjustmentsFor(original, latest, { previous });
            expect(adjustmentsFor(original, latest, { previous: [...previous, ...adj] })).toEqual([]);
            previous = [...previous, ...adj];
          }
          for (const st of latest) {
            const booked = st.lines.reduce((t, l) => t.plus(l.amount), new Decimal(0));
            const orig = original.find((o) => o.partnerId === st.partnerId)!.lines.reduce((t, l) => t.plus(l.amount), new Decimal(0));
            const deltas = previous.filter((x) => x.partnerId === st.partnerId).reduce((t, x) => t.plus(x.delta), new Decimal(0));
            expect(orig.plus(deltas).toFixed(2)).toBe(booked.toFixed(2));
          }
          const revs = previous.map((x) => x.id);
          expect(new Set(revs).size).toBe(revs.length);
        }
      }),
      { seed: SEED, numRuns: 150 },
    );
  }, 60_000);
});
