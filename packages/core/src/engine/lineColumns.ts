/**
 * A statement's lines as columns in its canonical JSON (issue 15 §3, after the traces). The lines of one statement
 * repeat nearly everything: the partner, the plan and its version, the currency, the payout, its component, label
 * and sheet, the source system and table, an empty list of issues, and ids that start alike. Written as one object
 * per line they were four fifths of a statement's bytes, and serialising and hashing those bytes was the largest
 * cost of a run after the computation itself. Here each field is written once per run of lines that have the same
 * fields, in the first of these forms that fits its values (one value per line when none does):
 *
 * - `[v1, v2, …]`: one value per line;
 * - `{ all: v }`: the same string, number, boolean or null — or an empty list — on every line (two lines or more);
 * - `{ counts, values }`: strings, numbers, booleans or nulls that repeat in runs (the payout, component, label and
 *   sheet of a statement's lines, which come payout by payout): each run's value once with its length, when there
 *   are at least `MIN_RUN` lines per run on average;
 * - `{ prefix, rest }`: strings that all start with `prefix` (at least `MIN_PREFIX` characters), and what follows it;
 * - `{ fields, nulls }`: plain objects (a line's `source`), themselves as columns, with the positions of the lines
 *   holding null instead (`nulls`, left out when there are none: a summary line has no source record);
 * - `{ derived: name }`: a field every line's other fields already give (the line's id, `derivedColumns.ts`), for the
 *   `derivations` the caller names (statementJson.ts names the line id).
 *
 * The form follows from the values alone, so the same lines always give the same bytes, whether they are the engine's
 * own or were read back from JSON (the digest is over these bytes). Values must be JSON data, as a statement's are.
 */

import { derivedForm, derivedValues, isDerived, type Derivation, type DerivedColumn } from './derivedColumns.js';

/** One field of a run of lines: see the file's comment. */
export type RecordColumn = unknown[] | { all: unknown } | { counts: number[]; values: unknown[] } | { prefix: string; rest: string[] } | { fields: RecordColumns; nulls?: number[] } | DerivedColumn;

/** `n` consecutive records with the same fields, in the same order (`keys`), one column per field. */
export interface RecordRun {
  columns: RecordColumn[];
  keys: string[];
  n: number;
}

/** Records as runs of columns; `n` records in all. Keys are in alphabetical order (the JSON is canonical). */
export interface RecordColumns {
  n: number;
  runs: RecordRun[];
}

/** Shorter shared starts are left in the values: `{ prefix, rest }` would save little and cost an object. */
export const MIN_PREFIX = 4;

/** Values repeating in runs this long on average, or longer, are written as `{ counts, values }`. */
export const MIN_RUN = 4;

type Primitive = string | number | boolean | null;

/** A value as JSON writes it, for comparing: a number that is not finite is written null. */
function jsonPrimitive(v: unknown): Primitive | undefined {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  return undefined;
}

/** JSON leaves out an object's fields holding these. */
const omitted = (v: unknown) => v === undefined || typeof v === 'function' || typeof v === 'symbol';

/** A plain object JSON writes field by field (no `toJSON` of its own). */
function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return (proto === Object.prototype || proto === null) && !('toJSON' in v);
}

/** The length of the start every value shares, not ending inside a surrogate pair. */
function sharedStart(values: readonly string[]): number {
  let start = values[0]!;
  for (let i = 1; i < values.length && start.length > 0; i++) {
    const v = values[i]!;
    // a native check first: most values share the whole start found so far
    if (v.startsWith(start)) continue;
    const most = Math.min(start.length, v.length);
    let k = 0;
    while (k < most && v.charCodeAt(k) === start.charCodeAt(k)) k++;
    start = start.slice(0, k);
  }
  const p = start.length;
  const last = start.charCodeAt(p - 1);
  return p > 0 && last >= 0xd800 && last <= 0xdbff ? p - 1 : p;
}

/**
 * The runs of equal primitives in `values` (more than one value), or undefined when a value is not a primitive or
 * there are more runs than one per `MIN_RUN` values (at least one run is always allowed: `{ all }`).
 */
