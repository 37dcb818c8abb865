// Bad input loses nothing in the approver's review: whatever the fact tables held (records of unknown or invalid
// partners, repeated, blank or invalid keys, invalid values, dates outside the period, values that are not records,
// lines a reader rejected), the period review shows, per table, the counts of core's `evaluate` of the run's inputs
// (in = used + excluded + rejected, `in` = every entry given), as the store keeps them.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluate, evaluationInput, type Actor } from '@provvigo/core';
import { Store, calculatePeriod, currentRun, openDatabase, openPeriod, type Db } from '@provvigo/store';
import { periodReview } from '../server/periodReview.js';
import { balanceProblems, givenCounts, malformedFactsArb, period, periodInputsOf } from '../../../packages/core/tests/fixtures/malformedFacts.js';

const carla: Actor = { id: 'carla', roles: ['calculator'] };
let db: Db;
let store: Store;

beforeAll(async () => {
  db = await openDatabase('memory://');
  store = await Store.open(db);
  await openPeriod(store, { period, actor: carla, at: '2026-11-01T09:00:00.000Z' });
}, 120_000);
afterAll(async () => {
  await store?.close();
}, 120_000);

describe('the period review', () => {
  // 100 calculations of the same period's run, each with new inputs, on an in-memory store
  it('shows the counts of evaluate, balanced, whatever the facts held', async () => {
    let step = 0;
    await fc.assert(
      fc.asyncProperty(malformedFactsArb({ maxLength: 20, undeclared: false }), async (facts) => {
        const inputs = periodInputsOf(facts);
        const at = new Date(Date.UTC(2026, 10, 2, 9, 0, ++step)).toISOString();
        const out = await calculatePeriod(store, { periodId: period.id, inputs, actor: carla, at });
        const single = evaluate(evaluationInput(period, inputs, out.plans.map((p) => p.plan)));
        const review = await periodReview(store, await currentRun(store, period.id));
        expect(review.counts).toEqual(single.counts);
        expect(balanceProblems(single.counts, givenCounts(facts))).toEqual([]);
      }),
      { numRuns: 100, seed: 20261215, endOnFailure: true },
    );
  }, 300_000);
});
