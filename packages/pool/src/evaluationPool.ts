import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { inputHash, mergeRunSummaries, splitRunInput, type EvaluateOptions, type RunInput, type RunSummary } from '@provvigo/core';
import { Piscina } from 'piscina';
import { factTableBuffers, encodeFactTable, type ColumnarTable } from './columns.js';
import { nativeSha256 } from './nativeSha256.js';
import { threadCpuLaps, threadCpuReadable } from './threadCpu.js';
import { isPartitionStarted, type PartitionStarted, type WorkerReply, type WorkerTask } from './task.js';

export interface ParallelOptions {
  /** Worker threads (default: the machine's available parallelism). */
  workers?: number;
  /** Return every statement's JSON, in partner order (default false: only the summary comes back). */
  collect?: boolean;
  /**
   * HyperFormula licence key: each worker then cross-checks its partners with its own HyperFormula engine, as much
   * as `options.verify` says (an engine object cannot cross threads, so `options.formulaEngine` is not used here).
   */
  licenseKey?: string;
  /**
   * Partitions the run is split into (default: twice the pool's size). Results never depend on it. Twice the workers:
   * the main thread encodes the partitions one by one, so with smaller ones the first worker starts sooner, and a
   * worker that finishes early takes the next one (bench workload on two workers, medians of six alternated runs,
   * 2026-12-04: 3,084 → 2,801 ms at 200,000 lines; 426 → 422 ms at 20,000 and 1,674 → 1,680 ms at 100,000, the same).
   */
  partitions?: number;
  /** Times a partition is sent to a worker before its run fails, when workers die under it (default 3). */
  attempts?: number;
  /** Called when a worker takes a partition (progress; the thread id names the worker among `pool.threads`). */
  onPartitionStart?: (started: Omit<PartitionStarted, 'kind' | 'runId'>) => void;
}

export interface ParallelResult {
  summary: RunSummary;
  /** Canonical JSON of each statement in partner order, when `collect` was set. */
  statements?: string[];
  /** Partitions sent again because the worker evaluating them died (0 on a healthy pool). */
  retried: number;
  /** Where the run's CPU time went, thread by thread (absent on a Node that cannot read a thread's CPU time). */
  cpu?: PoolCpu;
}

/**
 * CPU time, in milliseconds, of the threads' parts of one run: thread time, not wall time, so the figures say what
 * each part costs whatever else the machine ran. Encoding and decoding are what the pool adds to a single-threaded
 * run; hashing the input is that run's own cost, moved to the calling thread. On a machine with as many cores as
 * workers, the calling thread's part competes with the workers for them.
 */
export interface PoolCpu {
  /** The calling thread encoding partitions into columns for transfer (every attempt). */
  encodeMs: number;
  /** The calling thread hashing the whole input, while the workers evaluate. */
  hashMs: number;
  /** Each partition's worker thread decoding it and evaluating it (the attempt that answered), in partition order. */
  partitions: Array<{ index: number; threadId: number; decodeMs: number; evaluateMs: number }>;
}

/** A pool of worker threads kept for many runs, several at once (a server evaluating periods); `close()` when done. */
export interface EvaluationPool {
  readonly size: number;
  /** The live worker threads (a dead one is replaced by a new thread). */
  readonly threads: readonly Worker[];
  evaluate(input: RunInput, options: EvaluateOptions, parallel?: Omit<ParallelOptions, 'workers'>): Promise<ParallelResult>;
  close(): Promise<void>;
}

/** The worker script: the built one next to this file, or (running from TypeScript sources) the tsx bootstrap. */
function workerFile(): string {
  const fromSources = import.meta.url.endsWith('.ts');
  return new URL(fromSources ? './sourceWorker.mjs' : './worker.js', import.meta.url).href;
}

