import type { PlanChange } from '@provvigo/core';

/** The parts of a plan a reviewer reads a diff by. */
export type PlanSection = 'general' | 'eligibility' | 'parameters' | 'tables' | 'formulas' | 'payouts' | 'conditions';

export const PLAN_SECTIONS: readonly PlanSection[] = ['general', 'eligibility', 'parameters', 'tables', 'formulas', 'payouts', 'conditions'];

/** The section a changed member belongs to, from its path (`sheets.Lines.columns.Rate.formula` → formulas). */
export function sectionOf(path: string): PlanSection {
  const root = path.split('.')[0];
  if (root === 'selector') return 'eligibility';
  if (root === 'parameters' || root === 'overrides') return 'parameters';
  if (root === 'tables') return 'tables';
  if (root === 'sheets') return 'formulas';
  if (root === 'payouts') return 'payouts';
  if (root === 'conditions') return 'conditions';
  return 'general';
}

/** A diff's changes by section, in reading order; sections without changes are left out. */
export function groupChanges(changes: readonly PlanChange[]): { section: PlanSection; changes: PlanChange[] }[] {
  const by = new Map<PlanSection, PlanChange[]>();
  for (const c of changes) {
    const s = sectionOf(c.path);
    by.set(s, [...(by.get(s) ?? []), c]);
  }
  return PLAN_SECTIONS.filter((s) => by.has(s)).map((s) => ({ section: s, changes: by.get(s)! }));
}

/** A changed value as a reviewer reads it: formulas and text as they are, anything else as compact JSON. */
export function showChangeValue(v: unknown): string {
  if (v === undefined) return '';
  if (typeof v === 'string') return v;
  return JSON.stringify(v);
}
