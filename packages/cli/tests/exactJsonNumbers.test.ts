// A JSON number a JS number cannot hold exactly was changed without a word when a fact file was read: JSON.parse
// reads 10000000000000000.5 kWh as 10000000000000000, and the ids 9007199254740993 and 9007199254740992 as one.
// Such a number is now kept as its text, which the run reads exactly; every other number stays a number.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { evaluate, FactSchemaSchema, type RunInput } from '@provvigo/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseJsonExactly } from '../src/io/exactJson.js';
import { readAllFacts } from '../src/io/readFacts.js';
import { factSchema, period, plan } from '../../core/tests/fixtures/malformedFacts.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'provvigo-exact-json-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const schema = FactSchemaSchema.parse(factSchema);

describe('numbers in JSON fact files', () => {
  it('keeps as text only the numbers JSON.parse would change', () => {
    expect(parseJsonExactly('{"a": 10000000000000000.5, "b": 1.50, "c": 1e3, "d": 9007199254740993, "e": 123456789012345, "iban": "IT60X0542811101000000123456"}')).toEqual({
      a: '10000000000000000.5',
      b: 1.5,
      c: 1000,
      d: '9007199254740993',
      e: 123456789012345,
      iban: 'IT60X0542811101000000123456',
    });
    // nothing long: JSON.parse's own result
    expect(parseJsonExactly('[0.1, -2, 3.25e-2]')).toEqual([0.1, -2, 0.0325]);
    // a negative one, first in an array, and the whole text a number
    expect(parseJsonExactly('[-10000000000000000.5]')).toEqual(['-10000000000000000.5']);
    expect(parseJsonExactly('12345678901234567890')).toBe('12345678901234567890');
  });

  it('JSON Lines and a JSON array: the run pays the exact kWh and keeps two ids that differ in the last digit', async () => {
    const jsonl = join(dir, 'sales.jsonl');
    await writeFile(jsonl, '{"id": "S1", "partnerId": "P1", "date": "2026-10-01", "kWh": 10000000000000000.5}\n{"id": "S2", "partnerId": "P2", "date": "2026-10-01", "kWh": 250}\n');
    const json = join(dir, 'visits.json');
    await writeFile(json, '[{"id": 9007199254740993, "partnerId": "P1", "date": "2026-10-02"}, {"id": 9007199254740992, "partnerId": "P1", "date": "2026-10-03"}]');
    const { facts, rejected } = await readAllFacts(
      [
        { table: 'sales', file: jsonl, format: 'jsonl' },
        { table: 'visits', file: json, format: 'json' },
      ],
      schema,
    );
    expect(rejected).toEqual([]);
    expect(facts.sales!.map((r) => r.kWh)).toEqual(['10000000000000000.5', 250]);
    // integers beyond 2^53 are kept as text even when a double holds them, so both ids read alike
    expect(facts.visits!.map((r) => r.id)).toEqual(['9007199254740993', '9007199254740992']);
    const partners = ['P1', 'P2'].map((id) => ({ id, name: `Partner ${id}`, kind: 'agent', territory: 'Lazio' })) as RunInput['partners'];
    const result = evaluate({ period, plans: [plan], partners, factSchema: schema, facts: { sales: facts.sales!, visits: facts.visits! } });
    // 10000000000000000.5 × 0.012 = 120000000000000.006, rounded half up to cents
    expect(result.statements.find((s) => s.partnerId === 'P1')!.total).toBe('120000000000000.01');
    expect(result.statements.find((s) => s.partnerId === 'P2')!.total).toBe('3.00');
    // two visits, neither taken for the other nor refused as a number where the key is text
    expect(result.counts.visits).toMatchObject({ in: 2, rejected: 0 });
  });
});
