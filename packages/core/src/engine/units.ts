import type { RawCell, Unit } from './compile.js';
import { factValue, type CheckedRecord } from './facts.js';
import type { Node } from '../formula/ast.js';
import { walk } from '../formula/ast.js';
import { isDecimal, type PlanTables, type Range, type Value } from '../formula/interpret.js';
import { Decimal } from '../money.js';
import { kindOfType, type AnalyzedPlan } from '../plan/parsePlan.js';
import type { RunInput } from '../evaluateTypes.js';
import type { Partner } from '../schema/partner.js';
import type { Plan } from '../schema/plan.js';
import { textCell } from './compile.js';

/** A plan ready to run: analysed, tables indexed, references listed once for the trace. */
export interface PreparedPlan {
  analyzed: AnalyzedPlan;
  index: number;
  tables: PlanTables;
  /** Distinct references of every cell, computed once for the trace. */
  refs: Map<string, Node[]>;
}

/** One (partner, plan) pair of a run: its workbook input and its checked records. */
export interface UnitWork {
  partner: Partner;
  plan: PreparedPlan;
  unit: Unit;
  /** Exact parameter values for this partner (overrides applied), for the decimal interpreter. */
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

/** The per-unit inputs of a plan for a partner: parameters (overrides applied) and the partner fields it reads. */
export function resolveParams(plan: Plan, partnerId: string, fields: ReadonlyMap<string, string | number | boolean | null> = new Map()): { raw: Map<string, RawCell>; exact: Map<string, Value> } {
  const raw = new Map<string, RawCell>();
  const exact = new Map<string, Value>();
  for (const [name, p] of Object.entries(plan.parameters)) {
    const value = plan.overrides[partnerId]?.[name] ?? p.value;
    if (typeof value === 'boolean') {
      raw.set(name, value);
      exact.set(name, value);
    } else if (kindOfType(p.type) === 'number') {
      const d = new Decimal(value);
      raw.set(name, d.toNumber());
      exact.set(name, d);
    } else {
      raw.set(name, textCell(value));
      exact.set(name, value);
    }
  }
  for (const [name, value] of fields) {
    raw.set(name, typeof value === 'string' ? textCell(value) : value);
    exact.set(name, typeof value === 'number' ? new Decimal(String(value)) : value);
  }
  return { raw, exact };
}

export function toRaw(v: Value): RawCell {
  if (v === null || typeof v === 'boolean') return v;
  if (typeof v === 'string') return textCell(v);
  if (isDecimal(v)) return v.toNumber();
  return null;
}

export function filterScope(rec: CheckedRecord, params: Map<string, Value>) {
  return {
    row: (name: string) => factValue(rec, name),
    column: (): Range => ({ range: [] }),
    name: (name: string) => params.get(name) ?? null,
  };
}

/** The workbook rows of a unit's line sheets, built only when its batch is compiled (memory stays per batch). */
export function unitSheets(work: UnitWork): Unit['sheets'] {
  return work.plan.analyzed.lineSheets.map((def, k) => {
    const kept = work.records[k]!;
    return { def, rows: kept.map((r) => def.factColumns.map((c) => toRaw(factValue(r, c)))) };
  });
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

