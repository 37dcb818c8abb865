/**
 * Committing one page of a sync: its stored records, quarantined records, the advanced cursor (and a Bulk job's
 * locator) in ONE transaction, so an interruption resumes from the last committed page with nothing lost or stored
 * twice. How the records themselves are committed (`commitRecords`) is shared with quarantine re-processing.
 */
import type { Queryable } from '@provvigo/store';
import { convertRecord, type Converted } from './convert.js';
import { objectTimeZone, type ObjectMapping } from './mapping.js';
import type { ObjectRun } from './objectRun.js';
import type { RawPage } from './query.js';
import { quarantineRecords, saveBulkJob, upsertRecords, writeCursor, type Cursor, type QuarantineEntry, type StoredRecord } from './store.js';

/** A record as Salesforce sent it, what it converts to, and the key it is quarantined under if it does not. */
export interface PageRecord {
  raw: Record<string, unknown>;
  c: Converted;
  quarantineKey: { id: string; systemModstamp: string };
}

export interface PageCounts {
  inserted: number;
  updated: number;
  deleted: number;
  unchanged: number;
  quarantined: number;
  /** Ids of the records rewritten at the same version because a parent's field they map changed (also in `updated`). */
  refreshed: string[];
}

/**
 * Commits one page and adds it to the run's report; `expectedBase` is what earlier queries of the run announced.
 * `cursor: false` for pages of a query whose window is not the object's own SystemModstamp (the children of changed
 * parents, parentChanges.ts): their records, of any age, say nothing about how far the object has been read.
 * `refreshed`, for those same pages: a stored version whose mapped data differ is rewritten (a column read through
 * the changed parent), and the callback is told which records were.
 */
export async function commitPage(
  run: ObjectRun,
  page: RawPage,
  expectedBase: number,
  options: { cursor?: boolean; refreshed?: ((ids: string[]) => void) | undefined } = {},
): Promise<void> {
  const { mapping, report } = run;
  report.pages++;
  report.expected = expectedBase + page.expectedTotal;
  report.received += page.records.length;
  const timeZone = objectTimeZone(run.config, mapping);
  const records = page.records.map((raw) => pageRecord(mapping, raw, page.flat, report.pages, timeZone));
  const last = options.cursor === false ? undefined : pageCursor(run, page, records);
  const counts = await storePage(run, page, last, records, options.refreshed !== undefined);
  report.inserted += counts.inserted;
  report.updated += counts.updated;
  report.deleted += counts.deleted;
  report.unchanged += counts.unchanged;
  report.quarantined += counts.quarantined;
  if (last) report.cursorAfter = last;
  if (counts.refreshed.length > 0) options.refreshed?.(counts.refreshed);
  run.options.onProgress?.({ object: mapping.object, page: report.pages, received: report.received, expected: report.expected, quarantined: report.quarantined });
}

/** Converts a record read on page `pageNumber`; one without an Id is quarantined under a name that says where it was. */
function pageRecord(mapping: ObjectMapping, raw: Record<string, unknown>, flat: boolean, pageNumber: number, timeZone: string): PageRecord {
  const c = convertRecord(mapping, raw, flat, timeZone);
  return { raw, c, quarantineKey: { id: c.id || `(no Id, page ${pageNumber})`, systemModstamp: c.systemModstamp } };
}

/** The cursor this page lets the sync move to (the highest SystemModstamp, then Id), if any. */
function pageCursor(run: ObjectRun, page: RawPage, records: PageRecord[]): Cursor | undefined {
  let last: Cursor | undefined = page.bulk ? run.bulkMax : undefined;
  for (const { c } of records) {
    if (!c.systemModstamp.endsWith('Z')) continue; // unparseable stamp: quarantined, not a resume point
    if (!last || c.systemModstamp > last.systemModstamp || (c.systemModstamp === last.systemModstamp && c.id > last.lastId)) {
      last = { systemModstamp: c.systemModstamp, lastId: c.id };
    }
  }
  if (page.bulk) {
    // Bulk results are unordered: the cursor may only move once the whole job has been read
    run.bulkMax = last;
    if (page.bulk.nextLocator !== null) last = undefined;
  }
  return last;
}

/** Writes the page in one transaction: its records, the cursor and the Bulk job's locator. */
async function storePage(run: ObjectRun, page: RawPage, last: Cursor | undefined, records: PageRecord[], refresh: boolean): Promise<PageCounts> {
  const { db, client, mapping } = run;
  // Stored records, quarantined records and the cursor move together or not at all.
  return db.transaction(async (tx) => {
    const counts = await commitRecords(tx, mapping, records, { tombstones: true, reinstate: true, refresh });
    if (last) await writeCursor(tx, mapping.object, last);
    if (page.bulk) {
      const { jobId, nextLocator, receivedSoFar } = page.bulk;
      await saveBulkJob(tx, mapping.object, nextLocator ? { jobId, apiVersion: client.apiVersion, nextLocator, received: receivedSoFar, maxSeen: run.bulkMax } : undefined);
    }
    return counts;
  });
}

/**
 * How converted records are committed, for a sync's page and for re-processed quarantine entries alike: those that
 * convert are upserted (idempotently), the others quarantined with their reason and first bad field. Counts what
 * each stored record did. `tombstones`: a deleted record is stored even when its fields no longer validate.
 * `reinstate`: the records were just read matching the filter, so a version taken out of the table comes back
 * (`upsertRecords`); not for quarantine re-processing, whose records matched it when read, maybe no longer.
 * `refresh`: the records were read again because a parent changed, so a stored version whose data differ is
 * rewritten (counted as updated, its Id in `refreshed`); otherwise only a newer version is stored.
 */
export async function commitRecords(
  tx: Queryable,
  mapping: ObjectMapping,
  records: PageRecord[],
  rule: { tombstones: boolean; reinstate?: boolean; refresh?: boolean },
): Promise<PageCounts> {
  const toStore: StoredRecord[] = [];
  const toQuarantine: QuarantineEntry[] = [];
  for (const { raw, c, quarantineKey } of records) {
    if (c.ok || (rule.tombstones && c.isDeleted)) toStore.push(storedRecord(mapping, c));
    else {
      const reasons = { en: c.issues.map((i) => i.reasons.en).join('; '), it: c.issues.map((i) => i.reasons.it).join('; ') };
      toQuarantine.push({ object: mapping.object, ...quarantineKey, field: c.issues[0]?.field ?? null, reason: reasons.en, reasons, raw });
    }
  }
  const counts: PageCounts = { inserted: 0, updated: 0, deleted: 0, unchanged: 0, quarantined: toQuarantine.length, refreshed: [] };
  const outcomes = await upsertRecords(tx, toStore, { reinstate: rule.reinstate ?? false, refresh: rule.refresh ?? false });
  outcomes.forEach((o, i) => {
    if (o === 'unchanged') counts.unchanged++;
    else if (toStore[i]!.isDeleted) counts.deleted++;
    else if (o === 'refreshed') {
      counts.updated++;
      counts.refreshed.push(toStore[i]!.id);
    } else counts[o]++;
  });
  await quarantineRecords(tx, toQuarantine);
  return counts;
}

/** The stored form of a record; a tombstone whose fields did not validate keeps no data. */
function storedRecord(mapping: ObjectMapping, c: Converted): StoredRecord {
  return {
    object: mapping.object,
    id: c.id,
    table: mapping.table,
    systemModstamp: c.systemModstamp,
    isDeleted: c.isDeleted,
    partner: c.ok ? c.partner : null,
    data: c.ok ? c.data : {},
  };
}
