/**
 * Records whose parent changed, for a filter on a parent's field (`Partner__r.Active__c = true`) or a column read
 * through a parent (`partnerId` from `Partner__r.Partner_Code__c`). Salesforce moves a record's SystemModstamp when a
 * user or an automated process modifies that record, not when a record it looks up to changes: deactivating a
 * partner, or correcting its code, leaves its contracts' SystemModstamp as it was, so neither the sync query nor the
 * filter-exit query, both bounded on the object's own SystemModstamp, would ever see them. For each relationship the
 * filter or a column reads through, the sync query runs again over the same window on the parent's SystemModstamp
 * (`Partner__r.SystemModstamp`, a child-to-parent path SOQL allows in WHERE): the children that match the filter are
 * stored as the sync query stores them (a version taken out of the table comes back), and a stored version whose
 * mapped data differ, at the same SystemModstamp, is rewritten (the parent's new values); for a relationship the
 * filter reads, the filter-exit query runs again too, and those that no longer match leave the table as filter
 * exits. The cursor does not move: it says how far the object's own records were read.
 */
import type { BothLanguages } from '@provvigo/core';
import { parentRelationships, type ParentRelationship } from './describe.js';
import { syncFilterExits } from './filterExits.js';
import type { ObjectMapping } from './mapping.js';
import type { ObjectRun } from './objectRun.js';
import { readWindow } from './readWindow.js';
import type { QueryWindow } from './soql.js';

/** A stored record rewritten at the same version because a parent it maps fields of changed. */
export interface ParentUpdate {
  id: string;
  reasons: BothLanguages;
}

/** What the pass read, stored and took out for one relationship, in the sync report. */
export interface ParentChange {
  /** The relationship whose parents changed in the window (`Partner__r`). */
  relationship: string;
  /** The filter's fields read through it, comma-separated; empty when only columns read through it. */
  field: string;
  /** The columns whose field is read through it (`partnerId`). */
  columns: string[];
  /** Records whose parent changed and that match the filter (counted in `received` and the stored counts too). */
  received: number;
  /** Of them, those stored anew, back in the fact table or with new values (inserted + updated). */
  stored: number;
  /**
   * Of those stored, the versions already stored whose mapped data differ: a field read through the parent changed,
   * the record's own SystemModstamp did not (in the report's `updated` too); `updates` names each with its reason.
   */
  updated: number;
  updates: ParentUpdate[];
  /** Records whose parent changed and that no longer match the filter, taken out (in `excluded` and `exclusions` too). */
  excluded: number;
  /** Why these records were read again, and what became of them. */
  reasons: BothLanguages;
}

/**
 * Reads, for each relationship of the filter or of a column, the window's children of changed parents: those
 * matching the filter through the sync query's code (readWindow.ts, always REST), those no longer matching through
 * the filter exits' (filterExits.ts), the latter only for a relationship the filter reads and when `exits` (records
 * were stored before the run, as for the exit query).
 */
export async function syncParentChanges(run: ObjectRun, window: QueryWindow, options: { exits: boolean }): Promise<void> {
  const { mapping, report } = run;
  for (const [relationship, reads] of parentRelationships(mapping)) {
    const field = reads.filterFields.join(', ');
    const columns = reads.columns.map((c) => c.column);
    const change: ParentChange = { relationship, field, columns, received: 0, stored: 0, updated: 0, updates: [], excluded: 0, reasons: { en: '', it: '' } };
    report.parentChanges.push(change);
    const before = { received: report.received, stored: report.inserted + report.updated, excluded: report.excluded };
    const refreshed = (ids: string[]) => {
      for (const id of ids) change.updates.push({ id, reasons: updateReasons(mapping, id, relationship, columns) });
      change.updated = change.updates.length;
    };
    try {
      await readWindow(run, window, { mode: 'rest', through: relationship, refreshed });
      if (options.exits && field !== '') await syncFilterExits(run, window, { relationship, field });
    } finally {
      // also when the pass stops half way: what it committed stays committed, and is reported
      change.received = report.received - before.received;
      change.stored = report.inserted + report.updated - before.stored;
      change.excluded = report.excluded - before.excluded;
      change.reasons = changeReasons(mapping, change, reads);
    }
  }
}

/** Why a stored record was rewritten at its own SystemModstamp: its parent changed, and with it what the record maps. */
function updateReasons(mapping: ObjectMapping, id: string, relationship: string, columns: string[]): BothLanguages {
  const which = columns.length === 0 ? { en: '', it: '' } : { en: ` (columns ${columns.join(', ')})`, it: ` (colonne ${columns.join(', ')})` };
  return {
    en: `${mapping.object} ${id} read again after a change to its ${relationship}: its mapped values differ from those stored${which.en}: updated in ${mapping.table}`,
    it: `${mapping.object} ${id} riletto dopo una modifica al suo ${relationship}: i valori mappati sono diversi da quelli salvati${which.it}: aggiornato in ${mapping.table}`,
  };
}

/** The pass's summary for one relationship: why it read the records again, and what became of them. */
function changeReasons(mapping: ObjectMapping, c: ParentChange, reads: ParentRelationship): BothLanguages {
  const { object, table } = mapping;
  const because = { en: [] as string[], it: [] as string[] };
  if (c.field !== '') {
    because.en.push(`the filter reads ${c.field}`);
    because.it.push(`il filtro legge ${c.field}`);
  }
  for (const { column, field } of reads.columns) {
    because.en.push(`column ${column} reads ${field}`);
    because.it.push(`la colonna ${column} legge ${field}`);
  }
  const exits =
    c.field === ''
      ? { en: '', it: '' }
      : { en: `, ${c.excluded} no longer match the filter (taken out of ${table})`, it: `, ${c.excluded} non soddisfano più il filtro (tolti da ${table})` };
  return {
    en: `${object} records whose ${c.relationship} changed in the window, read again because ${because.en.join(' and ')}: ${c.received} read (${c.stored} stored in ${table}, ${c.updated} of them with ${c.relationship}'s new values)${exits.en}`,
    it: `record ${object} il cui ${c.relationship} è cambiato nella finestra, riletti perché ${because.it.join(' e ')}: ${c.received} letti (${c.stored} salvati in ${table}, di cui ${c.updated} con i nuovi valori di ${c.relationship})${exits.it}`,
  };
}
