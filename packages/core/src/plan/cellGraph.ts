/**
 * The dependency graph of a plan's computed cells: PAYOUTS() expanded into the payouts a cell may read, the
 * evaluation order (every cycle reported once), and the cells a payout needs.
 */
import type { CellDef } from './parsePlan.js';
import { callsPayouts, expandPayouts } from './formulaScope.js';
import { collectRefs, type TypeContext } from './formulaTypes.js';
import type { Plan } from '../schema/plan.js';

/**
 * Expands PAYOUTS() in every cell into the sum of the payouts that do not depend on that cell, and records the new
 * dependencies (the references of the expansion are declared cells, so they need no further checks).
 */
export function expandPayoutSums(plan: Plan, cells: Map<string, CellDef>, pending: Map<string, { ctx: TypeContext; deps: Set<string> }>) {
  const refs = Object.values(plan.payouts).map((p) => ({ sheet: p.sheet, column: p.column, cell: p.cell, id: `${p.sheet}.${p.column ?? p.cell}` }));
  const payouts = refs.filter((p) => cells.has(p.id));
  const dependsOn = (from: string, target: string): boolean => {
    const seen = new Set<string>();
    const stack = [from];
    while (stack.length) {
      const cur = stack.pop()!;
      if (cur === target) return true;
      if (seen.has(cur)) continue;
      seen.add(cur);
      stack.push(...(cells.get(cur)?.deps ?? []));
    }
    return false;
  };
  for (const cell of cells.values()) {
    if (!callsPayouts(cell.ast)) continue;
    const others = payouts.filter((p) => !dependsOn(p.id, cell.id));
    cell.ast = expandPayouts(cell.ast, others);
    const r = pending.get(cell.id)!;
    for (const p of others) {
      const at = { start: 0, end: 0 };
      collectRefs(p.column !== undefined ? { k: 'col', table: p.sheet, name: p.column, ...at } : { k: 'name', name: p.cell!, ...at }, r.ctx);
    }
    cell.deps = [...r.deps].filter((d) => cells.has(d));
  }
}

/** Ids of the cells `id` depends on, transitively, in evaluation order, ending with `id`. */
export function closureOf(id: string, cells: Map<string, CellDef>, order: string[]): string[] {
  const seen = new Set<string>();
  const stack = [id];
  while (stack.length) {
    const cur = stack.pop()!;
    if (seen.has(cur)) continue;
    seen.add(cur);
    for (const d of cells.get(cur)?.deps ?? []) stack.push(d);
  }
  return order.filter((o) => seen.has(o));
}

export function topologicalOrder(cells: Map<string, CellDef>, onCycle: (cycle: string[]) => void): string[] {
  const state = new Map<string, 'visiting' | 'done'>();
  const order: string[] = [];
  const reported = new Set<string>();
  const visit = (id: string, trail: string[]) => {
    const s = state.get(id);
    if (s === 'done') return;
    if (s === 'visiting') {
      const cycle = trail.slice(trail.indexOf(id));
      const key = [...cycle].sort().join('|');
      if (!reported.has(key)) {
        reported.add(key);
        onCycle(cycle);
      }
      return;
    }
    state.set(id, 'visiting');
    for (const d of cells.get(id)!.deps) visit(d, [...trail, id]);
    state.set(id, 'done');
    order.push(id);
  };
  for (const id of [...cells.keys()].sort()) visit(id, []);
  return order;
}
