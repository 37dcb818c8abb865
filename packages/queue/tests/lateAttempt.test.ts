
import { Queue } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { parseFactSchemaOrThrow, parsePartners, parsePlan, type Actor, type FactRecord, type PeriodInputs } from '@provvigo/core';
import { openDatabase, openPeriod, Store } from '@provvigo/store';
import { postgresAvailable } from '../../store/tests/helpers/engines.js';
import { calculatePeriodOnQueue } from '../src/calculatePeriodOnQueue.js';
import { DEFAULT_QUEUE_NAME } from '../src/connection.js';
import type { PartitionJob } from '../src/jobs.js';
import { MERGE_LOCK_WAIT_MS, RUN_LOCK } from '../src/results.js';
import { startPartitionWorker, type PartitionWorker, type WorkerEvent } from '../src/worker.js';
import { factSchema, plan } from './tinyPlan.js';
import { REDIS, redisAvailable } from './redisAvailable.js';
import { queueTestBed } from './queueTestBed.js';

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
  const bed = queueTestBed();
  const { queue } = bed;
  let worker: PartitionWorker | undefined;
  let jobs: Queue<PartitionJob> | undefined;
  const events: WorkerEvent[] = [];
  bed.atEnd(() => worker?.close(false));
  bed.atEnd(() => jobs?.close());

  const rowsOf = async (runId: string) =>
    (await bed.db.query<{ n: number }>('SELECT count(*)::int AS n FROM provvigo_queue_partitions WHERE run_id = $1', [runId])).rows[0]!.n;

  it('writes nothing, no partition row of the run stays; calculated again, the run is written again', async () => {
    const store = await Store.open(bed.db);
    await openPeriod(store, { period, actor: carla, at: '2026-11-01T09:00:00.000Z' });
    const at = '2026-11-02T09:00:00.000Z';
    const args = { periodId: period.id, inputs: periodInputs(), actor: carla, queue, partitions: PARTITIONS, pollMs: 100 };
    const calculated = calculatePeriodOnQueue(store, { ...args, at });
    calculated.catch(() => {});
    // no worker yet: the jobs wait, and the test reads partition 2's as its every attempt carries it
    jobs = new Queue<PartitionJob>(DEFAULT_QUEUE_NAME, { connection: { url: REDIS }, prefix: bed.prefix });
    const waiting = await until('the run enqueued', async () => {
      const found = await jobs!.getJobs(['waiting']);
      return found.length === PARTITIONS ? found : undefined;
    });
    const job = waiting.find((j) => j.data.partition === 2)!;
    worker = await startPartitionWorker({ queue, db: bed.db, onEvent: (e) => events.push(e) });
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
    const other = await openDatabase(bed.location.target);
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
