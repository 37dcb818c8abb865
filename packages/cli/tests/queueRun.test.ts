// Period runs through the queue (BullMQ on Redis, results in PostgreSQL), with real separate worker processes:
// a worker SIGKILLed mid-partition, a Redis that restarts empty or disappears, and the single-process run as the
// reference every queued run must equal byte for byte.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queueStatus } from '@provvigo/queue';
import { periodCalculate, periodOpen } from '../src/commands/period.js';
import { newLocation, type TestLocation } from '../../store/tests/helpers/engines.js';
import { freePort, startRedis, startWorkerProcess, type Proc } from './helpers/queueProcesses.js';
import { capture, queueServersAvailable, sampleInputs as inputs, SHARED_REDIS, storedRun, who } from './helpers/queueRuns.js';

const PARTITIONS = 6; // 20 partners of the sample utility: 4 + 4 + 3 + 3 + 3 + 3
const LOCK_SECONDS = 3; // a killed worker's job is handed on after this; the busy machine never blocks a live one this long
const servers = await queueServersAvailable();

async function openedPeriod(): Promise<TestLocation> {
  const location = await newLocation('postgres');
  expect(await periodOpen({ db: location.target, period: '2026-10', as: 'carla', at: '2026-11-01T08:00:00Z' }, capture().io)).toBe(0);
  return location;
}

/** Rows of a table in one test schema waiting for a lock (a worker blocked in its write). */
async function waitingOn(client: pg.Client, schema: string, table: string): Promise<number> {
  const { rows } = await client.query<{ n: string }>(
    `SELECT count(*) AS n FROM pg_locks WHERE NOT granted AND relation = to_regclass($1)`,
    [`${schema}.${table}`],
  );
  return Number(rows[0]!.n);
}

