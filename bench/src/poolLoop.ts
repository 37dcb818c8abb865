// E against E2 in one process, for profiling and A/B checks of the worker pool (the bench's "E2" line):
//   node --conditions=@provvigo/source --import tsx src/poolLoop.ts [lines=20000] [rounds=5] [workers=2]
// After a warm-up of both, alternates one single-threaded run (E, verify sample, as main.ts) and one pool run (E2)
// `rounds` times, and prints the median of each, their ratio, and the CPU time of the whole process (every thread,
// V8's own included) for each: on two cores E2 can only reach 2× E if the pool's CPU stays near E's own. Then the pool's
// thread CPU by part (`ParallelResult.cpu`): the calling thread's encoding and hashing, the workers' decoding and evaluating.
// On Linux, last, the CPU of every OS thread by kind for each (`osThreadCpu.ts`): V8's helper threads included.
import { createEvaluationPool } from '@provvigo/pool';
import { workload } from './data.js';
import { poolCpuParts, runEngine, runEnginePool } from './engine.js';
import { cpuMsSince, median, time, timeAsync } from './measure.js';
import { threadCpuBetween, threadSnapshot } from './osThreadCpu.js';

const [lines = 20_000, rounds = 5, workers = 2] = process.argv.slice(2, 5).map(Number);
const w = workload('pool', 500, lines);
const pool = createEvaluationPool(workers);
runEngine({ ...w, contracts: w.contracts.slice(0, 2_000) });
await runEnginePool({ ...w, contracts: w.contracts.slice(0, 2_000) }, pool);
const e: number[] = [];
const e2: number[] = [];
const cpuE: number[] = [];
const cpu: number[] = [];
const parts: Array<ReturnType<typeof poolCpuParts>> = [];
const threadsE: Array<Map<string, number>> = [];
const threadsE2: Array<Map<string, number>> = [];
for (let r = 0; r < rounds; r++) {
  const c1 = process.cpuUsage();
  const t1 = threadSnapshot();
  const one = time(() => runEngine(w, 'sample'));
  const t2 = threadSnapshot();
  cpuE.push(cpuMsSince(c1));
  e.push(one.ms);
  const c = process.cpuUsage();
  const two = await timeAsync(() => runEnginePool(w, pool));
  const t3 = threadSnapshot();
  cpu.push(cpuMsSince(c));
  e2.push(two.ms);
  if (t1 && t2 && t3) {
    threadsE.push(threadCpuBetween(t1, t2));
    threadsE2.push(threadCpuBetween(t2, t3));
  }
  if (two.value.summary.outputHash !== one.value.summary.outputHash) throw new Error('the pool and the single thread disagree');
  if (two.value.cpu) parts.push(poolCpuParts(two.value.cpu));
}
await pool.close();
console.log(
  `${w.contracts.length} lines, ${workers} workers: E ${median(e).toFixed(0)} ms (CPU of all threads ${median(cpuE).toFixed(0)} ms), ` +
    `E2 ${median(e2).toFixed(0)} ms (CPU ${median(cpu).toFixed(0)} ms), ` +
    `speed-up ${(median(e) / median(e2)).toFixed(2)}×`,
);
if (parts.length > 0) {
  const m = (k: keyof (typeof parts)[number]) => median(parts.map((p) => p[k])).toFixed(0);
  console.log(`E2 thread CPU (medians): encode ${m('encode')} ms, hash ${m('hash')} ms (calling thread); decode ${m('decode')} ms, evaluate ${m('evaluate')} ms (workers); ${m('total')} ms in all`);
}
if (threadsE.length > 0) {
  // per kind of thread, the median over the rounds (a kind absent from a round counts 0 there)
  const byKind = (runs: Array<Map<string, number>>) => {
    const kinds = [...new Set(runs.flatMap((m) => [...m.keys()]))].sort();
    return kinds.map((k) => `${k} ${median(runs.map((m) => m.get(k) ?? 0)).toFixed(0)}`).join(', ');
  };
  console.log(`OS threads' CPU, ms (medians): E: ${byKind(threadsE)}; E2: ${byKind(threadsE2)}`);
}
