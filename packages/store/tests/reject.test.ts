import type { PeriodInputs } from '@provvigo/core';
import { describe, expect, it } from 'vitest';
import { verifyAuditLog, type Actor } from '@provvigo/core';
import { approvePeriod, calculatePeriod, openPeriod, rejectPeriod, validatePeriod } from '../src/index.js';
import { ENGINES, postgresAvailable, storePerSuite } from './helpers/engines.js';
import { OCTOBER, sampleInputs } from './helpers/inputs.js';

// An approver rejects a run with a reason (issue 11 §3): recorded in the store's run history and in the hash-chained
// audit log, in one transaction; four eyes; the run must be recalculated before it is validated and approved.
const pgUp = await postgresAvailable();
const carla: Actor = { id: 'carla', roles: ['calculator'] };
const anna: Actor = { id: 'anna', roles: ['approver'] };
const at = (n: number): string => `2026-11-0${n}T10:00:00.000Z`;

describe.each(ENGINES)('run rejection on %s', (engine) => {
  const skip = engine === 'postgres' && !pgUp;
  const suite = storePerSuite(engine, skip);
  const inputs: PeriodInputs = sampleInputs();

  it.skipIf(skip)('records the reason, refuses the calculator and an empty reason, and needs a recalculation', async () => {
    await openPeriod(suite.store, { period: OCTOBER, actor: carla, at: at(1) });
    await calculatePeriod(suite.store, { periodId: OCTOBER.id, inputs, actor: carla, at: at(2) });
    await validatePeriod(suite.store, { periodId: OCTOBER.id, actor: anna, at: at(3) });

    await expect(rejectPeriod(suite.store, { periodId: OCTOBER.id, actor: { id: 'carla', roles: ['approver'] }, at: at(4), reason: 'wrong rates' })).rejects.toMatchObject({ code: 'four_eyes' });
    await expect(rejectPeriod(suite.store, { periodId: OCTOBER.id, actor: carla, at: at(4), reason: 'wrong rates' })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(rejectPeriod(suite.store, { periodId: OCTOBER.id, actor: anna, at: at(4), reason: '   ' })).rejects.toMatchObject({ code: 'invalid_argument' });

    const auditBefore = (await suite.store.auditLog()).length;
    const { run } = await rejectPeriod(suite.store, { periodId: OCTOBER.id, actor: anna, at: at(4), reason: 'Tariffe di ottobre errate' });
    expect(run.record.state).toBe('calculated');
    expect(run.record.validatedBy).toBeNull();
    expect(run.record.history.at(-1)).toMatchObject({ action: 'reject', from: 'validated', to: 'calculated', actor: 'anna' });
    // read back from the suite.store, not from the returned object
    expect((await suite.store.getRun(run.record.id))!.record.history.at(-1)?.action).toBe('reject');
    const log = await suite.store.auditLog();
    expect(log.length).toBe(auditBefore + 1);
    expect(log.at(-1)).toMatchObject({ action: 'run.reject', actor: 'anna', runId: run.record.id, details: { reason: 'Tariffe di ottobre errate', from: 'validated', to: 'calculated' } });
    expect(verifyAuditLog(log).ok).toBe(true);

    // validating the rejected calculation again is refused; approving it too
    await expect(validatePeriod(suite.store, { periodId: OCTOBER.id, actor: anna, at: at(5) })).rejects.toMatchObject({ code: 'invalid_transition' });
    await expect(approvePeriod(suite.store, { periodId: OCTOBER.id, actor: anna, at: at(5) })).rejects.toMatchObject({ code: 'invalid_transition' });

    // a recalculation (here with the same inputs) clears the rejection: validate and approve proceed
    await calculatePeriod(suite.store, { periodId: OCTOBER.id, inputs, actor: carla, at: at(6) });
    await validatePeriod(suite.store, { periodId: OCTOBER.id, actor: anna, at: at(7) });
    expect((await approvePeriod(suite.store, { periodId: OCTOBER.id, actor: anna, at: at(8) })).approved.length).toBeGreaterThan(0);
    // an approved run can no longer be rejected
    await expect(rejectPeriod(suite.store, { periodId: OCTOBER.id, actor: anna, at: at(9), reason: 'too late' })).rejects.toMatchObject({ code: 'invalid_transition' });
  });
});
