import { describe, expect, it } from 'vitest';
import { runFactsMemoStats } from '../src/facts/runFactsMemo.js';
import { evaluate, type PlanInput, type RunInput } from '../src/index.js';
import * as tiny from './fixtures/tiny.js';

// A live preview evaluates the same facts again after each plan edit; the memo must answer only while they are
// unchanged. Each run below is compared with a run on a deep copy of its input (new arrays: the memo cannot answer).

type Contract = Record<string, unknown>;

const input = (contracts: Contract[], plan: PlanInput = tiny.plan, partners = tiny.partners): RunInput =>
  ({ period: tiny.period, plans: [plan], partners, factSchema: tiny.factSchema, facts: { contracts } }) as never;

const options = { hashInputs: false, hashOutputs: false };
const fresh = (i: RunInput) => evaluate(structuredClone(i), options);

/** The plan with the commission column's formula changed, as the builder's edits do. */
const edited = (formula: string): PlanInput => {
  const plan = structuredClone(tiny.plan) as PlanInput & { sheets: Record<string, { columns?: Record<string, { formula: string }> }> };
  plan.sheets['Lines']!.columns!['Commission']!.formula = formula;
  return plan;
};

/** Runs `i` and says whether the memo answered. */
const run = (i: RunInput) => {
  const hits = runFactsMemoStats.hits;
  const result = evaluate(i, options);
  return { result, hit: runFactsMemoStats.hits > hits };
};

describe('the checked facts kept between runs of a small input', () => {
  it('answers for the same records after a plan edit, with the result of a fresh run', () => {
    const contracts: Contract[] = structuredClone(tiny.contracts);
    expect(run(input(contracts)).hit).toBe(false);
    const second = run(input(contracts, edited('=[@kWh]*[@Rate]*2')));
    expect(second.hit).toBe(true);
    expect(second.result).toEqual(fresh(input(contracts, edited('=[@kWh]*[@Rate]*2'))));
    // The edit shows: P1's lines double, each rounded to the cent: 3200 × 0.012 × 2 = 76.80, 1000.5 × 0.009 × 2 =
    // 18.009 → 18.01, 100 × 0.012 × 2 = 2.40, 50 × 0.012 × 2 = 1.20 (C3 is filtered out).
    expect(second.result.statements[0]!.byComponent['commission']).toBe('98.41');
    // The counts come from fresh statuses: the filter's exclusions and the used records are those of this run.
    expect(second.result.counts['contracts']).toEqual(fresh(input(contracts)).counts['contracts']);
  });

  it('starts each run from fresh statuses: a stricter filter excludes records the last run used', () => {
    const contracts: Contract[] = structuredClone(tiny.contracts);
    run(input(contracts));
    const strict = structuredClone(tiny.plan) as PlanInput & { sheets: Record<string, { filter?: string }> };
    strict.sheets['Lines']!.filter = '=[@kWh]>500';
    const second = run(input(contracts, strict));
    expect(second.hit).toBe(true);
    // C4 (100 kWh) and C5 (50) were used by the last run; now they are filtered out with C3 (0) and C10 (10).
    expect(second.result.counts['contracts']!.excludedBy['filter:agency/Lines']).toBe(4);
    expect(second.result).toEqual(fresh(input(contracts, strict)));
  });

  it('sees a record changed in place: a new amount, a date moved out of the period, a field removed', () => {
    const contracts: Contract[] = structuredClone(tiny.contracts);
    run(input(contracts));
    const before = run(input(contracts)).result.statements[0]!.byComponent['commission'];
    contracts[0]!['kWh'] = 6400;
    const changed = run(input(contracts));
    expect(changed.hit).toBe(false);
    expect(changed.result.statements[0]!.byComponent['commission']).not.toBe(before);
    expect(changed.result).toEqual(fresh(input(contracts)));

    contracts[3]!['signedDate'] = '2026-11-02';
    const moved = run(input(contracts));
    expect(moved.hit).toBe(false);
    expect(moved.result.counts['contracts']!.excludedBy['out_of_period']).toBe(2);
    expect(moved.result).toEqual(fresh(input(contracts)));

    delete contracts[1]!['kWh'];
    const removed = run(input(contracts));
    expect(removed.hit).toBe(false);
    expect(removed.result).toEqual(fresh(input(contracts)));
  });

  it('sees a record replaced, added or removed in the same array', () => {
    const contracts: Contract[] = structuredClone(tiny.contracts);
    run(input(contracts));
    contracts[4] = { ...contracts[4]!, kWh: 75 };
    expect(run(input(contracts)).hit).toBe(false);
    contracts.push({ id: 'C11', partnerId: 'P1', signedDate: '2026-10-09', category: 'LUCE_CASA', territory: 'Lombardia', kWh: 10 });
    const added = run(input(contracts));
    expect(added.hit).toBe(false);
    expect(added.result).toEqual(fresh(input(contracts)));
    contracts.pop();
    const removed = run(input(contracts));
    expect(removed.hit).toBe(false);
    expect(removed.result).toEqual(fresh(input(contracts)));
  });

  it('checks again when the partners change: a record of a partner no longer given is rejected', () => {
    const contracts: Contract[] = structuredClone(tiny.contracts);
    run(input(contracts));
    const onlyP1 = run(input(contracts, tiny.plan, tiny.partners.slice(0, 1)));
    expect(onlyP1.hit).toBe(false);
    expect(onlyP1.result.counts['contracts']!.rejected).toBeGreaterThan(fresh(input(contracts)).counts['contracts']!.rejected);
    expect(onlyP1.result).toEqual(fresh(input(contracts, tiny.plan, tiny.partners.slice(0, 1))));
  });

  it('hands out its own issues each time: a caller changing one does not change the next run', () => {
    const contracts: Contract[] = structuredClone(tiny.contracts);
    const first = run(input(contracts)).result;
    const rejected = first.issues.find((i) => i.record?.id === 'C9')!;
    const message = rejected.message;
    rejected.message = 'changed by the caller';
    first.statements[1]!.rejected![0]!.message = 'changed by the caller';
    const second = run(input(contracts));
    expect(second.hit).toBe(true);
    expect(second.result.issues.find((i) => i.record?.id === 'C9')!.message).toBe(message);
    expect(second.result).toEqual(fresh(input(contracts)));
  });
});
