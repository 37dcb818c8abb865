/**
 * The CSV reader against a reference serialisation: fast-check draws records (text with quotes, separators, line
 * breaks, accents; decimals), writes them with a random field separator, random quoting (minimal or every field),
 * random line endings per row (LF, CRLF, CR) and an optional byte-order mark, and the reader must give back exactly
 * the records drawn. The writer here is independent of the project's: RFC 4180 by hand, ten lines.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { FactSchemaSchema } from '@provvigo/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { readFactRecords, type ReadRejection } from '../src/io/readFacts.js';

const COLUMNS = ['id', 'partnerId', 'date', 'text', 'amount'] as const;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'provvigo-csv-prop-'));
});

/** RFC 4180: a field is quoted when it must be (or always), quotes doubled. */
function field(value: string, delimiter: string, quoteAll: boolean): string {
  const needs = value.includes(delimiter) || /["\r\n]/.test(value) || value !== value.trim();
  return quoteAll || needs ? `"${value.replace(/"/g, '""')}"` : value;
}

const text = fc.string({ unit: fc.constantFrom('a', 'Z', 'è', '€', ',', ';', '\t', '"', '\n', '\r\n', '\r', ' ', '=', "'", '.'), minLength: 1, maxLength: 12 });
const amount = fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 9_999_999 }), fc.option(fc.integer({ min: 0, max: 999 }), { nil: undefined }))
  .map(([neg, int, frac]) => `${neg && (int > 0 || (frac ?? 0) > 0) ? '-' : ''}${int}${frac === undefined ? '' : `.${String(frac).padStart(3, '0')}`}`);

const fileArb = fc.record({
  rows: fc.array(fc.record({ text: fc.option(text, { nil: undefined }), amount: fc.option(amount, { nil: undefined }) }), { maxLength: 25 }),
  delimiter: fc.constantFrom(',', ';', '\t'),
  italian: fc.boolean(),
  quoteAll: fc.boolean(),
  endings: fc.array(fc.constantFrom('\n', '\r\n', '\r'), { minLength: 1, maxLength: 5 }),
  bom: fc.boolean(),
});

describe('CSV reader (property)', () => {
  it('reads back exactly the records written, whatever the quoting, line endings and separators', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fileArb, async ({ rows, delimiter, italian, quoteAll, endings, bom }) => {
        // Italian files declare the decimal comma and the thousands dot; the amount is written that way.
        const schema = FactSchemaSchema.parse({
          tables: {
            notes: {
              key: 'id', partner: 'partnerId', date: 'date',
              format: { delimiter, ...(italian ? { decimal: ',', thousands: '.' } : {}) },
              columns: { id: { type: 'text' }, partnerId: { type: 'text' }, date: { type: 'date' }, text: { type: 'text', required: false }, amount: { type: 'number', required: false } },
            },
          },
        });
        const records = rows.map((r, i) => ({ id: `N${i}`, partnerId: 'P1', date: '2026-10-01', ...r }));
        const cells = (r: (typeof records)[number]) => COLUMNS.map((c) => {
          const v = r[c as keyof typeof r];
          if (v === undefined) return '';
          return field(c === 'amount' ? italianAmount(v, italian) : v, delimiter, quoteAll);
        });
        let body = bom ? '\uFEFF' : '';
        body += COLUMNS.join(delimiter) + endings[0];
        records.forEach((r, i) => (body += cells(r).join(delimiter) + endings[(i + 1) % endings.length]));
        const file = join(dir, `notes.${n++}.csv`);
        await writeFile(file, body);
        const back: Record<string, unknown>[] = [];
        const rejected: ReadRejection[] = [];
        for await (const r of readFactRecords({ table: 'notes', file, format: 'csv' }, schema, undefined, undefined, (x) => rejected.push(x))) back.push(r);
        expect(rejected).toEqual([]);
        // The reference: each drawn record, without its empty fields (the reader leaves them out), amounts as plain decimals.
        expect(back).toEqual(records.map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined))));
      }),
      { numRuns: 120, seed: 20261203 },
    );
  });
});

/** An amount as an Italian export writes it: thousands dots, decimal comma (e.g. -1.234.567,089). */
function italianAmount(plain: string, italian: boolean): string {
  if (!italian) return plain;
  const [int, frac] = plain.split('.');
  const sign = int!.startsWith('-') ? '-' : '';
  const digits = int!.replace('-', '');
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${sign}${grouped}${frac === undefined ? '' : `,${frac}`}`;
}
