import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { Readable, pipeline } from 'node:stream';
import { parse as csvParse } from 'csv-parse';
import { BilingualError, closestName, refusalText, type BothLanguages } from '@provvigo/core';
import type { Db } from '@provvigo/store';
import { csvFaultText, unclosedQuoteText } from './csvFaultText.js';
import { csvLineCounter } from './csvLines.js';
import { endsInsideValue, notJsonReasons, tryParseEventJson } from './json.js';
import { pathList, type BillingMapping } from './mapping.js';
import { quarantineStored } from './inbox-processor.js';
import { batchOutcome, eventIdOf, migrateBilling, processInbox, storeInInbox } from './store.js';

/**
 * A fault of the whole file: nothing from it is imported. As core's and the store's refusals: `message` is the English
 * text (`file.csv:3: malformed CSV: …`) and `messages` the text in both languages, with the same `file:line: ` prefix,
 * so the CLI shows it in the user's language; `detail` and `details` are the fault without that prefix. Every fault
 * this package raises gives both languages; `messages` and `details` are undefined only for an error built elsewhere
 * from one string.
 */
export class FileImportError extends BilingualError {
  override name = 'FileImportError';
  /** The fault without the file and line prefix, in English. */
  readonly detail: string;
  /** The fault without the prefix in both languages, when it was given both (`details.en === detail`). */
  readonly details: BothLanguages | undefined;
  constructor(
    readonly file: string,
    message: string | BothLanguages,
    readonly line?: number,
  ) {
    const text = refusalText(message);
    const where = `${file}${line !== undefined ? `:${line}` : ''}: `;
    // the whole text (`messages` in both languages when it was given both) carries the place; `detail` does not
    super(text.messages ? { en: `${where}${text.messages.en}`, it: `${where}${text.messages.it}` } : `${where}${text.message}`);
    this.detail = text.message;
    this.details = text.messages;
  }
}

export interface ImportProgress {
  rows: number;
}

export interface ImportReport {
  file: string;
  sha256: string;
  /** Rows (CSV) or lines (JSON Lines) read. */
  received: number;
  /** New events written to the inbox by this import. */
  stored: number;
  /** Rows whose event id was already in the inbox (same file imported twice, duplicate rows, earlier webhooks). */
  duplicates: number;
  /** Of the stored: became service-event facts, were quarantined, or had no mapping rule. */
  facts: number;
  quarantined: number;
  ignored: number;
}

/** `received = facts + quarantined + ignored + duplicates` for every import. */
export function importReconciles(r: ImportReport): boolean {
  return r.received === r.facts + r.quarantined + r.ignored + r.duplicates;
}

/** Decodes byte chunks to text; invalid UTF-8 is a file-level fault, not silently replaced. */
async function* decode(chunks: AsyncIterable<Buffer>, encoding: 'utf-8' | 'windows-1252', file: string, hash: ReturnType<typeof createHash>): AsyncGenerator<string> {
  const decoder = new TextDecoder(encoding, { fatal: encoding === 'utf-8' });
  let offset = 0;
  for await (const chunk of chunks) {
    hash.update(chunk);
    try {
      yield decoder.decode(chunk, { stream: true });
    } catch {
      throw new FileImportError(file, {
        en: `not valid UTF-8 near byte ${offset}; set file.encoding to "windows-1252" if the export is in that code page`,
        it: `il testo non è UTF-8 valido vicino al byte ${offset}; se l'esportazione è in codifica Windows-1252, imposta file.encoding a "windows-1252"`,
      });
    }
    offset += chunk.length;
  }
  try {
    const rest = decoder.decode();
    if (rest) yield rest;
  } catch {
    throw new FileImportError(file, { en: 'not valid UTF-8 at the end of the file (truncated?)', it: 'il testo non è UTF-8 valido alla fine del file (file troncato?)' });
  }
}

