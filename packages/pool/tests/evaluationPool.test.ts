import { afterAll, describe, expect, it } from 'vitest';
import { evaluate, parseFactSchema, statementJson, type RunInput } from '@provvigo/core';
import { createEvaluationPool } from '../src/index.js';
import * as tiny from '../../core/tests/fixtures/tiny.js';

/** The tiny plan on `lines` contracts over 9 partners (one in 17 records names an unknown partner: an issue). */
function input(lines: number, seed: number): RunInput {
  const fs = parseFactSchema(tiny.factSchema);
  if (!fs.ok) throw new Error('bad fixture');
  const partners = Array.from({ length: 9 }, (_, i) => ({ id: `P${i + 1}`, name: `Partner ${i + 1}`, kind: 'agency' as const, territory: i % 2 ? 'Lazio' : 'Lombardia' }));
  const contracts = Array.from({ length: lines }, (_, i) => ({
    id: `C${i}`,
    partnerId: (i + seed) % 17 === 0 ? 'UNKNOWN' : `P${((i + seed) % 9) + 1}`,
    signedDate: `2026-10-${String(((i + seed) % 28) + 1).padStart(2, '0')}`,
    category: i % 5 === 0 ? 'GAS_CASA' : 'LUCE_CASA',
    territory: i % 3 === 0 ? 'Lazio' : 'Lombardia',
    kWh: ((i * 37.5 + seed) % 5000).toFixed(1),
    ee: i % 4 === 0,
  }));
  return { period: tiny.period, plans: [tiny.plan as never], partners: partners as never, factSchema: fs.factSchema, facts: { contracts } } as RunInput;
}

const pool = createEvaluationPool(2);
afterAll(() => pool.close());

describe('createEvaluationPool (piscina)', () => {
  it('runs several periods at once on one pool, each byte-identical to a single-threaded run', async () => {
    const a = input(300, 0);
    const b = input(200, 5);
    // Three runs in flight on two workers: their partitions queue in the pool and interleave on its threads.
    const [pa, pb, pa3] = await Promise.all([
      pool.evaluate(a, {}, { collect: true }),
      pool.evaluate(b, {}, { collect: true }),
      pool.evaluate(a, {}, { collect: true, partitions: 3 }),
    ]);
    for (const [parallel, single] of [
      [pa, evaluate(a)],
      [pb, evaluate(b)],
      [pa3, evaluate(a)],
    ] as const) {
      expect(parallel.summary.outputHash).toBe(single.outputHash);
      expect(parallel.summary.inputHash).toBe(single.inputHash);
      expect(parallel.summary.issues).toEqual(single.issues);
      expect(parallel.statements).toEqual(single.statements.map((s) => statementJson(s)));
      expect(parallel.retried).toBe(0);
    }
    expect(pa.summary.outputHash).not.toBe(pb.summary.outputHash);
  });

  it('reports where the CPU time of a run went: the calling thread encoding and hashing, each partition on its worker', async () => {
    // large enough that each part takes many milliseconds: Linux may count a thread's CPU time in scheduler ticks, and
    // hashing 3,000 contracts once read 0 ms in CI (2026-12-05)
    const run = await pool.evaluate(input(30_000, 4), {}, { partitions: 3 });
    const cpu = run.cpu!;
    // the Nodes CI runs (22 LTS from 22.15, 24) read a thread's CPU time: the report is there
    expect(cpu).toBeDefined();
    expect(cpu.partitions.map((p) => p.index)).toEqual([0, 1, 2]);
    const threads = pool.threads.map((t) => t.threadId);
    for (const p of cpu.partitions) {
      expect(threads).toContain(p.threadId);
      expect(Number.isFinite(p.decodeMs) && p.decodeMs >= 0).toBe(true);
      expect(Number.isFinite(p.evaluateMs) && p.evaluateMs >= 0).toBe(true);
    }
    // evaluating and hashing 30,000 contracts is work a thread's CPU clock sees, ticks or not
    expect(cpu.partitions.reduce((sum, p) => sum + p.evaluateMs, 0)).toBeGreaterThan(0);
    expect(cpu.encodeMs + cpu.hashMs).toBeGreaterThan(0);
  });

  it('replaces a worker killed mid-partition and evaluates its partition again on the new one', async () => {
    // Large enough that a partition takes far longer than the "started" message's round trip and the termination: at
    // 4,000 lines a partition took ~10 ms once the engine got faster, and a worker finished before it was stopped.
    const big = input(40_000, 1);
    const before = pool.threads.map((t) => t.threadId);
    let killed: number | undefined;
    const parallel = await pool.evaluate(big, {}, {
      collect: true,
      onPartitionStart: ({ index, attempt, threadId }) => {
        if (index !== 0 || attempt !== 1) return;
        killed = threadId;
        // a real thread stopped while evaluating, as an out-of-memory or crashed worker is
        void pool.threads.find((t) => t.threadId === threadId)?.terminate();
      },
    });
    expect(killed).toBeDefined();
    expect(before).toContain(killed);
    expect(parallel.retried).toBe(1);
    const single = evaluate(big);
    expect(parallel.summary.outputHash).toBe(single.outputHash);
    expect(parallel.statements).toEqual(single.statements.map((s) => statementJson(s)));
    // the pool is back to its size, with a new thread in place of the dead one
    const after = pool.threads.map((t) => t.threadId);
    expect(after).toHaveLength(2);
    expect(after).not.toContain(killed);
  });

  it('fails the run, naming the partition, when its worker dies on every attempt', async () => {
    // as large as above, for the same reason (at 3,000 lines a CI run once saw the partition finish first)
    const run = pool.evaluate(input(40_000, 2), {}, {
      attempts: 2,
      onPartitionStart: ({ index, threadId }) => {
        if (index === 1) void pool.threads.find((t) => t.threadId === threadId)?.terminate();
      },
    });
    await expect(run).rejects.toThrow(/partition 1: worker failed 2 time\(s\)/);
    // and the pool still serves the next run
    const next = await pool.evaluate(input(50, 3), {});
    expect(next.summary.outputHash).toBe(evaluate(input(50, 3)).outputHash);
  });
});
