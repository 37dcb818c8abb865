import type { BothLanguages } from '@provvigo/core';

const count = (n: string, one: string, many: string) => `${n} ${n === '1' ? one : many}`;

/**
 * csv-parse's structure faults, read by the shape of its English message (csv-parse 7, lib/api/index.js), worded in
 * Italian for the person who fixes the export. The numbers are the parser's own.
 */
const CSV_FAULTS_IT: [RegExp, (m: RegExpExecArray) => string][] = [
  [
    /^Invalid Record Length: (?:columns length is|expect) (\d+), got (\d+) on line (\d+)$/,
    (m) => `la riga ${m[3]} ha ${count(m[2]!, 'campo', 'campi')}, l'intestazione ${count(m[1]!, 'colonna', 'colonne')}`,
  ],
  [/^Quote Not Closed: the parsing is finished with an opening quote at line (\d+)$/, (m) => `il file finisce con delle virgolette aperte e mai chiuse (riga ${m[1]})`],
  [
    /^Invalid Closing Quote: got "(.*)" at line (\d+) instead of delimiter/,
    (m) => `alla riga ${m[2]} le virgolette di chiusura sono seguite da "${m[1]}" invece che dal separatore o da un a capo`,
  ],
  [/^Invalid Closing Quote: found non trimable byte after quote at line (\d+)$/, (m) => `alla riga ${m[1]} le virgolette di chiusura sono seguite da un carattere non ammesso`],
  [
    /^Invalid Opening Quote: a quote is found on field (.+) at line (\d+), value is (.+?)(?: \(.+ bom\))?$/,
    (m) => `alla riga ${m[2]} c'è una virgoletta in mezzo al campo ${m[1]} (valore ${m[3]}); un campo con virgolette deve iniziare con esse`,
  ],
  [/^Max Record Size: record exceed the maximum number of tolerated bytes of (\d+) at line (\d+)$/, (m) => `la riga ${m[2]} supera la dimensione massima di ${m[1]} byte`],
];

/**
 * The parser's message with its line number put right (csvLines.ts: csv-parse counts a CRLF inside quotes as two
 * lines). It is the first `on line N` or `at line N` with the reported N: in every shape csv-parse writes, only a
 * column name (`on field "…"`) or one character (`got "x"`) comes before it, and any quoted value after it.
 */
function atActualLine(parserMessage: string, line: { reported: number; actual: number }): string {
  if (line.reported === line.actual) return parserMessage;
  return parserMessage.replace(new RegExp(`(\\b(?:on|at) line )${line.reported}(?!\\d)`), `$1${line.actual}`);
}

/**
 * `malformed CSV: <csv-parse's message>` and its Italian, `CSV non valido: <the fault in Italian>`. A message of a
 * shape not listed keeps the parser's English after the Italian heading: a partly English message beats a wrong one.
 * With `line`, the line number the parser `reported` in its message is replaced by the `actual` one, in both texts.
 */
export function csvFaultText(message: string, line?: { reported: number; actual: number }): BothLanguages {
  const parserMessage = line ? atActualLine(message, line) : message;
  let it = parserMessage;
  for (const [shape, words] of CSV_FAULTS_IT) {
    const m = shape.exec(parserMessage);
    if (m) {
      it = words(m);
      break;
    }
  }
  return { en: `malformed CSV: ${parserMessage}`, it: `CSV non valido: ${it}` };
}

/**
 * A quote never closed, named where it opened: csv-parse's own message gives the line the input ended on, which for
 * one stray quote is the end of the file, far from the mistake. `field` is the header's name for the cell the quote
 * opens (csv-parse's `column`, undefined in the header itself or past its last column).
 */
export function unclosedQuoteText(line: number, field: string | undefined): BothLanguages {
  const en = field === undefined ? '' : ` (field "${field}")`;
  const it = field === undefined ? '' : ` (campo "${field}")`;
  return {
    en: `malformed CSV: Quote Not Closed: the quote opened at line ${line}${en} is never closed; the rest of the file was read as its value`,
    it: `CSV non valido: le virgolette aperte alla riga ${line}${it} non sono mai chiuse; il resto del file è stato letto come il suo valore`,
  };
}
