import { describe, expect, it } from 'vitest';
import { PartitionInputSchema } from '../src/jobs.js';

/**
 * A stored partition input keeps every fact table the run was given, one named `__proto__` too (a facts file's key,
 * made an own key by JSON.parse): the envelope used z.record, which dropped it, so the worker computed without a
 * table the coordinator had hashed.
 */
describe('a partition input read back', () => {
  it('keeps a fact table and its positions named __proto__', () => {
    const stored = JSON.parse(
      '{"index":0,"count":2,"input":{"period":{"id":"2026-10","start":"2026-10-01","end":"2026-10-31"},"plans":[],"partners":[],"factSchema":{},' +
        '"facts":{"contracts":[{"id":"C1"}],"__proto__":[{"id":"x"}]}},"positions":{"contracts":[0],"__proto__":[3]}}',
    ) as unknown;
    const parsed = PartitionInputSchema.parse(stored);
    expect(Object.keys(parsed.input.facts)).toEqual(['contracts', '__proto__']);
    expect(Object.getOwnPropertyDescriptor(parsed.input.facts, '__proto__')?.value).toEqual([{ id: 'x' }]);
    expect(Object.getOwnPropertyDescriptor(parsed.positions, '__proto__')?.value).toEqual([3]);
    expect(Object.getPrototypeOf(parsed.positions)).toBe(Object.prototype);
  });

  it('still refuses a position that is not a record index, naming the table', () => {
    const bad = { index: 0, count: 1, input: { period: { id: 'p', start: 's', end: 'e' }, plans: [], partners: [], factSchema: {}, facts: {} }, positions: { contracts: [-1] } };
    expect(PartitionInputSchema.safeParse(bad).error?.issues.map((i) => i.path)).toEqual([['positions', 'contracts', 0]]);
  });
});
