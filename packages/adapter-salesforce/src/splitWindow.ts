/**
 * Reading a SystemModstamp window whose query Salesforce answers QUERY_TIMEOUT: Salesforce advises narrowing a query
 * that times out, so the window is read in two halves instead, each halved again if it times out too. Shared by the
 * sync query (readWindow.ts) and the filter-exit query (filterExits.ts), and by both through a relationship, over
 * the parent's SystemModstamp (parentChanges.ts).
 */
import type { BothLanguages } from '@provvigo/core';
import { RemoteError, SalesforceError } from './errors.js';
import type { QueryWindow } from './soql.js';

/** Lower bound of a full sync's window when a QUERY_TIMEOUT forces it to be split (older than any org's data). */
const FULL_SYNC_FLOOR = '2000-01-01T00:00:00.000Z';
/** Halvings of one query's window before a QUERY_TIMEOUT is given up on (26 years down to minutes is ~22). */
export const MAX_SPLITS = 64;
/** SOQL datetime literals are to the second: a window under 2 seconds has no half narrower than itself. */
const NARROWEST_SPLIT_MS = 2000;

/** The query of an object's sync that timed out, named in the error that gives up on it. */
export type SplitQuery = 'sync' | 'filter-exit';

const QUERY_NAMES: Record<SplitQuery, BothLanguages> = {
  sync: { en: 'sync query', it: 'query di sincronizzazione' },
  'filter-exit': { en: 'filter-exit query', it: 'query delle uscite dal filtro' },
};

/** Whether a query failed with Salesforce's QUERY_TIMEOUT (REST 400, or a Bulk job's errorMessage). */
export function isQueryTimeout(error: unknown): error is SalesforceError {
  return error instanceof SalesforceError && error.errorCode === 'QUERY_TIMEOUT';
}

/**
 * Reads a window segment by segment, earliest first: `read` returns the two halves to read in place of a segment
 * whose query timed out (`splitTimedOut`), nothing once the segment is read.
 */
export async function readBySegments(window: QueryWindow, read: (segment: QueryWindow) => Promise<[QueryWindow, QueryWindow] | undefined>): Promise<void> {
  const segments: QueryWindow[] = [window];
  while (segments.length > 0) {
    const halves = await read(segments.shift()!);
    if (halves) segments.unshift(...halves);
  }
}

/** A query's name in the error, `through` a relationship the parent-change pass's (`sync query for Partner__r changes`). */
function queryName(query: SplitQuery, through: string | undefined): BothLanguages {
  const name = QUERY_NAMES[query];
  if (through === undefined) return name;
  return { en: `${name.en} for ${through} changes`, it: `${name.it} per le modifiche di ${through}` };
}

/**
 * The two halves of `window`, whose query timed out after `splits` earlier splits of the same query's window. A
 * window under 2 seconds, or one more split than MAX_SPLITS, is given up on: a RemoteError (errorCode QUERY_TIMEOUT,
 * Salesforce's own error as its cause) names the object, the query and the window (`through` a relationship, a
 * window on the parent's SystemModstamp).
 */
export function splitTimedOut(
  object: string,
  query: SplitQuery,
  window: QueryWindow,
  splits: number,
  error: SalesforceError,
  through?: string,
): [QueryWindow, QueryWindow] {
  const after = window.after ?? FULL_SYNC_FLOOR;
  const from = Date.parse(after);
  const to = Date.parse(window.upTo);
  if (to - from < NARROWEST_SPLIT_MS || splits >= MAX_SPLITS) {
    const why: BothLanguages =
      splits >= MAX_SPLITS
        ? { en: `not split further after ${MAX_SPLITS} splits`, it: `non divisa oltre dopo ${MAX_SPLITS} divisioni` }
        : { en: 'a window under 2 seconds that cannot be split further', it: 'una finestra di meno di 2 secondi che non si può dividere oltre' };
    const name = queryName(query, through);
    const span = `${through === undefined ? '' : `${through}.`}SystemModstamp ${after} … ${window.upTo}`;
    throw new RemoteError(
      {
        en: `${object}: the ${name.en} timed out (QUERY_TIMEOUT) on ${span}, ${why.en}; run the sync again later: it reads this window again`,
        it: `${object}: la ${name.it} è andata in timeout (QUERY_TIMEOUT) su ${span}, ${why.it}; riesegui la sincronizzazione più tardi: rilegge questa finestra`,
      },
      { errorCode: 'QUERY_TIMEOUT', status: error.status, cause: error },
    );
  }
  const mid = new Date(from + Math.floor((to - from) / 2)).toISOString();
  return [
    { after, upTo: mid },
    { after: mid, upTo: window.upTo },
  ];
}
