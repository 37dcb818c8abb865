// A late attempt of a partition: an attempt still evaluating when the run is merged and stored (a worker thought
// stalled that was only slow, whose job BullMQ handed to another worker; a job re-enqueued after Redis lost it while
// its first worker still had it). BullMQ cannot remove an active job, so the coordinator's tidy-up leaves it running,
// and once the run's partition rows were deleted its insert found no row and wrote one: a partition row left behind
// after the merge, of a run already stored. Now the run is marked merged and the late attempt writes nothing; the
// mark waits for writes in progress, a bounded while. Real Redis, real PostgreSQL, a real BullMQ worker, a store run.
import { randomBytes } from 'node:crypto';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseFactSchemaOrThrow, parsePartners, parsePlan, type Actor, type FactRecord, type PeriodInputs } from '@provvigo/core';
import { openDatabase, openPeriod, Store, type Db } from '@provvigo/store';
import { newLocation, postgresAvailable, type TestLocation } from '../../store/tests/helpers/engines.js';
import { calculatePeriodOnQueue } from '../src/calculatePeriodOnQueue.js';
import { DEFAULT_QUEUE_NAME } from '../src/connection.js';
import type { PartitionJob } from '../src/jobs.js';
import { MERGE_LOCK_WAIT_MS, RUN_LOCK } from '../src/results.js';
import { startPartitionWorker, type PartitionWorker, type WorkerEvent } from '../src/worker.js';
import { factSchema, plan } from './tinyPlan.js';
import { REDIS, redisAvailable } from './redisAvailable.js';

const servers = (await postgresAvailable()) && (await redisAvailable());

const period = { id: '2026-10', start: '2026-10-01', end: '2026-10-31' };
const carla: Actor = { id: 'carla', roles: ['calculator'] };
const PARTITIONS = 4;

/** 8 partners, 3 sales each, in 4 partitions. */
function periodInputs(): PeriodInputs {
  const schema = parseFactSchemaOrThrow(factSchema);
  const parsed = parsePlan(plan, { factSchema: schema });
  const partners = parsePartners(Array.from({ length: 8 }, (_, i) => ({ id: `P${i}`, name: `Partner ${i}`, kind: 'agent', territory: 'Lazio' })), schema);
  if (!parsed.ok || !partners.ok) throw new Error('the tiny plan and its partners parse');
  const sales = Array.from({ length: 24 }, (_, i): FactRecord => ({ id: `S${i}`, partnerId: `P${i % 8}`, date: `2026-10-${String((i % 28) + 1).padStart(2, '0')}`, kWh: 1000 + i }));
  return { plans: [parsed.plan], partners: partners.partners, factSchema: schema, facts: { sales } };
}

async function until<T>(what: string, fn: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 1200; i++) {
    const v = await fn();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe.runIf(servers)('a late attempt of a partition, after its run is stored', () => {
  let location: TestLocation;
  let db: Db;
  let worker: PartitionWorker | undefined;
  let jobs: Queue<PartitionJob> | undefined;
  const events: WorkerEvent[] = [];
  const prefix = `provvigo-test-${randomBytes(4).toString('hex')}`;
  const queue = { url: REDIS, prefix };

  beforeAll(async () => {
    location = await newLocation('postgres');
    db = await openDatabase(location.target);
  }, 120_000);

  afterAll(async () => {
    await worker?.close(false).catch(() => {});
    await jobs?.close().catch(() => {});
    await db?.close().catch(() => {});
    await location?.dispose().catch(() => {});
  }, 120_000);

  const rowsOf = async (runId: string) =>
    (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM provvigo_queue_partitions WHERE run_id = $1', [runId])).rows[0]!.n;

  it('writes nothing, no partition row of the run stays; calculated again, the run is written again', async () => {
    const store = await Store.open(db);
    await openPeriod(store, { period, actor: carla, at: '2026-11-01T09:00:00.000Z' });
    const at = '2026-11-02T09:00:00.000Z';
    const args = { periodId: period.id, inputs: periodInputs(), actor: carla, queue, partitions: PARTITIONS, pollMs: 100 };
    const calculated = calculatePeriodOnQueue(store, { ...args, at });
    calculated.catch(() => {});
    // no worker yet: the jobs wait, and the test reads partition 2's as its every attempt carries it
    jobs = new Queue<PartitionJob>(DEFAULT_QUEUE_NAME, { connection: { url: REDIS }, prefix });
    const waiting = await until('the run enqueued', async () => {
      const found = await jobs!.getJobs(['waiting']);
      return found.length === PARTITIONS ? found : undefined;
    });
    const job = waiting.find((j) => j.data.partition === 2)!;
    worker = await startPartitionWorker({ queue, db, onEvent: (e) => events.push(e) });
    const first = await calculated;
    // the run is stored and its partitions' working copy deleted
    expect(await rowsOf(job.data.runId)).toBe(0);

    // the late attempt: the same partition's job, taken by a worker once the run is stored (BullMQ hands an attempt
    // the same data; its own id only because the first job is gone)
    events.length = 0;
    await jobs.add('partition', job.data, { jobId: `${job.id!}.late`, removeOnComplete: true, removeOnFail: true });
    const done = await until('the late attempt', async () => events.find((e) => e.partition === 2 && (e.type === 'written' || e.type === 'skipped' || e.type === 'failed')));
    expect(await rowsOf(job.data.runId)).toBe(0);
    expect(done).toMatchObject({
      type: 'skipped',
      reason: 'its run is already merged and stored (a late attempt)',
      reasons: { it: 'la sua esecuzione è già unita e salvata (un tentativo tardivo)' },
    });

    // the run calculated again (it keeps its id): its workers write again, and it completes as the first time
    events.length = 0;
    const again = await calculatePeriodOnQueue(store, { ...args, at: '2026-11-03T09:00:00.000Z' });
    expect(again.run.record.id).toBe(job.data.runId);
    expect(events.filter((e) => e.type === 'written').map((e) => e.partition).sort()).toEqual([0, 1, 2, 3]);
    expect(again.result.outputHash).toBe(first.result.outputHash);
    expect(await rowsOf(job.data.runId)).toBe(0);

    // a write stuck in its transaction (its machine lost mid-write: PostgreSQL keeps its lock until it drops the
    // connection) holds the run's end no longer than MERGE_LOCK_WAIT_MS: the run is stored, the command must end
    const other = await openDatabase(location.target);
    let release = () => {};
    const held = new Promise<void>((r) => (release = r));
    let locked = () => {};
    const holding = new Promise<void>((r) => (locked = r));
    const stuck = other.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock_shared(${RUN_LOCK})`, [job.data.runId]);
      locked();
      await held;
    });
    try {
      await holding;
      const start = Date.now();
      events.length = 0;
      await calculatePeriodOnQueue(store, { ...args, at: '2026-11-04T09:00:00.000Z' });
      expect(Date.now() - start).toBeGreaterThanOrEqual(MERGE_LOCK_WAIT_MS);
      expect(events.filter((e) => e.type === 'written')).toHaveLength(PARTITIONS);
      expect(await rowsOf(job.data.runId)).toBe(0);
    } finally {
      release();
      await stuck;
      await other.close();
    }
  }, 300_000);
});
