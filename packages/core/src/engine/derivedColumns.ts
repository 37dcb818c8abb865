/**
 * Fields a record's other fields already say (issue 15 §3, the statement's canonical JSON). A statement line's id is
 * its plan's id, its payout and its record's id (`lineId.ts`), all on the line already: written out it was a quarter
 * of a statement's bytes at 200,000 lines (26.6 of 112 KB for a partner's 871 lines). Where every record of a run has
 * the value a `Derivation` works out, the column is written `{ derived: name }` (`lineColumns.ts`) and worked out again
 * when read. The form follows from the values alone, as every other column's does: any record whose value differs
 * keeps the column written in full.
 */

/** A field worked out from the other fields of its record. */
export interface Derivation {
  /** The name the column is written with: `{ derived: name }`. */
  name: string;
  /** The field it gives. */
  field: string;
  /**
   * Record `i`'s value of `field`, from the other columns of its run (`column(key)`: undefined for a field the run
   * does not have, or one itself derived); undefined when those do not give one.
   */
  value(column: (key: string) => readonly unknown[] | undefined, i: number): unknown;
}

/** A derived column, as it is written. */
export interface DerivedColumn {
  derived: string;
}

export function isDerived(column: unknown): column is DerivedColumn {
  return typeof column === 'object' && column !== null && !Array.isArray(column) && 'derived' in column;
}

/** Reads the run's columns by key (each key looked up once per run, not once per record). */
function columnReader(keys: readonly string[], columns: ReadonlyArray<readonly unknown[] | undefined>): (key: string) => readonly unknown[] | undefined {
  const byKey = new Map<string, readonly unknown[] | undefined>();
  keys.forEach((key, j) => byKey.set(key, columns[j]));
  return (key) => byKey.get(key);
}

/**
 * `{ derived }` for column `j` of a run of `n` records (`columns` still one value per record), when a derivation gives
 * that field and every record's value is the one it works out; undefined otherwise.
 */
export function derivedForm(keys: readonly string[], columns: ReadonlyArray<readonly unknown[]>, j: number, n: number, derivations: readonly Derivation[]): DerivedColumn | undefined {
  const d = derivations.find((x) => x.field === keys[j]);
  if (!d) return undefined;
  const column = columnReader(keys, columns.map((c, k) => (k === j ? undefined : c)));
  const values = columns[j]!;
  for (let i = 0; i < n; i++) if (values[i] !== d.value(column, i)) return undefined;
  return { derived: d.name };
}

/**
 * The values of a derived column (key `keys[j]`) of a run of `n` records, from its other columns already read
 * (`decoded[k]`, undefined for the derived ones); `path` names the column in errors.
 */
export function derivedValues(
  column: DerivedColumn,
  keys: readonly string[],
  decoded: ReadonlyArray<readonly unknown[] | undefined>,
  j: number,
  n: number,
  derivations: readonly Derivation[],
  path: string,
): unknown[] {
  const d = derivations.find((x) => x.name === column.derived);
  if (!d) throw new Error(`${path}: "${String(column.derived)}" is not a derived column known here (${derivations.map((x) => x.name).join(', ') || 'none is'})`);
  if (d.field !== keys[j]) throw new Error(`${path}: "${d.name}" gives the field "${d.field}", not "${keys[j]}"`);
  const read = columnReader(keys, decoded);
  const out: unknown[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const v = d.value(read, i);
    if (v === undefined) throw new Error(`${path}: record ${i} lacks the fields its ${d.field} is worked out from`);
    out[i] = v;
  }
  return out;
}
