/**
 * Line numbers of a CSV file as an editor shows them, for csv-parse's records and faults. csv-parse's own count
 * (`info.lines`, `CsvError.lines`, the "on line N" of its messages) cannot be used as it is: it is the line a record
 * ends on, not the one it starts on; and inside quotes it counts a CRLF as two lines (csv-parse 7.0.3, lib/api: each of
 * `\r` and `\n` is a break there, while outside quotes the CRLF record delimiter is taken in one step), so in a CRLF
 * file every line after a quoted line break is reported too high. Read while parsing, it is also past the record the
 * consumer is at. So lines are counted here from each record's `raw` text (the parser's `raw: true`), in the parser's
 * order (its `on_record`), and a fault's line from the raw text of the record it stopped in (`CsvError.raw`).
 */

/** A line break as an editor counts it: `\r\n`, `\r` or `\n`, each one line. */
const BREAK = /\r\n|\r|\n/g;
const breaksIn = (text: string): number => text.match(BREAK)?.length ?? 0;
/** The breaks a text starts with: a record's raw text starts with those of the empty lines skipped before it. */
const leadingBreaks = (text: string): number => breaksIn(/^[\r\n]*/.exec(text)![0]);

export interface CsvLineCounter {
  /**
   * The header was read: `emptyBefore` empty lines skipped before it (csv-parse's `info.empty_lines` at that moment)
   * and its cells as the parser gave them (a quoted header cell may hold line breaks). Returns the line the header
   * starts on, which faults about the header name: empty lines skipped before it put it below line 1.
   */
  header(emptyBefore: number, cells: readonly string[]): number;
  /** The first line of the record whose raw text this is; records must be given in the parser's order. */
  record(raw: string): number;
  /**
   * The line a fault was found on, as csv-parse means it (the line of the last character it read), counted right:
   * from the raw text of the record it stopped in, or the parser's own number when the fault carries no raw text.
   */
  fault(raw: string | undefined, reported: number): number;
  /**
   * For a quote never closed (csv-parse's CSV_QUOTE_NOT_CLOSED): the line its opening quote is on, found in the raw
   * text of the record the file ended in. csv-parse itself only says where the input ended, which for one stray quote
   * can be thousands of lines below the mistake. Undefined if that text holds no open quote (not a fault of this shape).
   */
  quoteOpened(raw: string, delimiter: string): number | undefined;
}

/**
 * Where the quote still open at the end of `raw` starts, read as csv-parse reads it with this package's options (quote
 * and escape `"`, no relax_quotes, no trimming): a quote opens a field only as its first character, `""` inside quotes
 * is one quote, and the next lone quote closes it. Anything else is a fault csv-parse raises before the end, so a
 * record it refused as unclosed has exactly one quote open at its end, the last one opened.
 */
function openQuoteIn(raw: string, delimiter: string): number | undefined {
  let opened: number | undefined;
  let fieldStart = true;
  // a BOM before the header's first cell is not part of it
  let i = raw.startsWith('\uFEFF') ? 1 : 0;
  while (i < raw.length) {
    const c = raw[i]!;
    if (opened !== undefined) {
      if (c === '"' && raw[i + 1] === '"') i += 2;
      else {
        if (c === '"') opened = undefined;
        i++;
      }
    } else if (c === '"' && fieldStart) {
      opened = i++;
      fieldStart = false;
    } else if (raw.startsWith(delimiter, i)) {
      fieldStart = true;
      i += delimiter.length;
    } else {
      // a line break outside quotes ends a record (here only the empty lines skipped before it): a field starts after it
      fieldStart = c === '\r' || c === '\n';
      i++;
    }
  }
  return opened;
}

export function csvLineCounter(): CsvLineCounter {
  // the line the next raw text starts on (its leading breaks included)
  let next = 1;
  return {
    header(emptyBefore, cells) {
      // each skipped empty line is one line break (a CRLF one as an LF one)
      const first = 1 + emptyBefore;
      // the header's own lines, then the break that ends it
      next = first + cells.reduce((sum, cell) => sum + breaksIn(cell), 0) + 1;
      return first;
    },
    record(raw) {
      const first = next + leadingBreaks(raw);
      next += breaksIn(raw);
      return first;
    },
    fault(raw, reported) {
      // a break the parser just read does not put it on the next line yet: the line is the one that break ends
      return raw === undefined ? reported : next + breaksIn(raw.replace(/(?:\r\n|\r|\n)$/, ''));
    },
    quoteOpened(raw, delimiter) {
      const at = openQuoteIn(raw, delimiter);
      // the raw text starts on line `next` (its leading breaks included): the breaks before the quote put it below
      return at === undefined ? undefined : next + breaksIn(raw.slice(0, at));
    },
  };
}
