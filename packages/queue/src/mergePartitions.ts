import { createHash } from 'node:crypto';
import { mergeRunSummaries, readStatement, type BothLanguages, type RunResult, type Statement } from '@provvigo/core';
import { QueueError } from './errors.js';
import { nativeSha256 } from './evaluatePartition.js';
import type { PartitionResult } from './results.js';

const byPartner = (a: { partnerId: string }, b: { partnerId: string }) => (a.partnerId < b.partnerId ? -1 : a.partnerId > b.partnerId ? 1 : 0);

/** A partition whose stored statements are not the ones its worker evaluated (the store was changed meanwhile). */
export class PartitionIntegrityError extends QueueError {
  declare readonly messages: BothLanguages;

  constructor(
    readonly partition: number,
    message: BothLanguages,
  ) {
    super({ en: `partition ${partition}: ${message.en}`, it: `partizione ${partition}: ${message.it}` });
    this.name = 'PartitionIntegrityError';
  }
}

/**
 * Merges the written partitions into the run's result, as core's `mergeRunResults` would, without serialising every
 * statement again: a statement's digest is the SHA-256 of its JSON (core's `statementDigest`), and the JSON a worker
 * stored is exactly the JSON it hashed, so the digests come from the stored bytes. They are checked against the
 * digests the worker recorded in the partition's summary, so a statement changed in the store is refused rather than
 * merged. Counts, totals, issues and verification are merged by core's `mergeRunSummaries`.
 */
export function mergePartitions(parts: PartitionResult[]): RunResult {
  const summaries = parts.map((p) => {
    const digests = p.statements.map((s) => ({ partnerId: s.partnerId, hash: createHash('sha256').update(s.json).digest('hex') }));
    const recorded = new Map(p.summary.statementDigests.map((d) => [d.partnerId, d.hash]));
    if (recorded.size !== digests.length) {
      throw new PartitionIntegrityError(p.partition, {
        en: `${digests.length} statement(s) stored, its worker evaluated ${recorded.size}`,
        it: `estratti conto salvati: ${digests.length}, il suo worker ne ha calcolati ${recorded.size}`,
      });
    }
    for (const d of digests) {
      if (recorded.get(d.partnerId) === d.hash) continue;
      throw new PartitionIntegrityError(p.partition, {
        en: `the stored statement of ${d.partnerId} is not the one its worker evaluated`,
        it: `l'estratto conto salvato di ${d.partnerId} non è quello calcolato dal suo worker`,
      });
    }
    return { ...p.summary, statementDigests: digests };
  });
  const { statementDigests: _d, statementCount: _c, lineCount: _l, ...summary } = mergeRunSummaries(summaries, nativeSha256);
  const statements: Statement[] = parts
    .flatMap((p) => p.statements)
    .sort(byPartner)
    .map((s) => readStatement(s.json));
  return { ...summary, statements };
}
