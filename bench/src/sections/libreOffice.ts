/**
 * LibreOffice Calc on the naive workbook (S), measured fairly: a kept profile, the data-only load apart, and, in the
 * full run, LibreOffice and the engine both on one CPU (S1/E1), the ratio the ≥ 10 target is judged on.
 */
import type { Totals } from '../baselineL.js';
import { baselineS, hasSoffice, warmS, type SVariant } from '../baselineS.js';
import { compareTotals } from '../compareTotals.js';
import { runEngine } from '../engine.js';
import { fmt } from '../measure.js';
import { hasTaskset, timeTurnsOnCpu0 } from '../oneCpu.js';
import type { BenchContext } from './benchContext.js';

export interface LibreOfficeRow {
  format: string;
  oneCpu: boolean;
  ms: number;
  dataMs: number;
}

/** `e`: E's median and totals, `poolMs` E2's, `l` (L)'s totals, each from the sections before. */
export function libreOffice(ctx: BenchContext, e: { ms: number; totals: Totals }, poolMs: number, l: Totals) {
  const { say, failures, quick, runs: RUNS, big } = ctx;
  const sRows: LibreOfficeRow[] = [];
  if (!hasSoffice()) {
    say('S  LibreOffice: soffice not installed (apt-get install libreoffice-calc-nogui) — skipped');
    return { sRows, sMs: undefined, fair: undefined, sCompute: undefined };
  }
  let fair: { s1Ms: number; e1Ms: number; eInTurnsMs: number } | undefined;
  // The quick run (CI) measures the flat ODF only: each LibreOffice start costs seconds there. The full run adds the
  // .xlsx, and the flat ODF again with LibreOffice and the engine both on one CPU (oneCpu.ts): LibreOffice uses
  // every CPU it is given, E one thread.
  const oneCpu = !quick && hasTaskset();
  const variants: SVariant[] = quick ? [{ format: 'fods' }] : [{ format: 'fods' }, { format: 'xlsx' }, ...(oneCpu ? [{ format: 'fods' as const, oneCpu: true }] : [])];
  warmS({ ...big, contracts: big.contracts.slice(0, 100) }); // the kept profile, LibreOffice's files in the disk cache
  for (const s of baselineS(big, variants)) {
    sRows.push({ format: s.format, oneCpu: s.oneCpu, ms: s.ms, dataMs: s.dataMs });
    const compute = s.ms - s.dataMs;
    const where = s.oneCpu ? 'on CPU 0 alone' : 'on every CPU';
    say(
      `S  LibreOffice Calc headless, .${s.format} (per-cell formulas, SUMIFS), kept profile, ${where}: ${fmt(s.ms)} ms end to end, of which ${fmt(s.dataMs)} ms the same file without formulas (load + CSV) → computing ${fmt(compute)} ms` +
        (s.oneCpu ? '' : `; S/E = ${fmt(s.ms / e.ms, 2)}, S/E2 = ${fmt(s.ms / poolMs, 2)}, (S − data)/E = ${fmt(compute / e.ms, 2)}`),
    );
    failures.push(...compareTotals(`E vs S (.${s.format}, ${where})`, e.totals, s.totals));
  }
  const s1 = sRows.find((r) => r.oneCpu);
  if (s1) {
    const { pinned: e1, free } = timeTurnsOnCpu0(RUNS, () => runEngine(big));
    failures.push(...compareTotals('E on CPU 0 vs L', e1.value.totals, l));
    fair = { s1Ms: s1.ms, e1Ms: e1.ms, eInTurnsMs: free.ms };
    say(
      `E1 engine as E, every thread of the process on CPU 0: ${fmt(e1.ms)} ms (median of ${RUNS}, taking turns with E on every CPU: ${fmt(free.ms)} ms) → ` +
        `S1/E1 = ${fmt(s1.ms / e1.ms, 2)}: LibreOffice and the engine on the same one CPU (target ≥ 10)`,
    );
  } else if (!quick) say('   (no taskset: LibreOffice and the engine are not compared on one CPU; S/E is LibreOffice on every CPU against one thread)');
  const sCompute = Math.min(...sRows.map((r) => r.ms - r.dataMs));
  return { sRows, sMs: sRows[0]!.ms, fair, sCompute };
}
