import { z } from 'zod';
import { hash } from '../hash.js';
import type { Plan } from '../schema/plan.js';

/**
 * A plan version as a run pins it: the plan id, its version number and the SHA-256 of its canonical JSON (the same
 * hash the evaluation writes into every trace), so "which plan made this number" has exactly one answer.
 */
export const PlanVersionRefSchema = z.object({ id: z.string().min(1), version: z.number().int().positive(), hash: z.string().min(1) }).strict();
export type PlanVersionRef = z.infer<typeof PlanVersionRefSchema>;

/** A saved, immutable plan version: the content, its hash, when it is in force, who saved it and when. */
export interface PlanVersion extends PlanVersionRef {
  effectiveFrom: string;
  effectiveTo: string | null;
  savedBy: string;
  savedAt: string;
  plan: Plan;
}

/** The content hash of a plan version: SHA-256 of its canonical JSON, version number included. */
export function planHash(plan: Plan): string {
  return hash(plan);
}

/** The plan as version `version` (only the number changes), with that version's hash. */
export function asVersion(plan: Plan, version: number): { plan: Plan; hash: string } {
  const numbered = plan.version === version ? plan : { ...plan, version };
  return { plan: numbered, hash: planHash(numbered) };
}

/** What saving `plan` over its stored history does: reuse an identical version, or create the next one. */
export interface PlanVersionResolution {
  /** The plan to evaluate and pin, numbered as the version it is (or becomes). */
  plan: Plan;
  ref: PlanVersionRef;
  /** True when this content is not stored yet: saving creates version `ref.version`. */
  isNew: boolean;
}

/**
 * Saving a plan: content identical to the latest stored version is that version (nothing new); anything else becomes
 * the next version (latest + 1, whatever number the plan carries). History is never rewritten.
 */
export function nextPlanVersion(plan: Plan, history: readonly Pick<PlanVersionRef, 'version' | 'hash'>[]): PlanVersionResolution {
  const latest = history.reduce<Pick<PlanVersionRef, 'version' | 'hash'> | null>((a, v) => (a && a.version > v.version ? a : v), null);
  if (latest) {
    const same = asVersion(plan, latest.version);
    if (same.hash === latest.hash) return { plan: same.plan, ref: { id: plan.id, version: latest.version, hash: latest.hash }, isNew: false };
  }
  const next = asVersion(plan, (latest?.version ?? 0) + 1);
  return { plan: next.plan, ref: { id: plan.id, version: next.plan.version, hash: next.hash }, isNew: true };
}

/**
 * A plan given to a calculation (e.g. read from a file): the stored version with the same content when there is one
 * (the highest such version; a file that still says `version: 1` after an edit does not match version 1), otherwise
 * a new version numbered after the latest, or the plan's own number when that is higher.
 */
export function resolvePlanVersion(plan: Plan, history: readonly Pick<PlanVersionRef, 'version' | 'hash'>[]): PlanVersionResolution {
  const byHighest = [...history].sort((a, b) => b.version - a.version);
  for (const v of byHighest) {
    const candidate = asVersion(plan, v.version);
    if (candidate.hash === v.hash) return { plan: candidate.plan, ref: { id: plan.id, version: v.version, hash: v.hash }, isNew: false };
  }
  const latest = byHighest[0]?.version ?? 0;
  const next = asVersion(plan, Math.max(plan.version, latest + 1));
  return { plan: next.plan, ref: { id: plan.id, version: next.plan.version, hash: next.hash }, isNew: true };
}
