/**
 * One copy of E in a worker thread for `twoAtOnce.ts`: makes its own workload (the same as the main thread's, from
 * the same seed), warms up as the bench does, then times one `runEngine` per 'run' message and replies with the ms.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { workload } from './data.js';
import { runEngine } from './engine.js';

const { name, partners, lines } = workerData as { name: string; partners: number; lines: number };
const w = workload(name, partners, lines);
runEngine({ ...w, contracts: w.contracts.slice(0, 2_000) });
parentPort!.on('message', () => {
  const t0 = performance.now();
  runEngine(w);
  parentPort!.postMessage(performance.now() - t0);
});
parentPort!.postMessage('ready');
