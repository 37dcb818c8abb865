// Bad input loses nothing in a stored period run: whatever the fact tables hold (records of unknown or invalid
// partners, repeated, blank or invalid keys, invalid values, dates outside the period, values that are not records,
// lines a reader rejected), `calculatePeriod` stores, and the store reads back, per table the counts of core's
// `evaluate` of the same inputs (in = used + excluded + rejected, `in` = every entry given), and validation accepts
// them. On PGlite, and on PostgreSQL when it answers (always in CI, where its absence fails).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluate, evaluationInput, type Actor } from '@provvigo/core';
import { calculatePeriod, currentRun, openPeriod, validatePeriod } from '../src/index.js';
import { ENGINES, postgresAvailable, storePerSuite } from './helpers/engines.js';
import { OCTOBER } from './helpers/inputs.js';
import { balanceProblems, givenCounts, malformedFactsArb, periodInputsOf } from '../../core/tests/fixtures/malformedFacts.js';

const pgUp = await postgresAvailable();
const carla: Actor = { id: 'carla', roles: ['calculator'] };

describe.each(ENGINES)('record counts of a period run stored on %s', (engine) => {
  const skip = engine === 'postgres' && !pgUp;
  const suite = storePerSuite(engine, skip);

  // 100 cases per engine, each a calculation (one store transaction: run, statements, traces, snapshot) and a
  // validation of the same period's run, recalculated with new inputs each time
  it.skipIf(skip)('are those of evaluate, balance, and are read back as stored', async () => {
    await openPeriod(suite.store, { period: OCTOBER, actor: carla, at: '2026-11-01T09:00:00.000Z' });
    let step = 0;
    await fc.assert(
      fc.asyncProperty(malformedFactsArb({ maxLength: 20, undeclared: false }), async (facts) => {
        const inputs = periodInputsOf(facts);
        const at = new Date(Date.UTC(2026, 10, 2, 9, 0, ++step)).toISOString();
        const out = await calculatePeriod(suite.store, { periodId: OCTOBER.id, inputs, actor: carla, at });
        const single = evaluate(evaluationInput(OCTOBER, inputs, out.plans.map((p) => p.plan)));
        expect(balanceProblems(out.result.counts, givenCounts(facts))).toEqual([]);
        expect(out.result.counts).toEqual(single.counts);
        expect(out.result.outputHash).toBe(single.outputHash);
        const stored = await currentRun(suite.store, OCTOBER.id);
        expect(stored.summary?.counts).toEqual(single.counts);
        expect(stored.summary?.outputHash).toBe(single.outputHash);
        // validation reads the stored counts and refuses a run whose counts do not add up
        const validated = await validatePeriod(suite.store, { periodId: OCTOBER.id, actor: carla, at });
        expect(validated.unbalanced).toEqual([]);
      }),
      { numRuns: 100, seed: 20261211, endOnFailure: true },
    );
  }, 300_000);
});
