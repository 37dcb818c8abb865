import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DISTINCT_PROBE, factTableBuffers, decodeFactTable, encodeFactTable } from '../src/columns.js';

/** Field values as readers and adapters give them, and the odd ones a JSON file may hold. */
const value = fc.oneof(
  fc.string(),
  fc.constantFrom('', 'LUCE_CASA', 'GAS_CASA', 'città', '🙂'),
  fc.double(),
  fc.constantFrom(0, -0, 1e21, Number.MAX_SAFE_INTEGER),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.jsonValue(),
);
const fieldName = fc.constantFrom('id', 'partnerId', 'kWh', 'note', '__proto__', 'constructor', 'città');
const record = fc.dictionary(fieldName, value, { maxKeys: 7 });
// values that are not records (core rejects them) travel too
const row = fc.oneof({ weight: 9, arbitrary: record }, { weight: 1, arbitrary: fc.oneof(fc.constant(null), fc.integer(), fc.string(), fc.array(fc.integer())) });

describe('a fact table as transferred columns', () => {
  it('decodes to records equal to the originals, field for field (own undefined fields dropped, as JSON drops them)', () => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 40 }), (records) => {
        const table = encodeFactTable(records);
        // the expected records: the originals through JSON, an independent round trip (JSON keeps -0 as 0, so -0 is compared apart)
        if (!table) return; // a lone surrogate: the table goes by structured clone
        const decoded = decodeFactTable(structuredClone(table));
        expect(decoded.length).toBe(records.length);
        records.forEach((r, i) => {
          const d = decoded[i] as unknown;
          if (typeof r !== 'object' || r === null || Array.isArray(r)) return expect(d).toEqual(JSON.parse(JSON.stringify(r) ?? 'null'));
          const own = Object.keys(r).filter((k) => (r as Record<string, unknown>)[k] !== undefined);
          expect(Object.keys(d as object).sort()).toEqual(own.sort());
          for (const k of own) expect(Object.is((d as Record<string, unknown>)[k], (r as Record<string, unknown>)[k]) || JSON.stringify((d as Record<string, unknown>)[k]) === JSON.stringify((r as Record<string, unknown>)[k])).toBe(true);
        });
      }),
      { numRuns: 300, seed: 20261204 },
    );
  });

  it('decodes tables longer than the distinct-text probe: ids with or without repeats, categories, all mixed', () => {
    // text columns of every cardinality past DISTINCT_PROBE texts, where a mostly distinct column drops its dictionary
    const text = (pool: number) => fc.integer({ min: 0, max: pool - 1 }).map((k) => `T${k}`);
    const longRecord = fc.record({ id: fc.oneof(text(3), text(400), text(1_000_000)), category: text(4), kWh: fc.option(fc.integer(), { nil: undefined }) });
    fc.assert(
      fc.property(fc.array(longRecord, { minLength: DISTINCT_PROBE, maxLength: 3 * DISTINCT_PROBE }), (records) => {
        const decoded = decodeFactTable(structuredClone(encodeFactTable(records)!));
        expect(decoded).toEqual(JSON.parse(JSON.stringify(records)));
      }),
      // no shrinking: a failing table of thousands of records would take minutes to shrink, and its first failure says enough
      { numRuns: 150, seed: 20261205, endOnFailure: true },
    );
  });

  it('keeps the dictionary of a column of few texts, and gives a column of ids one text per record', () => {
    const n = 3 * DISTINCT_PROBE;
    const records = Array.from({ length: n }, (_, i) => ({ id: `C${i}`, category: i % 2 ? 'GAS_CASA' : 'LUCE_CASA', partnerId: `P${i % 50}` }));
    const table = encodeFactTable(records)!;
    const texts = (name: string) => table.fields.find((f) => f.name === name)!.offsets.length - 1;
    expect([texts('id'), texts('category'), texts('partnerId')]).toEqual([n, 2, 50]);
    expect(decodeFactTable(table)).toEqual(records);
  });

  it('gives a field numbers or codes only when it holds numbers or texts, and decodes fields whose shapes alternate', () => {
    // three field orders, alternating record by record (as the sample's contracts do), one field of booleans only
    const records = Array.from({ length: 3000 }, (_, i) =>
      i % 3 === 0 ? { id: `C${i}`, kWh: i, ok: true } : i % 3 === 1 ? { ok: false, id: `C${i}`, smc: i / 2 } : { kWh: -i, id: `C${i}`, ok: i % 2 === 0 },
    );
    const table = encodeFactTable(records)!;
    const field = (name: string) => table.fields.find((f) => f.name === name)!;
    expect([field('ok').numbers.length, field('ok').codes.length]).toEqual([0, 0]);
    expect([field('kWh').numbers.length, field('kWh').codes.length]).toEqual([3000, 0]);
    expect([field('id').numbers.length, field('id').codes.length]).toEqual([0, 3000]);
    expect(decodeFactTable(structuredClone(table, { transfer: factTableBuffers(table) }))).toEqual(records);
  });

  it('leaves a table with a lone surrogate (which UTF-8 cannot carry) to structured clone', () => {
    expect(encodeFactTable([{ id: 'C1', note: 'a\uD800b' }])).toBeUndefined();
    expect(encodeFactTable([{ id: 'C1', note: 'a\uD83D\uDE42b' }])).toBeDefined();
  });

  it('is a handful of buffers, which a transfer detaches from the sending thread', () => {
    const table = encodeFactTable(Array.from({ length: 1000 }, (_, i) => ({ id: `C${i}`, category: i % 2 ? 'GAS_CASA' : 'LUCE_CASA', kWh: i * 1.5, ee: i % 3 === 0 })))!;
    const buffers = factTableBuffers(table);
    expect(buffers).toHaveLength(4 * 5);
    // the category column's dictionary holds its two texts once, not once per record
    expect(new TextDecoder().decode(table.fields.find((f) => f.name === 'category')!.dictionary)).toBe('LUCE_CASAGAS_CASA');
    const sent = structuredClone(table, { transfer: buffers });
    expect(buffers.every((b) => b.byteLength === 0)).toBe(true);
    expect(decodeFactTable(sent)[999]).toEqual({ id: 'C999', category: 'GAS_CASA', kWh: 1498.5, ee: true });
  });
});
