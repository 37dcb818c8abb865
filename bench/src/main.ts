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
import { baselineL } from './baselineL.js';
import { baselineLD } from './baselineLD.js';
import { compareTotals } from './compareTotals.js';
import { workload, type Workload } from './data.js';
import { runEngine } from './engine.js';
import { stopUnlessShippedBuild, measuringSources } from './shippedBuild.js';
import { fmt, peakRssMb, time } from './measure.js';
import type { BenchContext } from './sections/benchContext.js';
import { libreOffice } from './sections/libreOffice.js';
import { livePreview } from './sections/livePreview.js';
import { singleThread } from './sections/singleThread.js';
import { verifyFullAndNaive } from './sections/verifyFullAndNaive.js';
import { workerPool } from './sections/workerPool.js';

const args = new Set(process.argv.slice(2));
const quick = args.has('--quick');
const SIZES = quick ? { big: 20_000, naive: 4_000 } : { big: 200_000, naive: 10_000 };
/** The scaling table's sizes (lines; partners grow with them, 500 lines each). */
const SCALING = quick ? [10_000, 50_000] : args.has('--no-million') ? [10_000, 100_000] : [10_000, 100_000, 1_000_000];
const PARTNERS = 500;
/** Timed runs of E, E0, E2, L and EF, whose medians are reported (one each used to move the ratios by whole units). */
const RUNS = 3;

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
  const problems = compareTotals(`scaling ${lines} lines: E vs L`, t.value.totals, baselineL(w));
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
  const ctx: BenchContext = { say, failures, quick, runs: RUNS, big };

  // Warm-up (JIT, HyperFormula's parser) on a small slice, not timed: the engine and (L) alike.
  const warm = { ...big, contracts: big.contracts.slice(0, 2_000) };
  runEngine(warm);
  baselineL(warm);
  baselineLD(warm);

  const { e, eOff, l, ld, eRate } = singleThread(ctx);
  const { pool, eBeside, speedup, cpu, c2 } = await workerPool(ctx, l.value, e.value.summary.outputHash, { partners: PARTNERS, lines: SIZES.big });
  const { sRows, sMs, fair, sCompute } = libreOffice(ctx, { ms: e.ms, totals: e.value.totals }, pool.ms, l.value);
  const naive = verifyFullAndNaive(ctx, { partners: PARTNERS, lines: SIZES.naive }, e, { ms: l.ms, totals: l.value });
  const { ef, lSmall, en, n } = naive;
  // The quick workload's partners have 40 lines on average (its nearest to 500 has 364), so the quick run previews a
  // partner of its own workload of 50 partners, as the full one's 500 partners × 400 lines give (502 lines then, 500
  // in the full run).
  const { preview, pcount } = livePreview(ctx, quick ? workload('preview', PARTNERS / 10, SIZES.big) : big);

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
    naiveLines: naive.small.contracts.length,
    naiveMs: n.ms,
    engineAtNaiveSizeMs: en.ms,
    engineVerifyOffMs: eOff.ms,
    engineVerifyFullAtNaiveSizeMs: ef.ms,
    engineVerifyFullMs: naive.efBigMs,
    handWrittenAtNaiveSizeMs: lSmall.ms,
    verifySample: e.value.summary.verify,
    previewMs: preview,
    previewLines: pcount,
    million: child,
    scaling,
    peakRssMb: peakRssMb(),
    loadAverages: { start: loadAtStart, end: loadAtEnd },
    targets,
    naiveRoundArtefactLines: naive.artefacts.lines,
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