function repeats(values: readonly unknown[]): { counts: number[]; values: Primitive[] } | undefined {
  const counts: number[] = [];
  const distinct: Primitive[] = [];
  const most = Math.max(1, Math.floor(values.length / MIN_RUN));
  let last: Primitive | undefined;
  for (let i = 0; i < values.length; i++) {
    const v = jsonPrimitive(values[i]);
    if (v === undefined) return undefined;
    if (i > 0 && v === last) counts[counts.length - 1]!++;
    else {
      if (counts.length === most) return undefined;
      counts.push(1);
      distinct.push(v);
      last = v;
    }
  }
  return { counts, values: distinct };
}

/** The form of one field's values (one per record of a run). */
function encodeColumn(values: unknown[]): RecordColumn {
  if (values.length < 2) return values;
  const runs = repeats(values);
  if (runs) return runs.counts.length === 1 ? { all: runs.values[0] } : runs;
  if (values.every((v) => Array.isArray(v) && v.length === 0)) return { all: [] };
  if (values.every((v) => typeof v === 'string')) {
    const p = sharedStart(values as string[]);
    if (p >= MIN_PREFIX) return { prefix: (values[0] as string).slice(0, p), rest: (values as string[]).map((v) => v.slice(p)) };
    return values;
  }
  // null as JSON writes it: a number that is not finite is a null too
  const isNull = (v: unknown) => jsonPrimitive(v) === null;
  if (values.every((v) => isNull(v) || isPlainObject(v))) {
    const nulls: number[] = [];
    values.forEach((v, i) => isNull(v) && nulls.push(i));
    if (nulls.length === 0) return { fields: recordColumns(values as object[]) };
    return { fields: recordColumns(values.filter((v) => !isNull(v)) as object[]), nulls };
  }
  return values;
}

/** The fields JSON writes of a record (`keys` and `values` its own), in its order. */
function fieldsOf(keys: readonly string[], values: readonly unknown[]): string[] {
  return keys.filter((_, j) => !omitted(values[j]));
}

/** Whether a record's own `keys`/`values` hold exactly the fields `runKeys`, in order, once omitted ones are left out. */
function sameFields(keys: readonly string[], values: readonly unknown[], runKeys: readonly string[]): boolean {
  let m = 0;
  for (let j = 0; j < keys.length; j++) {
    if (omitted(values[j])) continue;
    if (m >= runKeys.length || keys[j] !== runKeys[m]) return false;
    m++;
  }
  return m === runKeys.length;
}

/**
 * Records (plain JSON data: their fields are read with `Object.keys` and `Object.values`, as `JSON.stringify` reads
 * them) as runs of columns. A run's columns are made as long as the records left and cut to the run at its end: over
 * the bench's 381,692 lines this took 34 ms, where a `for…in` with `Object.hasOwn` into columns grown by `push` took
 * 154 ms.
 */
export function recordColumns(records: readonly object[], derivations: readonly Derivation[] = []): RecordColumns {
  const runs: RecordRun[] = [];
  let runKeys: string[] = [];
  let columns: unknown[][] = [];
  let n = 0;
  const close = () => {
    if (n === 0) return;
    for (const column of columns) column.length = n;
    const encoded = columns.map((column, j) => (derivations.length > 0 ? derivedForm(runKeys, columns, j, n, derivations) : undefined) ?? encodeColumn(column));
    runs.push({ columns: encoded, keys: runKeys, n });
  };
  for (let i = 0; i < records.length; i++) {
    const keys = Object.keys(records[i]!);
    const values = Object.values(records[i]!);
    if (n === 0 || !sameFields(keys, values, runKeys)) {
      close();
      runKeys = fieldsOf(keys, values);
      columns = runKeys.map(() => new Array<unknown>(records.length - i));
      n = 0;
    }
    let m = 0;
    for (let j = 0; j < values.length; j++) if (!omitted(values[j])) columns[m++]![n] = values[j];
    n++;
  }
  close();
  return { n: records.length, runs };
}

