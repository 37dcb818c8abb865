import { spawn } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditLog, type Actor } from '@provvigo/core';
import { Store, approvePeriod, calculatePeriod, checkRunIntegrity, computePeriod, openPeriod, validatePeriod } from '../src/index.js';
import { ENGINES, newLocation, postgresAvailable, type TestLocation } from './helpers/engines.js';
import { OCTOBER, sampleInputs } from './helpers/inputs.js';

const pgUp = await postgresAvailable();
const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '../../..');
const CHILD = join(HERE, 'helpers/periodChild.ts');
const carla: Actor = { id: 'carla', roles: ['calculator'] };
const anna: Actor = { id: 'anna', roles: ['approver'] };

/** Deterministic "random" delays (mulberry32), logged so a failure can be replayed. */
function delays(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Runs the child; once it says "writing" (its one transaction is about to start), SIGKILLs it after `killAfterMs`
 * — some kills land inside the transaction, some after the commit.
 * Resolves with whether it finished before the kill.
 */
function runChild(args: string[], killAfterMs: number | null): Promise<{ finished: boolean; stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--conditions=@provvigo/source', '--import', 'tsx', CHILD, ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    let out = '';
    let err = '';
    let timer: NodeJS.Timeout | undefined;
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (killAfterMs !== null && timer === undefined && out.includes('writing\n')) {
        timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
      }
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (timer) clearTimeout(timer);
      const finished = out.includes('done\n');
      if (!finished && signal !== 'SIGKILL') reject(new Error(`child failed (${code ?? signal}): ${err}`));
      else resolvePromise({ finished, stderr: err });
    });
  });
}

describe.each(ENGINES)('a process killed mid-step on %s', (engine) => {
  const skip = engine === 'postgres' && !pgUp;
  let loc: TestLocation;
  beforeAll(async () => {
    if (skip) return;
    loc = await newLocation(engine);
  });
  afterAll(async () => {
    if (!skip) await loc.dispose();
  });

  /** Opens the store only while checking: a PGlite folder belongs to one process at a time. */
  async function withStore<T>(fn: (store: Store) => Promise<T>): Promise<T> {
    const store = await Store.open(await loc.open());
    try {
      return await fn(store);
    } finally {
      await store.close();
    }
  }

  async function assertConsistent(allowed: string[]): Promise<string> {
    return withStore(async (store) => {
      const run = (await store.getRun('2026-10-r1'))!;
      expect(allowed).toContain(run.record.state);
      expect(await checkRunIntegrity(store)).toEqual([]);
      const audit = verifyAuditLog(await store.auditLog());
      expect(audit.ok).toBe(true);
      // the audit log records exactly the state moves the run went through
      const actions = (await store.auditLog()).filter((e) => e.runId === '2026-10-r1').map((e) => e.action);
      expect(actions.filter((a) => a === 'run.approve').length).toBe(run.record.state === 'approved' ? 1 : 0);
      return run.record.state;
    });
  }

  it.skipIf(skip)('leaves no partial calculation or approval, and the re-run gives the same result', async () => {
    const random = delays(engine === 'pglite' ? 20261001 : 20261002);
    const inputs = sampleInputs();
    await withStore((store) => openPeriod(store, { period: OCTOBER, actor: carla, at: '2026-11-01T08:00:00.000Z' }));

    // calculations with slightly different facts (one contract dropped), each killed somewhere after start-up
    // write windows measured on a busy 2-core machine: PGlite ~3 s, PostgreSQL ~0.8 s (calculate), approval less
    const window = engine === 'pglite' ? { calculate: 4000, approve: 3000 } : { calculate: 1200, approve: 500 };
    for (let i = 0; i < 2; i++) {
      const delay = Math.floor(random() * window.calculate);
      const { finished } = await runChild([loc.target, 'calculate', 'carla', `2026-11-01T09:0${i}:00.000Z`, String(i)], delay);
      const state = await assertConsistent(['draft', 'calculated']);
      console.info(`[${engine}] calculate #${i} killed after ${delay} ms: ${finished ? 'finished first' : 'killed'}, run ${state}`);
    }
    const reference = computePeriod({ runId: '2026-10-r1', period: OCTOBER, inputs, ledger: [] });
    await withStore(async (store) => {
      const calc = await calculatePeriod(store, { periodId: OCTOBER.id, inputs, actor: carla, at: '2026-11-01T10:00:00.000Z' });
      expect(calc.run.record.outputHash).toBe(reference.outputHash);
      await validatePeriod(store, { periodId: OCTOBER.id, actor: carla, at: '2026-11-01T10:01:00.000Z' });
    });

    // approvals killed at random points: either nothing happened or all of it
    let state = 'validated';
    for (let i = 0; i < 2 && state === 'validated'; i++) {
      const delay = Math.floor(random() * window.approve);
      const { finished } = await runChild([loc.target, 'approve', 'anna', '2026-11-02T09:00:00.000Z'], delay);
      state = await assertConsistent(['validated', 'approved']);
      console.info(`[${engine}] approve #${i} killed after ${delay} ms: ${finished ? 'finished first' : 'killed'}, run ${state}`);
    }
    await withStore(async (store) => {
      const approved = await approvePeriod(store, { periodId: OCTOBER.id, actor: anna, at: '2026-11-02T09:00:00.000Z' });
      const run = approved.run.record;
      expect(run.state).toBe('approved');
      expect(run.outputHash).toBe(reference.outputHash);
      const ok = new Set(run.partners!.approved);
      const expectedIds = reference.booked.entries.filter((e) => ok.has(e.partnerId)).map((e) => e.id);
      expect((await store.ledger()).map((e) => e.id)).toEqual(expectedIds);
    });
    await assertConsistent(['approved']);
  });
});
