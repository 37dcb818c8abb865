import { isCalendarDate } from '../schema/common.js';
import type { Issue } from '../schema/issue.js';
import type { Period } from '../schema/result.js';

const issue = (field: 'start' | 'end', en: string, it: string, value: string): Issue => ({
  code: 'invalid_input',
  severity: 'error',
  message: en,
  messages: { en, it },
  path: ['period', field],
  field,
  value,
});

/**
 * What is wrong with a run's period: a start or end that is not a day of the calendar (`2026-02-31`, which the
 * period's schema, checking the shape only, lets through), or an end before the start. Evaluated, such a period
 * filtered every record out and paid every partner nothing without a word, so the run refuses it instead.
 */
export function periodIssues(period: Period): Issue[] {
  const out: Issue[] = [];
  for (const field of ['start', 'end'] as const) {
    const date = period[field];
    if (!isCalendarDate(date)) out.push(issue(field, `period ${period.id}: ${field} ${date} is not a date in the calendar`, `periodo ${period.id}: ${field === 'start' ? 'inizio' : 'fine'} ${date} non è una data del calendario`, date));
  }
  if (out.length === 0 && period.end < period.start) {
    out.push(issue('end', `period ${period.id} ends (${period.end}) before it starts (${period.start})`, `il periodo ${period.id} finisce (${period.end}) prima di iniziare (${period.start})`, period.end));
  }
  return out;
}
