/**
 * Committing one page of a sync: its stored records, quarantined records, the advanced cursor (and a Bulk job's
 * locator) in ONE transaction, so an interruption resumes from the last committed page with nothing lost or stored
 * twice.
 */
import { convertRecord, type Converted } from './convert.js';
import type { ObjectMapping } from './mapping.js';
import type { ObjectRun } from './objectRun.js';
import type { RawPage } from './query.js';
import { quarantineRecords, saveBulkJob, upsertRecords, writeCursor, type Cursor, type QuarantineEntry, type StoredRecord } from './store.js';

type ConvertedRecord = { raw: Record<string, unknown>; c: Converted };
type PageCounts = { inserted: number; updated: number; deleted: number; unchanged: number; quarantined: number };

/** Commits one page and adds it to the run's report; `expectedBase` is what earlier queries of the run announced. */
export async function commitPage(run: ObjectRun, page: RawPage, expectedBase: number): Promise<void> {
  const { mapping, report } = run;
  report.pages++;
  report.expected = expectedBase + page.expectedTotal;
  report.received += page.records.length;
  const converted = page.records.map((raw) => ({ raw, c: convertRecord(mapping, raw, page.flat) }));
  const last = pageCursor(run, page, converted);
  const { toStore, toQuarantine } = partitionRecords(mapping, converted, report.pages);
  const counts = await storePage(run, page, last, toStore, toQuarantine);
  report.inserted += counts.inserted;
  report.updated += counts.updated;
  report.deleted += counts.deleted;
  report.unchanged += counts.unchanged;
  report.quarantined += counts.quarantined;
  if (last) report.cursorAfter = last;
  run.options.onProgress?.({ object: mapping.object, page: report.pages, received: report.received, expected: report.expected, quarantined: report.quarantined });
}

/** The cursor this page lets the sync move to (the highest SystemModstamp, then Id), if any. */
function pageCursor(run: ObjectRun, page: RawPage, converted: ConvertedRecord[]): Cursor | undefined {
  let last: Cursor | undefined = page.bulk ? run.bulkMax : undefined;
  for (const { c } of converted) {
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

/** Splits a page's records into those to store and those to quarantine (with the reason and the first bad field). */
function partitionRecords(mapping: ObjectMapping, converted: ConvertedRecord[], pageNumber: number): { toStore: StoredRecord[]; toQuarantine: QuarantineEntry[] } {
  const toStore: StoredRecord[] = [];
  const toQuarantine: QuarantineEntry[] = [];
  for (const { raw, c } of converted) {
    if (c.ok || c.isDeleted) {
      // A delete is a tombstone: it is kept even when the deleted record's fields no longer validate.
      toStore.push({
        object: mapping.object,
        id: c.id,
        table: mapping.table,
        systemModstamp: c.systemModstamp,
        isDeleted: c.isDeleted,
        partner: c.ok ? c.partner : null,
        data: c.ok ? c.data : {},
      });
    } else {
      toQuarantine.push({
        object: mapping.object,
        id: c.id || `(no Id, page ${pageNumber})`,
        systemModstamp: c.systemModstamp,
        field: c.issues[0]?.field ?? null,
        reason: c.issues.map((i) => i.reason).join('; '),
        raw,
      });
    }
  }
  return { toStore, toQuarantine };
}

/** Writes the page in one transaction and counts what each stored record did. */
async function storePage(
  run: ObjectRun,
  page: RawPage,
  last: Cursor | undefined,
  toStore: StoredRecord[],
  toQuarantine: QuarantineEntry[],
): Promise<PageCounts> {
  const { db, client, mapping } = run;
  // Stored records, quarantined records and the cursor move together or not at all.
  return db.transaction(async (tx) => {
    const k = { inserted: 0, updated: 0, deleted: 0, unchanged: 0, quarantined: toQuarantine.length };
    const outcomes = await upsertRecords(tx, toStore);
    outcomes.forEach((o, i) => {
      if (o === 'unchanged') k.unchanged++;
      else if (toStore[i]!.isDeleted) k.deleted++;
      else k[o]++;
    });
    await quarantineRecords(tx, toQuarantine);
    if (last) await writeCursor(tx, mapping.object, last);
    if (page.bulk) {
      const { jobId, nextLocator, receivedSoFar } = page.bulk;
      await saveBulkJob(tx, mapping.object, nextLocator ? { jobId, apiVersion: client.apiVersion, nextLocator, received: receivedSoFar, maxSeen: run.bulkMax } : undefined);
    }
    return k;
  });
}
