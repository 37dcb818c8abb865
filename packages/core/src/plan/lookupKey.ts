/** The normalised key of a lookup-table row: case-insensitive text, numbers as written, joined with "|". */
export function lookupKey(values: ReadonlyArray<unknown>): string {
  return values
    .map((v) => (typeof v === 'boolean' ? (v ? 'true' : 'false') : v === null || v === undefined ? '' : String(v).toLowerCase()))
    .join('|');
}