/**
 * `; did you mean "CODICE_PARTNERS" for "CODICE_PARTNER"?` when a header holds a column one or two letters off a
 * mapped one it lacks (a renamed export column, a typo in the mapping): the fix, beside the fault; in Italian
 * `; forse intendevi "CODICE_PARTNERS" invece di "CODICE_PARTNER"?`.
 */
function nearHeaders(missing: readonly string[], names: readonly string[]): BothLanguages {
  const near = missing.flatMap((m) =>
    m.split(' | ').flatMap((column) => {
      const found = closestName(column, names, 2);
      return found === undefined ? [] : [{ found, column }];
    }),
  );
  if (!near.length) return { en: '', it: '' };
  return {
    en: `; did you mean ${near.map((n) => `"${n.found}" for "${n.column}"`).join(', ')}?`,
    it: `; forse intendevi ${near.map((n) => `"${n.found}" invece di "${n.column}"`).join(', ')}?`,
  };
}

/** The header fault: the mapped columns it lacks, the columns it has, and the near ones. */
function headerFault(missing: readonly string[], names: readonly string[]): BothLanguages {
  const near = nearHeaders(missing, names);
  return {
    en: `header lacks the mapped column(s) ${missing.join(', ')} (found: ${names.join(', ')})${near.en}`,
    it:
      missing.length === 1
        ? `nell'intestazione manca la colonna ${missing[0]} prevista dalla mappatura (colonne trovate: ${names.join(', ')})${near.it}`
        : `nell'intestazione mancano le colonne ${missing.join(', ')} previste dalla mappatura (colonne trovate: ${names.join(', ')})${near.it}`,
  };
}

/**
 * The fault of a header naming a column more than once, if it does: csv-parse keeps only the last cell of such a column,
 * so a row would silently lose the others (two partner columns: the wrong partner credited). Positions count from 1.
 */
function duplicateColumnsFault(names: readonly string[]): BothLanguages | undefined {
  const positions = new Map<string, number[]>();
  names.forEach((name, i) => positions.set(name, [...(positions.get(name) ?? []), i + 1]));
  const repeated = [...positions].filter(([, at]) => at.length > 1);
  if (!repeated.length) return undefined;
  const list = (word: string) => repeated.map(([name, at]) => `${name === '' ? '""' : name} (${word} ${at.join(', ')})`).join(', ');
  return {
    en: `header names a column more than once: ${list('columns')}; a row would keep only one of its cells`,
    it: `nell'intestazione una colonna compare più volte: ${list('colonne')}; di ogni riga si terrebbe una sola delle sue celle`,
  };
}

/**
 * The rows of a CSV file, each with the line it starts on (a quoted cell may span lines). The line is counted from the
 * row's raw text as the parser reads it (csvLines.ts), not taken from `parser.info.lines`: csv-parse counts lines
 * another way, and by the time the loop below is given a row the parser may have read rows past it. A structure fault
 * names its line the same way.
 */
