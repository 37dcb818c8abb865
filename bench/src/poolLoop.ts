// E against E2 in one process, for profiling and A/B checks of the worker pool (the bench's "E2" line):
//   node --conditions=@provvigo/source --import tsx src/poolLoop.ts [lines=20000] [rounds=5] [workers=2]
// After a warm-up of both, alternates one single-threaded run (E, verify sample, as main.ts) and one pool run (E2)
// `rounds` times, and prints the median of each, their ratio, and the CPU time of the whole process (every thread,
// V8's own included) for each: on two cores E2 can only reach 2× E if the pool's CPU stays near E's own. Then the pool's
// thread CPU by part (`ParallelResult.cpu`): the calling thread's encoding and hashing, the workers' decoding and evaluating.
import { createEvaluationPool } from '@provvigo/pool';
import { workload } from './data.js';
import { poolCpuParts, runEngine, runEnginePool } from './engine.js';
import { cpuMsSince, median, time, timeAsync } from './measure.js';

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
for (let r = 0; r < rounds; r++) {
  const c1 = process.cpuUsage();
  const one = time(() => runEngine(w, 'sample'));
  cpuE.push(cpuMsSince(c1));
  e.push(one.ms);
  const c = process.cpuUsage();
  const two = await timeAsync(() => runEnginePool(w, pool));
  cpu.push(cpuMsSince(c));
  e2.push(two.ms);
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
