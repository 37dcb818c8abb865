/**
 * Records whose parent changed, for a filter on a parent's field (`Partner__r.Active__c = true`). Salesforce moves a
 * record's SystemModstamp when a user or an automated process modifies that record, not when a record it looks up to
 * changes: deactivating a partner leaves its contracts' SystemModstamp as it was, so neither the sync query nor the
 * filter-exit query, both bounded on the object's own SystemModstamp, would ever see them. For each relationship the
 * filter reads through, the same two queries run again over the same window on the parent's SystemModstamp
 * (`Partner__r.SystemModstamp`, a child-to-parent path SOQL allows in WHERE): the children that match the filter are
 * stored as the sync query stores them (a version taken out of the table comes back), those that no longer match
 * leave the table as filter exits. The cursor does not move: it says how far the object's own records were read.
 */
import type { BothLanguages } from '@provvigo/core';
import { filterRelationships } from './describe.js';
import { syncFilterExits } from './filterExits.js';
import type { ObjectRun } from './objectRun.js';
import { readWindow } from './readWindow.js';
import type { QueryWindow } from './soql.js';

/** What the pass read and took out for one relationship, in the sync report. */
export interface ParentChange {
  /** The relationship whose parents changed in the window (`Partner__r`). */
  relationship: string;
  /** The filter's fields read through it, comma-separated. */
  field: string;
  /** Records whose parent changed and that match the filter (counted in `received` and the stored counts too). */
  received: number;
  /** Of them, those stored anew or back in the fact table (inserted + updated). */
  stored: number;
  /** Records whose parent changed and that no longer match the filter, taken out (in `excluded` and `exclusions` too). */
  excluded: number;
  /** Why these records were read again, and what became of them. */
  reasons: BothLanguages;
}

/**
 * Reads, for each relationship of the filter, the window's children of changed parents: those matching the filter
 * through the sync query's code (readWindow.ts, always REST), those no longer matching through the filter exits'
 * (filterExits.ts), the latter only when `exits` (records were stored before the run, as for the exit query).
 */
export async function syncParentChanges(run: ObjectRun, window: QueryWindow, options: { exits: boolean }): Promise<void> {
  const { report } = run;
  for (const [relationship, fields] of filterRelationships(run.mapping.filter)) {
    const change: ParentChange = { relationship, field: fields.join(', '), received: 0, stored: 0, excluded: 0, reasons: { en: '', it: '' } };
    report.parentChanges.push(change);
    const before = { received: report.received, stored: report.inserted + report.updated, excluded: report.excluded };
    try {
      await readWindow(run, window, { mode: 'rest', through: relationship });
      if (options.exits) await syncFilterExits(run, window, { relationship, field: change.field });
    } finally {
      // also when the pass stops half way: what it committed stays committed, and is reported
      change.received = report.received - before.received;
      change.stored = report.inserted + report.updated - before.stored;
      change.excluded = report.excluded - before.excluded;
      change.reasons = changeReasons(run, change);
    }
  }
}

function changeReasons(run: ObjectRun, c: ParentChange): BothLanguages {
  const { object, table } = run.mapping;
  return {
    en: `${object} records whose ${c.relationship} changed in the window, read again because the filter reads ${c.field}: ${c.received} match it (${c.stored} stored in ${table}), ${c.excluded} no longer do (taken out of ${table})`,
    it: `record ${object} il cui ${c.relationship} è cambiato nella finestra, riletti perché il filtro legge ${c.field}: ${c.received} lo soddisfano (${c.stored} salvati in ${table}), ${c.excluded} non più (tolti da ${table})`,
  };
}
