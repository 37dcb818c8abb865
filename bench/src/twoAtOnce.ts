/**
 * What two threads can give on this machine for E's own work (C2): two worker threads each hold the whole workload
 * and run E on it, first one alone, then both at the same moment, taking turns `runs` times. Nothing is shared and
 * nothing is split: `2 × alone / together` is the throughput two threads give E's work here, the reference for E2
 * (not a strict bound: a pool adds encoding and per-partition costs, and its partitions are smaller working sets).
 * Why it is below 2 on a 2-vCPU machine: one E thread is not one core's work. V8 marks, sweeps and compiles on
 * helper threads (`/usr/bin/time` on engineLoop.ts: 1.15 cores busy for one E), which use the idle core when E runs
 * alone and have none to use when two do; and two threads share the caches and the memory bus.
 */
import { Worker } from 'node:worker_threads';
import { median } from './measure.js';

export interface TwoAtOnce {
  /** One worker's E alone, median ms. */
  alone: number;
  /** The wall time of two E at once (each on its own worker), median ms. */
  together: number;
  /** `2 × alone / together`: the two-thread throughput this machine gives E. */
  ratio: number;
}

function reply(worker: Worker): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const onError = (e: Error) => reject(e);
    worker.once('error', onError);
    worker.once('message', (m: unknown) => {
      worker.off('error', onError);
      resolve(m);
    });
  });
}

export async function twoAtOnce(runs: number, shape: { name: string; partners: number; lines: number }): Promise<TwoAtOnce> {
  const file = new URL('./twoAtOnceWorker.mjs', import.meta.url);
  const workers = [new Worker(file, { workerData: shape }), new Worker(file, { workerData: shape })];
  try {
    await Promise.all(workers.map(reply)); // 'ready': workload made, warmed
    const alone: number[] = [];
    const together: number[] = [];
    for (let r = 0; r < runs; r++) {
      const one = reply(workers[0]!);
      workers[0]!.postMessage('run');
      alone.push((await one) as number);
      const t0 = performance.now();
      const both = workers.map(reply);
      for (const w of workers) w.postMessage('run');
      await Promise.all(both);
      together.push(performance.now() - t0);
    }
    const a = median(alone);
    const t = median(together);
    return { alone: a, together: t, ratio: (2 * a) / t };
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
