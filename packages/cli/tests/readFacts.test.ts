import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FactSchemaSchema, type FactSchema } from '@provvigo/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { CliError } from '../src/io/errors.js';
import { locateRecord, readAllFacts, readFactRecords, resolveFactFiles, type ReadRejection } from '../src/io/readFacts.js';

const schema: FactSchema = FactSchemaSchema.parse({
  tables: {
    contracts: {
      key: 'id',
      partner: 'partnerId',
      date: 'signedDate',
      columns: {
        id: { type: 'text' },
        partnerId: { type: 'text' },
        signedDate: { type: 'date' },
        annualKwh: { type: 'number', required: false },
        note: { type: 'text', required: false },
      },
    },
  },
});

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'provvigo-cli-read-'));
});

async function collect(file: string, rejected?: ReadRejection[], factSchema: FactSchema = schema) {
  const out = [];
  const onRejected = rejected ? (r: ReadRejection) => rejected.push(r) : undefined;
  for await (const r of readFactRecords({ table: 'contracts', file, format: file.endsWith('.csv') ? 'csv' : 'jsonl' }, factSchema, undefined, undefined, onRejected)) out.push(r);
  return out;
}

/** The same table, declaring the Italian Excel export format of its files. */
const italian: FactSchema = FactSchemaSchema.parse({
  tables: { contracts: { ...schema.tables.contracts, format: { delimiter: ';', decimal: ',', thousands: '.' } } },
});

describe('reading CSV', () => {
  it('reads Italian Excel CSV as declared: BOM, ";" separator, decimal comma, quoted line breaks; empty cells are left out', async () => {
    const file = join(dir, 'contracts.csv');
    await writeFile(file, '\uFEFFid;partnerId;signedDate;annualKwh;note\r\nC1;P1;2026-10-01;1.234,5;"due\r\nrighe; e ;"\r\nC2;P1;2026-10-02;;\r\n');
    // Undeclared, the separators are not guessed: the value stays as written and the run rejects it.
    expect((await collect(file))[0]!.annualKwh).toBe('1.234,5');
    expect(await collect(file, undefined, italian)).toEqual([
      { id: 'C1', partnerId: 'P1', signedDate: '2026-10-01', annualKwh: '1234.5', note: 'due\r\nrighe; e ;' },
      { id: 'C2', partnerId: 'P1', signedDate: '2026-10-02' },
    ]);
  });

  it('keeps values as written for the run to validate (a wrong type is not silently dropped)', async () => {
    const file = join(dir, 'contracts.bad.csv');
    await writeFile(file, 'id,partnerId,signedDate,annualKwh\nC1,P1,2026-10-01,tremila\nC2,P1\n');
    const rejected: ReadRejection[] = [];
    expect(await collect(file, rejected)).toEqual([{ id: 'C1', partnerId: 'P1', signedDate: '2026-10-01', annualKwh: 'tremila' }]);
    // The short row is not read as a record with missing fields: it is rejected, naming file and line.
    expect(rejected.map((r) => [r.line, r.issue.code, r.issue.record, r.issue.file])).toEqual([[3, 'invalid_file', { table: 'contracts', id: 'C2' }, `${file}:3`]]);
    await expect(collect(file)).rejects.toThrow(/contracts\.bad\.csv:3: the row has 2 fields, the header 4/);
  });

  it('names file and line of a CSV it cannot parse', async () => {
    const file = join(dir, 'contracts.broken.csv');
    await writeFile(file, 'id,partnerId\nC1,"P1\n');
    const error = await collect(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).format('en')).toMatch(/contracts\.broken\.csv.*not valid CSV/);
    expect((error as CliError).exitCode).toBe(2);
  });

  it('streams: the first record arrives before the file is read to the end', async () => {
    const file = join(dir, 'contracts.big.csv');
    const rows = ['id,partnerId,signedDate,annualKwh'];
    for (let i = 0; i < 60_000; i++) rows.push(`C${i},P${i % 50},2026-10-01,${i}`);
    await writeFile(file, rows.join('\n') + '\n');
    let bytesAtFirst = -1;
    let size = 0;
    let count = 0;
    let read = 0;
    for await (const _ of readFactRecords({ table: 'contracts', file, format: 'csv' }, schema, (b, s) => {
      read = b;
      size = s;
    })) {
      if (count === 0) bytesAtFirst = read;
      count += 1;
    }
    expect(count).toBe(60_000);
    expect(bytesAtFirst).toBeGreaterThan(0);
    expect(bytesAtFirst).toBeLessThan(size / 4);
  });

  it('waits on the parser many times over a large file without leaving a listener behind each time', async () => {
    const file = join(dir, 'contracts.backpressure.csv');
    const rows = ['id,partnerId,signedDate,annualKwh'];
    for (let i = 0; i < 60_000; i++) rows.push(`C${i},P${i % 50},2026-10-01,${i}`);
    await writeFile(file, rows.join('\n') + '\n');
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(`${w.name}: ${w.message}`);
    process.on('warning', onWarning);
    try {
      let count = 0;
      // a consumer slower than the file: the reader waits for the parser to drain again and again
      for await (const _ of readFactRecords({ table: 'contracts', file, format: 'csv' }, schema)) {
        if (++count % 1_000 === 0) await new Promise((r) => setImmediate(r));
      }
      expect(count).toBe(60_000);
      // warnings are emitted on a later tick
      await new Promise((r) => setImmediate(r));
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings.filter((w) => w.startsWith('MaxListenersExceededWarning'))).toEqual([]);
  });
});

