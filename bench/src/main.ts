/**
 * `pnpm bench`: sample plan (a) on 500 partners × 200,000 lines, traces kept, against baselines run in the same
 * process on the same data: (L) hand-written TypeScript + decimal.js, (N) the naive HyperFormula port (per-cell
 * formulas, SUMIFS per partner) at a size where it finishes, and (S) LibreOffice Calc headless (kept profile; .fods
 * and .xlsx; the data-only load measured apart) when `soffice` is installed; then a scaling table, each size in its own
 * process for its peak RSS. Prints lines/s, ratios and peak RSS, and fails when any configuration disagrees.
 * Options: --quick (smaller sizes, for CI), --no-million (the scaling table without its 1,000,000-line row, which
 * takes minutes), --scaling-only (only the scaling table, the M rows), --scale-child N (internal).
 */
import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { evaluate } from '@provvigo/core';
import { WorkbookSession, hyperFormulaEngine } from '@provvigo/core/hyperformula';
import { createEvaluationPool } from '@provvigo/pool';
import { baselineL, type Totals } from './baselineL.js';
import { baselineLD } from './baselineLD.js';
import { baselineN } from './baselineN.js';
import { naiveCommissionDelta, withArtefacts } from './naiveArtefacts.js';
import { baselineS, hasSoffice, warmS, type SVariant } from './baselineS.js';
import { hasTaskset, timeTurnsOnCpu0 } from './oneCpu.js';
import { previewInput } from './previewInput.js';
import { workload, type Workload } from './data.js';
import { poolCpuParts, runEngine, runEnginePool } from './engine.js';
import { twoAtOnce } from './twoAtOnce.js';
import { stopUnlessShippedBuild, measuringSources } from './shippedBuild.js';
import { fmt, median, peakRssMb, time, timeAlternating, timeMedian, timeTurnsAsync } from './measure.js';

const args = new Set(process.argv.slice(2));
const quick = args.has('--quick');
const SIZES = quick ? { big: 20_000, naive: 4_000 } : { big: 200_000, naive: 10_000 };
/** The scaling table's sizes (lines; partners grow with them, 500 lines each). */
const SCALING = quick ? [10_000, 50_000] : args.has('--no-million') ? [10_000, 100_000] : [10_000, 100_000, 1_000_000];
const PARTNERS = 500;
/** Timed runs of E, E0, E2, L and EF, whose medians are reported (one each used to move the ratios by whole units). */
const RUNS = 3;

function compare(name: string, a: Totals, b: Totals): string[] {
  const problems: string[] = [];
  for (const [partner, comps] of a.byPartner) {
    const other = b.byPartner.get(partner);
    for (const [c, v] of comps) {
      const w = other?.get(c) ?? '0.00';
      if (w !== v) problems.push(`${name}: partner ${partner} ${c}: ${v} vs ${w}`);
    }
  }
  if (a.byPartner.size !== b.byPartner.size) problems.push(`${name}: ${a.byPartner.size} vs ${b.byPartner.size} partners`);
  return problems;
}

/** One row of the scaling table, in its own process (its peak RSS is the engine's alone): the engine, then (L). */
async function scaleChild(lines: number): Promise<void> {
  // The generator's records as they are: copying a million in table order leaves V8 holding ~80 MiB more pages after
  // the copy (peak RSS 837 against 759 MiB), the harness's and not the engine's; its time here barely depends on it.
  const w = workload(`scale-${lines}`, Math.max(1, Math.round(lines / 500)), lines, 7, 'generated');
  runEngine({ ...w, contracts: w.contracts.slice(0, 2_000) }); // JIT and HyperFormula warmed, as in the main process
  // The input is the bench's own making: its generator's garbage (it peaks at ~700 MB making a million contracts, 261 MB
  // of which stay live) is collected before the run, as benchmarks collect between iterations, so the peak RSS is
  // the engine's with its input, not the harness's. Without it the million-line row peaked at 951 MiB, with it 788–843 MiB.
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('[bench] the scaling rows need --expose-gc (the bench scripts pass it)');
  gc();
  const t = time(() => runEngine(w));
  const rss = peakRssMb();
  const problems = compare(`scaling ${lines} lines: E vs L`, t.value.totals, baselineL(w));
  process.stdout.write(JSON.stringify({ lines: w.contracts.length, partners: w.partners.length, statementLines: t.value.summary.lineCount, ms: t.ms, peakRssMb: rss, problems }));
}

