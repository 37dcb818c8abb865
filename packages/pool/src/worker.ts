import { parentPort, threadId } from 'node:worker_threads';
import { evaluateStream } from '@provvigo/core';
import { hyperFormulaEngine } from '@provvigo/core/hyperformula';
import { nativeSha256 } from './nativeSha256.js';
import type { PartitionStarted, WorkerReply, WorkerTask } from './task.js';

/** The pool's task handler (piscina calls the default export): evaluates one partition, replies with its summary. */
export default function evaluatePartition(task: WorkerTask): WorkerReply {
  const index = task.options.partition?.index ?? 0;
  const count = task.options.partition?.count ?? 1;
  const started: PartitionStarted = { kind: 'provvigo-partition-started', runId: task.runId, index, count, attempt: task.attempt, threadId };
  parentPort?.postMessage(started);
  try {
    const statements: NonNullable<WorkerReply['statements']> = [];
    const engine = task.licenseKey === undefined ? {} : { formulaEngine: hyperFormulaEngine({ licenseKey: task.licenseKey }) };
    const summary = evaluateStream(task.input, { ...task.options, ...engine, createHash: nativeSha256 }, (s, _hash, json) => {
      if (task.collect) statements.push({ partnerId: s.partnerId, json });
    });
    return { summary, ...(task.collect ? { statements } : {}) };
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
}
