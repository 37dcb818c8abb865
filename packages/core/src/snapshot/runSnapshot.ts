import { z } from 'zod';
import { hash } from '../hash.js';
import { declared } from '../plan/declared.js';
import { selects } from '../engine/units.js';
import { FactSchemaSchema, type FactRecord, type FactSchema } from '../schema/facts.js';
import { FiscalResultSchema, YtdStateSchema } from '../schema/fiscal.js';
import { PartnerSchema, type Partner } from '../schema/partner.js';
import { StoredPlanSchema, type Plan } from '../schema/plan.js';
import { PeriodSchema, type Period } from '../schema/result.js';
import { ownValue } from '../ownValue.js';
import { keptRecord } from '../schema/ownRecord.js';
import type { BothLanguages } from '../schema/common.js';

/**
 * What a calculated run keeps of its inputs, so that everything a partner sees after approval (statement,
 * explanation, invoice PDF, FatturaPA, workbook, portal pages, SAP postings) is produced from the run and never from
 * the live plans or facts, which keep changing. The run record pins the plan versions by id, version and hash;
 * the snapshot, as read back, holds their content (the store keeps it once, in its plan versions table) checked
 * against those hashes.
 */
export const RunSnapshotSchema = z
  .object({
    period: PeriodSchema,
    /**
     * The plan versions the run evaluated, whole (read from the plan versions the run pinned), as stored: a version
     * saved before plan ids and names were bounded is still the one the run computed.
     */
    plans: z.array(StoredPlanSchema),
    /** Every partner of the run as calculated (master data: name, fiscal profile, billing data, language). */
    partners: z.array(PartnerSchema),
    factSchema: FactSchemaSchema,
    /** Records of the fact tables with no partner column (shared lookups); per-partner records are in each partner's snapshot. */
    sharedFacts: keptRecord(z.array(keptRecord(z.unknown()))),
  })
  .strict();
export type RunSnapshot = z.infer<typeof RunSnapshotSchema>;

/** One partner's part of the snapshot: its fact records and its fiscal result (null when the run has no fiscal setup). */
export const PartnerSnapshotSchema = z
  .object({
    partnerId: z.string().min(1),
    /** The partner's records of every table with a partner column, as the run read them (all periods: facts are cumulative). */
    facts: keptRecord(z.array(keptRecord(z.unknown()))),
    /** Fiscal items and net to pay, computed in the run before validation. */
    fiscal: FiscalResultSchema.nullable(),
    /** The year-to-date state the fiscal result started from (carried from the last approved period, or an opening balance). */
    ytdBefore: YtdStateSchema.nullable(),
  })
  .strict();
export type PartnerSnapshot = z.infer<typeof PartnerSnapshotSchema>;

/** A plan version a run pinned: `RunRecord.plans` / `RunResult.plans`. */
export interface PinnedPlanRef {
  id: string;
  version: number;
  hash: string;
}

/** Splits the run's facts into shared tables (no partner column) and one record set per partner. */
export function splitFacts(factSchema: FactSchema, facts: Record<string, readonly FactRecord[]>): { shared: Record<string, FactRecord[]>; byPartner: Map<string, Record<string, FactRecord[]>> } {
  // By table name in Maps, made objects by Object.fromEntries: the table names are the caller's (a facts file's keys),
  // and one named "__proto__" (or "toString") must be a table like any other, not an object's prototype (or method).
  const shared: Array<[string, FactRecord[]]> = [];
  const byPartner = new Map<string, Map<string, FactRecord[]>>();
  for (const table of Object.keys(facts).sort()) {
    const col = declared(factSchema.tables, table)?.partner;
    if (!col) {
      shared.push([table, [...facts[table]!]]);
      continue;
    }
    for (const r of facts[table]!) {
      const partnerId = r !== null && typeof r === 'object' ? ownValue(r, col) : undefined;
      if (typeof partnerId !== 'string') continue;
      let own = byPartner.get(partnerId);
      if (!own) byPartner.set(partnerId, (own = new Map()));
      let list = own.get(table);
      if (!list) own.set(table, (list = []));
      list.push(r);
    }
  }
  return { shared: Object.fromEntries(shared), byPartner: new Map([...byPartner].map(([id, own]) => [id, Object.fromEntries(own)])) };
}