type ScalingRow = { lines: number; partners: number; ms: number; peakRssMb: number; statementLines: number };

/** The scaling table: each size in a child process, for its own peak RSS; time per line should stay flat. */
function scalingTable(say: (s: string) => void, failures: string[]): ScalingRow[] {
  const here = fileURLToPath(import.meta.url);
  const scaling: ScalingRow[] = [];
  for (const lines of SCALING) {
    const row = JSON.parse(execFileSync(process.execPath, [...process.execArgv, here, '--scale-child', String(lines)], { encoding: 'utf8', maxBuffer: 1 << 20 })) as ScalingRow & { problems: string[] };
    failures.push(...row.problems);
    const { problems: _p, ...kept } = row;
    scaling.push(kept);
    const perLine = (row.ms / row.lines) * 1000;
    const first = scaling[0]!;
    say(
      `M  ${fmt(row.lines)} lines, ${fmt(row.partners)} partners, 1 thread, traces, verify sample: ${fmt(row.ms)} ms, ${fmt((row.lines / row.ms) * 1000)} lines/s, ${fmt(perLine, 1)} µs/line ` +
        `(${fmt(perLine / ((first.ms / first.lines) * 1000), 2)}× the ${fmt(first.lines)}-line row), peak RSS ${fmt(row.peakRssMb)} MiB`,
    );
  }
  if (!SCALING.includes(1_000_000)) say('   (the 1,000,000-line row runs in `pnpm bench` without --no-million)');
  return scaling;
}

/** `--scaling-only`: the scaling table alone (the M rows, 1,000,000 lines included unless --no-million), with the load. */
function scalingOnly(): void {
  const say = (s: string) => process.stdout.write(`${s}\n`);
  const load = () => loadavg().map((x) => x.toFixed(1)).join(' ');
  say(`# Provvigo bench — scaling table only (load averages ${load()})`);
  say(sourcesNote());
  const failures: string[] = [];
  scalingTable(say, failures);
  say(`load averages at the end: ${load()}`);
  if (failures.length > 0) {
    say(failures.join('\n'));
    process.exitCode = 1;
  }
}

/**
 * The ≥ 10× LibreOffice target, judged fairly = on the same CPUs: both on one (S1/E1) when taskset is there, else
 * LibreOffice on every CPU against E on one thread (S/E).
 */
function tenTimesFasterThanS(sMs: number | undefined, fair: { s1Ms: number; e1Ms: number } | undefined, eMs: number, poolMs: number): string {
  if (sMs === undefined) return 'not measured (no soffice)';
  if (!fair) return eMs * 10 <= sMs ? 'met' : `missed: S/E = ${fmt(sMs / eMs, 2)}`;
  const verdict = fair.e1Ms * 10 <= fair.s1Ms ? 'met' : 'missed';
  return `${verdict}: S1/E1 = ${fmt(fair.s1Ms / fair.e1Ms, 2)} on one CPU (S/E = ${fmt(sMs / eMs, 2)} with LibreOffice on every CPU and E on one thread, S/E2 = ${fmt(sMs / poolMs, 2)})`;
}