describe('JSON Lines and file resolution', () => {
  it('reads JSON Lines and names the line of a bad one', async () => {
    const ok = join(dir, 'contracts.jsonl');
    await writeFile(ok, '{"id":"C1","partnerId":"P1","signedDate":"2026-10-01"}\n\n{"id":"C2","partnerId":"P1","signedDate":"2026-10-02"}\n');
    expect((await collect(ok)).map((r) => r.id)).toEqual(['C1', 'C2']);
    const bad = join(dir, 'contracts.badlines.jsonl');
    await writeFile(bad, '{"id":"C1"}\n{"id":\n');
    await expect(collect(bad)).rejects.toThrow(/not valid JSON/);
    const error = (await collect(bad).catch((e: unknown) => e)) as CliError;
    expect(error).toBeInstanceOf(CliError);
    expect(error.format('en')).toContain('record line 2');
  });

  it('takes the table from the file name or table=path, and refuses unknown tables naming the file', async () => {
    const files = await resolveFactFiles([join(dir, 'contracts.csv'), `contracts=${join(dir, 'contracts.jsonl')}`], schema);
    expect(files.map((f) => [f.table, f.format])).toEqual([
      ['contracts', 'csv'],
      ['contracts', 'jsonl'],
    ]);
    const other = join(dir, 'orders.csv');
    await writeFile(other, 'id\n1\n');
    await expect(resolveFactFiles([other], schema)).rejects.toThrow(/no fact table "orders"/);
    await expect(resolveFactFiles([join(dir, 'missing.csv')], schema)).rejects.toThrow(/no such file/);
  });

  it('locates every record by file and line', async () => {
    const { facts, origins, rejected } = await readAllFacts(
      [
        { table: 'contracts', file: join(dir, 'contracts.bad.csv'), format: 'csv' },
        { table: 'contracts', file: join(dir, 'contracts.jsonl'), format: 'jsonl' },
      ],
      schema,
    );
    expect(facts.contracts).toHaveLength(3);
    expect(rejected).toHaveLength(1);
    expect(locateRecord(origins, 'contracts', 0)).toBe(`${join(dir, 'contracts.bad.csv')}:2`);
    expect(locateRecord(origins, 'contracts', 2)).toBe(`${join(dir, 'contracts.jsonl')}:3`);
  });
});

describe('JSON and JSON Lines: every record keys checked against the fact schema', () => {
  const rec = (i: number, extra: Record<string, unknown> = {}) => ({ id: `C${i}`, partnerId: 'P1', signedDate: '2026-10-01', ...extra });
  const readAll = async (file: string, format: 'json' | 'jsonl') => {
    const out = [];
    for await (const r of readFactRecords({ table: 'contracts', file, format }, schema)) out.push(r);
    return out;
  };

  it('refuses a misspelt optional column first met in a later record, naming that line (JSON Lines) or record (JSON)', async () => {
    const records = [rec(1), rec(2, { note: 'x' }), rec(3), rec(4, { annualKWh: 1200 })];
    const jsonl = join(dir, 'later.jsonl');
    await writeFile(jsonl, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
    const json = join(dir, 'later.json');
    await writeFile(json, JSON.stringify(records));
    for (const [file, format, place] of [[jsonl, 'jsonl', 'line 4'], [json, 'json', 'record 4']] as const) {
      const error = await readAll(file, format).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error, file).toBeInstanceOf(CliError);
      const text = (error as CliError).format('en');
      expect(text).toContain(file);
      expect(text).toContain(place);
      expect(text).toContain('rename "annualKWh" to "annualKwh"');
    }
  });

  it('reads records whose undeclared keys are near no missing column, however many different sets of keys they have', async () => {
    // 3,000 records, each with an extra key of its own (more sets of keys than the reader remembers), and one that
    // spells a column otherwise while also holding it (the declared column is read: nothing is lost)
    const records = Array.from({ length: 3000 }, (_, i) => rec(i, { [`exportField${i}`]: i }));
    records.push(rec(3000, { annualKwh: 5, annualKWh: 6 }));
    const file = join(dir, 'extras.jsonl');
    await writeFile(file, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
    const read = await readAll(file, 'jsonl');
    expect(read).toHaveLength(3001);
    expect(read[3000]).toMatchObject({ annualKwh: 5 });
  });
});
