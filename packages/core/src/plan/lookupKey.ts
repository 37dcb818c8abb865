/** One key value as a lookup-table key writes it: case-insensitive text, numbers as written, blank for none. */
export function lookupKeyPart(v: unknown): string {
  return typeof v === 'boolean' ? (v ? 'true' : 'false') : v === null || v === undefined ? '' : String(v).toLowerCase();
}

/** The normalised key of a lookup-table row: its values' `lookupKeyPart`s joined with "|". */
export function lookupKey(values: ReadonlyArray<unknown>): string {
  // A loop, not map and join: the compiled RATE makes one key per row of every unit.
  let key = '';
  for (let i = 0; i < values.length; i++) key += i === 0 ? lookupKeyPart(values[i]) : `|${lookupKeyPart(values[i])}`;
  return key;
}
