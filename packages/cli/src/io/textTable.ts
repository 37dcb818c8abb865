const pad = (s: string, n: number): string => (s.length >= n ? s : s + ' '.repeat(n - s.length));
const lpad = (s: string, n: number): string => (s.length >= n ? s : ' '.repeat(n - s.length) + s);

/**
 * Rows in fixed-width columns without a header, each line after `indent`: a listing whose amounts line up on their
 * right edge (`numeric` columns), as a reader compares them. Trailing blanks are trimmed.
 */
export function aligned(rows: string[][], numeric: boolean[] = [], indent = '  '): string {
  const widths = (rows[0] ?? []).map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => `${indent}${r.map((c, i) => (numeric[i] ? lpad(c, widths[i]!) : pad(c, widths[i]!))).join('  ')}`.trimEnd() + '\n').join('');
}

/** A small fixed-width table for terminal summaries; `numeric` columns are right-aligned. */
export function table(head: string[], rows: string[][], numeric: boolean[] = []): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]): string => r.map((c, i) => (numeric[i] ? lpad(c, widths[i]!) : pad(c, widths[i]!))).join('  ').trimEnd();
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n') + '\n';
}