async function until<T>(what: string, fn: () => Promise<T | undefined | false>, timeoutMs = 120_000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe.runIf(servers)('provvigo period calculate --queue with provvigo worker processes', () => {
  const cleanup: Array<() => Promise<unknown>> = [];
  let reference: Awaited<ReturnType<typeof storedRun>>;

  beforeAll(async () => {
    // the reference: the same period calculated in one process
    const single = await openedPeriod();
    cleanup.push(() => single.dispose());
    // exit 1: the sample's 3 bad contracts are rejected (README); the run is stored all the same
    expect(await periodCalculate({ db: single.target, period: '2026-10', ...inputs, ...who }, capture().io)).toBe(1);
    reference = await storedRun(single.target);
  }, 300_000);

  afterAll(async () => {
    for (const fn of cleanup.reverse()) await fn().catch(() => {});
  });

  it('completes with one result per partition when a worker is SIGKILLed mid-partition; equals the single-process run', async () => {
    const location = await openedPeriod();
    cleanup.push(() => location.dispose());
    const prefix = `provvigo-test-${randomBytes(4).toString('hex')}`;
    const workers: Proc[] = await Promise.all(
      [0, 1, 2].map((i) => startWorkerProcess({ queue: SHARED_REDIS, db: location.target, prefix, lockSeconds: LOCK_SECONDS }, `worker ${i}`)),
    );
    cleanup.push(() => Promise.all(workers.map((w) => w.stop('SIGKILL'))));

    // Hold every partition write: a table lock makes each worker stop inside its write transaction, so "mid-partition"
    // is a state the test observes, not a race it hopes to win.
    const client = new pg.Client({ connectionString: location.target.replace(/\?.*$/, '') });
    await client.connect();
    cleanup.push(() => client.end());
    await client.query('BEGIN');
    await client.query(`LOCK TABLE ${location.schema}.provvigo_queue_partitions IN EXCLUSIVE MODE`);

    const c = capture();
    const calculated = periodCalculate({ db: location.target, period: '2026-10', ...inputs, ...who, queue: SHARED_REDIS, queuePrefix: prefix, partitions: PARTITIONS }, c.io);
    await until('three workers blocked in their partition write', async () => (await waitingOn(client, location.schema!, 'provvigo_queue_partitions')) >= 3);

    const victim = workers[0]!;
    const started = victim.lines.filter((l) => /partition \d+\/6: started/.test(l));
    const held = Number(/partition (\d+)\//.exec(started[started.length - 1]!)![1]);
    victim.child.kill('SIGKILL');
    await victim.exited;
    await client.query('ROLLBACK'); // release: the live workers write; the victim's job waits for the stalled check

    expect(await calculated, c.errors()).toBe(1); // the same 3 rejected contracts; the run is stored
    const lines = workers.flatMap((w) => w.lines);
    // every partition written exactly once, by a live worker; the victim wrote nothing
    for (let p = 0; p < PARTITIONS; p++) {
      expect(lines.filter((l) => l.includes(`partition ${p}: written`)), `partition ${p}`).toHaveLength(1);
    }
    expect(victim.lines.some((l) => l.includes(': written'))).toBe(false);
    // the held partition was handed on by BullMQ's stalled-job check: a second attempt on another worker
    expect(workers.slice(1).some((w) => w.lines.some((l) => l.includes(`partition ${held}/6: started (attempt 2)`)))).toBe(true);
    // statements, traces, ledger entries and hashes: identical to the single-process run
    const queued = await storedRun(location.target);
    expect(queued.outputHash).toBe(reference.outputHash);
    expect(queued.inputHash).toBe(reference.inputHash);
    expect(queued.documents === reference.documents).toBe(true);
    // nothing of the run left in Redis, and the partitions' working copy gone from the store
    expect((await queueStatus({ url: SHARED_REDIS, prefix })).pending).toBe(0);
    expect((await client.query(`SELECT count(*)::int AS n FROM ${location.schema}.provvigo_queue_partitions`)).rows[0].n).toBe(0);
  }, 600_000);

  it('resumes when Redis restarts empty during a run: lost jobs are enqueued again; the run equals the single-process run', async () => {
    const location = await openedPeriod();
    cleanup.push(() => location.dispose());
    const port = await freePort();
    const url = `redis://127.0.0.1:${port}`;
    let redis = await startRedis(port);
    cleanup.push(() => redis.stop('SIGKILL'));
    const prefix = 'provvigo-restart';
    const c = capture();
    // no worker yet: the jobs wait in Redis, then Redis dies and comes back without them
    const calculated = periodCalculate({ db: location.target, period: '2026-10', ...inputs, ...who, queue: url, queuePrefix: prefix, partitions: PARTITIONS }, c.io);
    await until('every partition enqueued', async () => (await queueStatus({ url, prefix }).catch(() => ({ waiting: 0 }))).waiting === PARTITIONS);
    await redis.stop('SIGKILL');
    // Redis comes back only once the run has seen it gone: a restart quicker than the run's poll would otherwise go
    // unnoticed, and the "unreachable" report asserted below would depend on the machine's speed
    await until('the run reports Redis unreachable', async () => /unreachable/.test(c.errors()));
    redis = await startRedis(port);
    const worker = await startWorkerProcess({ queue: url, db: location.target, prefix, lockSeconds: LOCK_SECONDS }, 'restart worker');
    cleanup.push(() => worker.stop('SIGKILL'));

    expect(await calculated, c.errors()).toBe(1); // the same 3 rejected contracts; the run is stored
    expect(c.errors()).toMatch(/unreachable/);
    expect(c.errors()).toMatch(/partition \d+ enqueued again: its job was lost from Redis/);
    for (let p = 0; p < PARTITIONS; p++) expect(worker.lines.filter((l) => l.includes(`partition ${p}: written`)), `partition ${p}`).toHaveLength(1);
    const queued = await storedRun(location.target);
    expect(queued.outputHash).toBe(reference.outputHash);
    expect(queued.documents === reference.documents).toBe(true);
    expect((await queueStatus({ url, prefix })).pending).toBe(0);
  }, 600_000);

  it('fails clearly and stores nothing when Redis stays unreachable', async () => {
    const location = await openedPeriod();
    cleanup.push(() => location.dispose());
    const port = await freePort();
    const url = `redis://127.0.0.1:${port}`;
    const redis = await startRedis(port);
    cleanup.push(() => redis.stop('SIGKILL'));
    const prefix = 'provvigo-gone';
    const c = capture();
    const calculated = periodCalculate(
      { db: location.target, period: '2026-10', ...inputs, ...who, queue: url, queuePrefix: prefix, partitions: PARTITIONS, redisTimeout: 3 },
      c.io,
    );
    await until('every partition enqueued', async () => (await queueStatus({ url, prefix }).catch(() => ({ waiting: 0 }))).waiting === PARTITIONS);
    await redis.stop('SIGKILL');

    const code = await Promise.race([calculated, new Promise((r) => setTimeout(() => r(`still running after 120 s: ${c.errors()}`), 120_000))]);
    expect(code).toBe(1);
    expect(c.errors()).toMatch(/Redis at redis:\/\/127\.0\.0\.1:\d+\/? was unreachable for 3 s: the run was not stored/);
    const run = await storedRun(location.target);
    expect(run.state).toBe('draft');
    expect(JSON.parse(run.documents)).toMatchObject({ statements: [], evaluated: [], proposed: [] });
  }, 600_000);
});
