import type { FactRecord, FactSchema, FiscalResult, Partner, Period, PeriodStatement, Plan, RunResult, YtdState } from '../index.js';
import { pinnedPlans, splitFacts, type PartnerSnapshot, type RunSnapshot } from './runSnapshot.js';

/** A run's whole snapshot as a calculation produces it and the store writes it: run level and one row per partner. */
export interface RunSnapshotParts {
  run: RunSnapshot;
  partners: readonly PartnerSnapshot[];
}

/**
 * The run's snapshot: the plan versions it pinned (whole), its partners, fact schema and records (split by partner),
 * and each partner's fiscal result with the year to date it started from.
 */
export function takeRunSnapshot(
  period: Period,
  inputs: { plans: readonly Plan[]; partners: Partner[]; factSchema: FactSchema; facts: Record<string, readonly FactRecord[]> },
  result: RunResult,
  statements: readonly PeriodStatement[],
  fiscal: readonly FiscalResult[],
  ytd: ReadonlyMap<string, YtdState>,
): RunSnapshotParts {
  const { shared, byPartner } = splitFacts(inputs.factSchema, inputs.facts);
  const fiscalOf = new Map(fiscal.map((f) => [f.partnerId, f]));
  const ids = [...new Set([...result.statements.map((s) => s.partnerId), ...statements.map((s) => s.partnerId)])].sort();
  const partners: PartnerSnapshot[] = ids.map((partnerId) => ({
    partnerId,
    facts: byPartner.get(partnerId) ?? {},
    fiscal: fiscalOf.get(partnerId) ?? null,
    ytdBefore: fiscalOf.has(partnerId) ? (ytd.get(partnerId) ?? null) : null,
  }));
  return {
    run: { period, plans: pinnedPlans(result.plans, inputs.plans), partners: inputs.partners, factSchema: inputs.factSchema, sharedFacts: shared },
    partners,
  };
}
