import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FactSchemaSchema, type FactSchema } from '@provvigo/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { CliError } from '../src/io/errors.js';
import { locateRecord, readAllFacts, readFactRecords, resolveFactFiles } from '../src/io/readFacts.js';

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

async function collect(file: string) {
  const out = [];
  for await (const r of readFactRecords({ table: 'contracts', file, format: file.endsWith('.csv') ? 'csv' : 'jsonl' }, schema)) out.push(r);
  return out;
}

describe('reading CSV', () => {
  it('reads Italian Excel CSV: BOM, ";" separator, decimal comma, quoted line breaks; empty cells are left out', async () => {
    const file = join(dir, 'contracts.csv');
    await writeFile(file, '\uFEFFid;partnerId;signedDate;annualKwh;note\r\nC1;P1;2026-10-01;1.234,5;"due\r\nrighe; e ;"\r\nC2;P1;2026-10-02;;\r\n');
    expect(await collect(file)).toEqual([
      { id: 'C1', partnerId: 'P1', signedDate: '2026-10-01', annualKwh: '1234.5', note: 'due\r\nrighe; e ;' },
      { id: 'C2', partnerId: 'P1', signedDate: '2026-10-02' },
    ]);
  });

  it('keeps values as written for the run to validate (a wrong type is not silently dropped)', async () => {
    const file = join(dir, 'contracts.bad.csv');
    await writeFile(file, 'id,partnerId,signedDate,annualKwh\nC1,P1,2026-10-01,tremila\nC2,P1\n');
    expect(await collect(file)).toEqual([
      { id: 'C1', partnerId: 'P1', signedDate: '2026-10-01', annualKwh: 'tremila' },
      { id: 'C2', partnerId: 'P1' },
    ]);
  });

  it('names file and line of a CSV it cannot parse', async () => {
    const file = join(dir, 'contracts.broken.csv');
    await writeFile(file, 'id,partnerId\nC1,"P1\n');
    const error = await collect(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).format()).toMatch(/contracts\.broken\.csv.*not valid CSV/);
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
    expect(error.format()).toContain('record line 2');
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
    const { facts, origins } = await readAllFacts(
      [
        { table: 'contracts', file: join(dir, 'contracts.bad.csv'), format: 'csv' },
        { table: 'contracts', file: join(dir, 'contracts.jsonl'), format: 'jsonl' },
      ],
      schema,
    );
    expect(facts.contracts).toHaveLength(4);
    expect(locateRecord(origins, 'contracts', 1)).toBe(`${join(dir, 'contracts.bad.csv')}:3`);
    expect(locateRecord(origins, 'contracts', 3)).toBe(`${join(dir, 'contracts.jsonl')}:3`);
  });
});
