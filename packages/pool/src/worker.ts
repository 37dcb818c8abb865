import { parentPort, threadId } from 'node:worker_threads';
import { evaluateStream, type FactRecord, type RunInput } from '@provvigo/core';
import { hyperFormulaEngine } from '@provvigo/core/hyperformula';
import { decodeFactTable, type ColumnarTable } from './columns.js';
import { nativeSha256 } from './nativeSha256.js';
import { threadCpuLaps, threadCpuReadable } from './threadCpu.js';
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
    const lap = threadCpuLaps();
    const input = task.columns ? { ...task.input, facts: withColumns(task.input.facts, task.columns) } : task.input;
    const decodeMs = lap();
    const summary = evaluateStream(input, { ...task.options, ...engine, createHash: nativeSha256 }, (s, _hash, json) => {
      if (task.collect) statements.push({ partnerId: s.partnerId, json });
    });
    const evaluateMs = lap();
    const cpu = threadCpuReadable ? { cpu: { threadId, decodeMs, evaluateMs } } : {};
    return { summary, ...(task.collect ? { statements } : {}), ...cpu };
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
}

/** The partition's fact tables: those sent as columns decoded, in the caller's table order, the others as sent. */
function withColumns(facts: RunInput['facts'], columns: Record<string, ColumnarTable>): RunInput['facts'] {
  // Object.fromEntries: a table named "__proto__" stays a table (an assignment would set the object's prototype)
  return Object.fromEntries(Object.entries(facts).map(([name, table]) => [name, Object.hasOwn(columns, name) ? decodeFactTable(columns[name]!) : (table as FactRecord[])]));
}
