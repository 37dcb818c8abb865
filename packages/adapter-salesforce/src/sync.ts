import { requireOptions } from '@provvigo/core';
import type { Db, Queryable } from '@provvigo/store';
import type { SalesforceClient } from './client.js';
import { convertRecord } from './convert.js';
import { ProtocolError, RateLimitError, SalesforceError } from './errors.js';
import type { ObjectMapping, SalesforceConfig } from './mapping.js';
import { bulkQueryPages, restCount, restQueryPages, type RawPage } from './query.js';
import { syncDeletions } from './deletions.js';
import { defaultSleep } from './retry.js';
import { buildCountQuery, buildSyncQuery, type QueryWindow } from './soql.js';
import {
  migrateSalesforce,
  quarantineRecords,
  readBulkJob,
  readCursor,
  saveBulkJob,
  upsertRecords,
  writeCursor,
  type Cursor,
  type QuarantineEntry,
  type StoredRecord,
} from './store.js';

/** Lower bound of a full sync's window when a QUERY_TIMEOUT forces it to be split (older than any org's data). */
const FULL_SYNC_FLOOR = '2000-01-01T00:00:00.000Z';
/** Halvings of one object's window before a QUERY_TIMEOUT is given up on (26 years down to minutes is ~22). */
const MAX_SPLITS = 64;

export interface ObjectSyncReport {
  object: string;
  table: string;
  mode: 'rest' | 'bulk';
  full: boolean;
  soql: string;
  /** What the server announced (REST totalSize / Bulk numberRecordsProcessed). */
  expected: number;
  received: number;
  inserted: number;
  updated: number;
  deleted: number;
  /** Versions already stored (overlap re-reads, re-runs): stored nothing twice. */
  unchanged: number;
  quarantined: number;
  pages: number;
  /** Paging restarts after an expired query locator. */
  restarts: number;
  /** Times a QUERY_TIMEOUT split the time window in two. */
  splits: number;
  /** Stored records marked deleted from getDeleted (hard deletes, purged records) or a full reconciliation. */
  hardDeleted: number;
  fullReconciliation: boolean;
  /** Bulk job of an earlier, interrupted run whose remaining result pages this run read first. */
  resumedJob?: string;
  cursorBefore: Cursor | undefined;
  cursorAfter: Cursor | undefined;
  /** Set when the object's sync stopped; pages committed before it stay committed. */
  error?: SalesforceError;
}

export interface SyncProgress {
  object: string;
  page: number;
  received: number;
  expected: number;
  quarantined: number;
}

export interface SyncOptions {
  db: Db;
  client: SalesforceClient;
  /** Ignore the cursor and read everything (still idempotent). */
  full?: boolean;
  /** Only these objects (API names). */
  objects?: string[];
  /** Clock, injectable for tests. */
  now?: () => Date;
  /** Force a read path regardless of the mapping's mode. */
  mode?: 'rest' | 'bulk';
  bulkPollIntervalMs?: number;
  bulkPollTimeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
  onProgress?: (p: SyncProgress) => void;
}

/** `received = inserted + updated + deleted + unchanged + quarantined` must hold for every object. */
export function reconciles(r: ObjectSyncReport): boolean {
  return r.received === r.inserted + r.updated + r.deleted + r.unchanged + r.quarantined;
}

async function forceCursor(db: Queryable, object: string, cursor: Cursor | undefined): Promise<void> {
  if (cursor) {
    await db.query(
      `INSERT INTO sf_cursors (object, system_modstamp, last_id) VALUES ($1, $2, $3)
       ON CONFLICT (object) DO UPDATE SET system_modstamp = excluded.system_modstamp, last_id = excluded.last_id, updated_at = now()`,
      [object, cursor.systemModstamp, cursor.lastId],
    );
  } else {
    await db.query('DELETE FROM sf_cursors WHERE object = $1', [object]);
  }
}

/**
 * Syncs one object: reads the SystemModstamp window (cursor − overlap … now − lag) through REST or Bulk, converts
 * every record, and commits each page's stored records, quarantined records and the advanced cursor in ONE
 * transaction, so an interruption resumes from the last committed page with nothing lost or stored twice.
 */
