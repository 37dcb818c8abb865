/**
 * Records that left the mapping's filter. The sync query reads only records matching the filter, so a stored record
 * changed to no longer match it (a contract Activated → Terminated) would stay in the fact table for ever. The
 * window's non-matching records are read too (Id and SystemModstamp only) and the stored ones leave the table.
 */
import type { BothLanguages } from '@provvigo/core';
import type { Queryable } from '@provvigo/store';
import type { SalesforceClient } from './client.js';
import { parseSalesforceDateTime } from './datetime.js';
import { filterFields } from './describe.js';
import type { ObjectMapping } from './mapping.js';
import { restQueryPages } from './query.js';
import { buildFilterExitQuery, type QueryWindow } from './soql.js';
import { markExcluded } from './store.js';

/** A stored record taken out of the fact table because it no longer matches the filter. */
export interface FilterExit {
  id: string;
  /** The filter's fields, comma-separated (the change to one of them is why it left). */
  field: string;
  reasons: BothLanguages;
}

/**
 * Reads the window's records that do not match the filter and excludes the stored ones; returns those excluded.
 * The caller runs it only when records were stored before the run (see `hasLiveRecords`).
 */
export async function syncFilterExits(client: SalesforceClient, db: Queryable, mapping: ObjectMapping, window: QueryWindow): Promise<FilterExit[]> {
  const soql = buildFilterExitQuery(mapping, window);
  if (soql === undefined) return [];
  const field = filterFields(mapping.filter).join(', ');
  const exits: FilterExit[] = [];
  for await (const page of restQueryPages(client, soql, { scanAll: false })) {
    const seen: { id: string; at: string }[] = [];
    for (const r of page.records) {
      const at = parseSalesforceDateTime(r.SystemModstamp);
      if (typeof r.Id === 'string' && at) seen.push({ id: r.Id, at });
    }
    for (const id of await markExcluded(db, mapping.object, seen)) exits.push({ id, field, reasons: exitReasons(mapping, id, field) });
  }
  return exits;
}

function exitReasons(mapping: ObjectMapping, id: string, field: string): BothLanguages {
  return {
    en: `${mapping.object} ${id} no longer matches the mapping's filter (${field}): removed from ${mapping.table}`,
    it: `${mapping.object} ${id} non soddisfa più il filtro della mappatura (${field}): tolto da ${mapping.table}`,
  };
}
