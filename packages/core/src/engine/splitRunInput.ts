import type { FactRecord, FactSchema } from '../schema/facts.js';
import type { RunInput } from '../evaluateTypes.js';
import { isObject, recordPartnerId } from '../facts/checkRecord.js';
import { factReferences, referenceText, uniqueKeyText } from '../facts/crossChecks.js';
import { ownValue } from '../ownValue.js';
import { parseFactSchema } from '../parseInputs.js';

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
 * each with every plan and partner but only the fact records it needs: what a worker pool or a queue sends to each
 * worker, which evaluates its share with `{ partition: { index, count }, positions }`. Records naming an unknown
 * partner, or none (and values that are not records), go to partition 0, which reports them, so every record is
 * counted exactly once. A partition also gets the records of other partitions its own records are judged against (see
 * `addContext`): those it leaves to their own partition.
 */
export function splitRunInput(input: RunInput, count: number): RunPartition[] {
  const partitionOf = new Map(partitionIds(input.partners).map((id, i) => [id, i % count]));
  // The schema as the run reads it; a schema the run refuses (every partition fails on it) is read as given.
  const parsed = parseFactSchema(input.factSchema);
  const schema = parsed.ok ? parsed.factSchema : undefined;
  const given = (input.factSchema as { tables?: Record<string, { partner?: string }> }).tables ?? {};
  const tables = Object.entries(input.facts);
  // Each record's own partition: its partner's, by the rule the run's checks use to tell whose record it is.
  const owners = tables.map(([name, records]) => {
    const column = (schema ? ownValue(schema.tables, name) : ownValue(given, name))?.partner;
    const own = new Int32Array(records.length);
    for (let i = 0; i < records.length; i++) {
      const partner = recordPartnerId(records[i], column);
      own[i] = partner === undefined ? 0 : (partitionOf.get(partner) ?? 0);
    }
    return own;
  });
  const context = tables.map(() => new Map<number, number[]>());
  if (schema && count > 1) addContext(schema, tables, owners, context);
  // Entries, made objects by Object.fromEntries: the table names are the caller's (a facts file's keys), and one named
  // "__proto__" must stay a table of every partition, not become an assignment to a partition's prototype.
  const facts: Array<Array<[string, FactRecord[]]>> = Array.from({ length: count }, () => []);
  const places: Array<Array<[string, number[]]>> = Array.from({ length: count }, () => []);
  tables.forEach(([table, records], t) => {
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
    const own = owners[t]!;
    const also = context[t]!;
    for (let i = 0; i < records.length; i++) {
      const w = own[i]!;
      shares[w]!.push(records[i]!);
      positions[w]!.push(i);
      // in input order among the partition's own: the first of a repeated key is the first there too
      const more = also.size > 0 ? also.get(i) : undefined;
      if (more)
        for (const v of more) {
          shares[v]!.push(records[i]!);
          positions[v]!.push(i);
        }
    }
  });
  return facts.map((f, w) => ({ input: { ...input, facts: Object.fromEntries(f) }, positions: Object.fromEntries(places[w]!) }));
}

/**
 * A record's verdict can depend on other records (facts/recordChecker.ts): of records with the same key, the first that
 * passes its own checks is kept and the others are rejected; of records with the same further unique key, the first
 * that passes every earlier check; a reference must name a value some record of the other table holds. So that each
 * partition judges its own records as a run of the whole input does, `context[t]` gets, for records of table t, the
 * other partitions that also need them:
 * - records linked by a key or a further unique key (directly or through others) form a group, which goes whole to
 *   every partition holding one of its records;
 * - for every value a partition's record (own or of such a group) references, one record holding it.
 * Only records of unknown tables, or that are not records, link nothing. A partition leaves these records to their
 * own partition (the run's checks: `other_partition`), so each is still counted once.
 */
