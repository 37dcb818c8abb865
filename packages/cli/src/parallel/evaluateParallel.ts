import { createHash } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { inputHash, mergeRunSummaries, type EvaluateOptions, type FactRecord, type RunInput, type RunSummary } from '@provvigo/core';

/** Node's native SHA-256, byte-for-byte the digest core's own hasher computes. */
export function nativeSha256(): { update(text: string): unknown; digest(): string } {
  const h = createHash('sha256');
  return { update: (t: string) => h.update(t), digest: () => h.digest('hex') };
}

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
}

export interface ParallelResult {
  summary: RunSummary;
  /** Canonical JSON of each statement in partner order, when `collect` was set. */
  statements?: string[];
}

/** What a worker receives: its partition of the run. */
export interface WorkerTask {
  input: RunInput;
  options: Omit<EvaluateOptions, 'onProgress' | 'createHash' | 'formulaEngine'>;
  collect: boolean;
  /** Cross-check with HyperFormula under this licence key. */
  licenseKey?: string;
}

export interface WorkerReply {
  summary?: RunSummary;
  statements?: Array<{ partnerId: string; json: string }>;
  error?: string;
}

/** The worker script: the built one, or (running from TypeScript sources, as in tests) the source through tsx. */
function startWorker(): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./parallel-worker.js', import.meta.url));
  const tsx = import.meta.resolve('tsx/esm/api');
  const source = new URL('./worker.ts', import.meta.url).href;
  const code = `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(source)}); });`;
  return new Worker(code, { eval: true, execArgv: ['--conditions=@provvigo/source'] });
}

/** A pool of worker threads kept for many runs (a server evaluating periods); `close()` when done. */
export interface EvaluationPool {
  readonly size: number;
  evaluate(input: RunInput, options: EvaluateOptions, parallel?: Omit<ParallelOptions, 'workers'>): Promise<ParallelResult>;
  close(): Promise<void>;
}

export function createEvaluationPool(workers: number = availableParallelism()): EvaluationPool {
  const size = Math.max(1, Math.min(workers, 64));
  const pool = Array.from({ length: size }, () => startWorker());
  let busy = false;
  const ask = (worker: Worker, task: WorkerTask, index: number) =>
    new Promise<WorkerReply>((resolve, reject) => {
      const onError = (e: Error) => reject(e);
      worker.once('error', onError);
      worker.once('message', (reply: WorkerReply) => {
        worker.off('error', onError);
        if (reply.error) reject(new Error(`worker ${index}: ${reply.error}`));
        else resolve(reply);
      });
      worker.postMessage(task);
    });
  return {
    size,
    async evaluate(input, options, parallel = {}) {
      if (busy) throw new Error('[provvigo] this pool is already evaluating a run; await it or use another pool');
      busy = true;
      try {
        return await runPartitions(input, options, size, parallel, (task, w) => ask(pool[w]!, task, w));
      } finally {
        busy = false;
      }
    },
    async close() {
      await Promise.all(pool.map((w) => w.terminate()));
    },
  };
}

/**
 * Evaluates a period on a pool of worker threads, one partition of the partners each (round-robin over sorted
 * partner ids), and merges the partitions deterministically: the summary, hashes and statements are byte-identical
 * to a single-threaded `evaluate` (ARCHITECTURE §3, invariant 2; §5). Starts and stops its own pool.
 */
export async function evaluateParallel(input: RunInput, options: EvaluateOptions, parallel: ParallelOptions = {}): Promise<ParallelResult> {
  const pool = createEvaluationPool(parallel.workers);
  try {
    return await pool.evaluate(input, options, parallel);
  } finally {
    await pool.close();
  }
}

async function runPartitions(
  input: RunInput,
  options: EvaluateOptions,
  count: number,
  parallel: Omit<ParallelOptions, 'workers'>,
  send: (task: WorkerTask, worker: number) => Promise<WorkerReply>,
): Promise<ParallelResult> {
  const partnerIds = input.partners.map((p) => p.id).sort();
  const partitionOf = new Map(partnerIds.map((id, i) => [id, i % count]));
  // Each worker gets only its partners' records (records of unknown partners go to partition 0, which reports them).
  const facts: Array<Record<string, FactRecord[]>> = Array.from({ length: count }, () => ({}));
  // Original positions, so issues name the record's place in the caller's input, not in a worker's share.
  const positions: Array<Record<string, number[]>> = Array.from({ length: count }, () => ({}));
  const tables = (input.factSchema as { tables?: Record<string, { partner?: string }> }).tables ?? {};
  for (const [table, records] of Object.entries(input.facts)) {
    const key = tables[table]?.partner;
    for (let w = 0; w < count; w++) {
      facts[w]![table] = [];
      positions[w]![table] = [];
    }
    records.forEach((r, i) => {
      // a null or a number in a JSON file is a record too (core rejects it): partition 0 reports it
      const p = key === undefined ? undefined : (r as Record<string, unknown> | null)?.[key];
      const w = partitionOf.get(String(p)) ?? 0;
      facts[w]![table]!.push(r);
      positions[w]![table]!.push(i);
    });
  }
  const collect = parallel.collect === true;
  const { onProgress: _p, createHash: _h, formulaEngine: _e, ...plain } = options;
  const licenseKey = parallel.licenseKey === undefined ? {} : { licenseKey: parallel.licenseKey };
  const pending = facts.map((f, index) => send({ input: { ...input, facts: f }, options: { ...plain, partition: { index, count }, hashInputs: false }, collect, ...licenseKey }, index));
  // The workers are busy now: hash the whole input here meanwhile (each worker saw only its share).
  const wholeInputHash = inputHash(input, nativeSha256);
  const replies = await Promise.all(pending);
  const summaries = replies.map((r, w) => ({
    ...r.summary!,
    issues: r.summary!.issues.map((i) => {
      if (i.path[0] !== 'facts' || typeof i.path[1] !== 'string' || typeof i.path[2] !== 'number') return i;
      const original = positions[w]![i.path[1]]?.[i.path[2]];
      return original === undefined ? i : { ...i, path: [i.path[0], i.path[1], original, ...i.path.slice(3)] };
    }),
  }));
  const summary = mergeRunSummaries(summaries, nativeSha256);
  summary.inputHash = wholeInputHash;
  const result: ParallelResult = { summary };
  if (collect) {
    result.statements = replies
      .flatMap((r) => r.statements ?? [])
      .sort((a, b) => (a.partnerId < b.partnerId ? -1 : a.partnerId > b.partnerId ? 1 : 0))
      .map((s) => s.json);
  }
  return result;
}
