import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor, YtdStateInput } from '@provvigo/core';
import {
  Store,
  StoreError,
  calculatePeriod,
  getPartnerSnapshots,
  importFiscalOpenings,
  openPeriod,
  recordFiscalSettlements,
  rejectPeriod,
} from '../src/index.js';
import { ENGINES, postgresAvailable, storePerSuite } from './helpers/engines.js';
import { PERIOD, draftRun, earnedEntries, periodStatement, saveCalculatedRun, statement, storeState } from './helpers/fixtures.js';
import { OCTOBER, sampleInputs } from './helpers/inputs.js';

// Text PostgreSQL keeps in neither text nor jsonb (on PGlite too): the NUL character and half a character (a lone
// UTF-16 surrogate). The store used to pass it on, and the query failed with the database's own error — SQLSTATE
// 22021 for NUL in a text parameter, 22P05 for NUL in jsonb, 22P02 for a lone surrogate in jsonb — or, for a lone
// surrogate in a text parameter, the driver silently wrote U+FFFD instead. The store now refuses both itself,
// before the query, with StoreError('invalid_data') naming what carried them; nothing is written.
const pgUp = await postgresAvailable();
const AT = '2026-11-02T09:00:00.000Z';
const NUL = 'x\u0000y';
const HIGH = 'x\ud800y'; // a high surrogate with no low one after it
const LOW = 'x\udc00y'; // a low surrogate with no high one before it
const NUL_FOUND = /contains a NUL character \(\\u0000\), which the store cannot keep/;
const HALF_FOUND = /contains half a character \(a lone UTF-16 surrogate\), which the store cannot keep/;
const anna: Actor = { id: 'anna', roles: ['approver'] };

