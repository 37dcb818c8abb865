import type { Plan } from '@provvigo/core';
import type { Store } from '@provvigo/store';

/** Run states in which the plan versions a run pinned have been approved (and may since have been paid). */
const APPROVED_STATES: ReadonlySet<string> = new Set(['approved', 'invoiced', 'posted']);

/** What a draft is compared with, and why that version. */
export interface Baseline {
  plan: Plan;
  /** `approvedRun`: pinned by the latest approved run; `latestSaved`: no approved run yet; `studio`: never saved. */
  source: 'approvedRun' | 'latestSaved' | 'studio';
  runId?: string;
}

/**
 * The approved version of a plan: the one the most recently approved run pinned. Before any approval, the latest
 * saved version stands in (the version the next calculation would use), and before any save the studio's own copy.
 */
export async function approvedBaseline(store: Store, planId: string, studioPlan: Plan | undefined): Promise<Baseline | undefined> {
  const runs = (await store.listRuns()).filter((r) => APPROVED_STATES.has(r.record.state));
  // newest first: listRuns orders by period, then by run; the last approved one is the one in force
  for (const run of runs.reverse()) {
    const ref = (await store.runPlans(run.record.id)).find((p) => p.id === planId);
    if (!ref) continue;
    const version = await store.getPlanVersion(planId, ref.version);
    if (version) return { plan: version.plan, source: 'approvedRun', runId: run.record.id };
  }
  const latest = await store.getPlanVersion(planId);
  if (latest) return { plan: latest.plan, source: 'latestSaved' };
  return studioPlan ? { plan: studioPlan, source: 'studio' } : undefined;
}
