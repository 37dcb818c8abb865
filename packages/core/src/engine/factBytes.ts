/**
 * The canonical columnar text of a fact table, for the run's input hash: the records ordered by (key, canonical
 * JSON), then each declared column written top to bottom, each value with a type tag and, for text, its length (so no
 * two different tables write the same text), then whatever is not a declared column (undeclared fields, values that
 * are not records) as canonical JSON. Equal tables in any record order give equal text; a record's canonical JSON is
 * only computed to order records with the same key, and for the rare record with undeclared fields.
 */
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

/** Streams the canonical columnar text of one table into `h`. */
export function hashFactTable(h: Hasher, records: readonly unknown[], table: { key?: string; columns?: Record<string, unknown> } | undefined): void {
  const key = table?.key;
  const columns = Object.keys(table?.columns ?? {}).sort();
  const declared = new Set(columns);
  const n = records.length;
  const objects: Array<Record<string, unknown> | undefined> = new Array(n);
  const keys: string[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const r = records[i];
    const o = typeof r === 'object' && r !== null && !Array.isArray(r) ? (r as Record<string, unknown>) : undefined;
    objects[i] = o;
    keys[i] = key && o ? String(o[key] ?? '') : '';
  }
  const json = new Map<number, string>();
  const jsonOf = (i: number): string => {
    let j = json.get(i);
    if (j === undefined) json.set(i, (j = canonicalJson(records[i])));
    return j;
  };
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => {
    const ka = keys[a]!;
    const kb = keys[b]!;
    if (ka !== kb) return ka < kb ? -1 : 1;
    const ja = jsonOf(a);
    const jb = jsonOf(b);
    return ja < jb ? -1 : ja > jb ? 1 : 0;
  });
  // Appended to one string, handed to the hash in chunks: cheaper than an array of tiny strings joined (the hash is
  // over the concatenation, so where the chunks end does not matter).
  let text = `#${n}\n`;
  for (const name of columns) {
    text += `\u0000c${JSON.stringify(name)}\n`;
    for (let x = 0; x < n; x++) {
      const o = objects[order[x]!];
      text += o && Object.hasOwn(o, name) ? valueText(o[name]) : 'u';
      if (text.length >= CHUNK) {
        h.update(text);
        text = '';
      }
    }
  }
  // The rest of each record, in the same order: nothing for a record made only of declared columns.
  text += '\u0000rest\n';
  for (const i of order) {
    const o = objects[i];
    if (!o) {
      text += `r${valueText(records[i])}`;
      continue;
    }
    let extra: Record<string, unknown> | undefined;
    for (const k in o) {
      if (!Object.hasOwn(o, k) || declared.has(k) || o[k] === undefined) continue;
      (extra ??= {})[k] = o[k];
    }
    text += extra ? `x${valueText(extra)}` : '.';
  }
  h.update(text);
}
