// Bad input loses nothing: whatever a fact table holds (records of unknown or invalid partners, repeated, blank or
// invalid keys, invalid values, dates outside the period, values that are not records, lines a reader rejected), each
// table's counts reconcile (in = used + excluded + rejected, `in` = every entry given), and every in-process entry
// path reports the counts and the output hash of the single-threaded `evaluate`: `evaluateStream`, a run split with
// `EvaluateOptions.partition` and merged (`mergeRunResults`, `mergeRunSummaries`), and a run split with
// `splitRunInput` (what the worker pool and the queue send their workers) and merged.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluate, evaluateStream, mergeRunResults, mergeRunSummaries, splitRunInput, type RunInput, type RunResult, type RunSummary, type Statement } from '../src/index.js';
import { balanceProblems, givenCounts, malformedFactsArb, runInputOf, type MalformedFacts } from './fixtures/malformedFacts.js';

// An evaluation of these small inputs costs a few milliseconds: 100 cases per path.
const params = { numRuns: 100, seed: 20261208 };
const casesArb = fc.tuple(malformedFactsArb(), fc.integer({ min: 2, max: 4 }));

/** The single-threaded reference, computed once per input (every property draws the same inputs from one seed). */
const reference = new Map<MalformedFacts, RunResult>();
function single(facts: MalformedFacts): RunResult {
  let r = reference.get(facts);
  if (!r) {
    r = evaluate(runInputOf(facts));
    expect(balanceProblems(r.counts, givenCounts(facts))).toEqual([]);
    reference.set(facts, r);
  }
  return r;
}

function streamed(input: RunInput, options: Parameters<typeof evaluateStream>[1]): { summary: RunSummary; statements: Statement[] } {
  const statements: Statement[] = [];
  return { summary: evaluateStream(input, options, (s) => statements.push(s)), statements };
}

/** The counts, output hash, issues and statements of a path equal the reference's, and its counts reconcile. */
function expectSameRun(facts: MalformedFacts, got: Pick<RunResult, 'counts' | 'outputHash' | 'issues'>, statements: Statement[]): void {
  const whole = single(facts);
  expect(balanceProblems(got.counts, givenCounts(facts))).toEqual([]);
  expect(got.counts).toEqual(whole.counts);
  expect(got.outputHash).toBe(whole.outputHash);
  expect(got.issues).toEqual(whole.issues);
  expect(JSON.stringify(statements)).toBe(JSON.stringify(whole.statements));
}

describe('record counts reconcile on every in-process entry path', () => {
  it('evaluate: in = used + excluded + rejected per table, and in is every entry given', () => {
    fc.assert(
      fc.property(casesArb, ([facts]) => {
        single(facts);
      }),
      params,
    );
  });

  it('evaluateStream reports the counts and output hash of evaluate', () => {
    fc.assert(
      fc.property(casesArb, ([facts]) => {
        const { summary, statements } = streamed(runInputOf(facts), {});
        expectSameRun(facts, summary, statements);
      }),
      params,
    );
  });

  it('partitions of EvaluateOptions.partition, merged by mergeRunResults, give the counts of evaluate', () => {
    fc.assert(
      fc.property(casesArb, ([facts, count]) => {
        const input = runInputOf(facts);
        const parts = Array.from({ length: count }, (_, index) => evaluate(input, { partition: { index, count } }));
        for (const p of parts) for (const [t, c] of Object.entries(p.counts)) expect(c.in, t).toBe(c.used + c.excluded + c.rejected);
        const merged = mergeRunResults(parts);
        expectSameRun(facts, merged, merged.statements);
      }),
      params,
    );
  });

  it('partitions of evaluateStream, merged by mergeRunSummaries, give the counts of evaluate', () => {
    fc.assert(
      fc.property(casesArb, ([facts, count]) => {
        const input = runInputOf(facts);
        const parts = Array.from({ length: count }, (_, index) => streamed(input, { partition: { index, count } }));
        const merged = mergeRunSummaries(parts.map((p) => p.summary));
        const statements = parts.flatMap((p) => p.statements).sort((a, b) => (a.partnerId < b.partnerId ? -1 : 1));
        expectSameRun(facts, merged, statements);
      }),
      params,
    );
  });

  it('the shares of splitRunInput (what the pool and the queue send their workers), each evaluated with its positions, merged, give the run of evaluate', () => {
    fc.assert(
      fc.property(casesArb, ([facts, count]) => {
        const parts = splitRunInput(runInputOf(facts), count).map((p, index) => evaluate(p.input, { partition: { index, count }, positions: p.positions }));
        const merged = mergeRunResults(parts);
        expectSameRun(facts, merged, merged.statements);
      }),
      params,
    );
  });
});