async function main(): Promise<void> {
  const results: Record<string, unknown> = { date: new Date().toISOString(), node: process.version, quick, measured: measuringSources() ? 'sources through tsx' : 'built packages' };
  const failures: string[] = [];
  const say = (s: string) => process.stdout.write(`${s}\n`);

  // The machine may be shared: the load averages (1, 5, 15 min) at the start and end say how far to trust the times.
  const load = () => loadavg().map((x) => x.toFixed(1)).join(' ');
  const loadAtStart = load();
  say(`# Provvigo bench — plan (a), ${fmt(PARTNERS)} partners, Node ${process.version} (load averages ${loadAtStart})`);
  // Node 22 and 24 are the supported runtimes; V8's compilers differ enough between majors to move E by half.
  if (Number(process.versions.node.split('.')[0]) < 22) say(`   Node ${process.version} is not a supported runtime (22 and 24 LTS are): these figures are not the product's`);
  say(sourcesNote());
  const big = workload('big', PARTNERS, SIZES.big);
  say(`workload: ${fmt(big.contracts.length)} lines, ${fmt(big.partners.length)} partners`);

  // Warm-up (JIT, HyperFormula's parser) on a small slice, not timed: the engine and (L) alike.
  const warm = { ...big, contracts: big.contracts.slice(0, 2_000) };
  runEngine(warm);
  baselineL(warm);
  baselineLD(warm);

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
  failures.push(...compare('E vs L', e.value.totals, l.value));
  say(`E0 engine, 1 thread, traces, verify off: ${fmt(eOff.ms)} ms → E0/L = ${fmt(eOff.ms / l.ms, 1)}×`);
  failures.push(...compare('E (verify off) vs L', eOff.value.totals, l.value));
  const perLine = (chars: number, lines: number) => fmt(chars / lines, 1);
  say(
    `LD hand-written as (L), with a run's duties done by hand (records checked, input hash, each line's trace values as columns, statements as JSON with their digests): ` +
      `${fmt(ld.ms)} ms (median of ${RUNS}, taking turns with E, E0 and L) → LD/L = ${fmt(ld.ms / l.ms, 1)}×; E/LD = ${fmt(e.ms / ld.ms, 2)}×, E0/LD = ${fmt(eOff.ms / ld.ms, 2)}× ` +
      `(statement JSON a line: E ${perLine(e.value.traceBytes, e.value.summary.lineCount)}, LD ${perLine(ld.value.jsonChars, ld.value.lines)} characters)`,
  );
  failures.push(...compare('LD vs L', ld.value, l.value));
  if (ld.value.rejected > 0) failures.push(`LD rejected ${ld.value.rejected} sample contracts: the sample's records are all valid`);

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
  failures.push(...compare('E (in turns with E2) vs L', eBeside.value.totals, l.value));
  if (pool.value.summary.outputHash !== e.value.summary.outputHash) failures.push('worker pool output hash differs from the single-threaded run');
  // Where the pool's CPU time goes (thread time, the last timed run): on two cores, E2 can only reach 2× E if it stays near E's.
  const cpu = pool.value.cpu && poolCpuParts(pool.value.cpu);
  if (cpu) {
    say(
      `E2 CPU time by thread, last run: calling thread ${fmt(cpu.encode)} ms encoding partitions + ${fmt(cpu.hash)} ms hashing the input; ` +
        `workers ${fmt(cpu.decode)} ms decoding + ${fmt(cpu.evaluate)} ms evaluating; ${fmt(cpu.total)} ms in all against E's ${fmt(eBeside.ms)} ms on one thread`,
    );
  }
  // What two threads give E's work here: the reference E2 is read against (twoAtOnce.ts says why it is below 2×).
  const c2 = await twoAtOnce(RUNS, { name: 'big', partners: PARTNERS, lines: SIZES.big });
  say(
    `C2 two copies of E at once, each on its own worker thread with the whole workload: ${fmt(c2.together)} ms for both, ${fmt(c2.alone)} ms for one alone (medians of ${RUNS}) ` +
      `→ ${fmt(c2.ratio, 2)}×: what two threads give E's work on this machine; E2 reaches ${fmt((100 * speedup) / c2.ratio)} % of it`,
  );

  let sMs: number | undefined;
  let fair: { s1Ms: number; e1Ms: number; eInTurnsMs: number } | undefined;
  const sRows: Array<{ format: string; oneCpu: boolean; ms: number; dataMs: number }> = [];
  if (hasSoffice()) {
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
          (s.oneCpu ? '' : `; S/E = ${fmt(s.ms / e.ms, 2)}, S/E2 = ${fmt(s.ms / pool.ms, 2)}, (S − data)/E = ${fmt(compute / e.ms, 2)}`),
      );
      failures.push(...compare(`E vs S (.${s.format}, ${where})`, e.value.totals, s.totals));
    }
    sMs = sRows[0]!.ms;
    const s1 = sRows.find((r) => r.oneCpu);
    if (s1) {
      const { pinned: e1, free } = timeTurnsOnCpu0(RUNS, () => runEngine(big));
      failures.push(...compare('E on CPU 0 vs L', e1.value.totals, l.value));
      fair = { s1Ms: s1.ms, e1Ms: e1.ms, eInTurnsMs: free.ms };
      say(
        `E1 engine as E, every thread of the process on CPU 0: ${fmt(e1.ms)} ms (median of ${RUNS}, taking turns with E on every CPU: ${fmt(free.ms)} ms) → ` +
          `S1/E1 = ${fmt(s1.ms / e1.ms, 2)}: LibreOffice and the engine on the same one CPU (target ≥ 10)`,
      );
    } else if (!quick) say('   (no taskset: LibreOffice and the engine are not compared on one CPU; S/E is LibreOffice on every CPU against one thread)');
  } else say('S  LibreOffice: soffice not installed (apt-get install libreoffice-calc-nogui) — skipped');
  const sCompute = sRows.length > 0 ? Math.min(...sRows.map((r) => r.ms - r.dataMs)) : undefined;

  const small = workload('naive', PARTNERS, SIZES.naive);
  const en = timeMedian(RUNS, () => runEngine(small));
  // verify full: HyperFormula recomputes every cell; every disagreement would be a precision_mismatch line.
  const [ef, lSmall] = timeAlternating(RUNS, () => runEngine(small, 'full'), () => baselineL(small));
  say(`EF engine, verify full at ${fmt(small.contracts.length)} lines: ${fmt(ef.ms)} ms vs L ${fmt(lSmall.ms)} ms → ${fmt(ef.ms / lSmall.ms, 1)}× (target ≤ 10×); ${ef.value.summary.verify?.mismatches ?? 0} disagreements`);
  failures.push(...compare('E (verify full) vs L', ef.value.totals, lSmall.value));
  let efBigMs: number | undefined;
  if (!quick) {
    // verify full at the full size too: HyperFormula recomputes all 200,000 lines next to the engine
    const efBig = time(() => runEngine(big, 'full'));
    efBigMs = efBig.ms;
    say(`EF engine, verify full at ${fmt(big.contracts.length)} lines: ${fmt(efBig.ms)} ms vs L ${fmt(l.ms)} ms → ${fmt(efBig.ms / l.ms, 1)}×, E (sample) ${fmt(e.ms)} ms; ${efBig.value.summary.verify?.mismatches ?? 0} disagreements`);
    failures.push(...compare('E (verify full, full size) vs L', efBig.value.totals, l.value));
    if ((efBig.value.summary.verify?.mismatches ?? 0) > 0) failures.push(`verify full at ${big.contracts.length} lines: ${efBig.value.summary.verify!.mismatches} disagreements`);
  }
  if ((ef.value.summary.verify?.mismatches ?? 0) > 0) failures.push(`verify full: ${ef.value.summary.verify!.mismatches} lines where HyperFormula disagrees by more than half a cent`);
  const n = time(() => baselineN(small));
  say(`N  naive HyperFormula port at ${fmt(small.contracts.length)} lines: ${fmt(n.ms)} ms vs E ${fmt(en.ms)} ms → ${fmt(n.ms / en.ms, 1)}× (target ≥ 10×)`);
  // (N) rounds with ROUND on binary doubles: it must differ from the engine by exactly those half-cent lines.
  const artefacts = naiveCommissionDelta(small);
  say(`   (N) lands on the other cent on ${fmt(artefacts.lines)} lines (binary ROUND), changing ${fmt(artefacts.byPartner.size)} partner totals; the engine pays the exact decimal`);
  failures.push(...compare('E (less binary-ROUND artefacts) vs N', withArtefacts(en.value.totals, artefacts.byPartner), n.value));

  // Live preview: one partner of ~500 lines re-evaluated after a formula edit. The quick workload's partners have
  // 40 lines on average (its nearest to 500 has 364), so the quick run previews a partner of its own workload of 50
  // partners, as the full one's 500 partners × 400 lines give (502 lines then, 500 in the full run).
  const { lines: pcount, inputOf } = previewInput(quick ? workload('preview', PARTNERS / 10, SIZES.big) : big);
  // The builder keeps a workbook session for the partner being previewed; each edit re-evaluates through it. The
  // edits follow one another, as a designer's do; the fresh evaluations that check them run after, in their own loop
  // (interleaved, each preview began with the garbage of a fresh build to collect: medians 15.3–18.5 ms against
  // 13.5–14.0 ms consecutive, alternated on the 200,000-line workload's 500-line partner, 2026-12-04).
  const EDITS = 22;
  const session = new WorkbookSession();
  const previews: number[] = [];
  const shown: string[] = [];
  for (let k = 0; k < EDITS; k++) {
    // A preview records nothing, so it computes no audit hashes (as the builder's preview does).
    const t = time(() => evaluate(inputOf(k), { formulaEngine: hyperFormulaEngine({ licenseKey: 'gpl-v3', session }), verify: 'full', hashInputs: false, hashOutputs: false }));
    if (k >= 2) previews.push(t.ms);
    shown.push(JSON.stringify(t.value.statements));
  }
  session.dispose();
  const fresh: number[] = [];
  for (let k = 0; k < EDITS; k++) {
    // Fresh in every part: a new workbook, and a copy of the records array, so core's memo of checked facts (kept
    // for the same array holding the same records) checks them again.
    const input = inputOf(k);
    const copy = { ...input, facts: { contracts: [...input.facts.contracts] } };
    const f = time(() => evaluate(copy, { formulaEngine: hyperFormulaEngine({ licenseKey: 'gpl-v3' }), verify: 'full', hashInputs: false, hashOutputs: false }));
    if (k >= 2) fresh.push(f.ms);
    if (shown[k] !== JSON.stringify(f.value.statements)) failures.push(`live preview of edit ${k} differs from a fresh evaluation`);
  }
  const preview = median(previews);
  say(`P  live preview, one partner of ${pcount} lines after a formula edit: median ${fmt(preview, 1)} ms of ${previews.length} consecutive edits with a kept workbook (target ≤ 20 ms), ${fmt(median(fresh), 1)} ms building it afresh`);

  const scaling = scalingTable(say, failures);
  const child = scaling.find((r) => r.lines === 1_000_000);

  const targets = {
    tenTimesFasterThanS: tenTimesFasterThanS(sMs, fair, e.ms, pool.ms),
    fasterThanSComputeOnly: sCompute === undefined ? 'not measured (no soffice)' : e.ms <= sCompute ? 'met' : `missed: (S − data)/E = ${fmt(sCompute / e.ms, 2)}`,
    // The first bench's target was 20,000 lines/s per core; issue 15 restates E/L ≤ 2× as "about 250k lines/s per
    // core", which is judged as withinTwiceL: both are printed, so a "met" here is never read as issue 15's.
    linesPerSecondPerCore: `${eRate >= 20_000 ? 'met' : 'missed'}: ${fmt(eRate)} lines/s against the first bench's 20,000; issue 15's ~250,000 (E/L ≤ 2× restated) ${eRate >= 250_000 ? 'met' : 'missed'}`,
    withinTwiceL: e.ms <= 2 * l.ms ? 'met' : `missed: ${fmt(e.ms / l.ms, 1)}×`,
    verifyFullWithinTenTimesL: ef.ms <= 10 * lSmall.ms ? 'met' : `missed: ${fmt(ef.ms / lSmall.ms, 1)}×`,
    tenTimesN: n.ms / en.ms >= 10 ? 'met' : `missed: ${fmt(n.ms / en.ms, 1)}×`,
    // 1 GB read strictly, as 10^9 bytes (peakRssMb is in MiB: 954 MiB is 10^9 bytes)
    millionWithin1GB:
      child === undefined
        ? 'not measured (--quick or --no-million)'
        : `${child.peakRssMb * 2 ** 20 <= 1e9 ? 'met' : 'missed'}: ${fmt(child.peakRssMb)} MiB = ${fmt((child.peakRssMb * 2 ** 20) / 1e6)} MB`,
    preview20ms: preview <= 20 ? 'met' : `missed: ${fmt(preview, 1)} ms`,
    pool18x: speedup >= 1.8 ? 'met' : `missed: ${fmt(speedup, 2)}× (two copies of E at once: ${fmt(c2.ratio, 2)}×)`,
  };
  const loadAtEnd = load();
  Object.assign(results, {
    lines: big.contracts.length,
    engineMs: e.ms,
    engineLinesPerSecond: eRate,
    handWrittenMs: l.ms,
    handWrittenWithDutiesMs: ld.ms,
    engineOverHandWrittenWithDuties: e.ms / ld.ms,
    statementJsonCharsPerLine: { engine: e.value.traceBytes / e.value.summary.lineCount, handWrittenWithDuties: ld.value.jsonChars / ld.value.lines },
    poolMs: pool.ms,
    engineInTurnsWithPoolMs: eBeside.ms,
    poolSpeedup: speedup,
    poolCpu: cpu,
    twoAtOnce: c2,
    libreOfficeMs: sMs,
    libreOffice: sRows,
    oneCpu: fair,
    naiveLines: small.contracts.length,
    naiveMs: n.ms,
    engineAtNaiveSizeMs: en.ms,
    engineVerifyOffMs: eOff.ms,
    engineVerifyFullAtNaiveSizeMs: ef.ms,
    engineVerifyFullMs: efBigMs,
    handWrittenAtNaiveSizeMs: lSmall.ms,
    verifySample: v,
    previewMs: preview,
    previewLines: pcount,
    million: child,
    scaling,
    peakRssMb: peakRssMb(),
    loadAverages: { start: loadAtStart, end: loadAtEnd },
    targets,
    naiveRoundArtefactLines: artefacts.lines,
    agreement: failures.length === 0 ? 'all agree to the cent' : failures.slice(0, 20),
  });
  say(`peak RSS of this process: ${fmt(peakRssMb())} MiB; load averages ${loadAtStart} → ${loadAtEnd}`);
  say(`targets: ${JSON.stringify(targets)}`);
  mkdirSync(new URL('../results/', import.meta.url), { recursive: true });
  writeFileSync(new URL(`../results/${quick ? 'quick' : 'latest'}.json`, import.meta.url), `${JSON.stringify(results, null, 2)}\n`);
  if (failures.length > 0) {
    say(`DISAGREEMENT (${failures.length}):\n${failures.slice(0, 20).join('\n')}`);
    process.exitCode = 1;
  } else say('agreement: E, E2, L, LD, N' + (sMs === undefined ? '' : ', S') + ' agree to the cent');
}

/** What the bench times: the built packages (shippedBuild.ts), or the sources when started with their condition. */
function sourcesNote(): string {
  return measuringSources()
    ? '   measuring the TypeScript sources through tsx (--conditions=@provvigo/source): not the built packages that ship'
    : 'measuring the built packages (dist/), as they ship';
}

const scaleAt = process.argv.indexOf('--scale-child');
if (scaleAt >= 0) await scaleChild(Number(process.argv[scaleAt + 1]));
else {
  stopUnlessShippedBuild();
  if (args.has('--scaling-only')) scalingOnly();
  else await main();
}
export type { Workload };
