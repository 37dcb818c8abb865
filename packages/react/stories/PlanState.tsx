import type { Plan } from '@provvigo/core';
import { useState } from 'react';
import type { ReactElement } from 'react';

/** Holds a plan as a host app does, so a story's editor can be used: each edit it emits becomes the shown plan. */
export function PlanState({ initial, children }: { initial: Plan; children: (plan: Plan, onChange: (p: Plan) => void) => ReactElement }): ReactElement {
  const [plan, setPlan] = useState(initial);
  return children(plan, setPlan);
}
