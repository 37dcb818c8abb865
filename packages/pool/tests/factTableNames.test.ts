import { afterAll, describe, expect, it } from 'vitest';
import { evaluate, parseFactSchema, splitRunInput, type RunInput } from '@provvigo/core';
import { createEvaluationPool } from '../src/index.js';
import * as tiny from '../../core/tests/fixtures/tiny.js';

/**
 * Fact table names are the caller's (a facts file's keys; JSON.parse makes "__proto__" an own key): a parallel run
 * splits, sends and decodes a table named `__proto__` like any other, so it counts and reports it as a
 * single-threaded run does (assigned to a plain object, the table became a partition's prototype and vanished).
 */
function input(): RunInput {
  const fs = parseFactSchema(tiny.factSchema);
  if (!fs.ok) throw new Error('bad fixture');
  const facts = JSON.parse(`{"contracts": ${JSON.stringify(tiny.contracts)}, "__proto__": [{"id": "x"}, {"id": "y"}, {"id": "z"}]}`) as RunInput['facts'];
  return { period: tiny.period, plans: [tiny.plan as never], partners: tiny.partners as never, factSchema: fs.factSchema, facts } as RunInput;
}

const pool = createEvaluationPool(2);
afterAll(() => pool.close());

describe('fact table names in a parallel run', () => {
  it('partitions a table named __proto__ as an own table of every partition, its records and their places kept', () => {
    const parts = splitRunInput(input(), 3);
    const inputs = parts.map((p) => p.input);
    const positions = parts.map((p) => p.positions);
    for (const [w, part] of inputs.entries()) {
      expect(Object.keys(part.facts)).toEqual(['contracts', '__proto__']);
      expect(Object.getPrototypeOf(part.facts)).toBe(Object.prototype);
      expect(Object.keys(positions[w]!)).toEqual(['contracts', '__proto__']);
    }
    // no partner column: partition 0 takes them, in the caller's order
    expect(Object.getOwnPropertyDescriptor(inputs[0]!.facts, '__proto__')?.value).toEqual([{ id: 'x' }, { id: 'y' }, { id: 'z' }]);
    expect(Object.getOwnPropertyDescriptor(positions[0], '__proto__')?.value).toEqual([0, 1, 2]);
  });

  it('counts and reports a table named __proto__ as a single-threaded run does', async () => {
    const single = evaluate(input());
    expect(Object.hasOwn(single.counts, '__proto__')).toBe(true);
    const parallel = await pool.evaluate(input(), {}, { partitions: 3 });
    expect(Object.getOwnPropertyDescriptor(parallel.summary.counts, '__proto__')?.value).toEqual({ in: 3, used: 0, excluded: 0, rejected: 3, excludedBy: {} });
    expect(parallel.summary.counts).toEqual(single.counts);
    expect(parallel.summary.issues).toEqual(single.issues);
    expect(parallel.summary.outputHash).toBe(single.outputHash);
    expect(parallel.summary.inputHash).toBe(single.inputHash);
  });
});
