import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hashFactTable } from '../src/engine/factBytes.js';

/**
 * A fact table's canonical columnar text (engine/factBytes.ts), the run's input hash is taken over: the expected text
 * is written by hand from the rules in the file's header, and, over random tables, it does not depend on the order of
 * the records nor on the order of each record's keys.
 */
const textOf = (records: readonly unknown[], table: { key?: string; columns?: Record<string, unknown> } | undefined, valuesPerPass?: number): string => {
  let text = '';
  hashFactTable({ update: (t) => void (text += t), digest: () => '' }, records, table, undefined, valuesPerPass);
  return text;
};

describe("a fact table's columnar text", () => {
  it('writes each declared column top to bottom in (key, canonical JSON) order, then what is not declared', () => {
    const hidden = { id: 'c' };
    // an own property that is not enumerable is still a declared column's value
    Object.defineProperty(hidden, 'amount', { value: 9, enumerable: false });
    const records = [
      { id: 'b', amount: 5 },
      { amount: 2.5, id: 'a', note: 'x' }, // another order of keys, and a field the table does not declare
      7, // not a record: its key is '' (first), it has no column values, its rest is itself
      hidden,
      { id: 'a', amount: 1 }, // the same key as the second: ordered by canonical JSON, {"amount":1… before {"amount":2…
      { id: 'd', amount: undefined, extra: undefined }, // undefined writes 'u'; an undefined extra field is no rest
    ];
    const text = textOf(records, { key: 'id', columns: { id: {}, amount: {} } });
    expect(text).toBe(
      '#6\n' +
        '\u0000c"amount"\n' + 'u' + 'n1;' + 'n2.5;' + 'n5;' + 'n9;' + 'u' +
        '\u0000c"id"\n' + 'u' + 's1:a' + 's1:a' + 's1:b' + 's1:c' + 's1:d' +
        '\u0000rest\n' + 'rn7;' + '.' + 'xj12:{"note":"x"}' + '.' + '.' + '.',
    );
  });

  it('writes a column no record has as u for each, and a table without a schema as its records alone', () => {
    expect(textOf([{ id: 'a' }], { key: 'id', columns: { id: {}, zone: {} } })).toBe('#1\n\u0000c"id"\ns1:a\u0000c"zone"\nu\u0000rest\n.');
    expect(textOf([{ b: true, a: null }], undefined)).toBe('#1\n\u0000rest\nxj19:{"a":null,"b":true}');
  });

  it('writes every column of a wider table, and the rest of a record with fields beyond them', () => {
    const records = [{ id: 'b', c1: 1, c2: 'x', c3: true, c4: null, c5: 2, extra: 'e' }, { id: 'a', c5: 'y' }];
    const columns = { c1: {}, c2: {}, c3: {}, c4: {}, c5: {}, id: {} };
    expect(textOf(records, { key: 'id', columns })).toBe(
      '#2\n' +
        '\u0000c"c1"\n' + 'u' + 'n1;' +
        '\u0000c"c2"\n' + 'u' + 's1:x' +
        '\u0000c"c3"\n' + 'u' + 't' +
        '\u0000c"c4"\n' + 'u' + 'z' +
        '\u0000c"c5"\n' + 's1:y' + 'n2;' +
        '\u0000c"id"\n' + 's1:a' + 's1:b' +
        '\u0000rest\n' + '.' + 'xj13:{"extra":"e"}',
    );
  });

  it('never writes a value a record inherits', () => {
    const inherits = Object.assign(Object.create({ amount: 3 }) as object, { id: 'a' });
    expect(textOf([inherits], { key: 'id', columns: { id: {}, amount: {} } })).toBe('#1\n\u0000c"amount"\nu\u0000c"id"\ns1:a\u0000rest\n.');
    // a column named after a property of Object.prototype: plain records do not have it
    expect(textOf([{ id: 'a' }, { id: 'b', toString: 'x' }], { key: 'id', columns: { id: {}, toString: {} } })).toBe(
      '#2\n\u0000c"id"\ns1:as1:b\u0000c"toString"\nus1:x\u0000rest\n..',
    );
  });

  it('is the same text however many columns are gathered per pass (fast-check, seed 20261206)', () => {
    const name = fc.constantFrom('id', 'amount', 'zone', 'note', 'extra');
    const value = fc.oneof(fc.string({ maxLength: 3 }), fc.integer(), fc.boolean(), fc.constant(null), fc.constant(undefined));
    const record = fc.oneof({ weight: 8, arbitrary: fc.dictionary(name, value, { maxKeys: 5 }).map((r) => ({ ...r })) }, fc.integer());
    const table = { key: 'id', columns: { id: {}, amount: {}, zone: {}, note: {} } };
    fc.assert(
      fc.property(fc.array(record, { minLength: 1, maxLength: 25 }), fc.integer({ min: 1, max: 4 }), (records, perPass) => {
        // one column per pass up to all four in one (the budget is in values: columns × records)
        expect(textOf(records, table, perPass * records.length)).toBe(textOf(records, table));
      }),
      { seed: 20261206, numRuns: 500 },
    );
  });

  it('does not depend on the order of the records nor of their keys (fast-check, seed 20261205)', () => {
    const name = fc.constantFrom('id', 'amount', 'zone', 'note', '1');
    const value = fc.oneof(fc.string({ maxLength: 3 }), fc.integer(), fc.boolean(), fc.constant(null), fc.constant(undefined));
    const record = fc.oneof({ weight: 6, arbitrary: fc.dictionary(name, value, { maxKeys: 5 }).map((r) => ({ ...r })) }, fc.constant({ id: 'x', amount: 1 }), fc.integer());
    const table = { key: 'id', columns: { id: {}, amount: {}, zone: {} } };
    const reordered = (r: unknown, flip: boolean) =>
      typeof r === 'object' && r !== null && flip ? Object.fromEntries(Object.entries(r).reverse()) : r;
    fc.assert(
      fc.property(fc.array(record, { maxLength: 25 }), fc.array(fc.boolean(), { minLength: 25, maxLength: 25 }), (records, flips) => {
        const other = records.map((r, i) => reordered(r, flips[i]!)).reverse();
        expect(textOf(other, table)).toBe(textOf(records, table));
      }),
      { seed: 20261205, numRuns: 1000 },
    );
  });
});
