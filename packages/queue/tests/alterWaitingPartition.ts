import { gunzipSync, gzipSync } from 'node:zlib';
import type { RunInput } from '@provvigo/core';
import type { Db } from '@provvigo/store';
import type { QueueTarget } from '../src/connection.js';
import { queueStatus } from '../src/queueStatus.js';

/**
 * Waits until a run's `partitions` jobs wait in the queue (no worker started yet), then changes one sales figure in
 * the stored input snapshot of partition `index`: still valid data, but no longer what its hash says, so that
 * partition fails its integrity check when a worker takes it and the others are written.
 */
export async function alterWaitingPartition(db: Db, queue: QueueTarget, partitions: number, index: number): Promise<void> {
  for (let i = 0; (await queueStatus(queue)).waiting < partitions; i++) {
    if (i > 1200) throw new Error('jobs never enqueued');
    await new Promise((r) => setTimeout(r, 100));
  }
  const { rows } = await db.query<{ hash: string; body: Buffer }>('SELECT hash, body FROM provvigo_queue_inputs');
  const broken = rows.find((r) => (JSON.parse(gunzipSync(r.body).toString('utf8')) as { index: number }).index === index)!;
  const altered = JSON.parse(gunzipSync(broken.body).toString('utf8')) as { input: RunInput };
  (altered.input.facts['sales']![0] as Record<string, unknown>)['kWh'] = 999_999;
  await db.query('UPDATE provvigo_queue_inputs SET body = $1 WHERE hash = $2', [gzipSync(JSON.stringify(altered)), broken.hash]);
}
