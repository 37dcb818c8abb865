// Bad input loses nothing on the queue: whatever the fact tables hold (records of unknown or invalid partners, repeated,
// blank or invalid keys, invalid values, dates outside the period, values that are not records, lines a reader
// rejected, a table the schema does not declare), a run evaluated by BullMQ workers on Redis, written to PostgreSQL
// and merged, reports, table by table, the counts of core's single-threaded `evaluate` (in = used + excluded +
// rejected, `in` = every entry given), its issues and its hashes. Real Redis, real PostgreSQL, a real worker.
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluate, evaluationInput, type Actor } from '@provvigo/core';
import { Store, currentRun, openDatabase, openPeriod, type Db } from '@provvigo/store';
import { newLocation, postgresAvailable, type TestLocation } from '../../store/tests/helpers/engines.js';
import { balanceProblems, givenCounts, malformedFactsArb, period, periodInputsOf, runInputOf } from '../../core/tests/fixtures/malformedFacts.js';
import { calculatePeriodOnQueue } from '../src/calculatePeriodOnQueue.js';
import { evaluateOnQueue } from '../src/evaluateOnQueue.js';
import { startPartitionWorker, type PartitionWorker } from '../src/worker.js';
import { REDIS, redisAvailable } from './redisAvailable.js';

const servers = (await postgresAvailable()) && (await redisAvailable());

describe.runIf(servers)('record counts of a run on the queue', () => {
  let location: TestLocation;
  let db: Db;
  let worker: PartitionWorker;
  const queue = { url: REDIS, prefix: `provvigo-test-${randomBytes(4).toString('hex')}` };

  beforeAll(async () => {
    location = await newLocation('postgres');
    db = await openDatabase(location.target);
    worker = await startPartitionWorker({ queue, db, concurrency: 2 });
  }, 120_000);

  afterAll(async () => {
    await worker?.close(false).catch(() => {});
    await db?.close().catch(() => {});
    await location?.dispose().catch(() => {});
  }, 120_000);

  // 40 cases, not 100: each is a round trip through PostgreSQL (a snapshot per partition, the partitions' writes) and
  // Redis (a job per partition, polled every 100 ms), 0.1 to 0.5 s of waiting. The in-process paths, which split the
  // run by the same core function, run 100 cases each (core's and the pool's tests/countsReconcile.test.ts).
  it('reconcile, and equal those of evaluate, with the same issues and hashes', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(malformedFactsArb({ maxLength: 20 }), fc.integer({ min: 2, max: 4 }), async (facts, partitions) => {
        const input = runInputOf(facts);
        const single = evaluate(input);
        const result = await evaluateOnQueue(input, { queue, db, runId: `counts-${++run}`, partitions, pollMs: 100 });
        expect(balanceProblems(result.counts, givenCounts(facts))).toEqual([]);
        expect(result.counts).toEqual(single.counts);
        expect(result.issues).toEqual(single.issues);
        expect(result.outputHash).toBe(single.outputHash);
        expect(result.inputHash).toBe(single.inputHash);
      }),
      { numRuns: 40, seed: 20261210, endOnFailure: true },
    );
  }, 300_000);

  // 15 cases, for the same reason as above, each also a period run written to the store in one transaction
  it('are stored by calculatePeriodOnQueue as a single-process calculation computes them', async () => {
    const store = await Store.open(db);
    const carla: Actor = { id: 'carla', roles: ['calculator'] };
    await openPeriod(store, { period, actor: carla, at: '2026-11-01T09:00:00.000Z' });
    let step = 0;
    await fc.assert(
      fc.asyncProperty(malformedFactsArb({ maxLength: 20, undeclared: false }), async (facts) => {
        const inputs = periodInputsOf(facts);
        const at = new Date(Date.UTC(2026, 10, 2, 9, 0, ++step)).toISOString();
        const out = await calculatePeriodOnQueue(store, { periodId: period.id, inputs, actor: carla, at, queue, partitions: 3, pollMs: 100 });
        const single = evaluate(evaluationInput(period, inputs, out.plans.map((p) => p.plan)));
        expect(balanceProblems(out.result.counts, givenCounts(facts))).toEqual([]);
        expect(out.result.counts).toEqual(single.counts);
        expect(out.result.outputHash).toBe(single.outputHash);
        const stored = await currentRun(store, period.id);
        expect(stored.summary?.counts).toEqual(single.counts);
      }),
      { numRuns: 15, seed: 20261212, endOnFailure: true },
    );
  }, 300_000);
});
