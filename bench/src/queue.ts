/**
 * Queue throughput: the same workload evaluated through BullMQ on Redis by 1, 2 and 4 `provvigo worker` processes,
 * results in PostgreSQL; then the fixed cost of one partition (many tiny partitions on one worker). Every run must give
 * the same output hash. Writes results/queue.json. Not part of `pnpm bench` or CI (it needs Redis and PostgreSQL and
 * takes minutes): `pnpm --filter @provvigo/bench run bench:queue [--lines 1000000] [--partners N] [--workers 1,2,4] [--partitions N] [--quick] [--tiny 48] [--out queue]`.
 * Each figure carries the machine's load averages (as `uptime` prints them) at its start and end: on a shared machine
 * they say how much of the CPU the figure had.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { RunInput } from '@provvigo/core';
import { defaultPartitionCount, evaluateOnQueue } from '@provvigo/queue';
import { openDatabase } from '@provvigo/store';
import { engineInput, workload } from './data.js';

const argv = process.argv.slice(2);
const opt = (name: string, fallback: string): string => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] ? argv[i + 1]! : fallback;
};
const quick = argv.includes('--quick');
const LINES = Number(opt('lines', quick ? '50000' : '1000000'));
const PARTNERS = Number(opt('partners', String(Math.max(20, Math.round(LINES / 500)))));
const WORKERS = opt('workers', '1,2,4').split(',').map(Number);
const REDIS = opt('redis', process.env.PROVVIGO_BENCH_REDIS ?? 'redis://127.0.0.1:6379');
const PG = opt('db', process.env.PROVVIGO_BENCH_PG ?? 'postgres://postgres@127.0.0.1:5432/postgres');
const bin = fileURLToPath(new URL('../../packages/cli/src/bin.ts', import.meta.url));

interface Worker {
  child: ChildProcess;
  lines: string[];
}

async function startWorkers(n: number, db: string, prefix: string): Promise<Worker[]> {
  return Promise.all(
    Array.from({ length: n }, async () => {
      const child = spawn(process.execPath, ['--conditions=@provvigo/source', '--import', 'tsx', bin, 'worker', '--queue', REDIS, '--db', db, '--queue-prefix', prefix], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      const w: Worker = { child, lines: [] };
      let buf = '';
      await new Promise<void>((ready, fail) => {
        child.once('exit', (code) => fail(new Error(`worker exited (${code}) before it was ready`)));
        child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
          buf += chunk;
          const parts = buf.split('\n');
          buf = parts.pop()!;
          w.lines.push(...parts);
          if (parts.some((l) => l.includes('waiting for partitions'))) ready();
        });
      });
      return w;
    }),
  );
}

async function stopWorkers(workers: Worker[]): Promise<void> {
  await Promise.all(workers.map((w) => new Promise((done) => (w.child.once('exit', done), w.child.kill('SIGTERM')))));
}

/** A partition as its worker reported it (`provvigo worker`'s "written" line), milliseconds. */
interface PartitionTimes {
  ms: number;
  queued: number;
  handOver?: number;
  load: number;
  evaluate: number;
  write: number;
}

const WRITTEN = /written, \d+ statement\(s\) in (\d+) ms \(queued (\d+) ms(?:, hand-over (\d+) ms)?, load (\d+) ms, evaluate (\d+) ms, write (\d+) ms\)/;

function partitionTimes(lines: string[]): PartitionTimes[] {
  return lines.flatMap((l) => {
    const m = WRITTEN.exec(l);
    if (!m) return [];
    const [ms, queued, handOver, load, evaluate, write] = m.slice(1).map((v) => (v === undefined ? undefined : Number(v)));
    return [{ ms: ms!, queued: queued!, ...(handOver === undefined ? {} : { handOver }), load: load!, evaluate: evaluate!, write: write! }];
  });
}

/** Mean per partition of each part of a partition's time, and the overhead (everything but evaluation) as a share. */
function perPartition(times: PartitionTimes[]) {
  const mean = (f: (t: PartitionTimes) => number | undefined) => {
    const v = times.map(f).filter((x): x is number => x !== undefined);
    return v.length ? Math.round(v.reduce((a, b) => a + b, 0) / v.length) : 0;
  };
  const handOver = mean((t) => t.handOver);
  const load = mean((t) => t.load);
  const evaluate = mean((t) => t.evaluate);
  const write = mean((t) => t.write);
  const overhead = handOver + load + write;
  return { handOverMs: handOver, loadMs: load, evaluateMs: evaluate, writeMs: write, overheadMs: overhead, overheadShare: Math.round((overhead / Math.max(1, overhead + evaluate)) * 1000) / 1000 };
}

/** Load averages over 1, 5 and 15 minutes, as `uptime` prints them. */
const load = () => loadavg().map((l) => Math.round(l * 100) / 100);

