import diff from 'microdiff';
import type { Plan } from '../schema/plan.js';

/** One difference between two plan versions, at a JSON path such as `parameters.rate.value`. */
export interface PlanChange {
  path: string;
  kind: 'added' | 'removed' | 'changed';
  before?: unknown;
  after?: unknown;
}

/**
 * What changed from plan version `from` to version `to`, member by member, sorted by path. The version number
 * itself is left out: it always differs and says nothing about the content.
 */
export function diffPlans(from: Plan, to: Plan): PlanChange[] {
  const { version: _a, ...a } = from;
  const { version: _b, ...b } = to;
  void _a;
  void _b;
  const changes = diff(JSON.parse(JSON.stringify(a)) as Record<string, unknown>, JSON.parse(JSON.stringify(b)) as Record<string, unknown>);
  return changes
    .map((c): PlanChange => {
      const path = c.path.map(String).join('.');
      if (c.type === 'CREATE') return { path, kind: 'added', after: c.value };
      if (c.type === 'REMOVE') return { path, kind: 'removed', before: c.oldValue };
      return { path, kind: 'changed', before: c.oldValue, after: c.value };
    })
    .sort((x, y) => (x.path < y.path ? -1 : x.path > y.path ? 1 : 0));
}
