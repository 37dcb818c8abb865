import { describe, expect, it } from 'vitest';
import { lineLinksFromFacts, serviceEventCounts, serviceEventsFromFacts } from '../src/ledger/index.js';
import { FactSchemaSchema } from '../src/schema/facts.js';
import type { FactRecord, Statement } from '../src/index.js';

/**
 * A fact file may hold records that are not objects (`[null, 42, []]` in a .json file). The run rejects them as
 * invalid input and computes the rest; the ledger's readers, which a period calculation calls on the same facts, must
 * skip them too: reading a column of `null` threw "Cannot convert undefined or null to object" and stopped the period.
 */
const schema = FactSchemaSchema.parse({
  tables: {
    contracts: { key: 'id', partner: 'agent', date: 'signed', columns: { id: { type: 'text' }, agent: { type: 'text' }, signed: { type: 'date' }, pod: { type: 'text' } } },
    billing: {
      key: 'event_id', partner: 'agent', date: 'occurred', eventSubject: 'pod', eventType: 'status',
      columns: { event_id: { type: 'text' }, agent: { type: 'text' }, occurred: { type: 'date' }, pod: { type: 'text' }, status: { type: 'text' } },
    },
  },
});
// what a JSON fact file can hold, typed as the records it should hold
const notObjects = [null, 42, 'text', ['C1']] as unknown as FactRecord[];

describe('fact records that are not objects', () => {
  it('lineLinksFromFacts skips them and links the lines of the records that are', () => {
    const contracts = [...notObjects, { id: 'C1', agent: 'P1', signed: '2026-03-02T10:00:00Z', pod: 'IT001' }];
    const statement = { lines: [{ id: 'p1/activation/C1', planId: 'p1', source: { table: 'contracts', id: 'C1' } }] } as unknown as Statement;
    const links = lineLinksFromFacts([statement], { p1: { release: { link: 'pod' } } as never }, schema, { contracts });
    expect(links).toEqual({ 'p1/activation/C1': { subject: 'IT001', date: '2026-03-02' } });
  });

  it('service events: skipped as unusable, counted as rejected, and named by position when they must not be skipped', () => {
    const billing = [...notObjects, { event_id: 'B1', agent: 'P1', occurred: '2026-03-02', pod: 'IT001', status: 'activated' }];
    expect(serviceEventsFromFacts('billing', schema, billing, { skipUnusable: true })).toEqual([
      { id: 'B1', subject: 'IT001', type: 'activated', date: '2026-03-02', partnerId: 'P1', table: 'billing' },
    ]);
    expect(serviceEventCounts('billing', schema, billing, '2026-03-31')).toEqual({ in: 5, used: 1, excluded: 0, rejected: 4 });
    expect(() => serviceEventsFromFacts('billing', schema, billing)).toThrowError(/^billing record #1: a service event needs event_id, pod, status and occurred/);
  });
});
