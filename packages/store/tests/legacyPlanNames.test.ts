import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor, PeriodInputs, Plan } from '@provvigo/core';
import { type Store, StoreError, approvePeriod, calculatePeriod, getRunSnapshot, openPeriod, validatePeriod } from '../src/index.js';
import { ENGINES, postgresAvailable, storePerSuite } from './helpers/engines.js';
import { OCTOBER, sampleInputs } from './helpers/inputs.js';
import { storedPlanHash } from '../src/plans.js';

/**
 * Core now bounds a plan's id (1–200 characters) and name (not blank, at most 200 characters). A store may hold
 * versions saved before, and a version never changes: they are read, pinned, calculated and approved as they were.
 * A new version breaking the bounds is refused, naming the field, and nothing is written.
 */
const pgUp = await postgresAvailable();
const AT = '2026-11-01T08:00:00.000Z';
const carla: Actor = { id: 'carla', roles: ['calculator'] };
const anna: Actor = { id: 'anna', roles: ['approver'] };

describe.each(ENGINES)('plan versions saved before plan names were bounded, on %s', (engine) => {
  const skip = engine === 'postgres' && !pgUp;
  const suite = storePerSuite(engine, skip);
  let store: Store;
  let inputs: PeriodInputs;
  let legacy: Plan;
  beforeAll(async () => {
    if (skip) return;
    store = suite.store;
    inputs = sampleInputs();
    const agency = inputs.plans.find((p) => p.id === 'agency-agents')!;
    legacy = { ...agency, version: 1, name: { it: 'Agenzie '.repeat(1_250), en: '' } };
    // as an older store wrote it: no check on the name
    await suite.db.query(
      `INSERT INTO provvigo_plan_versions (plan_id, version, hash, effective_from, effective_to, plan, saved_by, saved_at) VALUES ($1, 1, $2, $3, NULL, $4, 'dora', $5)`,
      [legacy.id, storedPlanHash(legacy), legacy.effectiveFrom, JSON.stringify(legacy), AT],
    );
  });

  it.skipIf(skip)('reads the stored version whole, and saving the same content again writes nothing', async () => {
    expect((await store.getPlanVersion(legacy.id))?.plan).toEqual(legacy);
    expect((await store.planHistory(legacy.id)).map((v) => v.plan)).toEqual([legacy]);
    expect((await store.latestPlans()).find((v) => v.id === legacy.id)?.plan).toEqual(legacy);
    expect(await store.savePlan(legacy, { actor: 'dora', at: AT })).toMatchObject({ created: false, version: { version: 1 } });
  });

  it.skipIf(skip)('refuses a new version whose name or id breaks the bounds, naming the field; nothing is written', async () => {
    const before = { history: await store.planHistory(legacy.id), audit: await store.auditHead() };
    const edited = { ...legacy, parameters: { ...legacy.parameters } };
    const refusal = async (plan: Plan, message: string) => {
      const error = await store.savePlan(plan, { actor: 'dora', at: AT }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StoreError);
      expect(error).toMatchObject({ code: 'invalid_data', message });
    };
    await refusal({ ...edited, effectiveTo: '2026-12-31' }, "the plan to save: name.it: a plan's name may hold at most 200 characters");
    await refusal({ ...edited, name: '  ' }, "the plan to save: name: a plan's name must not be empty or blank");
    // in Italian too: core's schema message in its Italian (plan/schemaMessages.ts), the field as the plan writes it
    const blank = await store.savePlan({ ...edited, name: '  ' }, { actor: 'dora', at: AT }).catch((e: unknown) => e);
    expect((blank as StoreError).messages?.it).toBe('il piano da salvare: name: il nome del piano non può essere vuoto');
    await refusal({ ...edited, name: 'Agenzie', id: `a${'x'.repeat(200)}` }, 'the plan to save: id: a plan id may hold at most 200 characters');
    expect({ history: await store.planHistory(legacy.id), audit: await store.auditHead() }).toEqual(before);
  });

  it.skipIf(skip)('calculates with it, approves the run, and reads its snapshot back', async () => {
    const given = { ...inputs, plans: inputs.plans.map((p) => (p.id === legacy.id ? legacy : p)) };
    await openPeriod(store, { period: OCTOBER, actor: carla, at: AT });
    const calc = await calculatePeriod(store, { periodId: OCTOBER.id, inputs: given, actor: carla, at: AT });
    expect(calc.plans.find((p) => p.ref.id === legacy.id)).toMatchObject({ isNew: false, ref: { version: 1, hash: storedPlanHash(legacy) } });
    expect(calc.result.statements.some((s) => s.lines.some((l) => l.planId === legacy.id))).toBe(true);
    await validatePeriod(store, { periodId: OCTOBER.id, actor: carla, at: AT });
    await approvePeriod(store, { periodId: OCTOBER.id, actor: anna, at: AT });
    const snapshot = await getRunSnapshot(store, calc.run.record.id);
    expect(snapshot?.plans.find((p) => p.id === legacy.id)).toEqual(legacy);
  });
});
