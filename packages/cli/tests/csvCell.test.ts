import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BOM, DEFAULT_DIALECT, EXCEL_IT_DIALECT, csvFormatter, formatCell, neutraliseFormula, quoteField } from '../src/io/csvCell.js';

describe('formula injection', () => {
  it.each(['=1+1', '+SUM(A1)', '-2+3', '@cmd', '\tx', '\rx', '=HYPERLINK("http://x")'])('neutralises %j', (text) => {
    expect(neutraliseFormula(text)).toBe(`'${text}`);
  });
  it('leaves ordinary text alone', () => {
    expect(neutraliseFormula('Mario Rossi')).toBe('Mario Rossi');
    expect(neutraliseFormula("D'Angelo")).toBe("D'Angelo");
  });
  it('keeps numbers numeric, negative ones included, and neutralises text in number columns', () => {
    expect(formatCell('-12.50', 'number', DEFAULT_DIALECT)).toBe('-12.50');
    expect(formatCell('-12.50', 'number', EXCEL_IT_DIALECT)).toBe('-12,50');
    expect(formatCell(3, 'number', EXCEL_IT_DIALECT)).toBe('3');
    expect(formatCell('-1+cmd', 'number', DEFAULT_DIALECT)).toBe("'-1+cmd");
    expect(formatCell('-12.50', 'text', DEFAULT_DIALECT)).toBe("'-12.50");
  });
  it('no text cell, read back by a CSV parser, can start a formula', () => {
    fc.assert(
      fc.property(fc.string(), fc.constantFrom(DEFAULT_DIALECT, EXCEL_IT_DIALECT), (text, dialect) => {
        const line = formatCell(text, 'text', dialect) + dialect.separator + 'end';
        const [row] = parse(line, { delimiter: dialect.separator, relax_quotes: false }) as string[][];
        const cell = row![0]!;
        expect(/^[=+\-@\t\r]/.test(cell)).toBe(false);
        expect(cell === text || cell === `'${text}`).toBe(true);
        expect(row![1]).toBe('end');
      }), { seed: 1088517265, numRuns: 100 },
    );
  });
});

describe('CSV for Excel', () => {
  it('quotes separators, quotes and line breaks', () => {
    expect(quoteField('a;b', EXCEL_IT_DIALECT)).toBe('"a;b"');
    expect(quoteField('a;b', DEFAULT_DIALECT)).toBe('a;b');
    expect(quoteField('say "hi"', DEFAULT_DIALECT)).toBe('"say ""hi"""');
    expect(quoteField('two\nlines', DEFAULT_DIALECT)).toBe('"two\nlines"');
  });
  it('starts with a UTF-8 BOM and ends lines with CRLF', () => {
    const f = csvFormatter<{ city: string; amount: string }>(
      [
        { header: 'città', value: (r) => r.city },
        { header: 'importo', kind: 'number', value: (r) => r.amount },
      ],
      EXCEL_IT_DIALECT,
    );
    expect(f.header).toBe(`${BOM}città;importo\r\n`);
    expect(f.line({ city: 'Forlì', amount: '1234.56' })).toBe('Forlì;1234,56\r\n');
  });
});
