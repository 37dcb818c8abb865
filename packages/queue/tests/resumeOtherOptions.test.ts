// A run resumed with other evaluation options than the call that was interrupted: real Redis, real PostgreSQL, a
// real BullMQ worker. The first call keeps some partitions (one partition's input snapshot is altered while its job
// waits, so it fails and the others are written); the second call, with the other `keepTrace`, must not merge those
// partitions: it evaluates every partition again, and its result is the single-process run with its own options
// (every line with its audit trace, or none), never a mix of both.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { evaluate, type FactRecord, type RunInput, type RunResult } from '@provvigo/core';
import { postgresAvailable } from '../../store/tests/helpers/engines.js';
import { evaluateOnQueue, QueueRunError } from '../src/evaluateOnQueue.js';
import { distributedInputHash } from '../src/jobs.js';
import { startPartitionWorker, type PartitionWorker, type WorkerEvent } from '../src/worker.js';
import { factSchema, plan } from './tinyPlan.js';
import { redisAvailable } from './redisAvailable.js';
import { queueTestBed } from './queueTestBed.js';
import { alterWaitingPartition } from './alterWaitingPartition.js';

const servers = (await postgresAvailable()) && (await redisAvailable());

// 8 partners, 3 sales each, in 4 partitions
const sales = Array.from({ length: 24 }, (_, i): FactRecord => ({ id: `S${i}`, partnerId: `P${i % 8}`, date: `2026-10-${String((i % 28) + 1).padStart(2, '0')}`, kWh: 1000 + i }));
const input: RunInput = {
  period: { id: '2026-10', start: '2026-10-01', end: '2026-10-31' },
  plans: [plan],
  factSchema,
  partners: Array.from({ length: 8 }, (_, i) => ({ id: `P${i}`, name: `Partner ${i}`, kind: 'agent' as const, territory: 'Lazio' })),
  facts: { sales },
};
const PARTITIONS = 4;
const BROKEN = 1;

/**
 * The audit trace of each line, as the tiny plan's rule gives it by hand: its one cell `=[@kWh] * Rate`, with the
 * sale's kWh and the rate 0.012 as inputs; `[]` when traces are not kept (the cells are what `keepTrace` drops).
 */
function expectTraces(result: RunResult, kept: boolean): void {
  const kWh = new Map(sales.map((s) => [s.id as string, s.kWh as number]));
  const lines = result.statements.flatMap((s) => s.lines);
  expect(lines).toHaveLength(sales.length);
  for (const line of lines) {
    const cells = line.trace.cells.map((c) => ({ formula: c.formula, inputs: c.inputs }));
    const sale = kWh.get(line.source!.id)!;
    expect(cells, line.id).toEqual(
      kept
        ? [{ formula: '=[@kWh] * Rate', inputs: [{ kind: 'fact', name: 'kWh', value: sale }, { kind: 'parameter', name: 'Rate', value: 0.012 }] }]
        : [],
    );
  }
}

describe.runIf(servers)('a run resumed with other evaluation options', () => {
  const bed = queueTestBed();
  const { queue } = bed;
  let worker: PartitionWorker | undefined;
  const events: WorkerEvent[] = [];
  bed.atEnd(() => worker?.close(false));

  /**
   * A first call with `first` options that keeps every partition but `BROKEN`, then a second with `second`: the
   * second's result, and the partitions its worker evaluated.
   */
  async function interruptedThenResumed(runId: string, first: { keepTrace?: boolean }, second: { keepTrace?: boolean }) {
    const options = { queue, db: bed.db, runId, partitions: PARTITIONS, pollMs: 100 };
    try {
      const interrupted = evaluateOnQueue(input, { ...options, ...first });
      interrupted.catch(() => {});
      await alterWaitingPartition(bed.db, queue, PARTITIONS, BROKEN);
      worker = await startPartitionWorker({ queue, db: bed.db, onEvent: (e) => events.push(e) });
      expect(await interrupted.then(() => undefined, (e: unknown) => e)).toBeInstanceOf(QueueRunError);
      expect(events.filter((e) => e.type === 'written').map((e) => e.partition).sort()).toEqual([0, 2, 3]);
      events.length = 0;
      const result = await evaluateOnQueue(input, { ...options, ...second });
      return { result, evaluated: events.filter((e) => e.type === 'written').map((e) => e.partition).sort() };
    } finally {
      // the next case needs its jobs to wait with no worker to take them
      await worker?.close();
      worker = undefined;
      events.length = 0;
    }
  }

  it('traces dropped, then kept (the default): every line of the resumed run carries its audit trace', async () => {
    const whole = evaluate(input);
    // the two settings give different statements, so a mix of them is neither run
    expect(whole.outputHash).not.toBe(evaluate(input, { keepTrace: false }).outputHash);
    const { result, evaluated } = await interruptedThenResumed('r1', { keepTrace: false }, {});
    expectTraces(result, true);
    expect(result.outputHash).toBe(whole.outputHash);
    expect(JSON.stringify(result.statements)).toBe(JSON.stringify(whole.statements));
    // nothing of the first call is merged: every partition is evaluated again, with the second call's options
    expect(evaluated).toEqual([0, 1, 2, 3]);
  }, 300_000);

  it('traces kept, then dropped: the resumed run is the one without traces, whole', async () => {
    const whole = evaluate(input, { keepTrace: false });
    const { result, evaluated } = await interruptedThenResumed('r2', { keepTrace: true }, { keepTrace: false });
    expectTraces(result, false);
    expect(result.outputHash).toBe(whole.outputHash);
    expect(JSON.stringify(result.statements)).toBe(JSON.stringify(whole.statements));
    expect(evaluated).toEqual([0, 1, 2, 3]);
  }, 300_000);
});

describe('the key of a run\'s partitions', () => {
  const snapshots = ['a'.repeat(64), 'b'.repeat(64)];
  // what earlier versions keyed every partition by: the SHA-256 of the snapshots' hashes, one a line
  const earlier = createHash('sha256').update(`${'a'.repeat(64)}\n${'b'.repeat(64)}`).digest('hex');

  it('is the earlier key for the default options, so partitions stored before the upgrade resume', () => {
    expect(distributedInputHash(snapshots, {})).toBe(earlier);
    expect(distributedInputHash(snapshots, { keepTrace: true })).toBe(earlier);
  });

  it('is another key without traces', () => {
    expect(distributedInputHash(snapshots, { keepTrace: false })).toMatch(/^[0-9a-f]{64}$/);
    expect(distributedInputHash(snapshots, { keepTrace: false })).not.toBe(earlier);
  });
});
