/**
 * Step 1 of a run: the plans validated and made ready to compute. An invalid plan computes nothing, and its issues
 * say why, but the other plans still run.
 */
import type { EvaluateOptions, RunInput } from '../evaluateTypes.js';
import { sortKeys } from '../issues.js';
import { memoisedCompilePlan, memoisedTables } from '../plan/compiledPlanMemo.js';
import { parsePlan } from '../plan/parsePlan.js';
import type { FactSchema } from '../schema/facts.js';
import type { Issue } from '../schema/issue.js';
import { referencesOf, type PreparedPlan } from './units.js';

/** The valid plans, ready to compute (in input order); every plan's issues are appended to `issues`. */
export function preparePlans(plans: RunInput['plans'], factSchema: FactSchema, exactEngine: EvaluateOptions['exactEngine'], issues: Issue[]): PreparedPlan[] {
  const prepared: PreparedPlan[] = [];
  const invalidPlans = new Set<string>();
  for (const raw of plans) {
    // as stored: a run computes saved versions, and naming bounds are the author's, checked when a plan is saved
    const r = parsePlan(raw, { factSchema, stored: true });
    if (!r.ok) {
      const id = typeof (raw as { id?: unknown })?.id === 'string' ? (raw as { id: string }).id : `#${prepared.length + invalidPlans.size}`;
      invalidPlans.add(id);
      issues.push(...r.issues.map((i) => sortKeys({ ...i, planId: id, path: ['plans', id, ...i.path] })));
      continue;
    }
    issues.push(...r.issues);
    // Kept between runs by content (plan/compiledPlanMemo.ts): a preview after a formula edit compiles that formula only.
    const tables = memoisedTables(r.plan);
    const compiled = exactEngine === 'interpreter' ? undefined : memoisedCompilePlan(r.analyzed, tables);
    prepared.push({ analyzed: r.analyzed, index: prepared.length, tables, refs: referencesOf(r.analyzed), ...(compiled ? { compiled } : {}) });
  }
  return prepared;
}
