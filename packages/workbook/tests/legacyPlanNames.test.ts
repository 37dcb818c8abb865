import { describe, expect, it } from 'vitest';
import { PlanSchema, selects } from '@provvigo/core';
import { buildCalculationWorkbook } from '../src/index.js';
import { loadSample } from './sample.js';

const sample = loadSample();

// A plan version saved before plan names were bounded (at most 200 characters) can never change, and an approved run
// pins it: "download my calculation" must still build its workbook, with the same figures as the version renamed.
describe('a pinned plan version older than the bounds on names', () => {
  it('builds the partner workbook as the same plan with a short name does', () => {
    const [planId, plan] = Object.entries(sample.plans)[0]!;
    const legacy = { ...plan, name: `${'Provvigioni agenti '.repeat(20)}(${planId})` };
    expect(PlanSchema.safeParse(legacy).success).toBe(false);
    const partner = sample.input.partners.find((p) => selects(plan, p))!;
    const old = buildCalculationWorkbook({ plan: legacy, partnerId: partner.id, input: sample.input });
    const renamed = buildCalculationWorkbook({ plan, partnerId: partner.id, input: sample.input });
    expect(old.checks.length).toBeGreaterThan(0);
    expect(old.checks).toEqual(renamed.checks);
    expect(old.statement.total).toBe(renamed.statement.total);
  });
});
