import { describe, expect, it } from 'vitest';
import {
  checkSnapshotPlans,
  evaluate,
  explanationLabels,
  FactSchemaSchema,
  hash,
  parsePlan,
  PartnerSchema,
  PlanSchema,
  RunSnapshotSchema,
  StoredPlanSchema,
  takeRunSnapshot,
  type Plan,
  type PlanInput,
} from '../src/index.js';
import * as tiny from './fixtures/tiny.js';

/**
 * A plan's id is 1–200 characters (the studio's URLs and plan files take no longer one) and its name, in each language
 * given, holds something besides spaces and at most 200 characters. They accepted "" and 10,000-character strings.
 * Versions saved before keep reading and computing: `StoredPlanSchema`, and `evaluate`, which computes saved versions.
 */

const ID_200 = `a${'b'.repeat(199)}`;
const NAME_200 = 'N'.repeat(200);
const withPlan = (change: Partial<PlanInput>): PlanInput => ({ ...tiny.plan, ...change });

/** The issues parsePlan reports for `plan`, as [dotted path, message]. */
function refusal(plan: PlanInput): Array<[string, string]> {
  const r = parsePlan(plan);
  expect(r.ok).toBe(false);
  return r.issues.map((i) => [i.path.join('.'), i.message]);
}

describe('plan id and name bounds', () => {
  it('refuses an empty or blank name, naming the field', () => {
    const blank = [["name", "a plan's name must not be empty or blank"]];
    expect(refusal(withPlan({ name: '' }))).toEqual(blank);
    expect(refusal(withPlan({ name: ' \t\n ' }))).toEqual(blank);
    expect(refusal(withPlan({ name: { it: 'Agenzie', en: '  ' } }))).toEqual([["name.en", "a plan's name must not be empty or blank"]]);
    expect(refusal(withPlan({ name: {} }))).toEqual([["name", "a plan's name needs a text in Italian (it) or English (en)"]]);
  });

  it('refuses a name over 200 characters, in either form', () => {
    const long = "a plan's name may hold at most 200 characters";
    expect(refusal(withPlan({ name: `${NAME_200}x` }))).toEqual([['name', long]]);
    expect(refusal(withPlan({ name: 'x'.repeat(10_000) }))).toEqual([['name', long]]);
    expect(refusal(withPlan({ name: { it: `${NAME_200}x`, en: 'Agencies' } }))).toEqual([['name.it', long]]);
  });

  it('refuses an empty id or one over 200 characters, naming the field', () => {
    expect(refusal(withPlan({ id: '' }))).toEqual([['id', 'a plan id must not be empty']]);
    expect(refusal(withPlan({ id: `${ID_200}c` }))).toEqual([['id', 'a plan id may hold at most 200 characters']]);
  });

  it('accepts a plan exactly at the limits, its name as written (not trimmed)', () => {
    for (const name of [NAME_200, { it: NAME_200, en: NAME_200 }, { en: 'x' }, ' Agenzie ']) {
      const r = parsePlan(withPlan({ id: ID_200, name }), { factSchema: tiny.factSchema });
      expect(r.issues).toEqual([]);
      expect(r.ok && r.plan.name).toEqual(name);
      expect(PlanSchema.parse(withPlan({ id: ID_200, name })).id).toBe(ID_200);
    }
  });
});

describe('a plan version saved before the bounds', () => {
  const legacy = { ...PlanSchema.parse(tiny.plan), id: `a${'x'.repeat(300)}`, name: 'Agenzie '.repeat(1_250) } satisfies Plan;
  const partners = tiny.partners.map((p) => PartnerSchema.parse(p));
  const factSchema = FactSchemaSchema.parse(tiny.factSchema);

  it('is refused as a plan to save, and read whole as a stored one', () => {
    expect(legacy.name.length).toBe(10_000);
    expect(PlanSchema.safeParse(legacy).error?.issues.map((i) => i.path.join('.')).sort()).toEqual(['id', 'name']);
    expect(StoredPlanSchema.parse(legacy)).toEqual(legacy);
    expect(StoredPlanSchema.safeParse({ ...legacy, name: 42 }).success).toBe(false);
  });

  it('still computes, and a run snapshot pinning it reads back with its hash', () => {
    const inputs = { plans: [legacy], partners, factSchema, facts: { contracts: tiny.contracts } };
    const result = evaluate({ period: tiny.period, ...inputs });
    const same = evaluate({ period: tiny.period, ...inputs, plans: [PlanSchema.parse(tiny.plan)] });
    expect(result.issues.filter((i) => i.code === 'invalid_schema')).toEqual([]);
    expect(result.plans).toEqual([{ id: legacy.id, version: 1, hash: hash(legacy) }]);
    // what the same plan under a bounded id and name pays
    expect(result.statements.map((s) => [s.partnerId, s.total, s.lines.length])).toEqual(same.statements.map((s) => [s.partnerId, s.total, s.lines.length]));
    expect(result.statements.some((s) => s.lines.length > 0)).toBe(true);

    const snapshot = takeRunSnapshot(tiny.period, inputs, result, [], [], new Map());
    const run = RunSnapshotSchema.parse(JSON.parse(JSON.stringify(snapshot.run)));
    expect(run.plans).toEqual([legacy]);
    expect(checkSnapshotPlans(result.plans, run)).toEqual([]);
  });

  it("keeps its fact columns' labels in explanations", () => {
    const labels = explanationLabels(legacy, tiny.factSchema);
    expect(labels.labels['plan']?.it).toBe(legacy.name);
    expect(Object.keys(labels.labels)).toEqual(expect.arrayContaining(['row:Lines.kWh']));
  });
});
