import type { FactRecord } from '../schema/facts.js';
import type { RunInput } from '../evaluateTypes.js';
import { ownValue } from '../ownValue.js';

/** The id a caller gave a partner, or undefined when it gave none usable. */
export const partnerIdOf = (p: unknown): string | undefined => {
  const id = typeof p === 'object' && p !== null ? (p as { id?: unknown }).id : undefined;
  return typeof id === 'string' ? id : undefined;
};

/**
 * The ids a run's partitions are drawn over (`EvaluateOptions.partition`): every partner id given, valid or not,
 * once, sorted. Partition k holds the ids at positions k, k + count, k + 2·count… Ids outside this list belong to
 * partition 0.
 */
export function partitionIds(partners: readonly unknown[]): string[] {
  return [...new Set(partners.map(partnerIdOf).filter((id): id is string => id !== undefined))].sort();
}

/** One partition of a run's input, and where each of its records sat in the whole input (`positions[table][i]`). */
export interface RunPartition {
  input: RunInput;
  positions: Record<string, number[]>;
}

/**
 * Splits a run's input into `count` partitions by the rule `evaluate` applies to `partition` (the one list above),
 * each with every plan and partner but only its own partners' fact records: what a worker pool or a queue sends to
 * each worker. Records naming an unknown partner (and values that are not records) go to partition 0, which reports
 * them, so every record is counted exactly once.
 */
export function splitRunInput(input: RunInput, count: number): RunPartition[] {
  const partitionOf = new Map(partitionIds(input.partners).map((id, i) => [id, i % count]));
  // Entries, made objects by Object.fromEntries: the table names are the caller's (a facts file's keys), and one named
  // "__proto__" must stay a table of every partition, not become an assignment to a partition's prototype.
  const facts: Array<Array<[string, FactRecord[]]>> = Array.from({ length: count }, () => []);
  const places: Array<Array<[string, number[]]>> = Array.from({ length: count }, () => []);
  const tables = (input.factSchema as { tables?: Record<string, { partner?: string }> }).tables ?? {};
  for (const [table, records] of Object.entries(input.facts)) {
    const key = ownValue(tables, table)?.partner;
    const shares = facts.map((f) => {
      const list: FactRecord[] = [];
      f.push([table, list]);
      return list;
    });
    const positions = places.map((p) => {
      const list: number[] = [];
      p.push([table, list]);
      return list;
    });
    records.forEach((record, i) => {
      const partner = key === undefined ? undefined : (record as Record<string, unknown> | null)?.[key];
      const w = partitionOf.get(String(partner)) ?? 0;
      shares[w]!.push(record);
      positions[w]!.push(i);
    });
  }
  return facts.map((f, w) => ({ input: { ...input, facts: Object.fromEntries(f) }, positions: Object.fromEntries(places[w]!) }));
}
