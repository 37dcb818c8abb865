import type { EngineUnit } from './formulaEngine.js';
import { factValue, type CheckedRecord } from './facts.js';
import type { Node } from '../formula/ast.js';
import type { CompiledFormula } from '../formula/compile.js';
import { walk } from '../formula/ast.js';
import type { PlanTables, Range, Value } from '../formula/interpret.js';
import { Decimal } from '../money.js';
import { kindOfType, type AnalyzedPlan } from '../plan/parsePlan.js';
import type { RunInput } from '../evaluateTypes.js';
import type { Partner } from '../schema/partner.js';
import type { Plan } from '../schema/plan.js';
import { ownValue } from '../ownValue.js';

/** A plan ready to run: analysed, tables indexed, references listed once for the trace. */
export interface PreparedPlan {
  analyzed: AnalyzedPlan;
  index: number;
  tables: PlanTables;
  /** Distinct references of every cell, computed once for the trace. */
  refs: Map<string, Node[]>;
  /** Every cell's formula compiled to closures (by cell id); absent when the run uses the reference interpreter. */
  compiled?: Map<string, CompiledFormula>;
}

/** One (partner, plan) pair of a run: its parameters and its checked records. */
export interface UnitWork {
  partner: Partner;
  plan: PreparedPlan;
  /** Exact parameter values for this partner (overrides applied). */
  params: Map<string, Value>;
  /** Checked records per line sheet, in row order. */
  records: CheckedRecord[][];
}

export function selectVersions(plans: PreparedPlan[], period: RunInput['period']): PreparedPlan[] {
  const best = new Map<string, PreparedPlan>();
  for (const p of plans) {
    const plan = p.analyzed.plan;
    if (plan.effectiveFrom > period.end) continue;
    if (plan.effectiveTo && plan.effectiveTo < period.start) continue;
    const cur = best.get(plan.id);
    if (!cur || cur.analyzed.plan.version < plan.version) best.set(plan.id, p);
  }
  return [...best.values()].sort((a, b) => (a.analyzed.plan.id < b.analyzed.plan.id ? -1 : 1));
}

/** Whether a plan's selector picks a partner. */
export function selects(plan: Plan, partner: Partner): boolean {
  const s = plan.selector;
  if (s.excludePartners?.includes(partner.id)) return false;
  if (s.partners && !s.partners.includes(partner.id)) return false;
  if (s.kinds && !s.kinds.includes(partner.kind)) return false;
  if (s.territories && !s.territories.includes(partner.territory)) return false;
  return true;
}

/** The per-unit inputs of a plan for a partner, exact: parameters (overrides applied) and the partner fields it reads. */
export function resolveParams(plan: Plan, partnerId: string, fields: ReadonlyMap<string, string | number | boolean | null> = new Map()): Map<string, Value> {
  const exact = new Map<string, Value>();
  // Own entries only: a partner id or parameter name such as "constructor" or "__proto__" must not read Object's own members.
  const own = ownValue(plan.overrides, partnerId);
  for (const [name, p] of Object.entries(plan.parameters)) {
    const value = (own ? ownValue(own, name) : undefined) ?? p.value;
    if (typeof value === 'boolean') exact.set(name, value);
    else if (kindOfType(p.type) === 'number') exact.set(name, new Decimal(value));
    else exact.set(name, value);
  }
  for (const [name, value] of fields) exact.set(name, typeof value === 'number' ? new Decimal(String(value)) : value);
  return exact;
}

/** The scope a sheet's filter reads a record in: one per unit and sheet, `rec` set to each record in turn. */
export function filterScope(params: Map<string, Value>) {
  const scope = {
    rec: undefined as CheckedRecord | undefined,
    row: (name: string) => factValue(scope.rec!, name),
    column: (): Range => ({ range: [] }),
    name: (name: string) => params.get(name) ?? null,
  };
  return scope;
}

/** What a cross-checking formula engine receives for a unit, built only for the units it checks. */
export function engineUnit(work: UnitWork): EngineUnit {
  return {
    plan: work.plan.analyzed,
    planIndex: work.plan.index,
    params: work.params,
    sheets: work.plan.analyzed.lineSheets.map((def, k) => ({ def, rows: work.records[k]!.map((r) => def.factColumns.map((c) => factValue(r, c))) })),
  };
}

export function referencesOf(plan: AnalyzedPlan): Map<string, Node[]> {
  const refs = new Map<string, Node[]>();
  for (const cell of plan.cells.values()) {
    const seen = new Set<string>();
    const list: Node[] = [];
    walk(cell.ast, (n) => {
      if (n.k !== 'row' && n.k !== 'col' && n.k !== 'name') return;
      const key = n.k === 'row' ? `@${n.name}` : n.k === 'col' ? `${n.table}[${n.name}]` : n.name;
      if (n.k === 'name' && plan.plan.tables[n.name]) return;
      if (n.k === 'col' && plan.plan.tables[n.table]) return;
      if (seen.has(key)) return;
      seen.add(key);
      list.push(n);
    });
    refs.set(cell.id, list);
  }
  return refs;
}

