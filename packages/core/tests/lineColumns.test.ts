import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MIN_PREFIX, MIN_RUN, recordColumns, recordsFrom, type RecordColumns } from '../src/engine/lineColumns.js';
import { RecordColumnsSchema } from '../src/schema/recordColumns.js';
import { LINE_ID } from '../src/engine/lineId.js';

/**
 * Lines as columns (engine/lineColumns.ts) on their own: the forms written out by hand from the rules `docs/trace.md`
 * §5 states, and, over random records, that reading the columns back gives the records JSON gives, and that the
 * records read back write the same columns (the digest of a statement read back is the digest it was written with).
 */
const viaJson = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

describe('recordColumns', () => {
  it('writes each field once per run of records with the same fields, in the form its values call for', () => {
    const lines = [
      { amount: '10.00', id: 'plan-a:Commission:C1', issues: [], payout: 'Commission', source: { id: 'C1', table: 'contracts' } },
      { amount: '12.50', id: 'plan-a:Commission:C2', issues: [], payout: 'Commission', source: { id: 'C2', table: 'contracts' } },
      { amount: '0.00', id: 'plan-a:Commission:C3', issues: [], payout: 'Commission', source: { id: 'C3', table: 'contracts' } },
      { amount: '7.00', id: 'plan-a:Commission:C4', issues: [], payout: 'Commission', source: { id: 'C4', table: 'contracts' } },
      { amount: '5.00', id: 'plan-a:Bonus:C1', issues: [], payout: 'Bonus', source: { id: 'C1', table: 'contracts' } },
      { amount: '5.00', id: 'plan-a:Bonus:C2', issues: [], payout: 'Bonus', source: { id: 'C2', table: 'contracts' } },
      { amount: '5.00', id: 'plan-a:Bonus:C3', issues: [], payout: 'Bonus', source: { id: 'C3', table: 'contracts' } },
      { amount: '5.00', id: 'plan-a:Bonus:C4', issues: [], payout: 'Bonus', source: { id: 'C4', table: 'contracts' } },
      // a line with one field more: a run of its own
      { amount: '1.00', id: 'x', issues: [{ code: 'w' }], note: 'by hand', payout: 'Bonus', source: null },
    ];
    const expected: RecordColumns = {
      n: 9,
      runs: [
        {
          columns: [
            // five runs of equal values in 8 lines: more than one run per MIN_RUN lines, so one by one
            ['10.00', '12.50', '0.00', '7.00', '5.00', '5.00', '5.00', '5.00'],
            { prefix: 'plan-a:', rest: ['Commission:C1', 'Commission:C2', 'Commission:C3', 'Commission:C4', 'Bonus:C1', 'Bonus:C2', 'Bonus:C3', 'Bonus:C4'] },
            { all: [] },
            { counts: [4, 4], values: ['Commission', 'Bonus'] },
            { fields: { n: 8, runs: [{ columns: [['C1', 'C2', 'C3', 'C4', 'C1', 'C2', 'C3', 'C4'], { all: 'contracts' }], keys: ['id', 'table'], n: 8 }] } },
          ],
          keys: ['amount', 'id', 'issues', 'payout', 'source'],
          n: 8,
        },
        { columns: [['1.00'], ['x'], [[{ code: 'w' }]], ['by hand'], ['Bonus'], [null]], keys: ['amount', 'id', 'issues', 'note', 'payout', 'source'], n: 1 },
      ],
    };
    expect(MIN_RUN).toBe(4);
    expect(MIN_PREFIX).toBe(4);
    expect(recordColumns(lines)).toEqual(expected);
    expect(recordsFrom(viaJson(expected))).toEqual(lines);
  });

  it('leaves a shared start shorter than MIN_PREFIX in the values, and never cuts a surrogate pair', () => {
    expect(recordColumns([{ a: 'abcX' }, { a: 'abcY' }]).runs[0]!.columns[0]).toEqual(['abcX', 'abcY']);
    // "abcd" then the two halves of U+1F600 (😀) and of U+1F601 (😁): the shared high half stays in the rest
    expect(recordColumns([{ a: 'abcd\u{1F600}' }, { a: 'abcd\u{1F601}' }]).runs[0]!.columns[0]).toEqual({ prefix: 'abcd', rest: ['\u{1F600}', '\u{1F601}'] });
  });

  it('leaves out fields JSON leaves out, and treats a number JSON writes as null as null', () => {
    const records = [{ a: 1, b: undefined, c: Number.NaN }, { a: 1, c: null }];
    expect(recordColumns(records)).toEqual({ n: 2, runs: [{ columns: [{ all: 1 }, { all: null }], keys: ['a', 'c'], n: 2 }] });
  });

  it('writes objects with nulls among them as the columns of the objects and the positions of the nulls', () => {
    const records = [{ s: { id: 'a', t: 'x' } }, { s: null }, { s: { id: 'b', t: 'x' } }, { s: null }];
    const expected = { fields: { n: 2, runs: [{ columns: [['a', 'b'], { all: 'x' }], keys: ['id', 't'], n: 2 }] }, nulls: [1, 3] };
    expect(recordColumns(records).runs[0]!.columns[0]).toEqual(expected);
    expect(recordsFrom(viaJson(recordColumns(records)))).toEqual(records);
  });

  it('never takes a number and its text, or true and 1, for the same value', () => {
    const records = ['1', 1, 1, '1', true, 1, 0, false, '', 0].map((v) => ({ v }));
    expect(recordColumns(records).runs[0]!.columns[0]).toEqual(records.map((r) => r.v));
    const runs = [1, 1, 1, 1, '1', '1', '1', '1'].map((v) => ({ v }));
    expect(recordColumns(runs).runs[0]!.columns[0]).toEqual({ counts: [4, 4], values: [1, '1'] });
  });

  it('gives every record its own empty list, and a field named __proto__ stays a field', () => {
    const back = recordsFrom(viaJson(recordColumns(viaJson([{ issues: [] }, { issues: [] }]))));
    (back[0]!['issues'] as unknown[]).push('changed');
    expect(back[1]!['issues']).toEqual([]);
    const odd = JSON.parse('[{"__proto__":"x","k":1},{"__proto__":"x","k":2}]') as object[];
    const read = recordsFrom(viaJson(recordColumns(odd)));
    expect(Object.getPrototypeOf(read[0])).toBe(Object.prototype);
    expect(JSON.stringify(read)).toBe(JSON.stringify(odd));
  });

  // Values drawn so that every form shows up: few distinct texts (repeats, `{ all }`), shared starts, nested objects,
  // empty lists, numbers JSON writes as null, keys in varying order and undefined fields.
  const text = fc.oneof(fc.constantFrom('a', 'b', 'plan-x:Commission:', 'plan-x:Bonus:', '', '\u{1F600}'), fc.string({ maxLength: 6 }));
  const word = fc.tuple(text, fc.oneof(fc.constant(''), fc.string({ maxLength: 4 }))).map(([a, b]) => a + b);
  const primitive = fc.oneof(word, fc.integer({ min: -3, max: 3 }), fc.constantFrom(0.5, -0, Number.NaN, Infinity, true, false, null, undefined));
  const value = fc.oneof(
    { weight: 6, arbitrary: primitive },
    { weight: 1, arbitrary: fc.constant([]) },
    { weight: 1, arbitrary: fc.array(primitive, { maxLength: 2 }) },
    { weight: 2, arbitrary: fc.record({ id: word, system: fc.constantFrom('sf', 'file'), table: fc.oneof(fc.constant('contracts'), word) }) },
  );
  const keys = fc.constantFrom(['amount', 'id', 'row'], ['amount', 'id', 'row'], ['id', 'amount'], ['amount', 'id', 'row', 'source', '__proto__']);
  const record = keys.chain((ks) => fc.tuple(...ks.map(() => value)).map((vs) => JSON.parse(JSON.stringify(Object.fromEntries(ks.map((k, i) => [k, vs[i]])))) as object));
  const records = fc.array(record, { maxLength: 30 });

  it('reads back what JSON gives, and the records read back write the same columns (random records)', () => {
    fc.assert(
      fc.property(records, (rs) => {
        const written = JSON.stringify(recordColumns(rs));
        const back = recordsFrom(RecordColumnsSchema.parse(JSON.parse(written)));
        expect(JSON.stringify(back)).toBe(JSON.stringify(rs));
        expect(JSON.stringify(recordColumns(back))).toBe(written);
      }),
      { seed: 20261205, numRuns: 2000 },
    );
  });

  // Lines whose id mostly follows the rule (plan:payout:record, or the partner's id without a record), sometimes not.
  const plan = fc.constantFrom('p', 'plan-x', 'a:b');
  const line = fc
    .record({
      planId: fc.oneof({ weight: 9, arbitrary: plan }, { weight: 1, arbitrary: fc.integer() }),
      payout: fc.constantFrom('Commission', 'Bonus'),
      partnerId: fc.constantFrom('P1', 'P2'),
      source: fc.oneof(fc.constant(null), fc.record({ id: fc.constantFrom('C-1', 'C-2', 'x:y') })),
      ownId: fc.oneof({ weight: 1, arbitrary: fc.option(word, { nil: undefined }) }, { weight: 9, arbitrary: fc.constant(undefined) }),
    })
    .map(({ ownId, ...l }) => ({ ...l, id: ownId ?? `${String(l.planId)}:${l.payout}:${l.source ? l.source.id : l.partnerId}` }));

  it("writes the id as { derived: 'lineId' } exactly when every line's id follows the rule, and reads back the same ids (random lines)", () => {
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 12 }), (ls) => {
        const written = JSON.stringify(recordColumns(ls, [LINE_ID]));
        const run = (JSON.parse(written) as RecordColumns).runs[0]!;
        const follows = ls.every((l) => typeof l.planId === 'string' && l.id === `${l.planId}:${l.payout}:${l.source ? l.source.id : l.partnerId}`);
        expect(run.columns[run.keys.indexOf('id')]).toEqual(follows ? { derived: 'lineId' } : expect.anything());
        if (!follows) expect(run.columns[run.keys.indexOf('id')]).not.toEqual({ derived: 'lineId' });
        const back = recordsFrom(RecordColumnsSchema.parse(JSON.parse(written)), 'lines', [LINE_ID]);
        expect(JSON.stringify(back)).toBe(JSON.stringify(ls));
        expect(JSON.stringify(recordColumns(back, [LINE_ID]))).toBe(written);
      }),
      { seed: 20261206, numRuns: 1000 },
    );
  });

  it('writes records with undefined fields and non-finite numbers as it writes what JSON makes of them (random records)', () => {
    const raw = fc.array(fc.record({ a: primitive, b: primitive, c: value }, { requiredKeys: ['a'] }), { maxLength: 20 });
    fc.assert(
      fc.property(raw, (rs) => {
        expect(JSON.stringify(recordColumns(rs))).toBe(JSON.stringify(recordColumns(viaJson(rs))));
      }),
      { seed: 20261205, numRuns: 1000 },
    );
  });
});
