import { ownValue } from '@provvigo/core';
import type { FactRecord, RunInput } from '@provvigo/core';

/** A run split by partner: each partition's input, and where each of its records sat in the caller's input. */
export interface Partitions {
  inputs: RunInput[];
  /** positions[w][table][i]: the caller's index of partition w's i-th record of that table. */
  positions: Array<Record<string, number[]>>;
}

/**
 * Splits a run into `count` partitions, round-robin over the sorted partner ids, so each worker gets only its
 * partners' records. Records of unknown partners (and values that are not records) go to partition 0, which reports
 * them as a single-threaded run would.
 */
export function partitionInput(input: RunInput, count: number): Partitions {
  const partnerIds = input.partners.map((p) => p.id).sort();
  const partitionOf = new Map(partnerIds.map((id, i) => [id, i % count]));
  // Entries, made objects by Object.fromEntries: the table names are the caller's (a facts file's keys), and one named
  // "__proto__" must stay a table of every partition, not become an assignment to a partition's prototype.
  const facts: Array<Array<[string, FactRecord[]]>> = Array.from({ length: count }, () => []);
  const positions: Array<Array<[string, number[]]>> = Array.from({ length: count }, () => []);
  const tables = (input.factSchema as { tables?: Record<string, { partner?: string }> }).tables ?? {};
  for (const [table, records] of Object.entries(input.facts)) {
    const key = ownValue(tables, table)?.partner;
    const lists = facts.map((f) => {
      const list: FactRecord[] = [];
      f.push([table, list]);
      return list;
    });
    const places = positions.map((p) => {
      const list: number[] = [];
      p.push([table, list]);
      return list;
    });
    records.forEach((r, i) => {
      // a null or a number in a JSON file is a record too (core rejects it): partition 0 reports it
      const p = key === undefined ? undefined : (r as Record<string, unknown> | null)?.[key];
      const w = partitionOf.get(String(p)) ?? 0;
      lists[w]!.push(r);
      places[w]!.push(i);
    });
  }
  return { inputs: facts.map((f) => ({ ...input, facts: Object.fromEntries(f) })), positions: positions.map((p) => Object.fromEntries(p)) };
}