function addContext(schema: FactSchema, tables: ReadonlyArray<[string, readonly unknown[]]>, owners: readonly Int32Array[], context: Array<Map<number, number[]>>): void {
  const needs = (t: number, i: number, w: number): boolean => owners[t]![i] !== w && !(context[t]!.get(i)?.includes(w) ?? false);
  const add = (t: number, i: number, w: number): void => {
    const list = context[t]!.get(i);
    if (list) list.push(w);
    else context[t]!.set(i, [w]);
  };
  tables.forEach(([name, records], t) => {
    const table = ownValue(schema.tables, name);
    if (!table) return;
    const own = owners[t]!;
    // a key as the checks compare it (a key of blanks is grouped too: it fails its own checks, wherever it goes)
    const keyText = (r: FactRecord): string | undefined => {
      const id = ownValue(r, table.key);
      return id === undefined || id === null || id === '' ? undefined : String(id);
    };
    const keys = [keyText, ...(table.unique ?? []).map((columns) => (r: FactRecord) => uniqueKeyText(r, columns))];
    // With the key alone, only the records of repeated keys are grouped (a Map from every key to its first record took
    // 60 to 90 ms for the bench's 200,000 contracts, a Set of them 50); with further unique keys, every record: through
    // a unique key, a record of one group decides one of another.
    const candidates = keys.length === 1 ? repeatingKeys(records, keyText) : undefined;
    // union-find over the records sharing a key, made on the first repeated one (most tables repeat none)
    let parent: Int32Array | undefined;
    const find = (i: number): number => {
      while (parent![i] !== i) i = parent![i] = parent![parent![i]!]!;
      return i;
    };
    for (const keyOf of keys) {
      const first = new Map<string, number>();
      const link = (i: number): void => {
        const r = records[i];
        if (!isObject(r)) return;
        const k = keyOf(r);
        if (k === undefined) return;
        const j = first.get(k);
        if (j === undefined) return void first.set(k, i);
        parent ??= Int32Array.from(records, (_, n) => n);
        parent[find(i)] = find(j);
      };
      if (candidates) for (const i of candidates) link(i);
      else for (let i = 0; i < records.length; i++) link(i);
    }
    if (!parent) return;
    // the partitions each group spans, then each of its records to every one of them but its own
    const spans = new Map<number, Set<number>>();
    for (let i = 0; i < records.length; i++) {
      if (parent[i] === i && !spans.has(i)) continue;
      const root = find(i);
      let set = spans.get(root);
      if (!set) spans.set(root, (set = new Set([own[root]!])));
      set.add(own[i]!);
    }
    for (let i = 0; i < records.length; i++) {
      const set = spans.get(find(i));
      if (set && set.size > 1) for (const w of set) if (w !== own[i]) add(t, i, w);
    }
  });
  // references: one record holding each value a partition's records name (after the groups, whose records need theirs)
  const at = new Map(tables.map(([name], t) => [name, t]));
  tables.forEach(([name, records], t) => {
    const table = ownValue(schema.tables, name);
    if (!table) return;
    for (const ref of factReferences(schema, table)) {
      const target = at.get(ref.table);
      if (target === undefined) continue;
      const holder = new Map<string, number>();
      tables[target]![1].forEach((r, j) => {
        if (typeof r !== 'object' || r === null) return;
        const v = referenceText(ownValue(r as FactRecord, ref.target));
        if (v !== undefined && !holder.has(v)) holder.set(v, j);
      });
      records.forEach((r, i) => {
        if (!isObject(r)) return;
        const v = referenceText(ownValue(r, ref.column));
        const j = v === undefined ? undefined : holder.get(v);
        if (j === undefined) return;
        for (const w of [owners[t]![i]!, ...(context[t]!.get(i) ?? [])]) if (needs(target, j, w)) add(target, j, w);
      });
    }
  });
}

/**
 * The records, in input order, whose key another record has too (most tables have none): one pass putting each key in
 * a Set, then, only when one was already there, a pass for the records of the repeated keys.
 */
function repeatingKeys(records: readonly unknown[], keyOf: (r: FactRecord) => string | undefined): number[] {
  const seen = new Set<string>();
  let repeated: Set<string> | undefined;
  for (let i = 0; i < records.length; i++) {
    const r = records[i];
    const k = isObject(r) ? keyOf(r) : undefined;
    if (k === undefined) continue;
    // one lookup, not `has` then `add`: a key already there leaves the size as it was
    const size = seen.size;
    seen.add(k);
    if (seen.size === size) (repeated ??= new Set()).add(k);
  }
  if (!repeated) return [];
  const out: number[] = [];
  for (let i = 0; i < records.length; i++) {
    const r = records[i];
    const k = isObject(r) ? keyOf(r) : undefined;
    if (k !== undefined && repeated.has(k)) out.push(i);
  }
  return out;
}