export async function syncObject(config: SalesforceConfig, mapping: ObjectMapping, options: SyncOptions): Promise<ObjectSyncReport> {
  requireOptions('syncObject', options, ['db', 'client']);
  const { db, client } = options;
  const now = (options.now ?? (() => new Date()))();
  const full = options.full ?? false;
  const cursorBefore = await readCursor(db, mapping.object);
  let window: QueryWindow = {
    after: !full && cursorBefore ? new Date(Date.parse(cursorBefore.systemModstamp) - config.sync.overlapSeconds * 1000).toISOString() : undefined,
    upTo: new Date(now.getTime() - config.sync.lagSeconds * 1000).toISOString(),
  };
  const soql = buildSyncQuery(mapping, window);
  const bulkOptions = {
    scanAll: mapping.deletes,
    pageSize: mapping.bulkPageSize,
    pollIntervalMs: options.bulkPollIntervalMs ?? 2000,
    pollTimeoutMs: options.bulkPollTimeoutMs ?? 600_000,
    onPollTimeout: config.sync.bulkPollTimeout,
    sleep: options.sleep ?? defaultSleep,
  };
  const report: ObjectSyncReport = {
    object: mapping.object,
    table: mapping.table,
    mode: 'rest',
    full,
    soql,
    expected: 0,
    received: 0,
    inserted: 0,
    updated: 0,
    deleted: 0,
    unchanged: 0,
    quarantined: 0,
    pages: 0,
    restarts: 0,
    splits: 0,
    hardDeleted: 0,
    fullReconciliation: false,
    cursorBefore,
    cursorAfter: cursorBefore,
  };
  let bulkMax: Cursor | undefined;
  /** Commits one page: stored records, quarantined records, the cursor (and a Bulk job's locator) in one transaction. */
  const commitPage = async (page: RawPage, expectedBase: number): Promise<void> => {
    report.pages++;
    report.expected = expectedBase + page.expectedTotal;
    report.received += page.records.length;
    const converted = page.records.map((raw) => ({ raw, c: convertRecord(mapping, raw, page.flat) }));
    let last: Cursor | undefined = page.bulk ? bulkMax : undefined;
    for (const { c } of converted) {
      if (!c.systemModstamp.endsWith('Z')) continue; // unparseable stamp: quarantined, not a resume point
      if (!last || c.systemModstamp > last.systemModstamp || (c.systemModstamp === last.systemModstamp && c.id > last.lastId)) {
        last = { systemModstamp: c.systemModstamp, lastId: c.id };
      }
    }
    if (page.bulk) {
      // Bulk results are unordered: the cursor may only move once the whole job has been read
      bulkMax = last;
      if (page.bulk.nextLocator !== null) last = undefined;
    }
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
          id: c.id || `(no Id, page ${report.pages})`,
          systemModstamp: c.systemModstamp,
          field: c.issues[0]?.field ?? null,
          reason: c.issues.map((i) => i.reason).join('; '),
          raw,
        });
      }
    }
    // Stored records, quarantined records and the cursor move together or not at all.
    const counts = await db.transaction(async (tx) => {
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
        await saveBulkJob(tx, mapping.object, nextLocator ? { jobId, apiVersion: client.apiVersion, nextLocator, received: receivedSoFar, maxSeen: bulkMax } : undefined);
      }
      return k;
    });
    report.inserted += counts.inserted;
    report.updated += counts.updated;
    report.deleted += counts.deleted;
    report.unchanged += counts.unchanged;
    report.quarantined += counts.quarantined;
    if (last) report.cursorAfter = last;
    options.onProgress?.({ object: mapping.object, page: report.pages, received: report.received, expected: report.expected, quarantined: report.quarantined });
  };

  try {
    // An unfinished Bulk download from an earlier run is read to its end first, from its saved locator.
    const saved = await readBulkJob(db, mapping.object);
    if (saved && saved.apiVersion === client.apiVersion) {
      try {
        bulkMax = saved.maxSeen;
        const resumed = bulkQueryPages(client, '', {
          ...bulkOptions,
          resume: { jobId: saved.jobId, locator: saved.nextLocator || null, receivedSoFar: saved.received },
        });
        for await (const page of resumed) await commitPage(page, report.received - saved.received);
        report.resumedJob = saved.jobId;
        // The window now starts from where the resumed job left the cursor, so its records are not read again.
        const cursor = await readCursor(db, mapping.object);
        if (!full && cursor) {
          window = { ...window, after: new Date(Date.parse(cursor.systemModstamp) - config.sync.overlapSeconds * 1000).toISOString() };
        }
      } catch (error) {
        // The job expired (7 days), was deleted or failed: the record cursor still covers everything it held.
        const gone =
          error instanceof SalesforceError &&
          (error.status === 404 || error.errorCode === 'BULK_JOB_ABORTED' || (error.kind === 'remote' && /job \S+ (Failed|Aborted)/.test(error.message)));
        if (!gone) throw error;
        await saveBulkJob(db, mapping.object, undefined);
      }
    } else if (saved) {
      await saveBulkJob(db, mapping.object, undefined); // results must be read with the job's API version
    }
    let mode = options.mode ?? (mapping.mode === 'auto' ? undefined : mapping.mode);
    if (mode === undefined) {
      const count = await restCount(client, buildCountQuery(mapping, window));
      mode = count > mapping.bulkThreshold ? 'bulk' : 'rest';
    }
    report.mode = mode;
    const ordered = mode === 'rest';
    report.soql = buildSyncQuery(mapping, window, { ordered });
    const segments: QueryWindow[] = [window];
    while (segments.length > 0) {
      const segment = segments.shift()!;
      let segmentSoql = buildSyncQuery(mapping, segment, { ordered });
      for (;;) {
        const receivedBefore = report.received;
        try {
          bulkMax = undefined;
          const pages: AsyncGenerator<RawPage> =
            mode === 'bulk'
              ? bulkQueryPages(client, segmentSoql, {
                  ...bulkOptions,
                  // recorded at once, so a poll timeout or a crash before the first page resumes this job
                  onCreated: (job) => saveBulkJob(db, mapping.object, { jobId: job.id, apiVersion: client.apiVersion, nextLocator: '', received: 0 }),
                })
              : restQueryPages(client, segmentSoql, { scanAll: mapping.deletes });
          for await (const page of pages) await commitPage(page, receivedBefore);
          break;
        } catch (error) {
          const code = error instanceof SalesforceError ? error.errorCode : undefined;
          // where this segment's unread records start: the last committed REST record, else the segment's start
          const resumeFrom = ordered && report.cursorAfter && report.cursorAfter !== cursorBefore && (segment.after === undefined || report.cursorAfter.systemModstamp >= segment.after)
            ? new Date(Date.parse(report.cursorAfter.systemModstamp) - config.sync.overlapSeconds * 1000).toISOString()
            : segment.after;
          if (code === 'QUERY_TIMEOUT' && report.splits < MAX_SPLITS) {
            // Salesforce advises narrowing a query that times out: read the window in two halves
            if (mode === 'bulk') await saveBulkJob(db, mapping.object, undefined);
            const from = Date.parse(resumeFrom ?? FULL_SYNC_FLOOR);
            const to = Date.parse(segment.upTo);
            if (to - from < 2000) throw error;
            const mid = new Date(from + Math.floor((to - from) / 2)).toISOString();
            report.splits++;
            report.expected = report.received;
            segments.unshift({ after: resumeFrom ?? FULL_SYNC_FLOOR, upTo: mid }, { after: mid, upTo: segment.upTo });
            break;
          }
          // an aborted job cannot be resumed: forget it, so the next run queries the window again
          if (code === 'BULK_JOB_ABORTED') await saveBulkJob(db, mapping.object, undefined);
          // INVALID_QUERY_LOCATOR (an expired query cursor) restarts paging from the last committed record cursor
          if (code !== 'INVALID_QUERY_LOCATOR' || report.restarts >= 3) throw error;
          report.restarts++;
          // the records not yet received are read by the new query; `expected` becomes received + its total
          report.expected = report.received;
          segmentSoql = buildSyncQuery(mapping, { after: resumeFrom, upTo: segment.upTo }, { ordered });
        }
      }
    }
    if (mapping.deletes) {
      const d = await syncDeletions(client, db, mapping, { from: cursorBefore?.systemModstamp, upTo: window.upTo, now });
      report.hardDeleted = d.deleted;
      report.fullReconciliation = d.fullReconciliation;
    }
  } catch (error) {
    const err = error instanceof SalesforceError ? error : new ProtocolError(`${mapping.object}: ${(error as Error).message}`, { cause: error });
    if (err instanceof ProtocolError && /received \d+ records but/.test(err.message)) {
      // The totals did not reconcile: records may be missing in the middle, so the cursor goes back to where
      // this run started and the next run reads the window again (idempotently).
      await forceCursor(db, mapping.object, cursorBefore);
      await saveBulkJob(db, mapping.object, undefined);
      report.cursorAfter = cursorBefore;
    }
    report.error = err;
  }
  return report;
}