/** Sets a field as JSON.parse does: a field named `__proto__` stays a field. */
function setField(o: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(o, key, { value, writable: true, enumerable: true, configurable: true });
  else o[key] = value;
}

/**
 * `n` copies of `v`, each record its own when it is a list or an object: a change to one line's issues must not show
 * on the others. The empty list, which every line of most statements has, is made directly (a `structuredClone`
 * each was an eighth of reading a statement back).
 */
function all(v: unknown, n: number): unknown[] {
  const out: unknown[] = new Array(n);
  if (Array.isArray(v) && v.length === 0) for (let i = 0; i < n; i++) out[i] = [];
  else if (typeof v === 'object' && v !== null) for (let i = 0; i < n; i++) out[i] = structuredClone(v);
  else out.fill(v);
  return out;
}

/**
 * One column's `n` values; `path` names it in errors. Shapes are checked before (`RecordColumnsSchema`). A derived
 * column is read after the others (`recordsFrom`).
 */
function decodeColumn(column: Exclude<RecordColumn, DerivedColumn>, n: number, path: string): unknown[] {
  if (Array.isArray(column)) return column;
  if ('all' in column) return all(column.all, n);
  if ('counts' in column) return repeated(column.counts, column.values, n, path);
  if ('prefix' in column) {
    const { prefix, rest } = column;
    const out: string[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const r = rest[i];
      if (typeof r !== 'string') throw new Error(`${path}.rest[${i}]: expected a string, got ${JSON.stringify(r)}`);
      out[i] = prefix + r;
    }
    return out;
  }
  // that objects and nulls together are `n` is the schema's check (its `lengthOf`); their positions are checked here
  const objects = recordsFrom(column.fields, `${path}.fields`);
  const nulls = column.nulls ?? [];
  const out: unknown[] = new Array(n);
  let next = 0;
  nulls.forEach((at, k) => {
    if (!Number.isInteger(at) || at < (k === 0 ? 0 : nulls[k - 1]! + 1) || at >= n) throw new Error(`${path}.nulls[${k}]: expected a line position after the one before it and below ${n}, got ${JSON.stringify(at)}`);
    out[at] = null;
  });
  for (let i = 0; i < n; i++) if (out[i] !== null) out[i] = objects[next++];
  return out;
}

/** A `{ counts, values }` column's `n` values; counts are checked to be whole and add up to `n`. */
function repeated(counts: readonly unknown[], values: readonly unknown[], n: number, path: string): unknown[] {
  if (counts.length !== values.length) throw new Error(`${path}: expected as many counts as values, got ${counts.length} and ${values.length}`);
  let total = 0;
  counts.forEach((c, k) => {
    if (!Number.isInteger(c) || (c as number) < 1) throw new Error(`${path}.counts[${k}]: expected a whole number of lines, got ${JSON.stringify(c)}`);
    total += c as number;
  });
  if (total !== n) throw new Error(`${path}: expected counts adding up to ${n} line(s), got ${total}`);
  const out: unknown[] = new Array(n);
  let at = 0;
  counts.forEach((c, k) => {
    out.fill(values[k], at, at + (c as number));
    at += c as number;
  });
  return out;
}

/**
 * The records back from their columns (fields in the order `keys` gives); `derivations` are those a `{ derived }`
 * column may name, worked out from the run's other columns once these are read.
 */
export function recordsFrom(c: RecordColumns, path = 'lines', derivations: readonly Derivation[] = []): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  c.runs.forEach((run, r) => {
    const at = `${path}.runs[${r}]`;
    const where = (j: number) => `${at}.columns[${j}]`;
    const decoded = run.columns.map((col, j) => (isDerived(col) ? undefined : decodeColumn(col, run.n, where(j))));
    const values = run.columns.map((col, j) => (isDerived(col) ? derivedValues(col, run.keys, decoded, j, run.n, derivations, where(j)) : decoded[j]!));
    for (let i = 0; i < run.n; i++) {
      const o: Record<string, unknown> = {};
      for (let j = 0; j < run.keys.length; j++) setField(o, run.keys[j]!, values[j]![i]);
      out.push(o);
    }
  });
  return out;
}
