/**
 * The plan builder's tabs, in the order the tab strip shows them. Their own module so the tab strip (BuilderTabs.tsx)
 * and the builder share one list without importing each other; PlanBuilder.tsx re-exports both names for hosts.
 */

/** The builder's tabs: the plan's details, its inputs, the sheets canvas, and what and when it pays. */
export type BuilderSection = 'details' | 'parameters' | 'tables' | 'sheets' | 'filters' | 'payouts' | 'conditions';
export const BUILDER_SECTIONS: readonly BuilderSection[] = ['details', 'parameters', 'tables', 'sheets', 'filters', 'payouts', 'conditions'];
