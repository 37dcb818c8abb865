import type { RunInput } from '../evaluateTypes.js';
import { canonicalJson, createSha256, hash, type Hasher } from '../hash.js';
import type { Statement, TableCounts } from '../schema/result.js';

/** SHA-256 of a statement's canonical JSON (statements are built with sorted keys, so JSON.stringify is canonical). */
export function statementDigest(statement: Statement, createHash: () => Hasher = createSha256): string {
  const h = createHash();
  h.update(JSON.stringify(statement));
  return h.digest();
}

/**
 * The run's output hash: over the statements' digests in partner order, the counts and the totals. Defined on digests
 * so partitions computed apart (worker threads, other machines) merge without moving the statements.
 */
export function outputHash(
  digests: ReadonlyArray<{ partnerId: string; hash: string }>,
  counts: Record<string, TableCounts>,
  totals: Record<string, string>,
  createHash: () => Hasher = createSha256,
): string {
  const h = createHash();
  for (const d of digests) h.update(`${d.partnerId}\u0000${d.hash}\n`);
  h.update(canonicalJson({ counts, totals }));
  return h.digest();
}

/** Hash of the inputs that does not depend on the order of plans, partners or records. */
export function inputHash(input: RunInput, createHash: () => Hasher = createSha256): string {
  const h = createHash();
  const sortBy = <T>(items: T[], key: (t: T) => string) =>
    items
      .map((item) => ({ item, k: key(item) }))
      .sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0))
      .map((x) => x.item);
  h.update(canonicalJson({ period: input.period, factSchema: input.factSchema }));
  for (const p of sortBy(input.plans.map((p) => hash(p)), (x) => x)) h.update(p);
  for (const p of sortBy(input.partners, (p) => canonicalJson(p))) h.update(canonicalJson(p));
  for (const table of Object.keys(input.facts).sort()) {
    h.update(`\u0000${table}`);
    const key = input.factSchema.tables[table]?.key;
    const records = sortBy(input.facts[table]!, (r) => `${key ? String((r as Record<string, unknown>)[key] ?? '') : ''}\u0000${canonicalJson(r)}`);
    for (const r of records) h.update(canonicalJson(r));
  }
  return h.digest();
}