export function createEvaluationPool(workers: number = availableParallelism()): EvaluationPool {
  const size = Math.max(1, Math.min(workers, 64));
  const piscina = new Piscina<WorkerTask, WorkerReply>({
    filename: workerFile(),
    minThreads: size,
    maxThreads: size,
    idleTimeout: Number.POSITIVE_INFINITY,
    // one partition at a time per worker: evaluating is CPU-bound and synchronous
    concurrentTasksPerWorker: 1,
    execArgv: import.meta.url.endsWith('.ts') ? ['--conditions=@provvigo/source'] : [],
  });
  let nextRunId = 1;
  let closed = false;
  const listeners = new Map<number, NonNullable<ParallelOptions['onPartitionStart']>>();
  piscina.on('message', (message: unknown) => {
    if (!isPartitionStarted(message)) return;
    const { kind: _k, runId, ...started } = message;
    listeners.get(runId)?.(started);
  });
  // A worker dying with no task in hand is replaced by piscina; the event must not crash the embedding process.
  piscina.on('error', () => {});

  /** One partition to completion: sent again (to a new worker) while the worker under it dies. */
  async function runTask(task: Omit<WorkerTask, 'attempt'>, attempts: number, onRetry: () => void, cost: RunCost): Promise<WorkerReply> {
    for (let attempt = 1; ; attempt++) {
      try {
        // encoded again for each attempt: the buffers of a transfer are gone from this thread once sent
        const lap = threadCpuLaps();
        const { columns, transferList } = columnsOf(task.input);
        cost.encodeMs += lap();
        const facts = Object.fromEntries(Object.entries(task.input.facts).map(([name, records]) => [name, Object.hasOwn(columns, name) ? [] : records]));
        return await piscina.run({ ...task, input: { ...task.input, facts }, columns, attempt }, { transferList });
      } catch (e) {
        // The handler returns evaluation errors as replies: a rejection is a worker that died (or the pool closing).
        if (closed || attempt >= attempts) {
          throw new Error(`[provvigo] partition ${task.options.partition?.index ?? 0}: worker failed ${attempt} time(s): ${e instanceof Error ? e.message : String(e)}`);
        }
        onRetry();
      }
    }
  }

  return {
    size,
    get threads() {
      return piscina.threads;
    },
    async evaluate(input, options, parallel = {}) {
      if (closed) throw new Error('[provvigo] this evaluation pool is closed');
      const runId = nextRunId++;
      if (parallel.onPartitionStart) listeners.set(runId, parallel.onPartitionStart);
      try {
        return await runPartitions(input, options, parallel, runId, size, runTask);
      } finally {
        listeners.delete(runId);
      }
    },
    async close() {
      closed = true;
      await piscina.destroy();
    },
  };
}

/** The calling thread's CPU time spent encoding a run's partitions so far (every attempt's). */
interface RunCost {
  encodeMs: number;
}

/** The fact tables of a partition as columns, and the buffers to transfer (tables that cannot be encoded are left out). */
function columnsOf(input: RunInput): { columns: Record<string, ColumnarTable>; transferList: ArrayBuffer[] } {
  // Entries, then Object.fromEntries: a table named "__proto__" is encoded like any other (an assignment would set the prototype).
  const columns: Array<[string, ColumnarTable]> = [];
  const transferList: ArrayBuffer[] = [];
  for (const [name, records] of Object.entries(input.facts)) {
    const table = encodeFactTable(records);
    if (!table) continue;
    columns.push([name, table]);
    transferList.push(...factTableBuffers(table));
  }
  return { columns: Object.fromEntries(columns), transferList };
}

async function runPartitions(
  input: RunInput,
  options: EvaluateOptions,
  parallel: Omit<ParallelOptions, 'workers'>,
  runId: number,
  size: number,
  runTask: (task: Omit<WorkerTask, 'attempt'>, attempts: number, onRetry: () => void, cost: RunCost) => Promise<WorkerReply>,
): Promise<ParallelResult> {
  const count = Math.max(1, Math.min(parallel.partitions ?? 2 * size, 1024));
  const parts = splitRunInput(input, count);
  const collect = parallel.collect === true;
  const { onProgress: _p, createHash: _h, formulaEngine: _e, ...plain } = options;
  const licenseKey = parallel.licenseKey === undefined ? {} : { licenseKey: parallel.licenseKey };
  let retried = 0;
  const cost: RunCost = { encodeMs: 0 };
  const pending = parts.map(({ input: share, positions }, index) =>
    runTask(
      // the partition's records are named by their places in the caller's input (issues, records without a key)
      { runId, input: share, options: { ...plain, partition: { index, count }, positions, hashInputs: false }, collect, ...licenseKey },
      parallel.attempts ?? 3,
      () => {
        retried++;
      },
      cost,
    ),
  );
  // The workers are busy now: hash the whole input here meanwhile (each worker saw only its share).
  const lap = threadCpuLaps();
  const wholeInputHash = inputHash(input, nativeSha256);
  const hashMs = lap();
  const replies = await Promise.all(pending);
  const failed = replies.findIndex((r) => r.error !== undefined);
  if (failed >= 0) throw new Error(`worker ${failed}: ${replies[failed]!.error}`);
  const summary = mergeRunSummaries(replies.map((r) => r.summary!), nativeSha256);
  summary.inputHash = wholeInputHash;
  const result: ParallelResult = { summary, retried };
  const partitions = replies.map((r, index) => (r.cpu ? { index, ...r.cpu } : undefined));
  if (threadCpuReadable && partitions.every((p) => p !== undefined)) {
    result.cpu = { encodeMs: cost.encodeMs, hashMs, partitions };
  }
  if (collect) {
    result.statements = replies
      .flatMap((r) => r.statements ?? [])
      .sort((a, b) => (a.partnerId < b.partnerId ? -1 : a.partnerId > b.partnerId ? 1 : 0))
      .map((s) => s.json);
  }
  return result;
}
