import { applyMetric, getMetric, moveNode, PlanSchema } from '@provvigo/core';
import type { Conditions, Plan, PlanNodeRef, PlanOpResult } from '@provvigo/core';

/** What is dragged: a metric from the palette, a condition template, or a node of the plan. */
export type DragItem =
  | { type: 'metric'; metricId: string }
  | { type: 'condition'; condition: ConditionKind }
  | { type: 'node'; sheet: string; name: string; kind: 'column' | 'cell' };

/** Where it is dropped: a sheet (at its end), a node (at its position), the conditions area, or a new plan's area. */
export type DropTarget =
  | { type: 'sheet'; sheet: string }
  | { type: 'node'; sheet: string; name: string }
  | { type: 'conditions' }
  | { type: 'newSheet' };

export type ConditionKind = 'release' | 'reserve' | 'clawback';

/** Starting values for each condition template, on the sample utility's service events. */
export const CONDITION_TEMPLATES: { [K in ConditionKind]: NonNullable<Conditions[K]> } = {
  release: { events: 'serviceEvents', on: 'activated', link: 'id', deadlineMonths: 6 },
  reserve: { share: '0.10', releaseAfterMonths: 6 },
  clawback: { events: 'serviceEvents', on: ['terminated', 'switched_out'], link: 'id', withinMonths: 12, mode: 'full' },
};

export const DRAG_ID = {
  metric: (id: string) => `metric:${id}`,
  condition: (kind: ConditionKind) => `condition:${kind}`,
  node: (sheet: string, name: string) => `node:${sheet}:${name}`,
  sheet: (sheet: string) => `sheet:${sheet}`,
  conditions: 'conditions',
  newSheet: 'new-sheet',
} as const;

function indexOf(plan: Plan, sheet: string, name: string): number {
  const s = plan.sheets[sheet];
  if (!s) return -1;
  return Object.keys(s.kind === 'lines' ? s.columns : s.cells).indexOf(name);
}

function allCells(plan: Plan): { name: string; role: string; type: string }[] {
  const out: { name: string; role: string; type: string }[] = [];
  for (const s of Object.values(plan.sheets)) if (s.kind === 'summary') for (const [name, c] of Object.entries(s.cells)) out.push({ name, role: c.role, type: c.type });
  return out;
}

/**
 * Which existing cell may stand in for a metric's cell reference that does not exist yet. A gate reads a condition
 * (a boolean cell); an amount (`value`, `amount`) reads money, never a count; anything else the latest KPI. No
 * fitting cell: the reference is left as it is and the plan reports it, rather than pointing at a wrong kind.
 */
export function standInCell(cells: readonly { name: string; role: string; type: string }[], param: string): string | undefined {
  const latest = (ok: (c: { role: string; type: string }) => boolean) => [...cells].reverse().find(ok)?.name;
  if (param === 'gate') return latest((c) => c.type === 'boolean' || c.role === 'gate');
  if (param === 'value' || param === 'amount') return latest((c) => c.type === 'money');
  return latest((c) => c.role === 'kpi') ?? cells[cells.length - 1]?.name;
}

/**
 * Default parameters for a metric dropped on a sheet: it lands in that sheet, and references to summary cells that
 * do not exist yet point at the plan's latest KPI (or cell) instead, so the drop gives a working plan more often.
 */
export function defaultParams(plan: Plan, metricId: string, target: DropTarget): Record<string, unknown> {
  const def = getMetric(metricId);
  if (!def) return {};
  const params: Record<string, unknown> = { ...(def.params.parse({}) as Record<string, unknown>) };
  const sheetName = target.type === 'sheet' || target.type === 'node' ? target.sheet : undefined;
  const sheet = sheetName ? plan.sheets[sheetName] : undefined;
  const firstSummary = Object.entries(plan.sheets).find(([, s]) => s.kind === 'summary')?.[0];
  if (sheet?.kind === 'lines' && 'lineSheet' in params) {
    params['lineSheet'] = sheetName;
    params['source'] = sheet.source;
  }
  if ('summarySheet' in params) {
    if (sheet?.kind === 'summary') params['summarySheet'] = sheetName;
    else if (firstSummary) params['summarySheet'] = firstSummary;
  }
  const cells = allCells(plan);
  for (const [key, kind] of Object.entries(def.refs)) {
    if (kind !== 'cell' || typeof params[key] !== 'string') continue;
    if (cells.some((c) => c.name === params[key])) continue;
    const pick = standInCell(cells, key);
    if (pick) params[key] = pick;
  }
  return params;
}

