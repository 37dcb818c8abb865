
import { describe, expect, it } from 'vitest';
import { evaluate, type FactRecord, type RunInput } from '@provvigo/core';
import type { Db } from '@provvigo/store';
import { postgresAvailable } from '../../store/tests/helpers/engines.js';
import { evaluateOnQueue, QueueRunError } from '../src/evaluateOnQueue.js';
import { queueStatus } from '../src/queueStatus.js';
import { writtenPartitions } from '../src/results.js';
import { startPartitionWorker, type PartitionWorker, type WorkerEvent } from '../src/worker.js';
import { factSchema, plan } from './tinyPlan.js';
import { redisAvailable } from './redisAvailable.js';
import { queueTestBed } from './queueTestBed.js';
import { alterWaitingPartition } from './alterWaitingPartition.js';

const servers = (await postgresAvailable()) && (await redisAvailable());

// 8 partners, 3 sales each, in 4 partitions
const input: RunInput = {
  period: { id: '2026-10', start: '2026-10-01', end: '2026-10-31' },
  plans: [plan],
  factSchema,
  partners: Array.from({ length: 8 }, (_, i) => ({ id: `P${i}`, name: `Partner ${i}`, kind: 'agent' as const, territory: 'Lazio' })),
  facts: { sales: Array.from({ length: 24 }, (_, i): FactRecord => ({ id: `S${i}`, partnerId: `P${i % 8}`, date: `2026-10-${String((i % 28) + 1).padStart(2, '0')}`, kWh: 1000 + i })) },
};
const PARTITIONS = 4;
const BROKEN = 1;

describe.runIf(servers)('a partition that cannot be evaluated', () => {
  const bed = queueTestBed();
  const { queue } = bed;
  let worker: PartitionWorker;
  const events: WorkerEvent[] = [];
  bed.atEnd(() => worker?.close(false));

  it('fails naming it, keeps the others; calculating again repairs it and equals the single-process run', async () => {
    // no worker yet: the snapshots are stored and the jobs wait, so the test can alter one snapshot first
    const first = evaluateOnQueue(input, { queue, db: bed.db, runId: 'r1', partitions: PARTITIONS, pollMs: 100 });
    first.catch(() => {});
    await alterWaitingPartition(bed.db, queue, PARTITIONS, BROKEN);

    worker = await startPartitionWorker({ queue, db: bed.db, onEvent: (e) => events.push(e) });
    const error = await first.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(QueueRunError);
    expect((error as QueueRunError).message).toMatch(/^1 of 4 partition\(s\) failed; the run was not stored/);
    expect((error as QueueRunError).failed).toEqual([{ partition: BROKEN, reason: expect.stringMatching(/input snapshot [0-9a-f]{12}… was altered/), reasons: expect.any(Object) }]);
    // in Italian too, the partition's reason included: its worker failed the job with both texts (failedReason.ts)
    const { reason, reasons } = (error as QueueRunError).failed[0]!;
    expect(reason).toMatch(/^partition 1 of run r1: input snapshot [0-9a-f]{12}… was altered/);
    expect(reasons?.en).toBe(reason);
    expect(reasons?.it).toMatch(/^partizione 1 dell'esecuzione r1: l'istantanea degli input [0-9a-f]{12}… è stata alterata: il suo contenuto ha hash [0-9a-f]{12}…$/);
    expect((error as QueueRunError).messages?.it).toBe(
      `partizioni non riuscite: 1 di 4; l'esecuzione non è stata salvata (le altre partizioni sono calcolate e conservate):\n  partizione 1: ${reasons?.it}`,
    );
    // the worker's own event has the snapshot's refusal in both languages
    const failed = events.find((e) => e.type === 'failed');
    expect(failed?.type === 'failed' && failed.errors?.it).toMatch(/^l'istantanea degli input [0-9a-f]{12}… è stata alterata: il suo contenuto ha hash [0-9a-f]{12}…$/);
    // tried once (evaluation is pure: a retry would fail the same way), the others written and kept
    expect(events.filter((e) => e.type === 'failed').map((e) => e.partition)).toEqual([BROKEN]);
    expect(events.filter((e) => e.type === 'started' && e.partition === BROKEN)).toHaveLength(1);
    const kept = [...(await writtenPartitions(bed.db, 'r1', (await distributedHash(bed.db))!))].sort();
    expect(kept).toEqual([0, 2, 3]);
    expect((await queueStatus(queue)).pending).toBe(0);
    expect((await queueStatus(queue)).failed).toBe(0);

    // again with the same inputs: the snapshot is stored again (repaired), only the failed partition is evaluated
    events.length = 0;
    const result = await evaluateOnQueue(input, { queue, db: bed.db, runId: 'r1', partitions: PARTITIONS, pollMs: 100 });
    expect(events.filter((e) => e.type === 'written').map((e) => e.partition)).toEqual([BROKEN]);
    const whole = evaluate(input);
    expect(result.outputHash).toBe(whole.outputHash);
    expect(result.inputHash).toBe(whole.inputHash);
    expect(JSON.stringify(result.statements)).toBe(JSON.stringify(whole.statements));
    expect((await queueStatus(queue)).pending).toBe(0);
  }, 300_000);
});

/** The distributed input hash the partition rows are keyed by (one run in this schema). */
async function distributedHash(db: Db): Promise<string | undefined> {
  const { rows } = await db.query<{ input_hash: string }>('SELECT DISTINCT input_hash FROM provvigo_queue_partitions');
  return rows[0]?.input_hash;
}
