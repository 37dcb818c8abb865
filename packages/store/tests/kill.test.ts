import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '@provvigo/core';
import { Store, verifyStore } from '../src/index.js';
import { PAUSE_ENV, PAUSE_MARK } from '../src/testHook.js';
import { ENGINES, newLocation, postgresAvailable, type TestLocation } from './helpers/engines.js';
import { STEPS, fingerprint, runStep, type Step } from './helpers/stepChild.js';

/**
 * kill -9 inside each command's one write transaction, at every step (plan save, period open, calculate, validate,
 * approve, close), on both engines: the store's test hook (PROVVIGO_TEST_PAUSE_IN_TX=n) makes the child announce that
 * it is paused after the n-th statement of the transaction (n = 1…20; a transaction with fewer statements pauses right
 * before COMMIT) and the test SIGKILLs it on that line, so every kill provably lands inside the transaction. A step is
 * killed after each of its statements up to the 20th and, when it has fewer, once right before COMMIT: every further n
 * would pause at that same point (a step's transaction has 6 to 20+ statements; the kills beyond the last one were half
 * of this test's 240 children, and of CI's time on a slow machine). Nothing of the step may survive: each next child
 * reports the state it found (the test compares it with the state before the step), and the test checks the store
 * itself after the last kill. Then the step runs uninterrupted, and the next step is killed the same way.
 */

const pgUp = await postgresAvailable();
const HERE = dirname(fileURLToPath(import.meta.url));
// at most 20 per step (the default, and in CI); fewer only to try the test quickly by hand
const KILLS = Number(process.env.PROVVIGO_KILLS_PER_STEP ?? 20);
// the child is bundled once (no TypeScript loader per process): it starts in a fraction of the time
const CHILD = resolve(HERE, '../node_modules/.provvigo-test/stepChild.mjs');
const ACTORS: Record<Step, Actor> = {
  'plan-save': { id: 'dora', roles: ['planDesigner'] },
  open: { id: 'carla', roles: ['calculator'] },
  calculate: { id: 'carla', roles: ['calculator'] },
  validate: { id: 'carla', roles: ['calculator'] },
  approve: { id: 'anna', roles: ['approver'] },
  close: { id: 'anna', roles: ['approver'] },
};
const AT = '2026-11-01T08:00:00.000Z';

beforeAll(async () => {
  mkdirSync(dirname(CHILD), { recursive: true });
  await build({
    entryPoints: [join(HERE, 'helpers/stepChild.ts')],
    outfile: CHILD,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    conditions: ['@provvigo/source'],
    // packages with their own files (WebAssembly) or native parts stay outside, resolved from the store package
    external: ['@electric-sql/pglite', 'pg', 'hyperformula'],
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    logLevel: 'error',
  });
}, 120_000);

/** Starts the step with the pause hook at statement `n`; SIGKILLs it on the pause line. Returns that line and what the child found. */
function killInside(target: string, step: Step, n: number): Promise<{ paused: string; found: unknown }> {
  return new Promise((resolvePromise, reject) => {
    const actor = ACTORS[step];
    // --liftoff-only: V8's baseline WebAssembly compiler only. Each child lives a second or two, and without the flag
    // V8 also optimises PGlite's Postgres build in background threads that this short process never benefits from;
    // on two cores that doubled each child's CPU time (measured: 0.7 s → 0.36 s for opening PGlite).
    const child = spawn(process.execPath, ['--liftoff-only', CHILD, target, step, actor.id, AT], {
      stdio: ['ignore', 'pipe', 'pipe'],
      // NODE_COMPILE_CACHE: V8 keeps the bundle's compiled code on disk for the next child (Node ≥ 22; about 0.1 s of
      // each child's 1 s of CPU measured on Node 24)
      env: { ...process.env, NODE_OPTIONS: '', NODE_COMPILE_CACHE: join(dirname(CHILD), 'compile-cache'), [PAUSE_ENV]: String(n) },
    });
    let out = '';
    let err = '';
    let paused = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
      const line = err.split('\n').find((l) => l.startsWith(PAUSE_MARK));
      if (line && !paused) {
        paused = line;
        child.kill('SIGKILL');
      }
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      const found = out.split('\n').find((l) => l.startsWith('fingerprint '));
      if (!paused || signal !== 'SIGKILL' || out.includes('done\n') || !found) {
        reject(new Error(`step ${step} (pause at ${n}) was not killed inside its transaction (exit ${code ?? signal}): ${out}\n${err}`));
      } else resolvePromise({ paused, found: JSON.parse(found.slice('fingerprint '.length)) });
    });
  });
}

/** Opens the store only to look: between kills the folder (PGlite) belongs to the next child. */
async function withStore<T>(loc: TestLocation, fn: (store: Store) => Promise<T>): Promise<T> {
  const store = await Store.open(await loc.open());
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

// the two engines run side by side: each child mostly waits on its database
describe.concurrent('kill -9 inside each command transaction', () => {
  it.each(ENGINES)(`leaves no partial state on %s, killed after each statement (up to ${KILLS}) and before COMMIT`, async (engine) => {
    if (engine === 'postgres' && !pgUp) return; // postgresAvailable() throws instead when CI=true
    const loc = await newLocation(engine);
    try {
      for (const step of STEPS) {
        const before = await withStore(loc, fingerprint);
        const points = new Set<string>();
        let kills = 0;
        for (let n = 1; n <= KILLS; n++) {
          const { paused, found } = await killInside(loc.target, step, n);
          kills++;
          expect(paused).toMatch(new RegExp(`after statement ${n}:|before COMMIT`));
          points.add(paused.slice(PAUSE_MARK.length).trim());
          // what the child found when it started: what the previous killed step left
          expect(found, `${engine} ${step}: state after kill ${n - 1}`).toEqual(before);
          // fewer than n statements: every later n pauses at this same point, right before COMMIT
          if (/before COMMIT/.test(paused)) break;
        }
        // every kill landed at a point of its own: after statements 1…n, then (when there were fewer than 20) COMMIT
        expect(points.size, `${engine} ${step}: distinct kill points`).toBe(kills);
        await withStore(loc, async (store) => {
          expect(await fingerprint(store), `${engine} ${step}: state after the last kill`).toEqual(before);
          expect((await verifyStore(store)).problems).toEqual([]);
          console.info(`[${engine}] ${step}: ${kills} kills inside the transaction at ${points.size} points, e.g. ${[...points].slice(-2).join(' | ')}`);
          await runStep(store, step, ACTORS[step], AT);
          expect(await fingerprint(store)).not.toEqual(before);
        });
      }
      await withStore(loc, async (store) => {
        expect((await store.getRun('2026-10-r1'))!.record.state).toBe('approved');
        expect((await store.getPeriod('2026-10'))!.state).toBe('closed');
        expect((await verifyStore(store)).ok).toBe(true);
      });
    } finally {
      await loc.dispose();
    }
  }, 1_800_000);
});
