/**
 * Records that left the mapping's filter. The sync query reads only records matching the filter, so a stored record
 * changed to no longer match it (a contract Activated → Terminated) would stay in the fact table for ever. The
 * window's non-matching records are read too (Id and SystemModstamp only) and the stored ones leave the table.
 * `NOT (<filter>)` can use no index, so Salesforce scans the whole window: a QUERY_TIMEOUT splits it in two halves,
 * as it does the sync query's (splitWindow.ts). The parent-change pass (parentChanges.ts) reads, the same way, the
 * records that left the filter because a parent it names changed: a window on `<relationship>.SystemModstamp`.
 */
import type { BothLanguages } from '@provvigo/core';
import { parseSalesforceDateTime } from './datetime.js';
import { filterFields } from './filterFields.js';
import type { ObjectMapping } from './mapping.js';
import type { ObjectRun } from './objectRun.js';
import { restQueryPages } from './query.js';
import { buildFilterExitQuery, type QueryWindow } from './soql.js';
import { isQueryTimeout, readBySegments, splitTimedOut } from './splitWindow.js';
import { markExcluded } from './store.js';

/** A stored record taken out of the fact table because it no longer matches the filter. */
export interface FilterExit {
  id: string;
  /** The filter's fields, comma-separated (the change to one of them is why it left). */
  field: string;
  reasons: BothLanguages;
}

/**
 * Reads the window's records that do not match the filter and excludes the stored ones, adding each to the report
 * (`exclusions`, `excluded`) as its page is done, so those already out of the table are reported if a later page
 * fails. The caller runs it only when records were stored before the run (see `hasLiveRecords`). `through` a
 * relationship: the records whose parent changed in the window, and `field` the filter's fields read through it.
 */
export async function syncFilterExits(run: ObjectRun, window: QueryWindow, through?: { relationship: string; field: string; note?: BothLanguages }): Promise<void> {
  const { mapping, report } = run;
  if (!mapping.filter) return;
  const field = through?.field ?? filterFields(mapping.filter).join(', ');
  // this query's own splits: the sync query's, already counted in the report, do not use up its MAX_SPLITS
  let splits = 0;
  await readBySegments(window, async (segment) => {
    try {
      await excludeSegment(run, segment, field, through);
      return undefined;
    } catch (error) {
      if (!isQueryTimeout(error)) throw error;
      const halves = splitTimedOut(mapping.object, 'filter-exit', segment, splits, error, through?.relationship);
      splits++;
      report.splits++;
      return halves;
    }
  });
}

/**
 * One segment's exits. A segment that times out after some pages is read again in halves: the records already
 * excluded are no longer live, so `markExcluded` does not return (or report) them twice.
 */
async function excludeSegment(run: ObjectRun, segment: QueryWindow, field: string, through: { relationship: string; note?: BothLanguages } | undefined): Promise<void> {
  const { client, db, mapping, report } = run;
  const soql = buildFilterExitQuery(mapping, segment, through?.relationship);
  if (soql === undefined) return;
  for await (const page of restQueryPages(client, soql, { scanAll: false })) {
    const seen: { id: string; at: string }[] = [];
    for (const r of page.records) {
      const at = parseSalesforceDateTime(r.SystemModstamp);
      if (typeof r.Id === 'string' && at) seen.push({ id: r.Id, at });
    }
    for (const id of await markExcluded(db, mapping.object, seen)) report.exclusions.push({ id, field, reasons: exitReasons(mapping, id, field, through) });
    report.excluded = report.exclusions.length;
  }
}

/**
 * Why a record left the table: it no longer matches the filter, after a change to its parent when `through` says so
 * (with the formula fields that read the parent: its `note`).
 */
function exitReasons(mapping: ObjectMapping, id: string, field: string, through: { relationship: string; note?: BothLanguages } | undefined): BothLanguages {
  const note = through?.note ?? { en: '', it: '' };
  const after: BothLanguages =
    through === undefined
      ? { en: '', it: '' }
      : { en: ` after a change to its ${through.relationship}${note.en}`, it: ` dopo una modifica al suo ${through.relationship}${note.it}` };
  return {
    en: `${mapping.object} ${id} no longer matches the mapping's filter (${field})${after.en}: removed from ${mapping.table}`,
    it: `${mapping.object} ${id} non soddisfa più il filtro della mappatura (${field})${after.it}: tolto da ${mapping.table}`,
  };
}
