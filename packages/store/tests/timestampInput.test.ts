import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor, Plan, RunRecord } from '@provvigo/core';
import {
  type Store,
  StoreError,
  advanceRun,
  approvePeriod,
  calculatePeriod,
  closePeriod,
  importFiscalOpenings,
  openPeriod,
  recordFiscalSettlements,
  rejectPeriod,
  validatePeriod,
  ytdBeforePeriod,
  ytdForSettlement,
} from '../src/index.js';
import { ENGINES, postgresAvailable, storePerSuite } from './helpers/engines.js';
import { PERIOD, draftRun, periodStatement, saveCalculatedRun, statement, storeState } from './helpers/fixtures.js';
import { sampleInputs } from './helpers/inputs.js';

/**
 * Times (`at`, the `*At` of a run record, an audit entry's `at`) and dates (`asOf`, `through`, a period's start and
 * end) given to the store. Kept as text, they were never checked: NUL failed inside the query (SQLSTATE 22021), and
 * "yesterday" or 2026-02-29 was kept and later compared with real times. Every public method now refuses them before
 * writing anything, with StoreError('invalid_data') naming the field as the caller wrote it.
 */
const pgUp = await postgresAvailable();
const AT = '2026-11-02T09:00:00.000Z';
const BAD_TIMES = ['2026-11-02T09:00:00Z\u0000', '2026-11-02T09:00:00Z\ud800', 'yesterday', '2026-02-29T09:00:00Z', '2026-11-02', '2026-11-02T09:00:00', '2026-11-02T24:00:00Z'];
const BAD_DATES = ['2026-12-31\u0000', '2026-12-3\udc00', '31/12/2026', '2026-02-30', '2026-12-31T00:00:00Z'];
const NOVEMBER = { id: '2026-11', start: '2026-11-01', end: '2026-11-30' };
const carla: Actor = { id: 'carla', roles: ['calculator'] };
const anna: Actor = { id: 'anna', roles: ['approver'] };

/** `call` refuses `value` with StoreError('invalid_data') naming `field`: its format, or the text it cannot keep. */
async function refused(call: (value: string) => Promise<unknown>, value: string, field: string): Promise<void> {
  const error = await call(value).then(
    () => new Error(`${field} = ${JSON.stringify(value)} was not refused`),
    (e: unknown) => e,
  );
  expect(error, `${field} = ${JSON.stringify(value)}`).toBeInstanceOf(StoreError);
  expect(error).toMatchObject({ code: 'invalid_data' });
  expect((error as Error).message).toMatch(new RegExp(`^${field.replace(/[.[\]]/g, '\\$&')}(: ".*" is not an ISO 8601 date| contains (a NUL|half a character))`, 's'));
}

