/**
 * A partition's fact records as columns in ArrayBuffers, sent to a worker without a copy (transferred, not
 * structured-cloned) and turned back into the same records there. Per table: one tag per record and field (missing,
 * text, number, true, false, null, other JSON), one Float64Array per field for numbers, and per field a dictionary of
 * its distinct texts (codes in an Int32Array, the texts UTF-8 in one buffer with their offsets): a column of categories
 * or partner ids is a few bytes per record. A column of mostly distinct texts (record ids) stops looking its texts up
 * after a probe and gives each its own code (`FieldBuilder.code`). Decoding gives records equal to the originals, field
 * for field (own fields set to `undefined` are left out, as JSON leaves them out). A table holding text that UTF-8
 * cannot carry exactly (a lone surrogate) is not encoded: it goes by structured clone, as before.
 */
import { RecordShapes, type FactRecord } from '@provvigo/core';

const MISSING = 0;
const TEXT = 1;
const NUMBER = 2;
const TRUE = 3;
const FALSE = 4;
const NULL = 5;
const JSON_VALUE = 6;
/** A value that is not a record (core rejects it): carried as JSON in its own list. */
const NOT_RECORD = 7;

/** One field of a table as columns. */
export interface FieldColumns {
  name: string;
  /** One tag per record (see the constants above). */
  tags: Uint8Array;
  /** The number of each record tagged NUMBER (0 elsewhere); empty when the field holds no number. */
  numbers: Float64Array;
  /** The dictionary code of each record tagged TEXT or JSON_VALUE (0 elsewhere); empty when it holds no text. */
  codes: Int32Array;
  /** The distinct texts, UTF-8, one after another; `offsets[k]..offsets[k+1]` is text k (in UTF-16 units once decoded). */
  dictionary: Uint8Array;
  offsets: Uint32Array;
}

/** A table as columns: what crosses to the worker. */
export interface ColumnarTable {
  length: number;
  /** Records tagged NOT_RECORD in every field: their JSON, by record position. */
  others: Array<[number, string]>;
  fields: FieldColumns[];
}

/** Texts a field puts before it is judged mostly distinct (its dictionary then dropped) or not. */
export const DISTINCT_PROBE = 1024;

/** Stand-ins for a field's numbers or codes until it holds one (never filled, never sent). */
const EMPTY_NUMBERS = new Float64Array(0);
const EMPTY_CODES = new Int32Array(0);

/** Whether a text survives a UTF-8 round trip unchanged (no lone surrogate). */
const wellFormed = (s: string): boolean => (s as string & { isWellFormed(): boolean }).isWellFormed();

/** One field's columns being filled, record by record. */
class FieldBuilder {
  readonly tags: Uint8Array;
  /**
   * Allocated on the field's first number or text: most fields hold only one kind of value (the bench's 15 contract
   * fields: 2 hold numbers, 9 texts), and allocating and filling the rest cost about as much as encoding a field.
   */
  numbers = EMPTY_NUMBERS;
  codes = EMPTY_CODES;
  /** The texts in code order; `dictionary` finds a text's code, until the field turns out to be mostly distinct. */
  private readonly texts: string[] = [];
  private dictionary: Map<string, number> | undefined = new Map();
  /** Texts put so far (codes looked up or added), to tell a column of ids from a column of categories. */
  private seen = 0;
  /** False once a value cannot be carried exactly (the table then goes by structured clone). */
  ok = true;

  constructor(
    readonly name: string,
    private readonly n: number,
  ) {
    this.tags = new Uint8Array(n);
  }

  /**
   * The text's code. A column whose texts are mostly distinct (a record id) gains nothing from the dictionary and
   * pays a map entry per record, so after DISTINCT_PROBE texts with more than half of them distinct, each further
   * text gets a code of its own: the decoder reads codes the same way, repeated texts or not.
   */
  private code(s: string): number {
    const dictionary = this.dictionary;
    if (dictionary === undefined) return this.texts.push(s) - 1;
    let c = dictionary.get(s);
    if (c === undefined) {
      dictionary.set(s, (c = this.texts.length));
      this.texts.push(s);
    }
    if (++this.seen === DISTINCT_PROBE && this.texts.length * 2 > this.seen) this.dictionary = undefined;
    return c;
  }

