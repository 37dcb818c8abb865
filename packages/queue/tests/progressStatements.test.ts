
import { describe, expect, it } from 'vitest';
import { evaluate, type FactRecord, type RunInput } from '@provvigo/core';
import { postgresAvailable } from '../../store/tests/helpers/engines.js';
import { evaluateOnQueue, QueueRunError, type QueueProgress } from '../src/evaluateOnQueue.js';
import { startPartitionWorker, type PartitionWorker } from '../src/worker.js';
import { factSchema, plan } from './tinyPlan.js';
import { redisAvailable } from './redisAvailable.js';
import { queueTestBed } from './queueTestBed.js';
import { alterWaitingPartition } from './alterWaitingPartition.js';

const servers = (await postgresAvailable()) && (await redisAvailable());

// 8 partners, 3 sales each, in 4 partitions of 2 statements
const input: RunInput = {
  period: { id: '2026-10', start: '2026-10-01', end: '2026-10-31' },
  plans: [plan],
  factSchema,
  partners: Array.from({ length: 8 }, (_, i) => ({ id: `P${i}`, name: `Partner ${i}`, kind: 'agent' as const, territory: 'Lazio' })),
  facts: { sales: Array.from({ length: 24 }, (_, i): FactRecord => ({ id: `S${i}`, partnerId: `P${i % 8}`, date: `2026-10-${String((i % 28) + 1).padStart(2, '0')}`, kWh: 1000 + i })) },
};
const PARTITIONS = 4;
const BROKEN = 2;

describe.runIf(servers)('progress of a distributed evaluation', () => {
  const bed = queueTestBed();
  const { queue } = bed;
  let worker: PartitionWorker | undefined;
  bed.atEnd(() => worker?.close(false));

  it('counts the statements of every written partition once, those written by an earlier call included', async () => {
    // first call: one partition's input snapshot is altered while its job waits, so that partition fails
    const first = evaluateOnQueue(input, { queue, db: bed.db, runId: 'r1', partitions: PARTITIONS, pollMs: 100 });
    first.catch(() => {});
    await alterWaitingPartition(bed.db, queue, PARTITIONS, BROKEN);
    worker = await startPartitionWorker({ queue, db: bed.db });
    expect(await first.then(() => undefined, (e: unknown) => e)).toBeInstanceOf(QueueRunError);

    // again with the same inputs: only the failed partition is evaluated, the run completes
    const reports: QueueProgress[] = [];
    const result = await evaluateOnQueue(input, { queue, db: bed.db, runId: 'r1', partitions: PARTITIONS, pollMs: 100, onProgress: (p) => reports.push({ ...p }) });
    const whole = evaluate(input);
    expect(result.outputHash).toBe(whole.outputHash);
    const last = reports[reports.length - 1]!;
    expect(last.written).toBe(PARTITIONS);
    // every partition written, so every statement of the run: 8, not the 2 of the one partition evaluated this time
    expect(last.statements).toBe(whole.statements.length);
    // never more statements than the run has, at any point
    for (const p of reports) expect(p.statements).toBeLessThanOrEqual(whole.statements.length);
  }, 300_000);
});
