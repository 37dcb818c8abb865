import { EXIT } from '../exitCodes.js';
import { table } from '../io/textTable.js';
import type { Io } from './shared.js';

/**
 * How `import billing --quarantine` and `sync salesforce --quarantine` print what an adapter set aside: one aligned row
 * per record under a header (the reason in the CLI's language), then a count line; `none` when there is nothing. With
 * `json`, the records as the adapter returns them (reason in both languages, raw payload) for machines. The raw payload
 * is never in the text listing: it may be large, and the count line says that `--json` gives it.
 */
export interface QuarantineListing<T> {
  records: readonly T[];
  json?: boolean | undefined;
  /** The column headers, in the CLI's language. */
  head: readonly string[];
  /** A record's cells, in the order of `head`. */
  row: (record: T) => string[];
  /** The count line after the rows, with its newline. */
  count: (n: number) => string;
  /** What an empty quarantine prints, with its newline. */
  none: string;
}

/** JSON lines written to the output at once: the raw payloads of a whole export can exceed one string. */
const CHUNK = 1000;

/**
 * Control characters of a cell shown, not obeyed: ids and reasons come from source systems, and an escape sequence
 * would reach the terminal; a line break or tab would break the columns.
 */
export function cell(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => (c === '\n' || c === '\t' || c === '\r' ? ' ' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
}

/** `lines`, each with its newline, written CHUNK at a time. */
function writeLines(lines: readonly string[], io: Io): void {
  for (let i = 0; i < lines.length; i += CHUNK) io.out(`${lines.slice(i, i + CHUNK).join('\n')}\n`);
}

/** `JSON.stringify(records, null, 2)`, written a record at a time (raw payloads of a whole export exceed a string). */
function writeJson(records: readonly unknown[], io: Io): void {
  if (records.length === 0) return io.out('[]\n');
  // a JSON text holds no raw line break (strings escape theirs): every line of an element is indented as one
  const items = records.map((r, i) => `  ${JSON.stringify(r, null, 2).replace(/\n/g, '\n  ')}${i < records.length - 1 ? ',' : ''}`);
  writeLines(['[', ...items, ']'], io);
}

/** Prints the listing; exit 1 while the quarantine holds records (a script can check it), 0 when it is empty. */
export function printQuarantine<T>(listing: QuarantineListing<T>, io: Io): number {
  const { records } = listing;
  if (listing.json) writeJson(records, io);
  else if (records.length === 0) io.out(listing.none);
  else {
    io.out(table([...listing.head], records.map((r) => listing.row(r).map(cell))));
    io.out(listing.count(records.length));
  }
  return records.length > 0 ? EXIT.issues : EXIT.ok;
}
