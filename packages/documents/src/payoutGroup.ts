import { ownValue } from '@provvigo/core';
import type { ComponentSummary } from './schema.js';

/** The summary group of a line's payout (plan + payout id), created with the payout's label on first sight. */
export function payoutGroup(
  groups: Map<string, ComponentSummary>,
  line: { planId: string; payout: string; component: string; label: string },
  labels?: Record<string, string>,
): ComponentSummary {
  const key = `${line.planId}\u0000${line.payout}`;
  let group = groups.get(key);
  if (!group) {
    // own entries only: a payout is the plan's name ("toString", "valueOf" are names like any other)
    group = { component: line.component, label: (labels ? ownValue(labels, line.payout) : undefined) ?? line.label, amount: '0', lines: [] };
    groups.set(key, group);
  }
  return group;
}
