/**
 * The canonical columnar text of a fact table, for the run's input hash: the records ordered by (key, canonical
 * JSON) (facts/keyOrder.ts), then each declared column written top to bottom, each value with a type tag and, for
 * text, its length (so no two different tables write the same text), then whatever is not a declared column
 * (undeclared fields, values that are not records) as canonical JSON. Equal tables in any record order give equal
 * text; a record's canonical JSON is only computed to order records with the same key, and for the rare record with
 * undeclared fields.
 */
import { isObject } from '../facts/checkRecord.js';
import { keyOrder, type KeyOrder } from '../facts/keyOrder.js';
import { RecordShapes } from '../facts/recordShapes.js';
import { canonicalJson, type Hasher } from '../hash.js';

/** Characters gathered before one `update`: hashing many tiny strings one by one is slow (a native call each). */
const CHUNK = 1 << 16;

/** Writes one value: the type tag, then its text. Canonical: the same value always writes the same text. */
function valueText(v: unknown): string {
  switch (typeof v) {
    case 'string':
      return `s${v.length}:${v}`;
    case 'number':
      // as canonical JSON writes it: a non-finite number is null
      return Number.isFinite(v) ? `n${v};` : 'z';
    case 'boolean':
      return v ? 't' : 'f';
    case 'undefined':
      return 'u';
    default: {
      if (v === null) return 'z';
      const json = canonicalJson(v);
      return `j${json.length}:${json}`;
    }
  }
}

/**
 * Values gathered per pass at most (32 MB of references), into arrays reused from pass to pass (see `gatherColumns`):
 * the bench's 200,000 contracts (15 columns) are gathered in one pass, a million in four.
 */
const VALUES_PER_PASS = 1 << 22;

/**
 * Fills `values[j]` with the values of the declared column `group[j]` in canonical order, and (into `onlyDeclared`,
 * when given) per record whether its keys are all declared columns (it has no rest to write). Read record by record,
 * as many columns at a time as `VALUES_PER_PASS` allows: reading one column at a time in key order visited every
 * record once per column, scattered in the heap (the key order is unrelated to the table's), and was ~30 % slower on
 * the bench's 200,000 contracts; four columns per pass there took ~120 ms more than all fifteen in one. The arrays
 * are the caller's and reused for every pass: an array of a million values is 8 MB, kept by V8 until its next full
 * collection, and one array per column raised a million-line run's peak RSS from 761–765 to 851–860 MiB (with four
 * reused: 762–763; 2026-12-06, `main.ts --scale-child 1000000`). Where a record's fields sit in
 * `Object.values` is worked out once per shape; a declared column missing from the shape (not enumerable,
 * inherited, absent) is read by name, never inherited.
 */
function gatherColumns(
  objects: ReadonlyArray<Record<string, unknown> | undefined>,
  order: readonly number[],
  group: readonly string[],
  declared: ReadonlySet<string>,
  values: unknown[][],
  onlyDeclared?: Uint8Array,
): void {
  const n = order.length;
  const m = group.length;
  const inheritable = group.some((name) => name in Object.prototype);
  const shapes = new RecordShapes((keys) => ({ only: keys.every((k) => declared.has(k)) ? 1 : 0, at: group.map((c) => keys.indexOf(c)) }));
  for (let x = 0; x < n; x++) {
    const o = objects[order[x]!];
    if (!o) {
      for (let j = 0; j < m; j++) values[j]![x] = undefined;
      continue;
    }
    const proto = Object.getPrototypeOf(o);
    const ownOnly = !inheritable && (proto === Object.prototype || proto === null);
    const shape = shapes.of(Object.keys(o));
    if (onlyDeclared) onlyDeclared[x] = shape.only;
    const own = Object.values(o);
    for (let j = 0; j < m; j++) {
      const k = shape.at[j]!;
      if (k >= 0) values[j]![x] = own[k];
      else {
        const name = group[j]!;
        values[j]![x] = ownOnly || Object.hasOwn(o, name) ? o[name] : undefined;
      }
    }
  }
}

/**
 * Text appended to one string and handed to the hash in chunks: cheaper than an array of tiny strings joined (the
 * hash is over the concatenation, so where the chunks end does not matter).
 */
class ChunkedText {
  private text = '';
  constructor(private readonly h: Hasher) {}
  add(part: string): void {
    this.text += part;
    if (this.text.length >= CHUNK) this.flush();
  }
  flush(): void {
    this.h.update(this.text);
    this.text = '';
  }
}

/** The rest of a record, after its declared columns: '.' for none, else its undeclared fields, or itself. */
function restText(record: unknown, o: Record<string, unknown> | undefined, declared: ReadonlySet<string>): string {
  if (!o) return `r${valueText(record)}`;
  let extra: Record<string, unknown> | undefined;
  for (const k in o) {
    if (!Object.hasOwn(o, k) || declared.has(k) || o[k] === undefined) continue;
    (extra ??= {})[k] = o[k];
  }
  return extra ? `x${valueText(extra)}` : '.';
}

/**
 * Streams the canonical columnar text of one table into `h`. `sorted` is the records' key order when the run has
 * worked it out already (facts/keyOrder.ts); it must be that of these records, keyed by `table.key`. `valuesPerPass`
 * is for tests (the text does not depend on it).
 */
export function hashFactTable(
  h: Hasher,
  records: readonly unknown[],
  table: { key?: string; columns?: Record<string, unknown> } | undefined,
  sorted: KeyOrder = keyOrder(records, table?.key),
  valuesPerPass = VALUES_PER_PASS,
): void {
  const columns = Object.keys(table?.columns ?? {}).sort();
  const n = records.length;
  const objects: Array<Record<string, unknown> | undefined> = new Array(n);
  for (let i = 0; i < n; i++) {
    const r = records[i];
    objects[i] = isObject(r) ? r : undefined;
  }
  const { order } = sorted;
  const declared = new Set(columns);
  const onlyDeclared = new Uint8Array(n);
  const perPass = Math.max(1, Math.floor(valuesPerPass / Math.max(1, n)));
  const values: unknown[][] = Array.from({ length: Math.min(perPass, columns.length) }, () => new Array(n));
  const out = new ChunkedText(h);
  out.add(`#${n}\n`);
  // The first pass also finds which records have fields beyond the declared columns (a pass of its own without any).
  if (columns.length === 0) gatherColumns(objects, order, [], declared, values, onlyDeclared);
  for (let start = 0; start < columns.length; start += perPass) {
    const group = columns.slice(start, start + perPass);
    gatherColumns(objects, order, group, declared, values, start === 0 ? onlyDeclared : undefined);
    group.forEach((name, j) => {
      out.add(`\u0000c${JSON.stringify(name)}\n`);
      const column = values[j]!;
      // Missing and undefined both write 'u'.
      for (let x = 0; x < n; x++) out.add(column[x] === undefined ? 'u' : valueText(column[x]));
    });
  }
  // The rest of each record, in the same order: nothing for a record made only of declared columns.
  out.add('\u0000rest\n');
  for (let x = 0; x < n; x++) {
    const i = order[x]!;
    out.add(onlyDeclared[x] === 1 ? '.' : restText(records[i], objects[i], declared));
  }
  out.flush();
}
