/** One key value as a lookup-table key writes it: case-insensitive text, numbers as written, blank for none. */
export function lookupKeyPart(v: unknown): string {
  return typeof v === 'boolean' ? (v ? 'true' : 'false') : v === null || v === undefined ? '' : String(v).toLowerCase();
}

/** The normalised key of a lookup-table row: its values' `lookupKeyPart`s joined with "|". */
export function lookupKey(values: ReadonlyArray<unknown>): string {
  return values.map(lookupKeyPart).join('|');
}
