import type { PeriodInputs } from '@provvigo/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditLog, type Actor } from '@provvigo/core';
import { Store, approvePeriod, calculatePeriod, openPeriod, rejectPeriod, validatePeriod, type Db } from '../src/index.js';
import { ENGINES, newLocation, postgresAvailable, type TestLocation } from './helpers/engines.js';
import { OCTOBER, sampleInputs } from './helpers/inputs.js';

// An approver rejects a run with a reason (issue 11 §3): recorded in the store's run history and in the hash-chained
// audit log, in one transaction; four eyes; the run must be recalculated before it is validated and approved.
const pgUp = await postgresAvailable();
const carla: Actor = { id: 'carla', roles: ['calculator'] };
const anna: Actor = { id: 'anna', roles: ['approver'] };
const at = (n: number): string => `2026-11-0${n}T10:00:00.000Z`;

describe.each(ENGINES)('run rejection on %s', (engine) => {
  const skip = engine === 'postgres' && !pgUp;
  let loc: TestLocation;
  let db: Db;
  let store: Store;
  let inputs: PeriodInputs;
  beforeAll(async () => {
    if (skip) return;
    inputs = sampleInputs();
    loc = await newLocation(engine);
    db = await loc.open();
    store = await Store.open(db);
  });
  afterAll(async () => {
    if (skip) return;
    await db.close();
    await loc.dispose();
  });

  it.skipIf(skip)('records the reason, refuses the calculator and an empty reason, and needs a recalculation', async () => {
    await openPeriod(store, { period: OCTOBER, actor: carla, at: at(1) });
    await calculatePeriod(store, { periodId: OCTOBER.id, inputs, actor: carla, at: at(2) });
    await validatePeriod(store, { periodId: OCTOBER.id, actor: anna, at: at(3) });

    await expect(rejectPeriod(store, { periodId: OCTOBER.id, actor: { id: 'carla', roles: ['approver'] }, at: at(4), reason: 'wrong rates' })).rejects.toMatchObject({ code: 'four_eyes' });
    await expect(rejectPeriod(store, { periodId: OCTOBER.id, actor: carla, at: at(4), reason: 'wrong rates' })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(rejectPeriod(store, { periodId: OCTOBER.id, actor: anna, at: at(4), reason: '   ' })).rejects.toMatchObject({ code: 'invalid_argument' });

    const auditBefore = (await store.auditLog()).length;
    const { run } = await rejectPeriod(store, { periodId: OCTOBER.id, actor: anna, at: at(4), reason: 'Tariffe di ottobre errate' });
    expect(run.record.state).toBe('calculated');
    expect(run.record.validatedBy).toBeNull();
    expect(run.record.history.at(-1)).toMatchObject({ action: 'reject', from: 'validated', to: 'calculated', actor: 'anna' });
    // read back from the store, not from the returned object
    expect((await store.getRun(run.record.id))!.record.history.at(-1)?.action).toBe('reject');
    const log = await store.auditLog();
    expect(log.length).toBe(auditBefore + 1);
    expect(log.at(-1)).toMatchObject({ action: 'run.reject', actor: 'anna', runId: run.record.id, details: { reason: 'Tariffe di ottobre errate', from: 'validated', to: 'calculated' } });
    expect(verifyAuditLog(log).ok).toBe(true);

    // validating the rejected calculation again is refused; approving it too
    await expect(validatePeriod(store, { periodId: OCTOBER.id, actor: anna, at: at(5) })).rejects.toMatchObject({ code: 'invalid_transition' });
    await expect(approvePeriod(store, { periodId: OCTOBER.id, actor: anna, at: at(5) })).rejects.toMatchObject({ code: 'invalid_transition' });

    // a recalculation (here with the same inputs) clears the rejection: validate and approve proceed
    await calculatePeriod(store, { periodId: OCTOBER.id, inputs, actor: carla, at: at(6) });
    await validatePeriod(store, { periodId: OCTOBER.id, actor: anna, at: at(7) });
    expect((await approvePeriod(store, { periodId: OCTOBER.id, actor: anna, at: at(8) })).approved.length).toBeGreaterThan(0);
    // an approved run can no longer be rejected
    await expect(rejectPeriod(store, { periodId: OCTOBER.id, actor: anna, at: at(9), reason: 'too late' })).rejects.toMatchObject({ code: 'invalid_transition' });
  });
});
