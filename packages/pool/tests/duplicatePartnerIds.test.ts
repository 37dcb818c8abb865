import { afterAll, describe, expect, it } from 'vitest';
import { evaluate, parseFactSchema, type RunInput } from '@provvigo/core';
import { createEvaluationPool } from '../src/index.js';
import * as tiny from '../../core/tests/fixtures/tiny.js';

/**
 * A partner listed twice (core reports it and uses the first): the pool splits the records over the same partitions
 * `evaluate` draws for `partition`, the distinct ids in sorted order. The pool once drew them over the list with its
 * repeats, so a repeated id shifted every later partner to another partition than the one evaluating it, and those
 * partners' records were counted as another partition's and computed nowhere.
 */
function input(): RunInput {
  const fs = parseFactSchema(tiny.factSchema);
  if (!fs.ok) throw new Error('bad fixture');
  const partners = tiny.partners as Array<{ id: string }>;
  const first = [...partners].sort((a, b) => (a.id < b.id ? -1 : 1))[0]!;
  return { period: tiny.period, plans: [tiny.plan as never], partners: [first, ...partners] as never, factSchema: fs.factSchema, facts: { contracts: tiny.contracts } } as RunInput;
}

const pool = createEvaluationPool(2);
afterAll(() => pool.close());

describe('a partner listed twice in a parallel run', () => {
  it('computes and counts every record as a single-threaded run does', async () => {
    const single = evaluate(input());
    expect(single.issues.some((i) => i.code === 'duplicate_record')).toBe(true);
    for (const partitions of [2, 3]) {
      const parallel = await pool.evaluate(input(), {}, { partitions });
      expect(parallel.summary.counts, `${partitions} partitions`).toEqual(single.counts);
      expect(parallel.summary.outputHash, `${partitions} partitions`).toBe(single.outputHash);
    }
  });
});
