import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { canonicalJson, diffPlans, nextPlanVersion, parsePlan, planHash, resolvePlanVersion, type Plan } from '../src/index.js';

const file = join(__dirname, '../../../examples/utility/plans/agency-agents.json');
const parsed = parsePlan(JSON.parse(readFileSync(file, 'utf8')));
if (!parsed.ok) throw new Error('sample plan does not parse');
const plan: Plan = parsed.plan;
const bonus = (value: string): Plan => ({ ...plan, parameters: { ...plan.parameters, EfficiencyBonus: { ...plan.parameters['EfficiencyBonus']!, value } } });
const ref = (p: Plan) => ({ version: p.version, hash: planHash(p) });

describe('plan versions', () => {
  it('hashes a version as SHA-256 of its canonical JSON (the engine hash every trace names)', () => {
    expect(planHash(plan)).toBe(createHash('sha256').update(canonicalJson(plan)).digest('hex'));
    expect(planHash({ ...plan, version: 2 })).not.toBe(planHash(plan));
  });

  it('saving: identical to the latest is that version, anything else the next number', () => {
    expect(nextPlanVersion(plan, [])).toMatchObject({ isNew: true, ref: { version: 1 } });
    expect(nextPlanVersion(plan, [ref(plan)])).toMatchObject({ isNew: false, ref: { version: 1 } });
    const v2 = { ...bonus('30.00'), version: 2 };
    // the edit still says version 1; it becomes 2, then 3 for a revert to version 1's content (history only grows)
    expect(nextPlanVersion(bonus('30.00'), [ref(plan)])).toMatchObject({ isNew: true, ref: { version: 2, hash: planHash(v2) } });
    expect(nextPlanVersion(plan, [ref(plan), ref(v2)])).toMatchObject({ isNew: true, ref: { version: 3 } });
  });

  it('calculation: a file matches the stored version with its content, whatever number it carries', () => {
    const v2 = { ...bonus('30.00'), version: 2 };
    const history = [ref(plan), ref(v2)];
    expect(resolvePlanVersion(bonus('30.00'), history)).toMatchObject({ isNew: false, ref: { version: 2 } });
    expect(resolvePlanVersion(plan, history)).toMatchObject({ isNew: false, ref: { version: 1 } });
    expect(resolvePlanVersion(bonus('50.00'), history)).toMatchObject({ isNew: true, ref: { version: 3 } });
    // a file numbered past the history keeps its number
    expect(resolvePlanVersion({ ...bonus('50.00'), version: 7 }, history)).toMatchObject({ isNew: true, ref: { version: 7 } });
  });

  it('diffs two versions member by member, leaving out the version number', () => {
    expect(diffPlans({ ...plan, effectiveTo: null }, { ...bonus('30.00'), version: 2, effectiveTo: '2026-12-31' })).toEqual([
      { path: 'effectiveTo', kind: 'changed', before: null, after: '2026-12-31' },
      { path: 'parameters.EfficiencyBonus.value', kind: 'changed', before: '25.00', after: '30.00' },
    ]);
    const { effectiveTo: _e, ...without } = { ...plan, effectiveTo: '2026-12-31' };
    void _e;
    expect(diffPlans({ ...plan, effectiveTo: '2026-12-31' }, without as Plan)).toEqual([{ path: 'effectiveTo', kind: 'removed', before: '2026-12-31' }]);
    expect(diffPlans(without as Plan, { ...plan, effectiveTo: '2026-12-31' })).toEqual([{ path: 'effectiveTo', kind: 'added', after: '2026-12-31' }]);
  });
});