  put(i: number, v: unknown): void {
    if (v === undefined) return; // tag MISSING (0) already
    if (typeof v === 'string') {
      this.tags[i] = TEXT;
      if (this.codes === EMPTY_CODES) this.codes = new Int32Array(this.n);
      this.codes[i] = this.code(v);
    } else if (typeof v === 'number') {
      this.tags[i] = NUMBER;
      if (this.numbers === EMPTY_NUMBERS) this.numbers = new Float64Array(this.n);
      this.numbers[i] = v;
    } else if (v === true) this.tags[i] = TRUE;
    else if (v === false) this.tags[i] = FALSE;
    else if (v === null) this.tags[i] = NULL;
    else {
      // only plain data goes as JSON (a Date or a Map would come back changed), and no function or symbol
      const proto = typeof v === 'object' ? Object.getPrototypeOf(v) : undefined;
      const json = proto === Object.prototype || proto === Array.prototype || proto === null ? JSON.stringify(v) : undefined;
      if (json === undefined) this.ok = false;
      else {
        this.tags[i] = JSON_VALUE;
        if (this.codes === EMPTY_CODES) this.codes = new Int32Array(this.n);
        this.codes[i] = this.code(json);
      }
    }
  }

  /** The finished columns, or undefined when a value could not be carried exactly. */
  finish(): FieldColumns | undefined {
    const texts = this.texts;
    const joined = texts.join('');
    if (!this.ok || !wellFormed(joined)) return undefined;
    const offsets = new Uint32Array(texts.length + 1);
    for (let k = 0; k < texts.length; k++) offsets[k + 1] = offsets[k]! + texts[k]!.length;
    // a field's own empty arrays, not the shared ones: each buffer of a transfer list must be distinct
    const numbers = this.numbers === EMPTY_NUMBERS ? new Float64Array(0) : this.numbers;
    const codes = this.codes === EMPTY_CODES ? new Int32Array(0) : this.codes;
    return { name: this.name, tags: this.tags, numbers, codes, dictionary: new TextEncoder().encode(joined), offsets };
  }
}

/** The table as columns, or undefined when it must go by structured clone (see the file's comment). */
export function encodeFactTable(records: readonly unknown[]): ColumnarTable | undefined {
  const n = records.length;
  const byName = new Map<string, FieldBuilder>();
  const others: Array<[number, string]> = [];
  // Records read from one file come in a few field orders, often alternating: each order's builders, found once.
  const shapes = new RecordShapes((keys) =>
    keys.map((k) => {
      let b = byName.get(k);
      if (!b) byName.set(k, (b = new FieldBuilder(k, n)));
      return b;
    }),
  );
  for (let i = 0; i < n; i++) {
    const r = records[i];
    if (typeof r !== 'object' || r === null || Array.isArray(r)) {
      others.push([i, JSON.stringify(r) ?? 'null']);
      continue;
    }
    const builders = shapes.of(Object.keys(r));
    const values = Object.values(r);
    for (let j = 0; j < values.length; j++) builders[j]!.put(i, values[j]);
  }
  const fields: FieldColumns[] = [];
  for (const b of byName.values()) {
    const f = b.finish();
    if (!f) return undefined;
    fields.push(f);
  }
  for (const [i] of others) for (const f of fields) f.tags[i] = NOT_RECORD;
  return { length: n, others, fields };
}

/** The buffers of a columnar table, to transfer rather than copy. */
export function factTableBuffers(table: ColumnarTable): ArrayBuffer[] {
  return table.fields.flatMap((f) => [f.tags.buffer, f.numbers.buffer, f.codes.buffer, f.dictionary.buffer, f.offsets.buffer] as ArrayBuffer[]);
}

/** The records of a columnar table, as they were encoded. */
export function decodeFactTable(table: ColumnarTable): FactRecord[] {
  const out: FactRecord[] = new Array(table.length);
  const others = new Map(table.others);
  for (let i = 0; i < table.length; i++) out[i] = (others.has(i) ? JSON.parse(others.get(i)!) : {}) as FactRecord;
  for (const f of table.fields) {
    const joined = new TextDecoder().decode(f.dictionary);
    const texts: string[] = new Array(f.offsets.length - 1);
    for (let k = 0; k < texts.length; k++) texts[k] = joined.slice(f.offsets[k]!, f.offsets[k + 1]!);
    const { tags, numbers, codes, name } = f;
    for (let i = 0; i < table.length; i++) {
      const tag = tags[i]!;
      if (tag === MISSING || tag === NOT_RECORD) continue;
      const value = tag === TEXT ? texts[codes[i]!] : tag === NUMBER ? numbers[i] : tag === TRUE ? true : tag === FALSE ? false : tag === NULL ? null : JSON.parse(texts[codes[i]!]!);
      // defined, not assigned: a field named __proto__ stays a field, as JSON.parse makes it
      if (name === '__proto__') Object.defineProperty(out[i], name, { value, enumerable: true, writable: true, configurable: true });
      else (out[i] as Record<string, unknown>)[name] = value;
    }
  }
  return out;
}
