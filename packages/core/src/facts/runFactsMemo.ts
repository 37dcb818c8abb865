/**
 * The checked facts of a small input, kept between runs of the same input (the builder's live preview evaluates one
 * partner again after every plan edit, and checking its records is a tenth of each preview).
 *
 * The facts are the caller's arrays, so the memo never trusts their identity alone: it answers only when every table
 * is the same array with the same records, and every record still has the same own fields with the same primitive
 * values (compared with `Object.is`), and the fact schema, partners, period and partition serialise the same. A record
 * changed in place is therefore seen, not served stale. Only preview-sized inputs are kept (at most MAX_RECORDS
 * records of plain objects with primitive fields, no records rejected before the run, not a share of a run), so a
 * batch run pays nothing and keeps no copy of its facts; the memo is a WeakMap on the first table's array, freed with
 * it.
 */
import type { RunInput } from '../evaluateTypes.js';
import type { FactSchema } from '../schema/facts.js';
import { checkRunFacts, type RunFacts, type RunFactsContext } from './checkRunFacts.js';

const MAX_RECORDS = 5_000;

interface Entry {
  names: string[];
  arrays: ReadonlyArray<readonly unknown[]>;
  /** Per table, each record's own fields as [record, field count, key, value, key, value, …], one after another. */
  snapshots: unknown[][];
  context: string;
  /** As computed, never handed out: each answer gets its own statuses and issues. */
  facts: RunFacts;
}

const memo = new WeakMap<readonly unknown[], Entry>();

/** How often the memo answered and how often it checked the facts afresh (for its tests). */
export const runFactsMemoStats = { hits: 0, misses: 0 };

const isPlain = (v: unknown): v is Record<string, unknown> => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
};

/** A table's records as a flat list of their fields, or undefined when a record is not a plain object of primitives. */
function snapshotOf(records: readonly unknown[]): unknown[] | undefined {
  const out: unknown[] = [];
  for (const r of records) {
    if (!isPlain(r)) return undefined;
    const keys = Object.keys(r);
    out.push(r, keys.length);
    for (const k of keys) {
      const v = Object.getOwnPropertyDescriptor(r, k)!;
      // An accessor could answer differently next time; an object value could change inside.
      if (!('value' in v) || (typeof v.value === 'object' && v.value !== null) || typeof v.value === 'function') return undefined;
      out.push(k, v.value);
    }
  }
  return out;
}

function unchanged(records: readonly unknown[], snapshot: unknown[]): boolean {
  let at = 0;
  for (const r of records) {
    if (snapshot[at] !== r) return false;
    const rec = r as Record<string, unknown>;
    const keys = Object.keys(rec);
    if (snapshot[at + 1] !== keys.length) return false;
    at += 2;
    for (const k of keys) {
      if (snapshot[at] !== k || !Object.is(snapshot[at + 1], rec[k])) return false;
      at += 2;
    }
  }
  return at === snapshot.length;
}

/** Everything else the checks read, as one string; undefined when it cannot be serialised faithfully. */
function contextKey(input: RunInput, partition: { index: number; count: number } | undefined, factSchema: FactSchema): string | undefined {
  try {
    return JSON.stringify([factSchema, input.partners, input.invalidPartners ?? null, input.period, partition ?? null], (_k, v: unknown) => {
      // JSON would write these as null or drop them; the checks tell them apart.
      if (v === undefined) return '\u0000undefined';
      if (typeof v === 'number' && (!Number.isFinite(v) || Object.is(v, -0))) return `\u0000${Object.is(v, -0) ? '-0' : String(v)}`;
      if (typeof v === 'function' || typeof v === 'symbol') throw new TypeError('not serialisable');
      return v;
    });
  } catch {
    return undefined;
  }
}

/** A fresh copy of what callers may change: the statuses (the run updates them) and the issues (returned to them). */
function handOut(facts: RunFacts): RunFacts {
  const { issues, rejectedByPartner } = structuredClone({ issues: facts.issues, rejectedByPartner: facts.rejectedByPartner });
  return { status: new Map([...facts.status].map(([t, s]) => [t, [...s]])), byPartner: facts.byPartner, rejectedByPartner, issues };
}

/** `checkRunFacts`, answered from the memo when this small input was checked before and has not changed. */
export function memoisedRunFacts(input: RunInput, partition: { index: number; count: number } | undefined, factSchema: FactSchema, ctx: RunFactsContext): RunFacts {
  const names = Object.keys(input.facts);
  const arrays = names.map((n) => input.facts[n]!);
  const size = arrays.reduce((n, a) => n + a.length, 0);
  // a share of a run (its records named by their places in the whole input) is no live preview: checked afresh
  if (arrays.length === 0 || size > MAX_RECORDS || (input.rejected?.length ?? 0) > 0 || ctx.positions) return checkRunFacts(factSchema, input.facts, ctx);
  const context = contextKey(input, partition, factSchema);
  if (context === undefined) return checkRunFacts(factSchema, input.facts, ctx);
  const entry = memo.get(arrays[0]!);
  if (
    entry &&
    entry.context === context &&
    entry.names.length === names.length &&
    names.every((n, i) => entry.names[i] === n && entry.arrays[i] === arrays[i] && unchanged(arrays[i]!, entry.snapshots[i]!))
  ) {
    runFactsMemoStats.hits++;
    return handOut(entry.facts);
  }
  runFactsMemoStats.misses++;
  const facts = checkRunFacts(factSchema, input.facts, ctx);
  const snapshots = arrays.map(snapshotOf);
  if (snapshots.every((s) => s !== undefined)) memo.set(arrays[0]!, { names, arrays, snapshots: snapshots as unknown[][], context, facts: handOut(facts) });
  return facts;
}
