import { describe, expect, it } from 'vitest';
import { evaluate, evaluateStream, PlanError } from '../src/index.js';
import * as tiny from './fixtures/tiny.js';

/**
 * A run refuses a period it cannot mean: a start or end that is no day of the calendar, or an end before the start.
 * The period's schema checks the dates' shape only, and an inverted period filtered every record out: every partner
 * paid nothing, with no issue to say why.
 */
const input = (period: { id: string; start: string; end: string }) => ({ period, plans: [tiny.plan], partners: tiny.partners, factSchema: tiny.factSchema, facts: { contracts: tiny.contracts } }) as never;

/** The issues of the PlanError `run` throws: [path, English message, Italian message]. */
function refusal(run: () => unknown): unknown[][] {
  let error: unknown;
  try {
    run();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(PlanError);
  return (error as PlanError).issues.map((i) => [i.path, i.messages?.en, i.messages?.it]);
}

describe('the run period', () => {
  it('pays the tiny fixture with its valid period (the control)', () => {
    expect(Object.keys(evaluate(input(tiny.period)).totals)).toEqual(['EUR']);
  });

  it('refuses an end before the start, naming the end', () => {
    expect(refusal(() => evaluate(input({ id: '2026-10', start: '2026-10-31', end: '2026-10-01' })))).toEqual([
      [['period', 'end'], 'period 2026-10 ends (2026-10-01) before it starts (2026-10-31)', 'il periodo 2026-10 finisce (2026-10-01) prima di iniziare (2026-10-31)'],
    ]);
  });

  it('refuses a start or end that is no day of the calendar, each named', () => {
    const issues = refusal(() => evaluateStream(input({ id: '2026-02', start: '2026-02-00', end: '2026-02-31' }), {}, () => {}));
    expect(issues.map((i) => i[0])).toEqual([
      ['period', 'start'],
      ['period', 'end'],
    ]);
    expect(issues[1]![1]).toBe('period 2026-02: end 2026-02-31 is not a date in the calendar');
  });

  it('takes a period of one day', () => {
    expect(() => evaluate(input({ id: '2026-10-03', start: '2026-10-03', end: '2026-10-03' }))).not.toThrow();
  });
});
