import { parentPort } from 'node:worker_threads';
import { evaluateStream } from '@provvigo/core';
import { hyperFormulaEngine } from '@provvigo/core/hyperformula';
import { nativeSha256, type WorkerReply, type WorkerTask } from './evaluateParallel.js';

/** A pool worker: evaluates one partition per message and replies with its summary (and statements' JSON when asked). */
parentPort?.on('message', (task: WorkerTask) => {
  try {
    const statements: NonNullable<WorkerReply['statements']> = [];
    const engine = task.licenseKey === undefined ? {} : { formulaEngine: hyperFormulaEngine({ licenseKey: task.licenseKey }) };
    const summary = evaluateStream(task.input, { ...task.options, ...engine, createHash: nativeSha256 }, (s, _hash, json) => {
      if (task.collect) statements.push({ partnerId: s.partnerId, json });
    });
    const reply: WorkerReply = { summary, ...(task.collect ? { statements } : {}) };
    parentPort!.postMessage(reply);
  } catch (e) {
    parentPort!.postMessage({ error: e instanceof Error ? e.message : String(e) } satisfies WorkerReply);
  }
});
