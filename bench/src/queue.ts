/**
 * Queue throughput: the same workload evaluated through BullMQ on Redis by 1, 2 and 4 `provvigo worker` processes,
 * results in PostgreSQL; then the fixed cost of one partition (many tiny partitions on one worker). Every run must give
 * the same output hash. Writes results/queue.json. Not part of `pnpm bench` or CI (it needs Redis and PostgreSQL and
 * takes minutes): `pnpm --filter @provvigo/bench run bench:queue [--lines 1000000] [--workers 1,2,4] [--partitions N] [--quick]`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { RunInput } from '@provvigo/core';
import { defaultPartitionCount, evaluateOnQueue } from '@provvigo/queue';
import { openDatabase } from '@provvigo/store';
import { workload } from './data.js';

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

interface QueueRun {
  workers: number;
  partitions: number;
  lines: number;
  seconds: number;
  linesPerSecond: number;
  phases: Record<string, number>;
  /** Sum over partitions of the worker's time (load snapshot, evaluate, write), seconds. */
  workerSeconds: number;
  outputHash: string;
}

async function run(input: RunInput, workers: number, partitions: number, tag: string): Promise<QueueRun> {
  const schema = `bench_queue_${process.pid}_${tag}`;
  const target = `${PG}${PG.includes('?') ? '&' : '?'}schema=${schema}`;
  const db = await openDatabase(target);
  const prefix = `provvigo-bench-${process.pid}-${tag}`;
  const procs = await startWorkers(workers, target, prefix);
  const phases: Record<string, number> = {};
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
    const workerMs = procs.flatMap((p) => p.lines).map((l) => /written, \d+ statement\(s\) in (\d+) ms/.exec(l)?.[1]).filter(Boolean).map(Number);
    return {
      workers,
      partitions,
      lines,
      seconds: Math.round(seconds * 10) / 10,
      linesPerSecond: Math.round(lines / seconds),
      phases,
      workerSeconds: Math.round(workerMs.reduce((a, b) => a + b, 0) / 100) / 10,
      outputHash: result.outputHash,
    };
  } finally {
    await stopWorkers(procs);
    await db.exec(`DROP SCHEMA ${schema} CASCADE`).catch(() => {});
    await db.close();
  }
}

const w = workload('queue', PARTNERS, LINES);
const input: RunInput = { period: w.period, plans: [w.plan], partners: w.partners, factSchema: w.factSchema, facts: { contracts: w.contracts } };
const partitions = Number(opt('partitions', String(defaultPartitionCount(input))));
console.log(`workload: ${LINES.toLocaleString('en-US')} lines, ${PARTNERS} partners, ${partitions} partitions, traces off`);
// fixed cost per partition first: 48 partitions of a tiny workload on one worker
const tiny = workload('tiny', 48, 480);
const tinyInput: RunInput = { period: tiny.period, plans: [tiny.plan], partners: tiny.partners, factSchema: tiny.factSchema, facts: { contracts: tiny.contracts } };
const overhead = await run(tinyInput, 1, 48, 'tiny');
const perPartitionMs = Math.round((overhead.seconds * 1000) / 48);
console.log(`per-partition cost (48 partitions of 10 lines, 1 worker): ${perPartitionMs} ms, of which worker-side ${Math.round((overhead.workerSeconds * 1000) / 48)} ms`);
const runs: QueueRun[] = [];
// results are written after every run, so a run cut short still leaves the figures measured so far
const save = () =>
  writeFileSync(
    fileURLToPath(new URL('../results/queue.json', import.meta.url)),
    `${JSON.stringify({ at: new Date().toISOString(), node: process.version, lines: LINES, partners: PARTNERS, partitions, runs, overhead: { ...overhead, perPartitionMs } }, null, 2)}\n`,
  );
save();
for (const n of WORKERS) {
  const r = await run(input, n, partitions, `w${n}`);
  runs.push(r);
  save();
  console.log(`${n} worker(s): ${r.seconds} s, ${r.linesPerSecond} lines/s; phases ${JSON.stringify(r.phases)} ms; worker time ${r.workerSeconds} s; output ${r.outputHash.slice(0, 12)}…`);
}
if (new Set(runs.map((r) => r.outputHash)).size !== 1) {
  console.error('output hashes differ between worker counts');
  process.exit(1);
}
process.exit(0);
