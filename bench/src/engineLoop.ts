// E against L in one process, for profiling and A/B checks (`node --cpu-prof` works on it):
//   node --conditions=@provvigo/source --import tsx --expose-gc src/engineLoop.ts [lines=20000] [runs=3] [verify=off]
// Runs the engine (traces kept, serialised and hashed, as `runEngine` in the bench) `runs` times after one warm-up,
// then the hand-written baseline five times, and prints the mean of each per run.
import type { VerifyMode } from '@provvigo/core';
import { baselineL } from './baselineL.js';
import { workload } from './data.js';
import { runEngine } from './engine.js';

const [lines = 20_000, runs = 3] = process.argv.slice(2, 4).map(Number);
const verify = (process.argv[4] ?? 'off') as VerifyMode;
const w = workload('a', 500, lines);
const mean = (fn: () => void, n: number) => {
  fn();
  const t = performance.now();
  for (let i = 0; i < n; i++) fn();
  return (performance.now() - t) / n;
};
const e = mean(() => runEngine(w, verify), runs);
const l = mean(() => baselineL(w), 5);
console.log(`${w.contracts.length} lines, verify ${verify}: E ${e.toFixed(1)} ms/run, L ${l.toFixed(1)} ms/run, E/L ${(e / l).toFixed(1)}×`);