/** Names derived from a base: Base, Base2, Base3… */
function* candidateNames(base: string): Generator<string> {
  yield base;
  for (let i = 2; i < 100; i += 1) yield `${base}${i}`;
}

/** Metric parameters naming a table or parameter the metric creates (not one it reads). */
const OWNED_NAME_PARAMS = ['table', 'target', 'threshold', 'cap', 'floor'];

/** Applies a metric with defaults, renaming it (and its tables/parameters) until nothing clashes. */
export function dropMetric(plan: Plan, metricId: string, target: DropTarget): PlanOpResult & { instance?: string } {
  const params = defaultParams(plan, metricId, target);
  const index = target.type === 'node' ? indexOf(plan, target.sheet, target.name) : undefined;
  let last: PlanOpResult = { ok: false, issues: [] };
  let n = 0;
  for (const name of candidateNames(String(params['name'] ?? metricId))) {
    const suffix = n === 0 ? '' : String(n + 1);
    n += 1;
    const p: Record<string, unknown> = { ...params, name };
    // Names the metric owns besides its main one (its table, its parameters) get the same suffix.
    for (const key of OWNED_NAME_PARAMS) if (typeof params[key] === 'string') p[key] = `${String(params[key])}${suffix}`;
    last = applyMetric(plan, metricId, p, index !== undefined && index >= 0 ? index : undefined);
    if (last.ok) return { ...last, instance: name };
    const clash = last.issues.some((i) => i.message.includes('already used'));
    if (!clash) return last;
  }
  return last;
}

/** Sets a condition template (keeps an existing one). */
export function dropCondition(plan: Plan, kind: ConditionKind): PlanOpResult {
  const next = { ...plan, conditions: { ...(plan.conditions ?? {}), [kind]: plan.conditions?.[kind] ?? CONDITION_TEMPLATES[kind] } };
  const parsed = PlanSchema.safeParse(next);
  return parsed.success ? { ok: true, plan: parsed.data } : { ok: false, issues: [] };
}

export function removeCondition(plan: Plan, kind: ConditionKind): Plan {
  const conditions = { ...(plan.conditions ?? {}) };
  delete conditions[kind];
  return { ...plan, conditions: Object.keys(conditions).length > 0 ? conditions : undefined };
}

/** Turns a finished drag into a plan edit. Returns undefined when the drop means nothing. */
export function applyDrop(plan: Plan, item: DragItem, target: DropTarget): (PlanOpResult & { instance?: string }) | undefined {
  if (item.type === 'metric') {
    if (target.type === 'conditions') return undefined;
    return dropMetric(plan, item.metricId, target);
  }
  if (item.type === 'condition') return target.type === 'conditions' ? dropCondition(plan, item.condition) : undefined;
  // Reordering a node: within its sheet, or (summary cells) into another summary sheet.
  if (target.type !== 'node' && target.type !== 'sheet') return undefined;
  const ref: PlanNodeRef = { kind: item.kind, sheet: item.sheet, name: item.name };
  if (target.sheet === item.sheet) {
    const to = target.type === 'node' ? indexOf(plan, target.sheet, target.name) : Number.MAX_SAFE_INTEGER;
    if (target.type === 'node' && target.name === item.name) return undefined;
    return moveNode(plan, ref, to);
  }
  const to = target.type === 'node' ? indexOf(plan, target.sheet, target.name) : Number.MAX_SAFE_INTEGER;
  return moveNode(plan, ref, to, target.sheet);
}
