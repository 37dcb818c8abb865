import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { FactSchemaSchema } from '@provvigo/core';
import { writeCsv } from '@provvigo/example-utility';
import { describe, expect, it } from 'vitest';
import { readFactRecords } from '../packages/cli/src/io/readFacts.js';

const schema = FactSchemaSchema.parse({
  tables: {
    notes: {
      key: 'id',
      partner: 'partnerId',
      date: 'date',
      columns: { id: { type: 'text' }, partnerId: { type: 'text' }, date: { type: 'date' }, text: { type: 'text', required: false }, n: { type: 'number', required: false } },
    },
  },
});

describe('CSV written by the sample generator, read by the CLI', () => {
  it('gives back every record and every value, whatever the text holds (quotes, commas, semicolons, line breaks, accents)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'provvigo-csv-roundtrip-'));
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            text: fc.option(fc.string({ unit: fc.constantFrom('a', 'è', ',', ';', '"', '\n', '\r\n', ' ', '=', '€', 'x') , minLength: 1 }), { nil: undefined }),
            n: fc.option(fc.integer({ min: -1_000_000, max: 1_000_000 }), { nil: undefined }),
          }),
          { maxLength: 30 },
        ),
        async (rows) => {
          const file = join(dir, `notes.${run++}.csv`);
          const records = rows.map((r, i) => ({ id: `N${i}`, partnerId: 'P1', date: '2026-10-01', ...r }));
          await writeCsv(file, ['id', 'partnerId', 'date', 'text', 'n'], records);
          const back = [];
          for await (const r of readFactRecords({ table: 'notes', file, format: 'csv' }, schema)) back.push(r);
          expect(back).toHaveLength(records.length);
          back.forEach((b, i) => {
            const r = records[i]!;
            expect(b.id).toBe(r.id);
            expect(b.text).toBe(r.text === undefined ? undefined : r.text);
            expect(b.n).toBe(r.n === undefined ? undefined : String(r.n));
          });
        },
      ),
      { seed: 747779332, numRuns: 200 },
    );
  });
});
