import { describe, expect, it } from 'vitest';
import { evaluate, mergeRunSummaries, parseFactSchemaOrThrow, validateFacts, type RunSummary } from '../src/index.js';
import * as tiny from './fixtures/tiny.js';

/**
 * A run's counts name each fact table it was given, whatever the table is called: the table names come from the
 * caller's input (a JSON file's keys), so one named `__proto__` must be counted as a table, not set the counts' prototype.
 */
describe('table counts', () => {
  it('counts a table named __proto__ as its own entry: in = rejected, the other tables as before', () => {
    // JSON.parse makes "__proto__" an own key, as a facts file read from disk would.
    const facts = JSON.parse(`{"contracts": ${JSON.stringify(tiny.contracts)}, "__proto__": [{"id": "x"}, {"id": "y"}]}`) as Record<string, unknown[]>;
    expect(Object.hasOwn(facts, '__proto__')).toBe(true);
    const result = evaluate({ period: tiny.period, plans: [tiny.plan], partners: tiny.partners, factSchema: tiny.factSchema, facts } as never);
    expect(Object.hasOwn(result.counts, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(result.counts)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(result.counts, '__proto__')?.value).toEqual({ in: 2, used: 0, excluded: 0, rejected: 2, excludedBy: {} });
    expect(Object.keys(result.counts).sort()).toEqual(['__proto__', 'contracts']);
    expect(result.counts['contracts']!.in).toBe(tiny.contracts.length);
    expect(result.issues.some((i) => i.code === 'unknown_reference' && i.message.includes('"__proto__"'))).toBe(true);
  });

  it('adds up the counts of partitions per table, a table named __proto__ included, without touching Object.prototype', () => {
    // A computed key makes an own property named "__proto__", as JSON.parse of a worker's reply does.
    const part = (n: number): RunSummary => ({
      ...{ period: tiny.period, plans: [], issues: [], totals: {}, inputHash: '', outputHash: '', statementCount: 0, lineCount: 0, statementDigests: [] },
      counts: { contracts: { in: n, used: n, excluded: 0, rejected: 0, excludedBy: {} }, ['__proto__']: { in: 1, used: 0, excluded: 1, rejected: 0, excludedBy: { out_of_period: 1 } } },
    });
    const merged = mergeRunSummaries([part(2), part(3)]);
    expect(Object.getOwnPropertyDescriptor(merged.counts, '__proto__')?.value).toEqual({ in: 2, used: 0, excluded: 2, rejected: 0, excludedBy: { out_of_period: 2 } });
    expect(merged.counts['contracts']).toEqual({ in: 5, used: 5, excluded: 0, rejected: 0, excludedBy: {} });
    expect(Object.hasOwn(Object.prototype, 'in')).toBe(false);
  });

  it('validateFacts counts a table named __proto__ as rejected, in its own entry', () => {
    const factSchema = parseFactSchemaOrThrow(tiny.factSchema);
    const facts = JSON.parse('{"__proto__": [{"id": "x"}]}') as Record<string, unknown[]>;
    const r = validateFacts({ factSchema, partners: [], facts });
    expect(Object.getOwnPropertyDescriptor(r.counts, '__proto__')?.value).toEqual({ in: 1, valid: 0, rejected: 1 });
    expect(Object.hasOwn(Object.prototype, 'valid')).toBe(false);
  });
});
