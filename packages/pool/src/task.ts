import type { ColumnarTable } from './columns.js';
import type { EvaluateOptions, RunInput, RunSummary } from '@provvigo/core';

/** What a worker receives: one partition of a run. */
export interface WorkerTask {
  /** The pool's id of the run, echoed in the worker's "started" message (several runs share the pool's workers). */
  runId: number;
  /** Which attempt this is (1 for the first; a partition whose worker died is sent again). */
  attempt: number;
  input: RunInput;
  /**
   * Fact tables sent as columns in transferred ArrayBuffers (columns.ts); the worker decodes them into
   * `input.facts`. Tables not here are in `input.facts`, structured-cloned.
   */
  columns?: Record<string, ColumnarTable>;
  options: Omit<EvaluateOptions, 'onProgress' | 'createHash' | 'formulaEngine'>;
  collect: boolean;
  /** Cross-check with HyperFormula under this licence key. */
  licenseKey?: string;
}

/** A worker's answer. An evaluation error comes back as `error` (never retried: it would fail again). */
export interface WorkerReply {
  summary?: RunSummary;
  statements?: Array<{ partnerId: string; json: string }>;
  error?: string;
  /** The worker thread's CPU time on this partition (absent where Node cannot read a thread's CPU time). */
  cpu?: { threadId: number; decodeMs: number; evaluateMs: number };
}

/** Posted by a worker when it takes a partition, before evaluating it: the pool's `onPartitionStart`. */
export interface PartitionStarted {
  kind: 'provvigo-partition-started';
  runId: number;
  index: number;
  count: number;
  attempt: number;
  threadId: number;
}

export function isPartitionStarted(message: unknown): message is PartitionStarted {
  return typeof message === 'object' && message !== null && (message as { kind?: unknown }).kind === 'provvigo-partition-started';
}
