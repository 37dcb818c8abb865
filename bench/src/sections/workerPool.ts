/**
 * The worker pool (E2), taking turns with E, and what two threads give E's own work on this machine (C2), the
 * reference E2 is read against.
 */
import type { Totals } from '../baselineL.js';
import { compareTotals } from '../compareTotals.js';
import { poolCpuParts, runEngine, runEnginePool } from '../engine.js';
import { fmt, timeTurnsAsync } from '../measure.js';
import { twoAtOnce } from '../twoAtOnce.js';
import { createEvaluationPool } from '@provvigo/pool';
import type { BenchContext } from './benchContext.js';

/** `shape`: the full-size workload's generator arguments (each C2 thread makes the workload itself). */
export async function workerPool(ctx: BenchContext, l: Totals, singleThreadOutputHash: string, shape: { partners: number; lines: number }) {
  const { say, failures, runs: RUNS, big } = ctx;
  const warm = { ...big, contracts: big.contracts.slice(0, 2_000) };
  const workers = createEvaluationPool(2);
  await runEnginePool(warm, workers); // warm the workers, not timed
  // The kept pool, timed RUNS times taking turns with E, and the speed-up read against that E: the machine's speed
  // drifts over minutes (one run's E, timed with L and E0, came out 45 % above its E0), and E timed minutes apart moved
  // the ratio with it. Its first full-size run also grows each worker's heap, so one run alone compared a cold pool
  // with a warm thread.
  const [eBeside, pool] = await timeTurnsAsync(RUNS, () => runEngine(big), () => runEnginePool(big, workers));
  await workers.close();
  const speedup = eBeside.ms / pool.ms;
  say(
    `E2 engine, 2 worker threads: ${fmt(pool.ms)} ms (median of ${RUNS}, taking turns with E: ${fmt(eBeside.ms)} ms), ${fmt((big.contracts.length / pool.ms) * 1000)} lines/s, ` +
      `speed-up ${fmt(speedup, 2)}× (target ≥ 1.8×)`,
  );
  failures.push(...compareTotals('E (in turns with E2) vs L', eBeside.value.totals, l));
  if (pool.value.summary.outputHash !== singleThreadOutputHash) failures.push('worker pool output hash differs from the single-threaded run');
  // Where the pool's CPU time goes (thread time, the last timed run): on two cores, E2 can only reach 2× E if it stays near E's.
  const cpu = pool.value.cpu && poolCpuParts(pool.value.cpu);
  if (cpu) {
    say(
      `E2 CPU time by thread, last run: calling thread ${fmt(cpu.encode)} ms encoding partitions + ${fmt(cpu.hash)} ms hashing the input; ` +
        `workers ${fmt(cpu.decode)} ms decoding + ${fmt(cpu.evaluate)} ms evaluating; ${fmt(cpu.total)} ms in all against E's ${fmt(eBeside.ms)} ms on one thread`,
    );
  }
  // What two threads give E's work here: the reference E2 is read against (twoAtOnce.ts says why it is below 2×).
  const c2 = await twoAtOnce(RUNS, { name: 'big', ...shape });
  say(
    `C2 two copies of E at once, each on its own worker thread with the whole workload: ${fmt(c2.together)} ms for both, ${fmt(c2.alone)} ms for one alone (medians of ${RUNS}) ` +
      `→ ${fmt(c2.ratio, 2)}×: what two threads give E's work on this machine; E2 reaches ${fmt((100 * speedup) / c2.ratio)} % of it`,
  );
  return { pool, eBeside, speedup, cpu, c2 };
}
