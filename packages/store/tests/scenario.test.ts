import type { PeriodInputs } from '@provvigo/core';
import { describe, expect, it } from 'vitest';
import { Decimal, FactSchemaSchema, PartnerSchema, parsePlan, verifyAuditLog, type Actor, type LedgerEntry } from '@provvigo/core';
import { approvePeriod, calculatePeriod, checkRunIntegrity, closePeriod, openPeriod, validatePeriod } from '../src/index.js';
import { ENGINES, postgresAvailable, storePerSuite } from './helpers/engines.js';

// One contract from sale to clawback, one held line released later, one upfront agreement from signing to early
// termination — three months through the store, the way finance runs them, with every figure checked.

const pgUp = await postgresAvailable();
const carla: Actor = { id: 'carla', roles: ['calculator'] };
const anna: Actor = { id: 'anna', roles: ['approver'] };
const MONTHS = [
  { id: '2026-10', start: '2026-10-01', end: '2026-10-31' },
  { id: '2026-11', start: '2026-11-01', end: '2026-11-30' },
  { id: '2026-12', start: '2026-12-01', end: '2026-12-31' },
];

const factSchema = FactSchemaSchema.parse({
  tables: {
    contracts: {
      system: 'salesforce', key: 'id', partner: 'partnerId', date: 'signedDate',
      columns: { id: { type: 'text' }, partnerId: { type: 'text' }, signedDate: { type: 'date' }, annualKwh: { type: 'number' } },
    },
    serviceEvents: {
      system: 'billing', key: 'id', partner: 'partnerId', date: 'date',
      columns: { id: { type: 'text' }, subject: { type: 'text' }, partnerId: { type: 'text' }, type: { type: 'text' }, date: { type: 'date' } },
    },
  },
});
const planResult = parsePlan(
  {
    id: 'scenario', version: 1, name: 'Scenario', effectiveFrom: '2026-01-01', currency: 'EUR',
    sheets: {
      Lines: {
        kind: 'lines', source: 'contracts',
        columns: { Commission: { formula: '=[@annualKwh] * 0.01', type: 'money' } },
      },
    },
    payouts: { Commission: { label: 'Commission', sheet: 'Lines', column: 'Commission', component: 'commission' } },
    conditions: {
      release: { events: 'serviceEvents', on: 'activated', link: 'id', deadlineMonths: 3 },
      clawback: { events: 'serviceEvents', on: ['terminated'], link: 'id', withinMonths: 12, mode: 'full', from: 'activated' },
    },
  },
  { factSchema },
);
if (!planResult.ok) throw new Error(planResult.issues.map((i) => i.message).join('; '));
const partners = ['A1', 'A2'].map((id) => PartnerSchema.parse({ id, name: id, kind: 'agent', territory: 'Lazio' }));
const contracts = [
  { id: 'C1', partnerId: 'A1', signedDate: '2026-10-05', annualKwh: 10000 }, // 100.00, activated in October, terminated in December
  { id: 'C2', partnerId: 'A2', signedDate: '2026-10-10', annualKwh: 5000 }, //   50.00, held in October, released in November
  { id: 'C3', partnerId: 'A1', signedDate: '2026-11-03', annualKwh: 20000 }, // 200.00, activated in November
];
const events = [
  { id: 'E1', subject: 'C1', partnerId: 'A1', type: 'activated', date: '2026-10-20' },
  { id: 'E2', subject: 'C2', partnerId: 'A2', type: 'activated', date: '2026-11-05' },
  { id: 'E3', subject: 'C3', partnerId: 'A1', type: 'activated', date: '2026-11-10' },
  { id: 'E4', subject: 'C1', partnerId: 'A1', type: 'terminated', date: '2026-12-01' },
];
const agreement = {
  id: 'UPF-A1', partnerId: 'A1', currency: 'EUR', advance: '300.00', signedOn: '2026-10-01', termMonths: 24,
  recovery: { maxShare: '0.50' }, terminatedOn: '2026-12-15',
};

/** What billing and the CRM know by the end of month k. */
function inputsAt(k: number): PeriodInputs {
  const end = MONTHS[k]!.end;
  return {
    plans: [planResult.ok ? planResult.plan : (undefined as never)],
    partners,
    factSchema,
    facts: { contracts: contracts.filter((c) => c.signedDate <= end), serviceEvents: events.filter((e) => e.date <= end) },
    agreements: [agreement],
  };
}

const sumKind = (ledger: LedgerEntry[], partnerId: string, kinds: string[]): string =>
  ledger.filter((e) => e.partnerId === partnerId && kinds.includes(e.kind)).reduce((s, e) => s.plus(e.amount), new Decimal(0)).toFixed(2);

