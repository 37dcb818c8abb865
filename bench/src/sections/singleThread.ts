/**
 * The bench's first section: the engine on one thread with `verify` 'sample' (E) and 'off' (E0), the hand-written
 * baseline (L) and the same with a run's duties done by hand (LD), taking turns on the full-size workload.
 */
import { baselineL } from '../baselineL.js';
import { baselineLD } from '../baselineLD.js';
import { compareTotals } from '../compareTotals.js';
import { runEngine } from '../engine.js';
import { fmt, timeAlternating } from '../measure.js';
import type { BenchContext } from './benchContext.js';

export function singleThread(ctx: BenchContext) {
  const { say, failures, runs: RUNS, big } = ctx;
  // E, E0 and (L) take turns, RUNS times each, and the medians are compared: one run of (L) is tens of milliseconds
  // at the quick size, so one garbage collection or busy moment would move a single-run ratio by whole units; and
  // each starts after the others' garbage alike (timed one after the other, E0 after E, E0 came out 17–38 % below E
  // at 20,000 lines, where taking turns in one process puts the sampled cross-check at ~7 %).
  // (LD), the same plan by hand with the run's duties done by hand too, takes its turn with them (baselineLD.ts).
  const [e, eOff, l, ld] = timeAlternating(RUNS, () => runEngine(big, 'sample'), () => runEngine(big, 'off'), () => baselineL(big), () => baselineLD(big));
  const eRate = (big.contracts.length / e.ms) * 1000;
  const v = e.value.summary.verify;
  say(`E  engine, 1 thread, traces, verify sample: ${fmt(e.ms)} ms (median of ${RUNS}), ${fmt(eRate)} lines/s, ${fmt(e.value.summary.lineCount)} statement lines (HyperFormula re-checked ${fmt(v?.lines ?? 0)} lines of ${v?.partners.length ?? 0} partners, ${v?.mismatches ?? 0} disagreements)`);
  say(`L  hand-written TS + decimal.js: ${fmt(l.ms)} ms (median of ${RUNS}, taking turns with E, E0 and LD) → E/L = ${fmt(e.ms / l.ms, 1)}× the time (target ≤ 2×)`);
  failures.push(...compareTotals('E vs L', e.value.totals, l.value));
  say(`E0 engine, 1 thread, traces, verify off: ${fmt(eOff.ms)} ms → E0/L = ${fmt(eOff.ms / l.ms, 1)}×`);
  failures.push(...compareTotals('E (verify off) vs L', eOff.value.totals, l.value));
  const perLine = (chars: number, lines: number) => fmt(chars / lines, 1);
  say(
    `LD hand-written as (L), with a run's duties done by hand (records checked, input hash, each line's trace values as columns, statements as JSON with their digests): ` +
      `${fmt(ld.ms)} ms (median of ${RUNS}, taking turns with E, E0 and L) → LD/L = ${fmt(ld.ms / l.ms, 1)}×; E/LD = ${fmt(e.ms / ld.ms, 2)}×, E0/LD = ${fmt(eOff.ms / ld.ms, 2)}× ` +
      `(statement JSON a line: E ${perLine(e.value.traceBytes, e.value.summary.lineCount)}, LD ${perLine(ld.value.jsonChars, ld.value.lines)} characters)`,
  );
  failures.push(...compareTotals('LD vs L', ld.value, l.value));
  if (ld.value.rejected > 0) failures.push(`LD rejected ${ld.value.rejected} sample contracts: the sample's records are all valid`);
  return { e, eOff, l, ld, eRate };
}
