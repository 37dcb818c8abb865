/**
 * Records whose parent changed, for a filter on a parent's field (`Partner__r.Active__c = true`) or a column read
 * through a parent (`partnerId` from `Partner__r.Partner_Code__c`). Salesforce moves a record's SystemModstamp when a
 * user or an automated process modifies that record, not when a record it looks up to changes: deactivating a
 * partner, or correcting its code, leaves its contracts' SystemModstamp as it was, so neither the sync query nor the
 * filter-exit query, both bounded on the object's own SystemModstamp, would ever see them. A formula field of the
 * object reading a parent (`Partner_Active__c` = `Partner__r.Active__c`, worked out when the record is read) has the
 * same blind spot. For each relationship the filter or a column reads through, or a formula field among them reads
 * (formulaParents.ts), the sync query runs again over the same window on the parent's SystemModstamp
 * (`Partner__r.SystemModstamp`, a child-to-parent path SOQL allows in WHERE): the children that match the filter are
 * stored as the sync query stores them (a version taken out of the table comes back), and a stored version whose
 * mapped data differ, at the same SystemModstamp, is rewritten (the parent's new values); for a relationship the
 * filter reads, the filter-exit query runs again too, and those that no longer match leave the table as filter
 * exits. The cursor does not move: it says how far the object's own records were read.
 */
import type { BothLanguages } from '@provvigo/core';
import { parentRelationships, type Describe, type ParentRelationship } from './describe.js';
import { ConfigError } from './errors.js';
import { syncFilterExits } from './filterExits.js';
import { mappingFormulas } from './formulaParents.js';
import type { ObjectMapping } from './mapping.js';
import type { ObjectRun } from './objectRun.js';
import { isPolymorphic, polymorphicProblems } from './polymorphicParents.js';
import { readWindow } from './readWindow.js';
import type { QueryWindow } from './soql.js';

/**
 * The relationships the run follows: those the filter and the columns read through, and those the object's formula
 * fields among them read (formulaParents.ts, from describe). A formula the sync cannot follow (through two
 * relationships, or one describe does not return and `formulasNotFollowed` does not name) refuses the mapping with
 * a ConfigError, as validateMapping does, so a caller that skipped validation has no silent blind spot; so does a
 * filter field or column read through a polymorphic relationship (polymorphicParents.ts), whose pass would filter on
 * a SystemModstamp SOQL does not read through it. Its `Id` and `Type`, fixed by the reference, are not followed.
 */
export async function followedParents(mapping: ObjectMapping, describe: (object: string) => Promise<Describe | null>): Promise<Map<string, ParentRelationship>> {
  const root = await describe(mapping.object);
  const fields = root?.fields ?? [];
  const { reads, problems } = await mappingFormulas(mapping, describe);
  problems.unshift(...polymorphicProblems(mapping, { fields }));
  if (problems.length > 0) throw new ConfigError({ en: problems.map((p) => p.en).join('. '), it: problems.map((p) => p.it).join('. ') });
  const polymorphic = new Set(fields.filter((f) => typeof f.relationshipName === 'string' && isPolymorphic(f)).map((f) => f.relationshipName!.toLowerCase()));
  return parentRelationships(mapping, reads, polymorphic);
}

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
  for (const [relationship, reads] of run.parents) {
    const field = reads.filterFields.join(', ');
    const columns = reads.columns.map((c) => c.column);
    const note = formulaNote(reads);
    const change: ParentChange = { relationship, field, columns, received: 0, stored: 0, updated: 0, updates: [], excluded: 0, reasons: { en: '', it: '' } };
    report.parentChanges.push(change);
    const before = { received: report.received, stored: report.inserted + report.updated, excluded: report.excluded };
    const refreshed = (ids: string[]) => {
      for (const id of ids) change.updates.push({ id, reasons: updateReasons(mapping, id, relationship, columns, note) });
      change.updated = change.updates.length;
    };
    try {
      await readWindow(run, window, { mode: 'rest', through: relationship, refreshed });
      if (options.exits && field !== '') await syncFilterExits(run, window, { relationship, field, note });
    } finally {
      // also when the pass stops half way: what it committed stays committed, and is reported
      change.received = report.received - before.received;
      change.stored = report.inserted + report.updated - before.stored;
      change.excluded = report.excluded - before.excluded;
      change.reasons = changeReasons(mapping, change, reads, note);
    }
  }
}

/**
 * The formula fields that read the relationship, for the reasons (` (formula field Partner_Active__c reads
 * Partner__r.Active__c)`, `; `-separated for several); empty when the configuration reads it by itself.
 */
export function formulaNote(reads: Pick<ParentRelationship, 'formulas'>): BothLanguages {
  if (reads.formulas.length === 0) return { en: '', it: '' };
  const en = reads.formulas.map((f) => `formula field ${f.formula} reads ${f.paths.join(', ')}`);
  const it = reads.formulas.map((f) => `il campo formula ${f.formula} legge ${f.paths.join(', ')}`);
  return { en: ` (${en.join('; ')})`, it: ` (${it.join('; ')})` };
}

/**
 * Why a stored record was rewritten at its own SystemModstamp: its parent changed, and with it what the record maps
 * (`note`: the formula fields that read the parent).
 */
function updateReasons(mapping: ObjectMapping, id: string, relationship: string, columns: string[], note: BothLanguages): BothLanguages {
  const which = columns.length === 0 ? { en: '', it: '' } : { en: ` (columns ${columns.join(', ')})`, it: ` (colonne ${columns.join(', ')})` };
  return {
    en: `${mapping.object} ${id} read again after a change to its ${relationship}${note.en}: its mapped values differ from those stored${which.en}: updated in ${mapping.table}`,
    it: `${mapping.object} ${id} riletto dopo una modifica al suo ${relationship}${note.it}: i valori mappati sono diversi da quelli salvati${which.it}: aggiornato in ${mapping.table}`,
  };
}

/** The pass's summary for one relationship: why it read the records again (`note`: the formulas that read it), and what became of them. */
function changeReasons(mapping: ObjectMapping, c: ParentChange, reads: ParentRelationship, note: BothLanguages): BothLanguages {
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
    en: `${object} records whose ${c.relationship} changed in the window, read again because ${because.en.join(' and ')}${note.en}: ${c.received} read (${c.stored} stored in ${table}, ${c.updated} of them with ${c.relationship}'s new values)${exits.en}`,
    it: `record ${object} il cui ${c.relationship} è cambiato nella finestra, riletti perché ${because.it.join(' e ')}${note.it}: ${c.received} letti (${c.stored} salvati in ${table}, di cui ${c.updated} con i nuovi valori di ${c.relationship})${exits.it}`,
  };
}
