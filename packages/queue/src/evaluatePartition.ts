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
 * the partition's partners), and maps every issue's record position back to the whole input.
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
      hashInputs: false,
      createHash: nativeSha256,
      ...(options.keepTrace !== undefined ? { keepTrace: options.keepTrace } : {}),
      ...(options.batchSize !== undefined ? { batchSize: options.batchSize } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    },
    (s, _hash, json) => statements.push({ partnerId: s.partnerId, json }),
  );
  summary.issues = summary.issues.map((i) => {
    if (i.path[0] !== 'facts' || typeof i.path[1] !== 'string' || typeof i.path[2] !== 'number') return i;
    const original = part.positions[i.path[1]]?.[i.path[2]];
    return original === undefined ? i : { ...i, path: [i.path[0], i.path[1], original, ...i.path.slice(3)] };
  });
  return { summary, statements };
}
