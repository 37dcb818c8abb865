import { describe, expect, it } from 'vitest';
import { evaluate, type RunInput } from '@provvigo/core';
import { splitInput } from '../src/index.js';
import { evaluatePartition } from '../src/evaluatePartition.js';
import { mergePartitions } from '../src/mergePartitions.js';
import { factSchema, plan } from './tinyPlan.js';

/**
 * Fact table names are the caller's (a facts file's keys; JSON.parse makes "__proto__" an own key). Splitting the run
 * for the queue assigned each table to a plain object, so a table named `__proto__` became every partition's
 * prototype instead of a table: its records vanished from the run, and the queue's counts and issues differed from a
 * single-process run of the same input.
 */
function input(): RunInput {
  const sales = [
    { id: 'S1', partnerId: 'P1', date: '2026-10-03', kWh: 3200 },
    { id: 'S2', partnerId: 'P2', date: '2026-10-04', kWh: 100 },
  ];
  const facts = JSON.parse(`{"sales": ${JSON.stringify(sales)}, "__proto__": [{"id": "x"}, {"id": "y"}, {"id": "z"}]}`) as RunInput['facts'];
  return {
    period: { id: '2026-10', start: '2026-10-01', end: '2026-10-31' },
    plans: [plan],
    factSchema,
    partners: ['P1', 'P2', 'P3'].map((id) => ({ id, name: id, kind: 'agent' as const, territory: 'Lazio' })),
    facts,
  } as unknown as RunInput;
}

describe('fact table names in a queued run', () => {
  it('keeps a table named __proto__ as an own table of every partition, its records and their places kept', () => {
    const parts = splitInput(input(), 3);
    for (const part of parts) {
      expect(Object.keys(part.input.facts)).toEqual(['sales', '__proto__']);
      expect(Object.getPrototypeOf(part.input.facts)).toBe(Object.prototype);
      expect(Object.keys(part.positions)).toEqual(['sales', '__proto__']);
      expect(Object.getPrototypeOf(part.positions)).toBe(Object.prototype);
    }
    // the table has no partner column: partition 0 takes its records, in the caller's order
    expect(Object.getOwnPropertyDescriptor(parts[0]!.input.facts, '__proto__')?.value).toEqual([{ id: 'x' }, { id: 'y' }, { id: 'z' }]);
    expect(Object.getOwnPropertyDescriptor(parts[0]!.positions, '__proto__')?.value).toEqual([0, 1, 2]);
    expect(Object.getOwnPropertyDescriptor(parts[1]!.input.facts, '__proto__')?.value).toEqual([]);
  });

  it('counts and reports a table named __proto__ as a single-process run does', () => {
    const whole = evaluate(input(), { hashInputs: false });
    expect(Object.hasOwn(whole.counts, '__proto__')).toBe(true);
    const written = splitInput(input(), 3).map((p) => ({ partition: p.index, ...evaluatePartition(p, { licenseKey: 'gpl-v3' }) }));
    const merged = mergePartitions(written);
    // three records of a table the fact schema does not declare: read, none used
    expect(Object.getOwnPropertyDescriptor(merged.counts, '__proto__')?.value).toMatchObject({ in: 3, used: 0 });
    expect(merged.counts).toEqual(whole.counts);
    expect(merged.issues).toEqual(whole.issues);
    expect(merged.outputHash).toBe(whole.outputHash);
  });
});
