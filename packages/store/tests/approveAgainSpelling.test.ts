// Repeating one's own approval (e.g. after a crash) is a no-op: "the same approver" is the same person however the
// caller spells the id (core's normalizeActorId: " Anna " and "anna" are one person, as for four-eyes).
import { describe, expect, it } from 'vitest';
import { RunError, type Actor } from '@provvigo/core';
import { approvePeriod, calculatePeriod, openPeriod, validatePeriod, verifyStore } from '../src/index.js';
import { ENGINES, postgresAvailable, storePerSuite } from './helpers/engines.js';
import { OCTOBER, sampleInputs } from './helpers/inputs.js';

const pgUp = await postgresAvailable();
const carla: Actor = { id: 'carla', roles: ['calculator'] };
const at = (n: number): string => `2026-11-0${n}T10:00:00.000Z`;

describe.each(ENGINES)('approving again on %s', (engine) => {
  const skip = engine === 'postgres' && !pgUp;
  const suite = storePerSuite(engine, skip);

  it.skipIf(skip)('is a no-op for the approver, whatever the case or whitespace of the id; another approver is refused', async () => {
    await openPeriod(suite.store, { period: OCTOBER, actor: carla, at: at(1) });
    await calculatePeriod(suite.store, { periodId: OCTOBER.id, inputs: sampleInputs(), actor: carla, at: at(2) });
    await validatePeriod(suite.store, { periodId: OCTOBER.id, actor: carla, at: at(3) });
    const first = await approvePeriod(suite.store, { periodId: OCTOBER.id, actor: { id: 'anna', roles: ['approver'] }, at: at(4) });
    expect(first.already).toBe(false);
    const audit = (await suite.store.auditLog()).length;
    const ledger = await suite.store.ledgerHead();

    const again = await approvePeriod(suite.store, { periodId: OCTOBER.id, actor: { id: ' Anna ', roles: ['approver'] }, at: at(5) });
    expect(again.already).toBe(true);
    expect(again.run.record.approvedBy).toBe('anna');
    expect(again.approved).toEqual(first.approved);
    expect((await suite.store.auditLog()).length).toBe(audit);
    expect(await suite.store.ledgerHead()).toBe(ledger);

    // someone else is still refused, naming who approved
    const other = await approvePeriod(suite.store, { periodId: OCTOBER.id, actor: { id: 'Bruno', roles: ['approver'] }, at: at(5) }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(other).toBeInstanceOf(RunError);
    expect((other as RunError).message).toMatch(/already approved by anna/);
    expect((await verifyStore(suite.store)).problems).toEqual([]);
  });
});