/**
 * The plans a run pinned, whole: the input plans matching the run's refs (id, version and content hash). Throws
 * when a ref has no matching plan, which would mean the run was computed from something else than it says.
 */
export function pinnedPlans(refs: readonly PinnedPlanRef[], plans: readonly Plan[]): Plan[] {
  return refs.map((ref) => {
    const plan = plans.find((p) => p.id === ref.id && p.version === ref.version && hash(p) === ref.hash);
    if (!plan) throw new Error(`plan ${ref.id} v${ref.version} (${ref.hash.slice(0, 12)}…) is not among the run's inputs`);
    return plan;
  });
}

/** A pinned plan version the snapshot does not hold as pinned, worded in both languages (`messages.en === message`). */
export interface SnapshotPlanProblem {
  code: 'plan_missing' | 'plan_hash_mismatch';
  planId: string;
  version: number;
  message: string;
  messages: BothLanguages;
}

/**
 * Checks a stored snapshot against the run's pinned refs: every plan must hash to its ref. Returns the problems, each
 * in Italian and English (empty = the snapshot is the one the run was computed from).
 */
export function snapshotPlanProblems(refs: readonly PinnedPlanRef[], snapshot: RunSnapshot): SnapshotPlanProblem[] {
  const problems: SnapshotPlanProblem[] = [];
  for (const ref of refs) {
    const plan = snapshot.plans.find((p) => p.id === ref.id && p.version === ref.version);
    const at = { planId: ref.id, version: ref.version };
    if (!plan) {
      const messages = {
        en: `plan ${ref.id} v${ref.version} is missing from the run's snapshot`,
        it: `la versione ${ref.version} del piano ${ref.id} manca dall'istantanea dell'esecuzione`,
      };
      problems.push({ code: 'plan_missing', ...at, message: messages.en, messages });
    } else if (hash(plan) !== ref.hash) {
      const [got, pinned] = [hash(plan).slice(0, 12), ref.hash.slice(0, 12)];
      const messages = {
        en: `plan ${ref.id} v${ref.version} in the snapshot hashes to ${got}…, the run pinned ${pinned}…`,
        it: `la versione ${ref.version} del piano ${ref.id} nell'istantanea ha l'hash ${got}…, l'esecuzione ha registrato ${pinned}…`,
      };
      problems.push({ code: 'plan_hash_mismatch', ...at, message: messages.en, messages });
    }
  }
  return problems;
}

/** `snapshotPlanProblems` in English only, as callers read it before the problems had both languages. */
export function checkSnapshotPlans(refs: readonly PinnedPlanRef[], snapshot: RunSnapshot): string[] {
  return snapshotPlanProblems(refs, snapshot).map((p) => p.message);
}

/** Everything needed to rebuild one partner's calculation (the workbook) from a run's snapshot. */
export interface PartnerCalculationInput {
  plan: Plan;
  partner: Partner;
  period: Period;
  factSchema: FactSchema;
  facts: Record<string, FactRecord[]>;
}

/**
 * One partner's calculation input from the run's snapshot: the pinned plan that selects the partner (the same rule
 * `evaluate` used), the partner as calculated and its records plus the shared tables. Null when no pinned plan
 * selects the partner.
 */
export function partnerCalculationInput(run: RunSnapshot, partner: PartnerSnapshot): PartnerCalculationInput | null {
  const p = run.partners.find((x) => x.id === partner.partnerId);
  if (!p) return null;
  const plan = run.plans.find((x) => selects(x, p));
  if (!plan) return null;
  const facts: Record<string, FactRecord[]> = {};
  // own entries only: a table named e.g. "toString" missing from the snapshot is empty, not Object.prototype's method
  for (const table of Object.keys(run.factSchema.tables)) facts[table] = ownValue(run.sharedFacts, table) ?? ownValue(partner.facts, table) ?? [];
  return { plan, partner: p, period: run.period, factSchema: run.factSchema, facts };
}
