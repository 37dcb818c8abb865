import { createHash } from 'node:crypto';
import { evaluateStream, type Hasher, type RunSummary } from '@provvigo/core';
import { hyperFormulaEngine } from '@provvigo/core/hyperformula';
import type { StoredPartitionInput } from './jobs.js';
import type { PartitionResult } from './results.js';

/** Node's native SHA-256: the same digests as core's own hasher, faster. */
export function nativeSha256(): Hasher {
  const h = createHash('sha256');
  return { update: (t: string) => void h.update(t), digest: () => h.digest('hex') };
}

/**
 * Evaluates one partition with core's evaluate API (the same function a single-process run calls, restricted to
 * the partition's partners), its records named by their places in the whole input (`positions`).
 */
export function evaluatePartition(
  part: StoredPartitionInput,
  options: { licenseKey: string; keepTrace?: boolean; batchSize?: number; onProgress?: (done: number, total: number) => void },
): Omit<PartitionResult, 'partition'> {
  const statements: PartitionResult['statements'] = [];
  const summary: RunSummary = evaluateStream(
    part.input,
    {
      // HyperFormula cross-checks a deterministic sample of partners (the same ones in every partition).
      formulaEngine: hyperFormulaEngine({ licenseKey: options.licenseKey }),
      partition: { index: part.index, count: part.count },
      positions: part.positions,
      hashInputs: false,
      createHash: nativeSha256,
      ...(options.keepTrace !== undefined ? { keepTrace: options.keepTrace } : {}),
      ...(options.batchSize !== undefined ? { batchSize: options.batchSize } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    },
    (s, _hash, json) => statements.push({ partnerId: s.partnerId, json }),
  );
  return { summary, statements };
}
