// Bad input loses nothing on the worker pool: whatever the fact tables hold (records of unknown or invalid partners,
// repeated, blank or invalid keys, invalid values, dates outside the period, values that are not records, lines a
// reader rejected, a table the schema does not declare), the pool's merged summary reports, table by table, the
// counts of core's single-threaded `evaluate` (in = used + excluded + rejected, `in` = every entry given), its issues,
// and its output hash, over any number of partitions.
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { evaluate } from '@provvigo/core';
import { createEvaluationPool } from '../src/index.js';
import { balanceProblems, givenCounts, malformedFactsArb, runInputOf } from '../../core/tests/fixtures/malformedFacts.js';

const pool = createEvaluationPool(2);
afterAll(() => pool.close(), 120_000);

describe('record counts on the worker pool', () => {
  // A case costs a few milliseconds of evaluation and a round trip to two worker threads per partition: 100 cases.
  it('reconcile, and equal those of evaluate, with the same issues and output hash', async () => {
    await fc.assert(
      fc.asyncProperty(malformedFactsArb(), fc.integer({ min: 2, max: 5 }), async (facts, partitions) => {
        const input = runInputOf(facts);
        const single = evaluate(input);
        const { summary } = await pool.evaluate(input, {}, { partitions });
        expect(balanceProblems(summary.counts, givenCounts(facts))).toEqual([]);
        expect(summary.counts).toEqual(single.counts);
        expect(summary.issues).toEqual(single.issues);
        expect(summary.outputHash).toBe(single.outputHash);
        expect(summary.inputHash).toBe(single.inputHash);
      }),
      { numRuns: 100, seed: 20261209 },
    );
  });
});
