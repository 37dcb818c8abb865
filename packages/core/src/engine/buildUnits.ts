/**
 * Step 4 of a run: one unit of work per (partner, applicable plan), holding the partner's records that each line
 * sheet reads, filtered by the sheet's filter, in order of record id. Marks each record used, excluded (with the
 * reason) or rejected (a filter that fails on it), so the run's counts add up.
 */
import type { FactSchema } from '../schema/facts.js';
import type { BothLanguages } from '../schema/common.js';
import type { Issue } from '../schema/issue.js';
import type { Partner } from '../schema/partner.js';
import type { RunFacts } from '../facts/checkRunFacts.js';
import { REJECTED, USED, excluded } from '../facts/recordStatus.js';
import { errorTextIt, interpret, isDecimal, isError, type ErrorValue } from '../formula/interpret.js';
import { bilingualIssue } from '../issues.js';
import { partnerFieldKind, partnerFieldOf, partnerFieldValue } from '../plan/formulaScope.js';
import type { CheckedRecord } from './facts.js';
import type { RunPartners } from './runPartners.js';
import { filterScope, resolveParams, selects, type PreparedPlan, type UnitWork } from './units.js';

/** The units of this partition's partners, in partner-id order; records of partners no plan selects are excluded. */
export function buildUnits(partners: RunPartners, plans: readonly PreparedPlan[], facts: RunFacts, factSchema: FactSchema, issues: Issue[]): UnitWork[] {
  const { status, byPartner } = facts;
  const units: UnitWork[] = [];
  for (const partnerId of partners.ids) {
    if (!partners.inPartition.has(partnerId)) continue;
    const partner = partners.byId.get(partnerId)!;
    const selected = plans.filter((p) => selects(p.analyzed.plan, partner));
    const perTable = byPartner.get(partnerId);
    if (selected.length === 0) {
      for (const [t, list] of perTable ?? []) for (const r of list) status.get(t)![r.index] = excluded('no_plan_for_partner');
      continue;
    }
    for (const plan of selected) {
      const params = resolveParams(plan.analyzed.plan, partnerId, partnerFields(plan, partner, factSchema));
      // in order of record id already (facts/checkRunFacts.ts)
      const records = plan.analyzed.lineSheets.map((def) => filtered(def, perTable?.get(def.source) ?? [], { partnerId, plan, params, status, issues }));
      units.push({ partner, plan, records, params });
    }
  }
  return units;
}

/** The partner's attributes a plan's formulas read, by the name the formulas use. */
function partnerFields(plan: PreparedPlan, partner: Partner, factSchema: FactSchema) {
  return new Map(
    plan.analyzed.partnerFields.map((name) => {
      const field = partnerFieldOf(name)!;
      const value = partnerFieldValue(partner, field);
      // A numeric attribute may be written as a decimal string in the partner file: it is a number in formulas.
      return [name, partnerFieldKind(field, factSchema) === 'number' && typeof value === 'string' ? Number(value) : value] as const;
    }),
  );
}

/** What a sheet's filter needs besides the records: whose they are, the plan, and where verdicts and issues go. */
interface FilterContext {
  partnerId: string;
  plan: PreparedPlan;
  params: UnitWork['params'];
  status: RunFacts['status'];
  issues: Issue[];
}

type LineSheet = PreparedPlan['analyzed']['lineSheets'][number];

/** What a sheet's `formula_error` says when its filter fails for a record, in both languages. */
function filterErrorText(sheet: string, v: ErrorValue): BothLanguages {
  return {
    en: `the filter of ${sheet} gives ${v.error} for this record: ${v.message}`,
    it: `il filtro di ${sheet} dà ${v.error} per questo record: ${errorTextIt(v)}`,
  };
}

/** The candidates the sheet keeps (all of them without a filter), each marked used; the others excluded or rejected. */
function filtered(def: LineSheet, candidates: readonly CheckedRecord[], ctx: FilterContext): CheckedRecord[] {
  const kept: CheckedRecord[] = [];
  const scope = filterScope(ctx.params);
  const st = ctx.status.get(def.source)!;
  const planId = ctx.plan.analyzed.plan.id;
  for (const rec of candidates) {
    const idx = rec.index;
    if (def.filter) {
      scope.rec = rec;
      const v = interpret(def.filter, scope, ctx.plan.tables);
      if (isError(v)) {
        // a record another plan used stays used: this plan's failure is reported, not counted twice
        if (st[idx]!.status !== 'used') st[idx] = REJECTED;
        ctx.issues.push(
          bilingualIssue('formula_error', filterErrorText(def.name, v), ['plans', planId, 'sheets', def.name, 'filter'], {
            partnerId: ctx.partnerId,
            planId,
            sheet: def.name,
            record: { table: def.source, id: rec.id },
            error: v.error,
          }),
        );
        continue;
      }
      if (v !== true && !(isDecimal(v) && !v.isZero())) {
        if (st[idx]!.status === 'excluded') st[idx] = excluded(`filter:${planId}/${def.name}`);
        continue;
      }
    }
    st[idx] = USED;
    kept.push(rec);
  }
  return kept;
}
