import type { Locale } from '../schema/common.js';
import type { RunState } from '../schema/run.js';

/** A run's state as a reader reads it (the studio's words): refusals, the CLI's statements, reports. */
const RUN_STATE_NAMES: Readonly<Record<Locale, Readonly<Record<RunState, string>>>> = {
  en: { draft: 'draft', calculated: 'calculated', validated: 'validated', approved: 'approved', invoiced: 'invoiced', posted: 'posted' },
  it: { draft: 'bozza', calculated: 'calcolato', validated: 'validato', approved: 'approvato', invoiced: 'fatturato', posted: 'contabilizzato' },
};

/** The name of a run's state in `locale`. */
export function runStateName(state: RunState, locale: Locale): string {
  return RUN_STATE_NAMES[locale][state];
}
