import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkRunFacts, type RunFactsContext } from '../src/facts/checkRunFacts.js';
import { keyOrder, KeyOrders, uniqueKeys } from '../src/facts/keyOrder.js';
import { createRecordChecker } from '../src/facts/recordChecker.js';
import { parseFactSchema } from '../src/index.js';
import * as tiny from './fixtures/tiny.js';

/**
 * A run's key order of a fact table (facts/keyOrder.ts), shared by the input hash and the checks: the checks use it to
 * skip the set of keys seen for records whose key is unique, and to hand out each partner's records sorted by id.
 * Over random tables with repeated, blank, numeric and invalid keys, the verdicts must be those of the set alone.
 */
const factSchema = (() => {
  const r = parseFactSchema(tiny.factSchema);
  if (!r.ok) throw new Error('bad fixture');
  return r.factSchema;
})();
const table = factSchema.tables['contracts']!;
const partners = new Set(['P1', 'P2']);

/** A few keys, so that they repeat: text, the same as a number, blank, missing. */
const keyArb = fc.oneof(fc.constantFrom('a', 'b', 'B', 'c1', '1', ' a'), fc.constant(1), fc.constant(''), fc.constant(undefined));
const recordArb = fc.oneof(
  {
    weight: 12,
    arbitrary: fc
      .record({
        id: keyArb,
        partnerId: fc.constantFrom('P1', 'P2', 'PX'),
        signedDate: fc.constantFrom('2026-09-03', '2026-09-30', '2026-10-01', 'not a date'),
        kWh: fc.constantFrom('10', 12.5, 'n/a'),
      })
      .map((r) => ({ ...r, category: 'LUCE_CASA', territory: 'Lazio' })),
  },
  { weight: 1, arbitrary: fc.constantFrom(7, null, 'text') },
);
const params = { seed: 20261206, numRuns: 500 };

describe('key order', () => {
  it('orders positions by key (text of the key field), then canonical JSON, whatever order the records come in', () => {
    const records = [{ id: 'b' }, { id: 'a', x: 2 }, 5, { id: 'a', x: 1 }, { id: 1 }, { other: true }];
    const { keys, order } = keyOrder(records, 'id');
    expect(keys).toEqual(['b', 'a', '', 'a', '1', '']);
    // '' before '1' before 'a' before 'b'; the two '' by JSON (5 before {"other"…), the two 'a' by JSON (x 1 before 2)
    expect(order).toEqual([2, 5, 4, 3, 1, 0]);
    expect([...uniqueKeys({ keys, order })]).toEqual([1, 0, 0, 0, 1, 0]);
  });

  it('marks a record unique exactly when no other record has its key (fast-check)', () => {
    fc.assert(
      fc.property(fc.array(recordArb, { maxLength: 40 }), (records) => {
        const { keys, order } = keyOrder(records, 'id');
        const count = new Map<string, number>();
        for (const k of keys) count.set(k, (count.get(k) ?? 0) + 1);
        expect([...uniqueKeys({ keys, order })]).toEqual(keys.map((k) => (count.get(k) === 1 ? 1 : 0)));
        const sorted = order.map((i) => keys[i]!);
        expect(sorted).toEqual([...keys].sort());
      }),
      params,
    );
  });

  it('gives the verdicts of the set of keys seen alone, record by record (fast-check)', () => {
    fc.assert(
      fc.property(fc.array(recordArb, { maxLength: 40 }), (records) => {
        const facts = { contracts: records };
        const orders = new KeyOrders(facts);
        const withOrder = createRecordChecker(factSchema, facts, (id) => partners.has(id), undefined, (name, t) => uniqueKeys(orders.of(name, t.key)));
        const setOnly = createRecordChecker(factSchema, facts, (id) => partners.has(id));
        records.forEach((raw, i) => expect(withOrder('contracts', table, raw, i)).toEqual(setOnly('contracts', table, raw, i)));
      }),
      params,
    );
  });

  it("hands out each partner's records by id, each record that passed its checks once (fast-check)", () => {
    fc.assert(
      fc.property(fc.array(recordArb, { maxLength: 40 }), (records) => {
        const ctx: RunFactsContext = {
          period: { id: '2026-09', start: '2026-09-01', end: '2026-09-30' },
          isPartner: (id) => partners.has(id),
          invalidPartner: () => undefined,
          ownsHere: () => true,
          listsRejections: (id) => partners.has(id),
          countsUnassigned: true,
          rejected: undefined,
        };
        // not only records: bad input must be checked, not trusted
        const facts = checkRunFacts(factSchema, { contracts: records as never }, ctx);
        const statuses = facts.status.get('contracts')!;
        const kept = [...facts.byPartner.values()].flatMap((t) => t.get('contracts') ?? []);
        // every record not rejected nor out of the period, and nothing else
        const expected = statuses.flatMap((s, i) => (s.status === 'excluded' && s.reason === 'not_read_by_any_plan' ? [i] : []));
        expect(kept.map((r) => r.index).sort((a, b) => a - b)).toEqual(expected);
        for (const list of [...facts.byPartner.values()].flatMap((t) => [...t.values()])) {
          for (let j = 1; j < list.length; j++) expect(list[j - 1]!.id < list[j]!.id).toBe(true);
        }
      }),
      params,
    );
  });
});