/** Syncs every configured object (or the chosen ones). Auth and API-limit errors stop the whole sync. */
export async function syncSalesforce(config: SalesforceConfig, options: SyncOptions): Promise<ObjectSyncReport[]> {
  requireOptions('syncSalesforce', options, ['db', 'client']);
  await migrateSalesforce(options.db);
  const reports: ObjectSyncReport[] = [];
  for (const mapping of config.objects) {
    if (options.objects && !options.objects.includes(mapping.object)) continue;
    const report = await syncObject(config, mapping, options);
    reports.push(report);
    if (report.error && (report.error.kind === 'auth' || (report.error instanceof RateLimitError && report.error.daily))) break;
  }
  return reports;
}

export interface ReprocessReport {
  object: string;
  examined: number;
  stored: number;
  stillQuarantined: number;
}

/**
 * Re-runs the (fixed) mapping over the raw records kept in quarantine, without calling Salesforce: records that now
 * convert are stored (same idempotent upsert) and leave the quarantine; the others keep their refreshed reason.
 */
export async function reprocessQuarantine(db: Db, config: SalesforceConfig): Promise<ReprocessReport[]> {
  await migrateSalesforce(db);
  const reports: ReprocessReport[] = [];
  for (const mapping of config.objects) {
    const report: ReprocessReport = { object: mapping.object, examined: 0, stored: 0, stillQuarantined: 0 };
    await db.transaction(async (tx) => {
      const { rows } = await tx.query<{ id: string; system_modstamp: string; raw: Record<string, unknown> }>(
        'SELECT id, system_modstamp, raw FROM sf_quarantine WHERE object = $1 ORDER BY id, system_modstamp FOR UPDATE',
        [mapping.object],
      );
      report.examined = rows.length;
      const toStore: StoredRecord[] = [];
      const still: QuarantineEntry[] = [];
      for (const row of rows) {
        // Bulk rows were flat CSV objects (dotted keys, string values); REST rows carry `attributes`.
        const flat = !('attributes' in row.raw);
        const c = convertRecord(mapping, row.raw, flat);
        if (c.ok) {
          toStore.push({ object: mapping.object, id: c.id, table: mapping.table, systemModstamp: c.systemModstamp, isDeleted: c.isDeleted, partner: c.partner, data: c.data });
        } else {
          still.push({ object: mapping.object, id: row.id, systemModstamp: row.system_modstamp, field: c.issues[0]?.field ?? null, reason: c.issues.map((i) => i.reason).join('; '), raw: row.raw });
        }
      }
      await upsertRecords(tx, toStore);
      // A stored newer version already superseded some; either way these quarantine entries are resolved.
      for (const r of toStore) {
        await tx.query('DELETE FROM sf_quarantine WHERE object = $1 AND id = $2 AND system_modstamp <= $3', [r.object, r.id, r.systemModstamp]);
      }
      await quarantineRecords(tx, still);
      report.stored = toStore.length;
      report.stillQuarantined = still.length;
    });
    reports.push(report);
  }
  return reports;
}
