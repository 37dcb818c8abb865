import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BOM,
  DEFAULT_DIALECT,
  EXCEL_IT_DIALECT,
  csvCellText,
  csvWriter,
  neutraliseFormula,
  writeCsv,
  type CsvColumn,
  type CsvDialect,
} from '../src/csv/writeCsv.js';

// The one CSV writer (issue 12 §2). Expected texts are written by hand from RFC 4180 (quotes doubled, fields with a
// separator, quote or line break quoted) and OWASP's CSV-injection advice (a leading ' before = + - @ tab CR).

describe('formula injection', () => {
  it.each(['=1+1', '+SUM(A1)', '-2+3', '@cmd', '\tx', '\rx', '=HYPERLINK("http://x")', '\uFF1D1+1', '\uFF20cmd'])('neutralises %j', (text) => {
    expect(neutraliseFormula(text)).toBe(`'${text}`);
  });
  it('leaves ordinary text alone', () => {
    expect(neutraliseFormula('Mario Rossi')).toBe('Mario Rossi');
    expect(neutraliseFormula("D'Angelo")).toBe("D'Angelo");
  });
  it('keeps numbers numeric, negative ones included, and neutralises text in number columns', () => {
    expect(csvCellText('-12.50', 'number', DEFAULT_DIALECT)).toBe('-12.50');
    expect(csvCellText('-12.50', 'number', EXCEL_IT_DIALECT)).toBe('-12,50');
    expect(csvCellText(3, 'number', EXCEL_IT_DIALECT)).toBe('3');
    expect(csvCellText(-3.5, 'text', EXCEL_IT_DIALECT)).toBe('-3,5');
    expect(csvCellText('-1+cmd', 'number', DEFAULT_DIALECT)).toBe("'-1+cmd");
    expect(csvCellText('-12.50', 'text', DEFAULT_DIALECT)).toBe("'-12.50");
  });
  it('writes every injection-prone leading character neutralised in a whole file', () => {
    const rows = ['=1+1', '+39 333', '-1+2', '@SUM(A1)', '\tcmd', '\rcmd', 'safe'];
    const csv = writeCsv(rows, [{ header: 'cell', value: (r) => r }, { header: 'n', kind: 'number', value: () => '-5.00' }], { bom: false });
    // by hand: '=1+1 and the others get a leading quote; \r forces RFC 4180 quoting; the -5.00 amount stays a number
    expect(csv).toBe("cell,n\r\n'=1+1,-5.00\r\n'+39 333,-5.00\r\n'-1+2,-5.00\r\n'@SUM(A1),-5.00\r\n'\tcmd,-5.00\r\n\"'\rcmd\",-5.00\r\nsafe,-5.00\r\n");
    const back = parse(csv, { columns: true, record_delimiter: ['\r\n', '\n', '\r'] }) as { cell: string; n: string }[];
    expect(back.map((r) => r.cell)).toEqual(rows.map((r) => (r === 'safe' ? r : `'${r}`)));
  });
  it('no text cell, read back by a CSV parser, can start a formula', () => {
    fc.assert(
      fc.property(fc.string(), fc.constantFrom(DEFAULT_DIALECT, EXCEL_IT_DIALECT), (text, dialect) => {
        const w = csvWriter<string>([{ header: 'a', value: (t) => t }, { header: 'b', value: () => 'end' }], { dialect, bom: false });
        const [row] = parse(w.line(text), { delimiter: dialect.separator, relax_quotes: false }) as string[][];
        const cell = row![0]!;
        expect(/^[=+\-@\t\r]/.test(cell)).toBe(false);
        expect(cell === text || cell === `'${text}`).toBe(true);
        expect(row![1]).toBe('end');
      }),
      { seed: 1088517265, numRuns: 100 },
    );
  });
});

describe('CSV for Excel', () => {
  it('quotes separators, quotes and line breaks', () => {
    const one = (text: string, dialect: CsvDialect) => csvWriter<string>([{ header: 'x', value: (t) => t }], { dialect }).line(text);
    expect(one('a;b', EXCEL_IT_DIALECT)).toBe('"a;b"\r\n');
    expect(one('a;b', DEFAULT_DIALECT)).toBe('a;b\r\n');
    expect(one('say "hi"', DEFAULT_DIALECT)).toBe('"say ""hi"""\r\n');
    expect(one('two\nlines', DEFAULT_DIALECT)).toBe('"two\nlines"\r\n');
    expect(one('lone\rCR', DEFAULT_DIALECT)).toBe('"lone\rCR"\r\n');
  });
  it('starts with a UTF-8 BOM and ends lines with CRLF', () => {
    const f = csvWriter<{ city: string; amount: string }>(
      [
        { header: 'città', value: (r) => r.city },
        { header: 'importo', kind: 'number', value: (r) => r.amount },
      ],
      { dialect: EXCEL_IT_DIALECT },
    );
    expect(f.header).toBe(`${BOM}città;importo\r\n`);
    expect(f.line({ city: 'Forlì', amount: '1234.56' })).toBe('Forlì;1234,56\r\n');
  });
  it('writes LF lines without a BOM and without the guard when asked (data files for our own reader)', () => {
    expect(writeCsv([{ t: '=x' }], [{ header: 't', value: (r) => r.t }], { bom: false, lineEnding: '\n', formulaGuard: false })).toBe('t\n=x\n');
  });
});

describe('round trip through csv-parse', () => {
  const cell = fc.string({ unit: fc.constantFrom('a', 'è', '€', ',', ';', '"', '\n', '\r\n', '\r', ' ', "'", 'x', '.'), maxLength: 8 });
  it('gives back every cell (guarded ones with their leading quote) whatever the separator, quoting and line ending', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(cell, cell, cell), { minLength: 1, maxLength: 12 }),
        fc.constantFrom<CsvDialect>(DEFAULT_DIALECT, EXCEL_IT_DIALECT, { separator: '\t', decimal: '.' }),
        fc.constantFrom<'\r\n' | '\n'>('\r\n', '\n'),
        fc.boolean(),
        (rows, dialect, lineEnding, bom) => {
          const columns: CsvColumn<[string, string, string]>[] = [0, 1, 2].map((i) => ({ header: `c${i}`, value: (r) => r[i] }));
          const csv = writeCsv(rows, columns, { dialect, lineEnding, bom });
          expect(csv.endsWith(lineEnding)).toBe(true);
          const back = parse(csv, { delimiter: dialect.separator, bom: true, record_delimiter: lineEnding, relax_quotes: false }) as string[][];
          expect(back[0]).toEqual(['c0', 'c1', 'c2']);
          // these cells hold none of = + - @ tab at the start, so the guard leaves them as they are
          expect(back.slice(1)).toEqual(rows.map((r) => r.map((c) => (c.startsWith('\r') ? `'${c}` : c))));
        },
      ),
      { seed: 20261203, numRuns: 200 },
    );
  });
});