async function* csvRows(text: AsyncIterable<string>, mapping: BillingMapping, file: string, delimiter: string): AsyncGenerator<{ row: Record<string, string>; line: number }> {
  const required = new Set<string>([mapping.fields.eventType]);
  if (mapping.fields.eventId) required.add(mapping.fields.eventId);
  for (const r of mapping.rules) for (const p of Object.keys(r.when)) required.add(p);
  // a field read from one of several columns needs at least one of them
  const alternatives = [mapping.fields.occurredAt, mapping.fields.contractRef, mapping.fields.partnerRef].map(pathList);
  const lines = csvLineCounter();
  const parser = csvParse({
    delimiter,
    bom: true,
    skip_empty_lines: true,
    raw: true,
    columns: (header: string[]) => {
      // called while the parser is at the header's end: the empty lines it skipped are all before the header, which
      // is where its faults are (not line 1 when the file starts with empty lines)
      const line = lines.header(parser.info.empty_lines, header);
      const names = header.map((h) => h.trim());
      const missing = [...required].filter((c) => !names.includes(c));
      for (const alt of alternatives) if (!alt.some((c) => names.includes(c))) missing.push(alt.join(' | '));
      if (missing.length) throw new FileImportError(file, headerFault(missing, names), line);
      const repeated = duplicateColumnsFault(names);
      if (repeated) throw new FileImportError(file, repeated, line);
      return names;
    },
    // called in the parser's order, each record as it is read: the count stays right however far ahead the parser runs
    on_record: ({ record, raw }: { record: Record<string, string>; raw: string }) => ({ row: record, line: lines.record(raw) }),
  });
  // Node's pipeline feeds the decoded text in, waiting whenever the parser is full, and ends the parser with the text;
  // an error on either side (a header or structure fault, text that is not UTF-8) destroys both and surfaces in the
  // loop below. Resolved once both are closed, which `finally` waits for.
  const fed = new Promise<void>((resolve) => pipeline(Readable.from(text), parser, () => resolve()));
  try {
    yield* parser as AsyncIterable<{ row: Record<string, string>; line: number }>;
  } catch (error) {
    if (error instanceof FileImportError) throw error;
    const e = error as Error & { code?: string; lines?: number; raw?: string; column?: unknown };
    if (e.lines === undefined) throw new FileImportError(file, csvFaultText(e.message));
    // an unclosed quote is found only when the input ends: named where it opened, which is where the mistake is
    const opened = e.code === 'CSV_QUOTE_NOT_CLOSED' && e.raw !== undefined ? lines.quoteOpened(e.raw, delimiter) : undefined;
    if (opened !== undefined) throw new FileImportError(file, unclosedQuoteText(opened, typeof e.column === 'string' ? e.column : undefined), opened);
    const line = { reported: e.lines, actual: lines.fault(e.raw, e.lines) };
    throw new FileImportError(file, csvFaultText(e.message, line), line.actual);
  } finally {
    if (!parser.destroyed) parser.destroy();
    await fed;
  }
}

/**
 * The text a CSV row without an id is keyed by: its cells sorted by column name, so the same row exported with the
 * columns in another order gets the same key (and a re-export is recognised as duplicates).
 */
