import { computePeriod, type PeriodInputs } from '@provvigo/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { OCTOBER, sampleInputs } from './helpers/inputs.js';

// The run's recorded output hash covers the evaluation, the period statements and the ledger entries approval
// books: it must not depend on the order in which records and service events arrive (issue 3, acceptance).
describe('a calculation does not depend on the arrival order of records and events', () => {
  const inputs = sampleInputs();
  const reference = computePeriod({ runId: '2026-10-r1', period: OCTOBER, inputs, ledger: [] });

  it('gives the same hashes, statements and entries for any shuffle', () => {
    const tables = Object.keys(inputs.facts);
    fc.assert(
      fc.property(
        fc.record(Object.fromEntries(tables.map((t) => [t, fc.shuffledSubarray(inputs.facts[t]!, { minLength: inputs.facts[t]!.length })]))),
        fc.shuffledSubarray(inputs.partners, { minLength: inputs.partners.length }),
        (facts, partners) => {
          const shuffled: PeriodInputs = { ...inputs, partners, facts: facts as PeriodInputs['facts'] };
          const got = computePeriod({ runId: '2026-10-r1', period: OCTOBER, inputs: shuffled, ledger: [] });
          expect(got.outputHash).toBe(reference.outputHash);
          expect(got.inputHash).toBe(reference.inputHash);
          expect(got.booked.entries.map((e) => e.id)).toEqual(reference.booked.entries.map((e) => e.id));
        },
      ),
      { numRuns: 50, seed: 20261027 },
    );
  });
});
