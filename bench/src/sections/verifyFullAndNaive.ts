/**
 * At the naive port's size (10,000 lines; 4,000 with --quick): the engine with `verify: 'full'` (EF) against (L),
 * and the naive HyperFormula port (N) against E; in the full run, EF at the full size too.
 */
import type { Totals } from '../baselineL.js';
import { baselineL } from '../baselineL.js';
import { baselineN } from '../baselineN.js';
import { compareTotals } from '../compareTotals.js';
import { workload } from '../data.js';
import { runEngine } from '../engine.js';
import { fmt, time, timeAlternating, timeMedian } from '../measure.js';
import { naiveCommissionDelta, withArtefacts } from '../naiveArtefacts.js';
import type { BenchContext } from './benchContext.js';

/** `size`: the naive port's workload; `e` and `l`: E's and (L)'s medians and totals at the full size. */
export function verifyFullAndNaive(ctx: BenchContext, size: { partners: number; lines: number }, e: { ms: number }, l: { ms: number; totals: Totals }) {
  const { say, failures, quick, runs: RUNS, big } = ctx;
  const small = workload('naive', size.partners, size.lines);
  const en = timeMedian(RUNS, () => runEngine(small));
  // verify full: HyperFormula recomputes every cell; every disagreement would be a precision_mismatch line.
  const [ef, lSmall] = timeAlternating(RUNS, () => runEngine(small, 'full'), () => baselineL(small));
  say(`EF engine, verify full at ${fmt(small.contracts.length)} lines: ${fmt(ef.ms)} ms vs L ${fmt(lSmall.ms)} ms → ${fmt(ef.ms / lSmall.ms, 1)}× (target ≤ 10×); ${ef.value.summary.verify?.mismatches ?? 0} disagreements`);
  failures.push(...compareTotals('E (verify full) vs L', ef.value.totals, lSmall.value));
  let efBigMs: number | undefined;
  if (!quick) {
    // verify full at the full size too: HyperFormula recomputes all 200,000 lines next to the engine
    const efBig = time(() => runEngine(big, 'full'));
    efBigMs = efBig.ms;
    say(`EF engine, verify full at ${fmt(big.contracts.length)} lines: ${fmt(efBig.ms)} ms vs L ${fmt(l.ms)} ms → ${fmt(efBig.ms / l.ms, 1)}×, E (sample) ${fmt(e.ms)} ms; ${efBig.value.summary.verify?.mismatches ?? 0} disagreements`);
    failures.push(...compareTotals('E (verify full, full size) vs L', efBig.value.totals, l.totals));
    if ((efBig.value.summary.verify?.mismatches ?? 0) > 0) failures.push(`verify full at ${big.contracts.length} lines: ${efBig.value.summary.verify!.mismatches} disagreements`);
  }
  if ((ef.value.summary.verify?.mismatches ?? 0) > 0) failures.push(`verify full: ${ef.value.summary.verify!.mismatches} lines where HyperFormula disagrees by more than half a cent`);
  const n = time(() => baselineN(small));
  say(`N  naive HyperFormula port at ${fmt(small.contracts.length)} lines: ${fmt(n.ms)} ms vs E ${fmt(en.ms)} ms → ${fmt(n.ms / en.ms, 1)}× (target ≥ 10×)`);
  // (N) rounds with ROUND on binary doubles: it must differ from the engine by exactly those half-cent lines.
  const artefacts = naiveCommissionDelta(small);
  say(`   (N) lands on the other cent on ${fmt(artefacts.lines)} lines (binary ROUND), changing ${fmt(artefacts.byPartner.size)} partner totals; the engine pays the exact decimal`);
  failures.push(...compareTotals('E (less binary-ROUND artefacts) vs N', withArtefacts(en.value.totals, artefacts.byPartner), n.value));
  return { small, en, ef, lSmall, efBigMs, n, artefacts };
}