describe.each(ENGINES)('three months through the store on %s', (engine) => {
  const skip = engine === 'postgres' && !pgUp;
  const suite = storePerSuite(engine, skip);

  it.skipIf(skip)('releases on activation, claws back on termination, recovers the advance, and the ledger conserves', async () => {
    const figures: Record<string, Record<string, string>> = {};
    for (const [k, period] of MONTHS.entries()) {
      const at = `2027-0${k + 1}-01T09:00:00.000Z`;
      await openPeriod(suite.store, { period, actor: carla, at });
      const calc = await calculatePeriod(suite.store, { periodId: period.id, inputs: inputsAt(k), actor: carla, at });
      expect(calc.adjustments).toEqual([]); // no fact of a closed month changed
      await validatePeriod(suite.store, { periodId: period.id, actor: carla, at });
      await approvePeriod(suite.store, { periodId: period.id, actor: anna, at });
      await closePeriod(suite.store, { periodId: period.id, actor: anna, at });
      for (const s of await suite.store.getStatements(`${period.id}-r1`)) {
        const t = s.totals;
        figures[`${period.id}/${s.partnerId}`] = {
          earned: t.earned, held: t.held, released: t.released, clawbacks: t.clawbacks, advanceRecovered: t.advanceRecovered,
          advanceBalance: t.advanceBalance, carriedForward: t.carriedForward, payable: s.payable,
        };
      }
    }
    // A2: C2 earned in October but held until its activation on 5 November
    expect(figures['2026-10/A2']).toMatchObject({ earned: '50.00', held: '50.00', released: '0.00', payable: '0.00' });
    expect(figures['2026-11/A2']).toMatchObject({ earned: '0.00', released: '50.00', payable: '50.00' });
    // A1: C1 payable in October (activated in the month), C3 in November; C1 terminated on 1 December: full clawback
    expect(figures['2026-10/A1']).toMatchObject({ earned: '100.00', held: '0.00' });
    expect(figures['2026-11/A1']).toMatchObject({ earned: '200.00', held: '0.00' });
    expect(figures['2026-12/A1']).toMatchObject({ earned: '0.00', clawbacks: '100.00' });
    // the advance (300.00, paid at signing) is recovered from the following statements, at most 50% of each, and
    // the rest when the agreement ends early (15 December); what December cannot cover is carried forward
    expect(figures['2026-10/A1']).toMatchObject({ advanceRecovered: '0.00', advanceBalance: '300.00', payable: '100.00' });
    expect(figures['2026-11/A1']).toMatchObject({ advanceRecovered: '100.00', advanceBalance: '200.00', payable: '100.00' });
    expect(figures['2026-12/A1']).toMatchObject({ advanceRecovered: '200.00', advanceBalance: '0.00', carriedForward: '300.00', payable: '0.00' });

    // ledger conservation per partner: earned = paid-out + held + lapsed + reserved − clawed back, exactly
    const ledger = await suite.store.ledger();
    for (const p of ['A1', 'A2']) {
      const earned = new Decimal(sumKind(ledger, p, ['earned', 'adjustment']));
      const heldOpen = new Decimal(sumKind(ledger, p, ['held'])).minus(sumKind(ledger, p, ['released', 'lapsed']));
      const reservedOpen = new Decimal(sumKind(ledger, p, ['reserved'])).minus(sumKind(ledger, p, ['reserve_released']));
      const paidOut = new Decimal(sumKind(ledger, p, ['paid']))
        .plus(sumKind(ledger, p, ['advance_recovered', 'advance_recovery_on_termination']))
        .minus(sumKind(ledger, p, ['carry_forward']));
      const lapsed = new Decimal(sumKind(ledger, p, ['lapsed']));
      const clawed = new Decimal(sumKind(ledger, p, ['clawback']));
      expect(earned.minus(clawed).toFixed(2), p).toBe(paidOut.plus(heldOpen).plus(lapsed).plus(reservedOpen).toFixed(2));
    }
    expect(await checkRunIntegrity(suite.store)).toEqual([]);
    // per month: period.open, run.open, calculate, validate, approve, close; plus one plan.save, when October's
    // calculation stored the one plan it evaluated as version 1 (later months reuse that version)
    expect(verifyAuditLog(await suite.store.auditLog())).toMatchObject({ ok: true, count: 3 * 6 + 1 });
    expect((await suite.store.auditLog()).filter((e) => e.action === 'plan.save')).toHaveLength(1);
  });

  it.skipIf(skip)('books corrections and late records of closed months as adjustments in the next month, once', async () => {
    const january = { id: '2027-01', start: '2027-01-01', end: '2027-01-31' };
    const corrected: PeriodInputs = {
      ...inputsAt(2),
      facts: {
        // C3's consumption corrected (200.00 → 250.00) and an October contract entered late (10.00, activated in time)
        contracts: [
          ...contracts.map((c) => (c.id === 'C3' ? { ...c, annualKwh: 25000 } : c)),
          { id: 'C4', partnerId: 'A2', signedDate: '2026-10-20', annualKwh: 1000 },
        ],
        serviceEvents: [...events, { id: 'E5', subject: 'C4', partnerId: 'A2', type: 'activated', date: '2026-10-25' }],
      },
    };
    const at = '2027-02-01T09:00:00.000Z';
    await openPeriod(suite.store, { period: january, actor: carla, at });
    const calc = await calculatePeriod(suite.store, { periodId: january.id, inputs: corrected, actor: carla, at });
    expect(calc.adjustments.map((a) => [a.partnerId, a.originalPeriod, a.source?.id, a.change, a.previousAmount, a.newAmount, a.delta])).toEqual([
      ['A2', '2026-10', 'C4', 'added', '0.00', '10.00', '10.00'],
      ['A1', '2026-11', 'C3', 'changed', '200.00', '250.00', '50.00'],
    ]); // in the order of the corrected periods
    const a1 = calc.statements.find((st) => st.partnerId === 'A1')!;
    expect(a1.totals.adjustments).toBe('50.00');
    await validatePeriod(suite.store, { periodId: january.id, actor: carla, at });
    await approvePeriod(suite.store, { periodId: january.id, actor: anna, at });
    await closePeriod(suite.store, { periodId: january.id, actor: anna, at });

    // the same corrected facts a month later: already booked, nothing more
    const february = { id: '2027-02', start: '2027-02-01', end: '2027-02-28' };
    await openPeriod(suite.store, { period: february, actor: carla, at });
    const again = await calculatePeriod(suite.store, { periodId: february.id, inputs: corrected, actor: carla, at });
    expect(again.adjustments).toEqual([]);
    expect(await checkRunIntegrity(suite.store)).toEqual([]);
  });
});
