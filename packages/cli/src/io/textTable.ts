const pad = (s: string, n: number): string => (s.length >= n ? s : s + ' '.repeat(n - s.length));
const lpad = (s: string, n: number): string => (s.length >= n ? s : ' '.repeat(n - s.length) + s);

/**
 * Each column's width: the longest of its cells and `start`. A loop, not `Math.max(...cells)`: spreading every row as
 * arguments overflows the stack past about 120,000 rows, and a listing (a quarantine of a whole export) can be longer.
 */
function columnWidths(start: number[], rows: readonly string[][]): number[] {
  const widths = start.slice();
  for (const r of rows) for (let i = 0; i < widths.length; i++) widths[i] = Math.max(widths[i]!, (r[i] ?? '').length);
  return widths;
}

/**
 * Rows in fixed-width columns without a header, each line after `indent`: a listing whose amounts line up on their
 * right edge (`numeric` columns), as a reader compares them. Trailing blanks are trimmed.
 */
export function aligned(rows: string[][], numeric: boolean[] = [], indent = '  '): string {
  const widths = columnWidths((rows[0] ?? []).map(() => 0), rows);
  return rows.map((r) => `${indent}${r.map((c, i) => (numeric[i] ? lpad(c, widths[i]!) : pad(c, widths[i]!))).join('  ')}`.trimEnd() + '\n').join('');
}

/** A fixed-width table for terminal summaries and listings, under its header; `numeric` columns are right-aligned. */
export function table(head: string[], rows: string[][], numeric: boolean[] = []): string {
  const widths = columnWidths(head.map((h) => h.length), rows);
  const line = (r: string[]): string => r.map((c, i) => (numeric[i] ? lpad(c, widths[i]!) : pad(c, widths[i]!))).join('  ').trimEnd();
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n') + '\n';
}