describe.each(ENGINES)('times and dates given to the store on %s', (engine) => {
  const skip = engine === 'postgres' && !pgUp;
  const suite = storePerSuite(engine, skip);
  let store: Store;
  let plan: Plan;
  beforeAll(async () => {
    if (skip) return;
    store = suite.store;
    plan = sampleInputs().plans[0]!;
    await store.savePlan(plan, { actor: 'dora', at: AT });
    await store.openPeriod({ period: PERIOD, actor: 'carla', at: AT });
    await saveCalculatedRun(store, 'R-1', [statement('P1', ['10.00'])], AT);
  });

  /** Everything a refused call must leave as it was, R-1's statements and the plan's history too. */
  const state = async () => ({ ...(await storeState(store)), plans: await store.planHistory(plan.id), evaluated: await store.getEvaluated('R-1') });

  const audit = (at: string) => ({ at, actor: 'carla', action: 'run.note', runId: 'R-1' });
  /** R-1's calculation saved again, with `at` as the calculation's time. */
  const recalculation = (at: string, auditAt = AT) => {
    const s = statement('P1', ['10.00']);
    const record: RunRecord = { ...draftRun('R-1', 'carla', AT), state: 'calculated', inputHash: 'in', outputHash: 'out', calculatedBy: 'carla', calculatedAt: at };
    const summary = { period: PERIOD, plans: [], issues: [], counts: {}, totals: {}, inputHash: 'in', outputHash: 'out' };
    return store.saveCalculation({ record, summary, evaluated: [s], statements: [periodStatement(s, 'R-1')], proposed: [], ledgerSeq: 0, audit: { ...audit(auditAt), action: 'run.calculate' } }, ['calculated']);
  };
  const approval = (at: string, auditAt = AT) =>
    store.transitionRun('R-1', (current) => ({ record: { ...current.record, state: 'approved', approvedBy: 'anna', approvedAt: at }, audit: { ...audit(auditAt), action: 'run.approve' } }));
  const settlement = (asOf: string, at = AT) =>
    recordFiscalSettlements(store, { settlements: [{ partnerId: 'P1', settles: '2026-Q4', ytdAfter: { partnerId: 'P1', year: 2026, values: {}, periods: [] }, items: [] }], asOf, actor: 'carla', at });

  /** Each public way a time reaches the store, and the field its refusal names. */
  const timeInputs = (): Array<[string, (t: string) => Promise<unknown>]> => [
    ['at', (t) => store.savePlan({ ...plan, description: 'changed' }, { actor: 'dora', at: t })],
    ['at', (t) => store.deletePlanVersion({ planId: plan.id, version: 1, actor: 'dora', at: t })],
    ['at', (t) => store.openPeriod({ period: NOVEMBER, actor: 'carla', at: t })],
    ['audit.at', (t) => store.openPeriod({ period: NOVEMBER, actor: 'carla', at: AT, audit: { at: t, actor: 'carla', action: 'period.open' } })],
    ['run.record.createdAt', (t) => store.openPeriod({ period: NOVEMBER, actor: 'carla', at: AT, run: { record: { ...draftRun('R-11', 'carla', t), period: NOVEMBER }, audit: audit(AT) } })],
    ['run.audit.at', (t) => store.openPeriod({ period: NOVEMBER, actor: 'carla', at: AT, run: { record: { ...draftRun('R-11', 'carla', AT), period: NOVEMBER }, audit: audit(t) } })],
    ['at', (t) => store.closePeriod({ periodId: PERIOD.id, actor: 'carla', at: t })],
    ['record.createdAt', (t) => store.createRun(draftRun('R-2', 'carla', t), audit(AT))],
    ['audit.at', (t) => store.createRun(draftRun('R-2', 'carla', AT), audit(t))],
    ['record.calculatedAt', (t) => recalculation(t)],
    ['audit.at', (t) => recalculation(AT, t)],
    ['record.approvedAt', (t) => approval(t)],
    ['audit.at', (t) => approval(AT, t)],
    ['at', (t) => store.appendAudit(audit(t))],
    ['audit.at', (t) => store.writeTx((_tx, append) => append(audit(t)))],
    ['at', (t) => openPeriod(store, { period: NOVEMBER, actor: carla, at: t })],
    ['at', (t) => calculatePeriod(store, { periodId: PERIOD.id, inputs: sampleInputs(), actor: carla, at: t })],
    ['at', (t) => validatePeriod(store, { periodId: PERIOD.id, actor: carla, at: t })],
    ['at', (t) => approvePeriod(store, { periodId: PERIOD.id, actor: anna, at: t })],
    ['at', (t) => rejectPeriod(store, { periodId: PERIOD.id, actor: anna, at: t, reason: 'wrong rates' })],
    ['at', (t) => closePeriod(store, { periodId: PERIOD.id, actor: anna, at: t })],
    ['at', (t) => advanceRun(store, { runId: 'R-1', action: 'invoice', actor: anna, at: t })],
    ['at', (t) => importFiscalOpenings(store, { states: [{ partnerId: 'P1', year: 2026, values: { 'enasarco.base': '1.00' } }], source: 'ERP', actor: 'carla', at: t })],
    ['at', (t) => settlement('2026-12-31', t)],
  ];

  /** Each public way a date reaches the store, and the field its refusal names. */
  const dateInputs = (): Array<[string, (d: string) => Promise<unknown>]> => [
    ['asOf', (d) => settlement(d)],
    ['asOf', (d) => ytdForSettlement(store, { year: 2026, asOf: d, settles: '2026-Q4' })],
    ['through', (d) => ytdBeforePeriod(store, NOVEMBER, d)],
    ['period.start', (d) => store.openPeriod({ period: { ...NOVEMBER, start: d }, actor: 'carla', at: AT })],
    ['period.end', (d) => store.openPeriod({ period: { ...NOVEMBER, end: d }, actor: 'carla', at: AT })],
  ];

  it.skipIf(skip)('refuses a time that is not an ISO 8601 date-time with its offset, or that it cannot keep, naming the field; nothing is written', async () => {
    const before = await state();
    for (const [field, call] of timeInputs()) for (const bad of BAD_TIMES) await refused(call, bad, field);
    expect(await state()).toEqual(before);
  });

  it.skipIf(skip)('refuses a date that is not a calendar date YYYY-MM-DD, or that it cannot keep, naming the field; nothing is written', async () => {
    const before = await state();
    for (const [field, call] of dateInputs()) for (const bad of BAD_DATES) await refused(call, bad, field);
    expect(await state()).toEqual(before);
  });

  it.skipIf(skip)('takes any offset, no seconds, and a fraction of up to nine digits', async () => {
    for (const at of ['2026-11-02T10:00+01:00', '2026-11-02T09:00:00.123456789Z', '2026-11-02T03:30:00-05:30', '2028-02-29T23:59:59Z']) {
      expect((await store.appendAudit(audit(at))).at).toBe(at);
    }
  });

  it.skipIf(skip)('keeps moving a run whose stored record holds times from before the check', async () => {
    await store.createRun(draftRun('R-old', 'carla', AT), audit(AT));
    // as an older store may hold it: the CLI's --at took any text Date.parse reads, a date alone among them
    await suite.db.query(`UPDATE provvigo_runs SET record = jsonb_set(jsonb_set(record, '{createdAt}', '"2026-11-02"'), '{history,0,at}', '"2026-11-02"') WHERE id = 'R-old'`);
    const { run } = await store.transitionRun('R-old', (current) => ({
      record: { ...current.record, state: 'calculated', calculatedBy: 'carla', calculatedAt: AT, history: [...current.record.history, { action: 'calculate', from: 'draft', to: 'calculated', actor: 'carla', at: AT }] },
      audit: { ...audit(AT), runId: 'R-old', action: 'run.calculate' },
    }));
    expect(run.record).toMatchObject({ state: 'calculated', createdAt: '2026-11-02', calculatedAt: AT, history: [{ at: '2026-11-02' }, { at: AT }] });
  });
});