interface QueueRun {
  workers: number;
  partitions: number;
  lines: number;
  seconds: number;
  linesPerSecond: number;
  /** Coordinator's phases, ms: storing snapshots and enqueuing, waiting for the partitions, merging. */
  phases: Record<string, number>;
  /** Sum over partitions of the worker's time (load snapshot, evaluate, write), seconds. */
  workerSeconds: number;
  /** Mean per partition, ms: hand-over (BullMQ's completion of a worker's previous job and claim of the next), load, evaluate, write. */
  perPartition: ReturnType<typeof perPartition>;
  /** `uptime` load averages (1, 5, 15 min) when the run started and ended. */
  loadAtStart: number[];
  loadAtEnd: number[];
  outputHash: string;
}

async function run(input: RunInput, workers: number, partitions: number, tag: string): Promise<QueueRun> {
  const schema = `bench_queue_${process.pid}_${tag}`;
  const target = `${PG}${PG.includes('?') ? '&' : '?'}schema=${schema}`;
  const db = await openDatabase(target);
  const prefix = `provvigo-bench-${process.pid}-${tag}`;
  const procs = await startWorkers(workers, target, prefix);
  const phases: Record<string, number> = {};
  const loadAtStart = load();
  try {
    const t0 = performance.now();
    const result = await evaluateOnQueue(input, {
      queue: { url: REDIS, prefix },
      db,
      runId: `bench-${tag}`,
      partitions,
      keepTrace: false,
      onTiming: (phase, ms) => (phases[phase] = Math.round(ms)),
    });
    const seconds = (performance.now() - t0) / 1000;
    const lines = Object.values(input.facts).reduce((n, r) => n + r.length, 0);
    const times = partitionTimes(procs.flatMap((p) => p.lines));
    const workerMs = times.map((t) => t.ms);
    return {
      workers,
      partitions,
      lines,
      seconds: Math.round(seconds * 10) / 10,
      linesPerSecond: Math.round(lines / seconds),
      phases,
      workerSeconds: Math.round(workerMs.reduce((a, b) => a + b, 0) / 100) / 10,
      perPartition: perPartition(times),
      loadAtStart,
      loadAtEnd: load(),
      outputHash: result.outputHash,
    };
  } finally {
    await stopWorkers(procs);
    await db.exec(`DROP SCHEMA ${schema} CASCADE`).catch(() => {});
    await db.close();
  }
}

const w = workload('queue', PARTNERS, LINES);
const input: RunInput = engineInput(w);
const partitions = Number(opt('partitions', String(defaultPartitionCount(input))));
console.log(`workload: ${LINES.toLocaleString('en-US')} lines, ${PARTNERS} partners, ${partitions} partitions, traces off`);
// fixed cost per partition first: TINY partitions of 10 lines on one worker
const TINY = Number(opt('tiny', '48'));
const tiny = workload('tiny', TINY, TINY * 10);
const tinyInput: RunInput = { period: tiny.period, plans: [tiny.plan], partners: tiny.partners, factSchema: tiny.factSchema, facts: { contracts: tiny.contracts } };
const overhead = await run(tinyInput, 1, TINY, 'tiny');
const perPartitionMs = Math.round((overhead.seconds * 1000) / TINY);
console.log(
  `per-partition cost (${TINY} partitions of 10 lines, 1 worker): ${perPartitionMs} ms wall, of which worker-side ${Math.round((overhead.workerSeconds * 1000) / TINY)} ms ` +
    `${JSON.stringify(overhead.perPartition)}; load ${overhead.loadAtStart.join(' ')} → ${overhead.loadAtEnd.join(' ')}`,
);
const runs: QueueRun[] = [];
// results are written after every run, so a run cut short still leaves the figures measured so far
const save = () =>
  writeFileSync(
    fileURLToPath(new URL(`../results/${opt('out', 'queue')}.json`, import.meta.url)),
    `${JSON.stringify({ at: new Date().toISOString(), node: process.version, lines: LINES, partners: PARTNERS, partitions, runs, overhead: { ...overhead, perPartitionMs } }, null, 2)}\n`,
  );
save();
for (const n of WORKERS) {
  const r = await run(input, n, partitions, `w${n}`);
  runs.push(r);
  save();
  console.log(
    `${n} worker(s): ${r.seconds} s, ${r.linesPerSecond} lines/s; phases ${JSON.stringify(r.phases)} ms; worker time ${r.workerSeconds} s; ` +
      `per partition ${JSON.stringify(r.perPartition)} ms; load ${r.loadAtStart.join(' ')} → ${r.loadAtEnd.join(' ')}; output ${r.outputHash.slice(0, 12)}…`,
  );
}
if (new Set(runs.map((r) => r.outputHash)).size !== 1) {
  console.error('output hashes differ between worker counts');
  process.exit(1);
}
process.exit(0);