function canonicalRow(row: Record<string, string>): string {
  return JSON.stringify(Object.entries(row).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Where in the file a JSON line or a CSV row (its first line) was read, as reasons name it and the inbox keeps it (`origin`). */
const placeOf = (file: string, line: number) => `${file}:${line}`;

async function* jsonLines(text: AsyncIterable<string>, file: string): AsyncGenerator<{ row: unknown; raw: string; line: number; fault?: BothLanguages }> {
  let buffer = '';
  let line = 0;
  for await (const t of text) {
    buffer += t;
    let nl: number;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const raw = buffer.slice(0, nl).replace(/\r$/, '');
      buffer = buffer.slice(nl + 1);
      line++;
      if (raw.trim() === '') continue;
      const parsed = tryParseEventJson(raw);
      // a bad line is a row fault: stored, and quarantined by the import with its place and the parser's cause
      yield parsed.ok ? { row: parsed.value, raw, line } : { row: undefined, raw, line, fault: notJsonReasons(parsed.cause, placeOf(file, line)) };
    }
  }
  if (buffer.trim() !== '') {
    line++;
    const parsed = tryParseEventJson(buffer);
    if (parsed.ok) {
      yield { row: parsed.value, raw: buffer, line };
      return;
    }
    // A last line without its newline that stops inside a value is what a cut-off file looks like: a file fault. One
    // that is complete but refused (a duplicate key) is a row fault like any other line's, with the parser's cause.
    if (endsInsideValue(buffer)) {
      throw new FileImportError(file, { en: 'the last line is not complete JSON (truncated file?)', it: "l'ultima riga non è un JSON completo (file troncato?)" }, line);
    }
    yield { row: undefined, raw: buffer, line, fault: notJsonReasons(parsed.cause, placeOf(file, line)) };
  }
}

/**
 * Imports a CSV or JSON Lines export of service-state events, streamed (any size). All rows go to the inbox in ONE
 * transaction, so a file-level fault (encoding, header, structure, truncation, empty file) imports nothing; row
 * faults are quarantined by the processing that follows. Re-importing a file stores nothing twice.
 */
export async function importFile(
  db: Db,
  path: string,
  mapping: BillingMapping,
  options: { onProgress?: (p: ImportProgress) => void; batchSize?: number; format?: 'csv' | 'jsonl' } = {},
): Promise<ImportReport> {
  await migrateBilling(db);
  const file = basename(path);
  const format = mapping.file ?? { kind: options.format ?? (/\.jsonl?$|\.ndjson$/i.test(path) ? 'jsonl' : 'csv'), delimiter: ',', encoding: 'utf-8' as const };
  const hash = createHash('sha256');
  const batchSize = options.batchSize ?? 1000;
  const tmpBatch = `import:${process.pid}:${Date.now()}:${Math.random().toString(36).slice(2)}`;
  let received = 0;
  let stored = 0;
  let duplicates = 0;
  let sha = '';
  await db.transaction(async (tx) => {
    let pending: { eventId: string; raw: string; origin?: string }[] = [];
    // this batch's lines that are not JSON, by event id (the first occurrence: the one the inbox keeps)
    let unparsed = new Map<string, { raw: string; reasons: BothLanguages }>();
    const flush = async () => {
      const r = await storeInInbox(tx, mapping.source, 'file', pending, tmpBatch);
      stored += r.stored;
      duplicates += r.duplicates;
      // quarantined now, while the file and line are known; a duplicate keeps the outcome it already had
      await quarantineStored(tx, mapping, [...unparsed].filter(([id]) => r.storedIds.has(id)).map(([event_id, e]) => ({ event_id, ...e })));
      pending = [];
      unparsed = new Map();
      options.onProgress?.({ rows: received });
    };
    let stream;
    try {
      stream = createReadStream(path);
      await new Promise<void>((resolve, reject) => stream!.once('open', () => resolve()).once('error', reject));
    } catch (error) {
      const why = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      throw new FileImportError(file, { en: `cannot read the file (${why})`, it: `impossibile leggere il file (${why})` });
    }
    const text = decode(stream as AsyncIterable<Buffer>, format.encoding, file, hash);
    const rows =
      format.kind === 'csv'
        ? (async function* () {
            for await (const r of csvRows(text, mapping, file, format.delimiter)) yield { row: r.row as unknown, raw: JSON.stringify(r.row), key: canonicalRow(r.row), line: r.line };
          })()
        : jsonLines(text, file);
    for await (const next of rows) {
      received++;
      const { row, raw } = next;
      const eventId = eventIdOf(mapping, row, 'key' in next ? next.key : raw);
      // a row's or line's place is kept with it: processing it again (after requeueEvents) names it as this import does
      pending.push({ eventId, raw, origin: placeOf(file, next.line) });
      if ('fault' in next && next.fault && !unparsed.has(eventId)) unparsed.set(eventId, { raw, reasons: next.fault });
      if (pending.length >= batchSize) await flush();
    }
    if (received === 0) throw new FileImportError(file, { en: 'the file holds no events', it: 'il file non contiene eventi' });
    await flush();
    sha = hash.digest('hex');
    await tx.query('UPDATE billing_inbox SET batch = $3 WHERE source = $1 AND batch = $2', [mapping.source, tmpBatch, `file:${sha}`]);
    await tx.query(
      `INSERT INTO billing_files (source, sha256, name, rows) VALUES ($1, $2, $3, $4) ON CONFLICT (source, sha256) DO NOTHING`,
      [mapping.source, sha, file, received],
    );
  });
  await processInbox(db, mapping);
  // Outcome of the events THIS import stored (a second import of the same file stores none: all duplicates).
  const outcome = stored > 0 ? await batchOutcome(db, mapping.source, `file:${sha}`) : { pending: 0, processed: 0, quarantined: 0, ignored: 0 };
  return { file, sha256: sha, received, stored, duplicates, facts: outcome.processed, quarantined: outcome.quarantined, ignored: outcome.ignored };
}
