import { isCalendarDate, isIsoDateTime, type BothLanguages, type RunRecord } from '@provvigo/core';
import { StoreError } from './errors.js';
import { storableText } from './sql.js';

/*
 * Times and dates given to the store are kept as text, compared as text (a settlement's `asOf` with a period's
 * start, the audit log's order) and shown as given. Passed on unchecked, NUL failed inside the query (SQLSTATE
 * 22021) and anything else, "yesterday" or "2026-02-31", was kept and later compared as if it were a time. The store
 * refuses both before its first query, naming the field as the caller wrote it (`at`, `asOf`, `record.approvedAt`).
 */

const DATE_TIME_RULE: BothLanguages = {
  en: 'an ISO 8601 date-time with its offset, e.g. 2026-11-01T08:00:00Z',
  it: 'una data e ora ISO 8601 con il suo fuso orario, ad es. 2026-11-01T08:00:00Z',
};
const DATE_RULE: BothLanguages = {
  en: 'an ISO 8601 date YYYY-MM-DD that exists in the calendar',
  it: 'una data ISO 8601 AAAA-MM-GG che esiste nel calendario',
};

/** The value in a message: quoted, and cut short (the field may hold a whole document). */
const shown = (value: string): string => JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);

// the field is a path as the caller wrote it (`audit.at`): the same in both languages
function refuseUnless(fields: Readonly<Record<string, string | null | undefined>>, valid: (text: string) => boolean, rule: BothLanguages): void {
  storableText(fields);
  for (const [field, value] of Object.entries(fields)) {
    if (value === null || value === undefined || (typeof value === 'string' && valid(value))) continue;
    const given = shown(String(value));
    throw new StoreError('invalid_data', { en: `${field}: ${given} is not ${rule.en}`, it: `${field}: ${given} non è ${rule.it}` });
  }
}

/** Refuses the first of `fields` (as the caller names it → a time) that is not an ISO 8601 date-time; absent ones pass. */
export function storableTimes(fields: Readonly<Record<string, string | null | undefined>>): void {
  refuseUnless(fields, isIsoDateTime, DATE_TIME_RULE);
}

/** Refuses the first of `fields` (as the caller names it → a date) that is not a calendar date YYYY-MM-DD. */
export function storableDates(fields: Readonly<Record<string, string | null | undefined>>): void {
  refuseUnless(fields, isCalendarDate, DATE_RULE);
}

const RECORD_TIMES = ['createdAt', 'calculatedAt', 'validatedAt', 'approvedAt', 'invoicedAt', 'postedAt'] as const;

/**
 * The times of a run record (`<prefix>.approvedAt`, `<prefix>.history[2].at`…) that `before`, the record as stored,
 * does not already hold: a run written before the store checked times keeps its old ones through every later move.
 */
export function storableRunTimes(rec: RunRecord, prefix: string, before?: RunRecord): void {
  const fields: Record<string, string | null> = {};
  for (const key of RECORD_TIMES) if (rec[key] !== before?.[key]) fields[`${prefix}.${key}`] = rec[key];
  rec.history.forEach((h, i) => {
    if (h.at !== before?.history[i]?.at) fields[`${prefix}.history[${i}].at`] = h.at;
  });
  storableTimes(fields);
}
