import { describe, expect, it } from 'vitest';
import { parseFactSchemaOrThrow, partnerCalculationInput, splitFacts, type RunSnapshot } from '../src/index.js';
import * as tiny from './fixtures/tiny.js';

/**
 * A run's snapshot splits its facts by table and partner (tables the schema does not declare are shared). Table names are the caller's: the fact schema may declare
 * one named `toString` (a valid name), and a facts file may hold one named `__proto__` (JSON.parse makes it an own
 * key); each is a table like any other, never a member of Object.prototype nor an object's prototype.
 */
describe('snapshot table names', () => {
  const contracts = tiny.factSchema.tables['contracts']!;
  const factSchema = parseFactSchemaOrThrow({ tables: { contracts, toString: contracts } } as never);
  const rec = (id: string, partnerId: string) => ({ ...tiny.contracts[0], id, partnerId });

  it('splits a partner table named toString by partner, and keeps tables it does not declare, one named __proto__ too, as shared ones', () => {
    const facts = JSON.parse(
      JSON.stringify({ contracts: [rec('C1', 'P1')], toString: [rec('T1', 'P1'), rec('T2', 'P2')], lookups: [{ id: 'L1' }] }).replace(/}$/, ', "__proto__": [{"id": "x"}]}'),
    );
    const { shared, byPartner } = splitFacts(factSchema, facts);
    expect(Object.keys(shared)).toEqual(['__proto__', 'lookups']);
    expect(Object.getPrototypeOf(shared)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(shared, '__proto__')?.value).toEqual([{ id: 'x' }]);
    expect([...byPartner.keys()]).toEqual(['P1', 'P2']);
    expect(byPartner.get('P1')).toEqual({ contracts: [rec('C1', 'P1')], toString: [rec('T1', 'P1')] });
    expect(Object.keys(byPartner.get('P2')!)).toEqual(['toString']);
  });

  it("gives a partner's calculation an empty table named toString when the snapshot holds none", () => {
    const plan = { ...tiny.plan, selector: {} };
    const partner = { ...tiny.partners[0]!, id: 'P1' };
    const run = { period: tiny.period, plans: [plan], partners: [partner], factSchema, sharedFacts: {} } as unknown as RunSnapshot;
    const input = partnerCalculationInput(run, { partnerId: 'P1', facts: { contracts: [rec('C1', 'P1')] }, fiscal: null, ytdBefore: null });
    expect(input?.facts).toEqual({ contracts: [rec('C1', 'P1')], toString: [] });
    expect(Object.hasOwn(input!.facts, 'toString') && Array.isArray(input!.facts['toString'])).toBe(true);
  });
});
