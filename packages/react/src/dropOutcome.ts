import { listMetricInstances } from '@provvigo/core';
import type { Plan } from '@provvigo/core';
import { applyDrop } from './builderLogic.js';
import type { DragItem, DropTarget } from './builderLogic.js';

/** What a drop really did to the plan: what screen readers are told, rather than only the area under the pointer. */
export type DropOutcome =
  | { kind: 'added'; sheet: string; name: string }
  | { kind: 'moved'; sheet: string; position: number }
  | { kind: 'condition' }
  | { kind: 'refused'; reason: string; messages?: { it: string; en: string } }
  | { kind: 'nothing' };

function positionOf(plan: Plan, name: string): { sheet: string; position: number } | undefined {
  for (const [sheet, s] of Object.entries(plan.sheets)) {
    const i = Object.keys(s.kind === 'lines' ? s.columns : s.cells).indexOf(name);
    if (i >= 0) return { sheet, position: i + 1 };
  }
  return undefined;
}

/** The outcome of dropping `item` on `target` (pure: the same edit the builder applies). */
export function dropOutcome(plan: Plan, item: DragItem, target: DropTarget): DropOutcome {
  const r = applyDrop(plan, item, target);
  if (!r) return { kind: 'nothing' };
  if (!r.ok) {
    // the refusal's words in both languages, when core gave them (plan operations and metrics do)
    const first = r.issues[0];
    return first?.messages ? { kind: 'refused', reason: first.message, messages: first.messages } : { kind: 'refused', reason: first?.message ?? '' };
  }
  if (item.type === 'condition') return { kind: 'condition' };
  if (item.type === 'node') {
    const at = positionOf(r.plan, item.name);
    return at ? { kind: 'moved', ...at } : { kind: 'nothing' };
  }
  const inst = r.instance ? listMetricInstances(r.plan).find((i) => i.instance === r.instance) : undefined;
  const main = inst?.nodes.find((n) => (n.kind === 'cell' || n.kind === 'column') && n.name === r.instance);
  if (main && (main.kind === 'cell' || main.kind === 'column')) return { kind: 'added', sheet: main.sheet, name: main.name };
  return { kind: 'nothing' };
}
