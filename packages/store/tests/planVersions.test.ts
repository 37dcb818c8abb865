import type { PeriodInputs } from '@provvigo/core';
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { diffPlans, type Actor, type Plan } from '@provvigo/core';
import { type Store, approvePeriod, calculatePeriod, openPeriod, validatePeriod, type Db } from '../src/index.js';
import { ENGINES, postgresAvailable, storePerSuite, type TestLocation } from './helpers/engines.js';
import { OCTOBER, sampleInputs } from './helpers/inputs.js';

const pgUp = await postgresAvailable();
const carla: Actor = { id: 'carla', roles: ['calculator', 'planDesigner'] };
const anna: Actor = { id: 'anna', roles: ['approver'] };
const AT = '2026-11-01T08:00:00.000Z';

/** Independent of the store's code: JSON with keys sorted at every level, then Node's SHA-256. */
function sortedJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(sortedJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => `${JSON.stringify(k)}:${sortedJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
const sha = (plan: Plan): string => createHash('sha256').update(sortedJson(plan)).digest('hex');

/** The agency plan with its efficiency bonus changed (the file keeps saying version 1). */
function withBonus(plan: Plan, value: string): Plan {
  const parameters = structuredClone(plan.parameters);
  parameters['EfficiencyBonus'] = { ...parameters['EfficiencyBonus']!, value };
  return { ...plan, parameters };
}

describe.each(ENGINES)('plan versions on %s', (engine) => {
  const skip = engine === 'postgres' && !pgUp;
  const suite = storePerSuite(engine, skip);
  let _loc: TestLocation;
  let db: Db;
  let store: Store;
  let inputs: PeriodInputs;
  let agency: Plan;
  beforeAll(async () => {
    if (skip) return;
    inputs = sampleInputs();
    agency = inputs.plans.find((p) => p.id === 'agency-agents')!;
    ({ location: _loc, db, store } = suite);
  });

  it.skipIf(skip)('saving creates the next version; identical content saves nothing', async () => {
    const first = await store.savePlan(agency, { actor: 'Dora', at: AT });
    // actor ids have one spelling: 'Dora' is saved as 'dora'
    expect(first).toMatchObject({ created: true, version: { id: 'agency-agents', version: 1, savedBy: 'dora', effectiveFrom: '2026-01-01' } });
    expect(first.version.hash).toBe(sha({ ...agency, version: 1 }));
    expect(await store.savePlan(agency, { actor: 'Dora', at: AT })).toMatchObject({ created: false, version: { version: 1 } });

    // the submitted plan still says version 1: saving makes it version 2, version 1 stays as it was
    const second = await store.savePlan(withBonus(agency, '30.00'), { actor: 'Dora', at: AT });
    expect(second).toMatchObject({ created: true, version: { version: 2 } });
    expect(second.version.hash).toBe(sha({ ...withBonus(agency, '30.00'), version: 2 }));
    const history = await store.planHistory('agency-agents');
    expect(history.map((v) => [v.version, v.hash])).toEqual([
      [1, first.version.hash],
      [2, second.version.hash],
    ]);
    expect(history[0]!.plan.parameters['EfficiencyBonus']!.value).toBe('25.00');
    expect(diffPlans(history[0]!.plan, history[1]!.plan)).toEqual([
      { path: 'parameters.EfficiencyBonus.value', kind: 'changed', before: '25.00', after: '30.00' },
    ]);
    const saves = (await store.auditLog()).filter((e) => e.action === 'plan.save');
    expect(saves.map((e) => [e.actor, e.details['version'], e.details['hash']])).toEqual([
      ['dora', 1, first.version.hash],
      ['dora', 2, second.version.hash],
    ]);
  });

  it.skipIf(skip)('a run pins the exact versions it evaluated; pinned versions can never change or go', async () => {
    await openPeriod(store, { period: OCTOBER, actor: carla, at: AT });
    // the files give agency-agents with the original bonus (= stored version 1) and two plans never saved
    const calc = await calculatePeriod(store, { periodId: OCTOBER.id, inputs, actor: carla, at: AT });
    const runId = calc.run.record.id;
    const pins = await store.runPlans(runId);
    expect(pins.find((p) => p.id === 'agency-agents')).toEqual({ id: 'agency-agents', version: 1, hash: sha({ ...agency, version: 1 }) });
    for (const plan of inputs.plans.filter((p) => p.id !== 'agency-agents')) {
      expect(pins.find((p) => p.id === plan.id)).toEqual({ id: plan.id, version: plan.version, hash: sha(plan) });
    }
    // the pins are what the run record says and what every trace names
    expect(pins).toEqual([...calc.run.record.plans].sort((a, b) => (a.id < b.id ? -1 : 1)));
    for (const s of calc.result.statements) {
      for (const l of s.lines) expect(pins).toContainEqual(l.trace.plan);
    }
    await expect(store.deletePlanVersion({ planId: 'agency-agents', version: 1, actor: 'Dora', at: AT })).rejects.toMatchObject({
      code: 'plan_version_in_use',
    });
    // an unpinned version may go (version 2 was saved but no run used it)
    await store.deletePlanVersion({ planId: 'agency-agents', version: 2, actor: 'Dora', at: AT });
    expect((await store.planHistory('agency-agents')).map((v) => v.version)).toEqual([1]);

    // the database refuses too, whatever SQL is typed by hand
    await expect(db.query(`UPDATE provvigo_plan_versions SET plan = jsonb_set(plan, '{name}', '"x"') WHERE plan_id = 'agency-agents'`)).rejects.toThrow(
      /immutable/,
    );
    await expect(db.query(`DELETE FROM provvigo_plan_versions WHERE plan_id = 'agency-agents' AND version = 1`)).rejects.toThrow(/used by a run/);
    await expect(db.query(`UPDATE provvigo_run_plans SET version = 2 WHERE run_id = $1`, [runId])).rejects.toThrow(/cannot change/);
  });

  it.skipIf(skip)('an edited plan file becomes the next version at calculation, and the approved run keeps its pins', async () => {
    // the file still says version 1 but its content changed: the calculation stores it as version 2 and pins that
    const edited = { ...inputs, plans: inputs.plans.map((p) => (p.id === 'agency-agents' ? withBonus(p, '40.00') : p)) };
    const calc = await calculatePeriod(store, { periodId: OCTOBER.id, inputs: edited, actor: carla, at: AT });
    const newVersion = calc.plans.find((p) => p.ref.id === 'agency-agents')!;
    expect(newVersion).toMatchObject({ isNew: true, ref: { version: 2, hash: sha({ ...withBonus(agency, '40.00'), version: 2 }) } });
    expect((await store.runPlans(calc.run.record.id)).find((p) => p.id === 'agency-agents')!.version).toBe(2);
    expect((await store.planHistory('agency-agents')).map((v) => v.version)).toEqual([1, 2]);
    // unchanged files recalculate to the same stored versions: nothing new
    const again = await calculatePeriod(store, { periodId: OCTOBER.id, inputs: edited, actor: carla, at: AT });
    expect(again.changed).toBe(false);
    expect(again.plans.every((p) => !p.isNew)).toBe(true);

    await validatePeriod(store, { periodId: OCTOBER.id, actor: carla, at: AT });
    await approvePeriod(store, { periodId: OCTOBER.id, actor: anna, at: AT });
    const pinned = await store.runPlans(calc.run.record.id);
    // a designer saves a new version after approval: the approved run still pins version 2
    await store.savePlan(withBonus(agency, '99.00'), { actor: 'Dora', at: AT });
    expect((await store.getPlanVersion('agency-agents'))!.version).toBe(3);
    expect(await store.runPlans(calc.run.record.id)).toEqual(pinned);
    await expect(db.query(`DELETE FROM provvigo_run_plans WHERE run_id = $1`, [calc.run.record.id])).rejects.toThrow(/cannot change/);
  });
});
