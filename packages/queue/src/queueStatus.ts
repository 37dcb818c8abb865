import { Queue } from 'bullmq';
import { connectionFor, DEFAULT_PREFIX, DEFAULT_QUEUE_NAME, type QueueTarget } from './connection.js';

/** Jobs in the queue by state; `pending` sums the states that still wait for a worker or hold one. */
export interface QueueStatus {
  waiting: number;
  active: number;
  delayed: number;
  prioritized: number;
  failed: number;
  completed: number;
  pending: number;
}

/** What the queue holds now (operators' `is anything left?`; the fault tests check nothing is pending after a run). */
export async function queueStatus(target: QueueTarget): Promise<QueueStatus> {
  const queue = new Queue(target.name ?? DEFAULT_QUEUE_NAME, { connection: connectionFor(target, 'coordinator'), prefix: target.prefix ?? DEFAULT_PREFIX });
  queue.on('error', () => {});
  try {
    const c = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'failed', 'completed', 'waiting-children');
    const n = (k: string): number => c[k] ?? 0;
    return {
      waiting: n('waiting'),
      active: n('active'),
      delayed: n('delayed'),
      prioritized: n('prioritized'),
      failed: n('failed'),
      completed: n('completed'),
      pending: n('waiting') + n('active') + n('delayed') + n('prioritized') + n('waiting-children'),
    };
  } finally {
    await queue.close().catch(() => {});
  }
}
