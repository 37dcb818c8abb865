import type { RunInput } from '../evaluateTypes.js';
import type { KeyOrders } from '../facts/keyOrder.js';
import { canonicalJson, createSha256, hash, type Hasher } from '../hash.js';
import { hashFactTable } from './factBytes.js';
import type { Statement, TableCounts } from '../schema/result.js';
import { statementJson } from './statementJson.js';
import { ownValue } from '../ownValue.js';

/** SHA-256 of a statement's canonical JSON: its lines and their traces, each as columns (statementJson.ts). */
export function statementDigest(statement: Statement, createHash: () => Hasher = createSha256): string {
  const h = createHash();
  h.update(statementJson(statement));
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

/**
 * Hash of the inputs that does not depend on the order of plans, partners or records: plans, partners and the fact
 * schema as canonical JSON, each fact table as its canonical columnar text (factBytes.ts).
 */
export function inputHash(input: RunInput, createHash: () => Hasher = createSha256): string {
  return inputHashWith(input, createHash);
}

/**
 * `inputHash`, given the run's key orders of its facts when the run keeps them (facts/keyOrder.ts): the hash is the
 * same with or without. Core's own: the orders are not part of the package's API.
 */
export function inputHashWith(input: RunInput, createHash: () => Hasher, orders?: KeyOrders): string {
  const h = createHash();
  // Each item's canonical JSON is computed once, then items are ordered by (key, JSON) so order never matters.
  const ordered = (items: unknown[], key: (item: unknown) => string): string[] =>
    items
      .map((item) => ({ k: key(item), json: canonicalJson(item) }))
      .sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : a.json < b.json ? -1 : a.json > b.json ? 1 : 0))
      .map((x) => x.json);
  h.update(canonicalJson({ period: input.period, factSchema: input.factSchema }));
  for (const p of input.plans.map((p) => hash(p)).sort()) h.update(p);
  for (const p of ordered(input.partners, () => '')) h.update(p);
  // only when given, so inputs without invalid partners keep the hashes they always had
  if (input.invalidPartners?.length) for (const p of ordered(input.invalidPartners, (x) => (x as { id: string }).id)) h.update(`\u0000invalid${p}`);
  const tables = (input.factSchema as { tables?: Record<string, { key?: string; columns?: Record<string, unknown> }> } | undefined)?.tables;
  for (const table of Object.keys(input.facts).sort()) {
    h.update(`\u0000${table}`);
    // the columnar text of the table's records: cheaper than their canonical JSON, and as independent of their order
    const schema = tables ? ownValue(tables, table) : undefined;
    hashFactTable(h, input.facts[table]!, schema, orders?.of(table, schema?.key));
  }
  return h.digest();
}

