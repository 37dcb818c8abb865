import type { Plan } from '@provvigo/core';

/** The two name fields of a plan's details, as typed. */
export interface PlanNameFields {
  it: string;
  en: string;
}

/** The fields a plan's name shows in: a plain name in both, a name per language in its own. */
export function planNameFields(name: Plan['name']): PlanNameFields {
  return typeof name === 'string' ? { it: name, en: name } : { it: name.it ?? '', en: name.en ?? '' };
}

/**
 * The plan's name from its fields: a language left blank is left out (the plan is named in the other), and with both
 * blank there is no name (undefined), which the plan schema refuses, so the form keeps the plan as it was.
 */
export function planNameFrom(fields: PlanNameFields): Plan['name'] | undefined {
  const given: { it?: string; en?: string } = {};
  if (/\S/.test(fields.it)) given.it = fields.it;
  if (/\S/.test(fields.en)) given.en = fields.en;
  return given.it === undefined && given.en === undefined ? undefined : given;
}