/** The StoreError `promise` rejects with; any other outcome (a database error, a success) fails the test. */
async function refusal(promise: Promise<unknown>, what: string, found: RegExp): Promise<void> {
  const error = await promise.then(
    () => new Error('not refused'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StoreError);
  expect(error).toMatchObject({ code: 'invalid_data' });
  expect((error as Error).message.startsWith(`${what} contains`)).toBe(true);
  expect((error as Error).message).toMatch(found);
}

describe.each(ENGINES)('unstorable text on %s', (engine) => {
  const skip = engine === 'postgres' && !pgUp;
  const suite = storePerSuite(engine, skip);
  let store: Store;
  beforeAll(async () => {
    if (skip) return;
    store = suite.store;
    await store.openPeriod({ period: PERIOD, actor: 'carla', at: AT });
    await saveCalculatedRun(store, 'R-1', [statement('P1', ['10.00'])], AT);
  });

  const state = () => storeState(store);

  it.skipIf(skip)('refuses a period, actor or run id it cannot keep, and opens nothing', async () => {
    const before = await state();
    const next = { id: '2026-11', start: '2026-11-01', end: '2026-11-30' };
    // was 22021 (the INSERT of the period)
    await refusal(store.openPeriod({ period: { ...next, id: NUL }, actor: 'carla', at: AT }), 'the period id', NUL_FOUND);
    // was 22P02: the period row was written with U+FFFD, then its audit entry failed (the transaction rolled back)
    await refusal(openPeriod(store, { period: { ...next, id: HIGH }, actor: { id: 'carla', roles: ['calculator'] }, at: AT }), 'the period id', HALF_FOUND);
    await refusal(store.openPeriod({ period: next, actor: NUL, at: AT }), 'the actor id', NUL_FOUND);
    await refusal(store.openPeriod({ period: next, actor: LOW, at: AT }), 'the actor id', HALF_FOUND);
    await refusal(store.createRun({ ...draftRun(`R-${NUL}`, 'carla', AT) }, { at: AT, actor: 'carla', action: 'run.open' }), 'the run id', NUL_FOUND);
    expect(await state()).toEqual(before);
  });

  it.skipIf(skip)('refuses a lookup by an id it cannot keep', async () => {
    // each was 22021 (NUL in the WHERE clause's parameter) or 22P02 (the trace lookup's jsonb parameter)
    await refusal(store.getPeriod(NUL), 'the period id', NUL_FOUND);
    await refusal(store.listRuns(NUL), 'the period id', NUL_FOUND);
    await refusal(store.getRun(NUL), 'the run id', NUL_FOUND);
    await refusal(store.planHistory(NUL), 'the plan id', NUL_FOUND);
    await refusal(store.getStatements('R-1', NUL), 'the partner id', NUL_FOUND);
    await refusal(store.ledger({ partnerId: NUL }), 'the partner id', NUL_FOUND);
    await refusal(getPartnerSnapshots(store, 'R-1', NUL), 'the partner id', NUL_FOUND);
    await refusal(store.getTrace('R-1', HIGH), 'the line id', HALF_FOUND);
  });

  it.skipIf(skip)('does not answer a lookup by half a character with the id the driver turned it into', async () => {
    // a period whose id holds U+FFFD, the replacement character, is legitimate
    await store.openPeriod({ period: { id: 'Q\ufffd', start: '2026-11-01', end: '2026-11-30' }, actor: 'carla', at: AT });
    // was that period: the driver wrote the lone surrogate as U+FFFD
    await refusal(store.getPeriod('Q\ud800'), 'the period id', HALF_FOUND);
    expect((await store.getPeriod('Q\ufffd'))?.id).toBe('Q\ufffd');
  });

  it.skipIf(skip)('refuses a comment, an audit action or details the audit log cannot keep', async () => {
    const before = await state();
    const comment = (details: Record<string, unknown>, action = 'run.comment') => store.appendAudit({ at: AT, actor: 'anna', action, runId: 'R-1', details });
    // was 22P05 (jsonb), then 22P02 (jsonb) for the lone surrogates, in a value and in a name
    await refusal(comment({ text: NUL }), 'the audit entry run.comment', NUL_FOUND);
    await refusal(comment({ text: LOW }), 'the audit entry run.comment', HALF_FOUND);
    await refusal(comment({ [HIGH]: 'a name' }), 'the audit entry run.comment', HALF_FOUND);
    await refusal(comment({ text: 'ok' }, `run.${NUL}`), 'the audit action', NUL_FOUND);
    expect(await state()).toEqual(before);
  });

  it.skipIf(skip)('refuses a rejection reason it cannot keep; the run stays as it was', async () => {
    const before = await state();
    // was 22P02: the run record carrying the reason in its history (jsonb)
    await refusal(rejectPeriod(store, { periodId: PERIOD.id, actor: anna, at: AT, reason: `wrong rates ${HIGH}` }), 'the reason', HALF_FOUND);
    await refusal(rejectPeriod(store, { periodId: PERIOD.id, actor: { id: NUL, roles: ['approver'] }, at: AT, reason: 'wrong rates' }), 'the actor id', NUL_FOUND);
    expect(await state()).toEqual(before);
    expect((await store.getRun('R-1'))!.record.state).toBe('calculated');
  });

  it.skipIf(skip)('refuses half a character in a statement, a plan or a ledger entry (jsonb), and writes nothing', async () => {
    const s = statement('P2', ['1.00']);
    const bad = { ...s, lines: s.lines.map((l) => ({ ...l, label: `bad ${HIGH} label` })) };
    await store.createRun(draftRun('R-half', 'carla', AT), { at: AT, actor: 'carla', action: 'run.open', runId: 'R-half' });
    const before = await state();
    const save = store.saveCalculation(
      {
        record: { ...draftRun('R-half', 'carla', AT), state: 'calculated', inputHash: 'i', outputHash: 'o' },
        summary: { period: PERIOD, plans: [], issues: [], counts: {}, totals: {}, inputHash: 'i', outputHash: 'o' },
        evaluated: [bad],
        statements: [periodStatement(bad, 'R-half')],
        proposed: [],
        ledgerSeq: 0,
        audit: { at: AT, actor: 'carla', action: 'run.calculate', runId: 'R-half' },
      },
      ['draft'],
    );
    // was 22P02: jsonParam refused only NUL
    await refusal(save, 'a statement of run R-half', HALF_FOUND);
    expect(await store.getEvaluated('R-half')).toEqual([]);

    const plan = sampleInputs().plans[0]!;
    await refusal(store.savePlan({ ...plan, name: { it: 'Agenzie', en: `Agencies ${LOW}` } }, { actor: 'carla', at: AT }), `plan ${plan.id}`, HALF_FOUND);

    const entries = earnedEntries(statement('P1', ['10.00']), 'R-1').map((e) => ({ ...e, explanation: `earned ${HIGH}` }));
    const approve = store.transitionRun('R-1', (current) => ({
      record: { ...current.record, state: 'approved', approvedBy: 'anna', approvedAt: AT },
      ledger: entries,
      audit: { at: AT, actor: 'anna', action: 'run.approve', runId: 'R-1' },
    }));
    await refusal(approve, 'a ledger entry of run R-1', HALF_FOUND);
    expect(await state()).toEqual(before);
    expect((await store.getRun('R-half'))!.record.state).toBe('draft');
  });

  it.skipIf(skip)('keeps what only looks like it in JSON: a backslash before "u0000" or "ud800", a whole pair', async () => {
    const s = statement('P3', ['1.00']);
    const odd = { ...s, lines: s.lines.map((l) => ({ ...l, label: 'C:\\u0000 \\\\ud800 \\udfff 😀 \ud83d\ude00' })) };
    await store.createRun(draftRun('R-odd', 'carla', AT), { at: AT, actor: 'carla', action: 'run.open', runId: 'R-odd' });
    await store.saveCalculation(
      {
        record: { ...draftRun('R-odd', 'carla', AT), state: 'calculated', inputHash: 'i', outputHash: 'o' },
        summary: { period: PERIOD, plans: [], issues: [], counts: {}, totals: {}, inputHash: 'i', outputHash: 'o' },
        evaluated: [odd],
        statements: [periodStatement(odd, 'R-odd')],
        proposed: [],
        ledgerSeq: 0,
        audit: { at: AT, actor: 'carla', action: 'run.calculate', runId: 'R-odd' },
      },
      ['draft'],
    );
    expect((await store.getEvaluated('R-odd'))[0]!.lines[0]!.label).toBe(odd.lines[0]!.label);
  });

  it.skipIf(skip)('refuses opening balances and settlements it cannot keep, naming the position and field', async () => {
    const before = await state();
    const good: YtdStateInput = { partnerId: 'P1', year: 2026, values: { 'enasarco.base': '100.00' } };
    const importing = (states: YtdStateInput[], source = 'legacy.json') => importFiscalOpenings(store, { states, source, actor: 'carla', at: AT });
    // was 22021 (the lookup of the partner's opening balance), with the first balance not yet written
    await refusal(importing([good, { ...good, partnerId: NUL }]), 'opening balance 2: partnerId', NUL_FOUND);
    // was 22P05, then 22P02 (the state, jsonb): a value's name, a period id
    await refusal(importing([{ ...good, values: { [`enasarco${NUL}base`]: '1.00' } }]), 'opening balance 1', NUL_FOUND);
    await refusal(importing([{ ...good, periods: [HIGH] }]), 'opening balance 1', HALF_FOUND);
    // was 22P02: the source was written as U+FFFD, then the audit entry failed
    await refusal(importing([good], `legacy ${LOW}.json`), 'the source of the opening balances', HALF_FOUND);

    const settle = (partnerId: string, settles = '2026-Q4') =>
      recordFiscalSettlements(store, { settlements: [{ partnerId, settles, ytdAfter: { ...good, partnerId, values: {}, periods: [] }, items: [] }], asOf: '2026-12-31', actor: 'carla', at: AT });
    // was 22021 (the lookup of the partner's settlement)
    await refusal(settle(NUL), 'settlement 1: partnerId', NUL_FOUND);
    await refusal(settle('P1', `2026-${HIGH}`), 'settlement 1: settles', HALF_FOUND);
    expect(await state()).toEqual(before);
  });

  it.skipIf(skip)("refuses a session's operating-system user it cannot keep when the store opens", async () => {
    // was accepted, then every write failed with 22021 (set_config of the session's user)
    await refusal(Store.open(suite.db, { osUser: NUL }), "the session's operating-system user", NUL_FOUND);
  });
});

describe.each(ENGINES)('unstorable text in a calculation on %s', (engine) => {
  const skip = engine === 'postgres' && !pgUp;
  const suite = storePerSuite(engine, skip);
  const carla: Actor = { id: 'carla', roles: ['calculator'] };

  it.skipIf(skip)('refuses a partner name or an actor it cannot keep; the run stays a draft', async () => {
    const { run } = await openPeriod(suite.store, { period: OCTOBER, actor: carla, at: AT });
    const inputs = sampleInputs();
    const partners = inputs.partners.map((p, i) => (i === 0 ? { ...p, name: `Roma ${HIGH}` } : p));
    // was 22P02: the run's snapshot (jsonb), after the whole calculation
    await refusal(calculatePeriod(suite.store, { periodId: OCTOBER.id, inputs: { ...inputs, partners }, actor: carla, at: AT }), `the snapshot of run ${run.record.id}`, HALF_FOUND);
    // was 22P02: the run record and the audit entry carry the actor's id
    await refusal(calculatePeriod(suite.store, { periodId: OCTOBER.id, inputs, actor: { ...carla, id: LOW }, at: AT }), 'the actor id', HALF_FOUND);
    expect((await suite.store.getRun(run.record.id))!.record.state).toBe('draft');
    expect(await suite.store.getEvaluated(run.record.id)).toEqual([]);
  });
});
