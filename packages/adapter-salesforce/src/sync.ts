import { errorTexts, requireOptions } from '@provvigo/core';
import type { Db, Queryable } from '@provvigo/store';
import type { SalesforceClient } from './client.js';
import { commitRecords, type PageRecord } from './commitPage.js';
import { convertRecord } from './convert.js';
import { objectChoiceProblem } from './objectChoice.js';
import { ConfigError, ProtocolError, RateLimitError, SalesforceError } from './errors.js';
import { objectTimeZone, type ObjectMapping, type SalesforceConfig } from './mapping.js';
import { syncDeletions } from './deletions.js';
import { describer } from './describe.js';
import { syncFilterExits, type FilterExit } from './filterExits.js';
import { overlapStart, type ObjectRun } from './objectRun.js';
import { followedParents, syncParentChanges, type ParentChange } from './parentChanges.js';
import { chooseMode, readWindow } from './readWindow.js';
import { resumeBulkJob } from './resumeBulkJob.js';
import { defaultSleep } from './retry.js';
import { buildSyncQuery, type QueryWindow } from './soql.js';
import { hasLiveRecords, migrateSalesforce, readCursor, saveBulkJob, type Cursor } from './store.js';

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
  /** Times a QUERY_TIMEOUT split a time window in two (the sync query's or the filter-exit query's). */
  splits: number;
  /** Stored records marked deleted from getDeleted (hard deletes, purged records) or a full reconciliation. */
  hardDeleted: number;
  /**
   * Stored records taken out of the fact table because they no longer match the mapping's filter (read by a query
   * of their own, so apart from `received`, like `hardDeleted`); `exclusions` names each with its reason.
   */
  excluded: number;
  exclusions: FilterExit[];
  /**
   * For a filter on a parent's field (`Partner__r.Active__c`) or a column read through a parent
   * (`Partner__r.Partner_Code__c`), one entry per relationship: the records read again because their parent changed
   * in the window (their own SystemModstamp did not), counted in `received` and the stored counts too, those of them
   * stored with the parent's new values (in `updated` too), and those taken out of the table (in `excluded` and
   * `exclusions` too).
   */
  parentChanges: ParentChange[];
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
  /** Only these objects (API names, each a mapped object: `objectChoiceProblem`). */
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
    after: !full && cursorBefore ? overlapStart(config, cursorBefore.systemModstamp) : undefined,
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
    excluded: 0,
    exclusions: [],
    parentChanges: [],
    fullReconciliation: false,
    cursorBefore,
    cursorAfter: cursorBefore,
  };
  const run: ObjectRun = { config, mapping, options, db, client, full, bulkOptions, report, parents: new Map(), bulkMax: undefined };

  // Records can only leave the filter if some were stored before this run (else the exit query would list every
  // other record of the org); they are looked for over the whole window, including what a resumed Bulk job covers.
  const exitWindow = mapping.filter && (await hasLiveRecords(db, mapping.object)) ? window : undefined;
  try {
    // What the filter and the columns read through parents, their formula fields' too (from describe): a mapping
    // whose formulas the sync cannot follow is refused here, before any data moves.
    run.parents = await followedParents(mapping, describer(client));
    // Children of those parents that changed in the window; not on a full read, which reads every record with its
    // parents as they are now (and its exit query every record out of the filter).
    const parentWindow = window.after !== undefined && run.parents.size > 0 ? window : undefined;
    // An unfinished Bulk download from an earlier run is read to its end first, from its saved locator.
    window = await resumeBulkJob(run, window);
    const mode = await chooseMode(run, window);
    report.mode = mode;
    report.soql = buildSyncQuery(mapping, window, { ordered: mode === 'rest' });
    await readWindow(run, window, { mode });
    if (exitWindow) await rewindOnFailure(run, cursorBefore, () => syncFilterExits(run, { after: exitWindow.after, upTo: window.upTo }));
    if (parentWindow) await rewindOnFailure(run, cursorBefore, () => syncParentChanges(run, parentWindow, { exits: exitWindow !== undefined }));
    if (mapping.deletes) {
      const d = await syncDeletions(client, db, mapping, { from: cursorBefore?.systemModstamp, upTo: window.upTo, now });
      report.hardDeleted = d.deleted;
      report.fullReconciliation = d.fullReconciliation;
    }
  } catch (error) {
    const err = error instanceof SalesforceError ? error : unexpected(mapping.object, error);
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

/**
 * A phase that reads the window again after the sync query: the filter exits, the children of changed parents. When
 * it cannot read all of it, the cursor goes back to where the run started: the records read moved it past the
 * window, and the next run's queries, which start at the cursor, would never look at these records again (a
 * Terminated contract, or one of a deactivated partner, would stay in the fact table for ever).
 */
async function rewindOnFailure(run: ObjectRun, cursorBefore: Cursor | undefined, phase: () => Promise<void>): Promise<void> {
  try {
    await phase();
  } catch (error) {
    await forceCursor(run.db, run.mapping.object, cursorBefore);
    run.report.cursorAfter = cursorBefore;
    throw error;
  }
}

/** Anything else that stopped an object's sync (the store refusing a write…), as a ProtocolError naming the object; its text in both languages when it had them. */
function unexpected(object: string, error: unknown): ProtocolError {
  const text = errorTexts(error);
  return new ProtocolError({ en: `${object}: ${text.en}`, it: `${object}: ${text.it}` }, { cause: error });
}

/** Syncs every configured object (or the chosen ones). Auth and API-limit errors stop the whole sync. */
export async function syncSalesforce(config: SalesforceConfig, options: SyncOptions): Promise<ObjectSyncReport[]> {
  requireOptions('syncSalesforce', options, ['db', 'client']);
  const problem = options.objects && objectChoiceProblem(config, options.objects);
  if (problem) throw new ConfigError({ en: `objects: ${problem.en}`, it: `objects: ${problem.it}` });
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
  for (const mapping of config.objects) reports.push(await db.transaction((tx) => reprocessObject(tx, mapping, objectTimeZone(config, mapping))));
  return reports;
}

type QuarantineRow = { id: string; system_modstamp: string; raw: Record<string, unknown> };

/** Commits one object's quarantined records again, the way a sync commits a page. */
async function reprocessObject(tx: Queryable, mapping: ObjectMapping, timeZone: string): Promise<ReprocessReport> {
  const { rows } = await tx.query<QuarantineRow>(
    'SELECT id, system_modstamp, raw FROM sf_quarantine WHERE object = $1 ORDER BY id, system_modstamp FOR UPDATE',
    [mapping.object],
  );
  const records = rows.map((row) => quarantinedRecord(mapping, row, timeZone));
  // Before the commit, which writes back the entries that still fail: an older version that still fails stays
  // quarantined even when a newer one now converts.
  await resolveQuarantine(tx, mapping.object, records.filter((r) => r.c.ok));
  // Only records that now convert are stored: a deleted record is stored as a tombstone when read, never quarantined.
  const counts = await commitRecords(tx, mapping, records, { tombstones: false });
  return { object: mapping.object, examined: rows.length, stored: rows.length - counts.quarantined, stillQuarantined: counts.quarantined };
}

/** A quarantined record, converted again; it keeps the key it is quarantined under (records without an Id have one). */
function quarantinedRecord(mapping: ObjectMapping, row: QuarantineRow, timeZone: string): PageRecord {
  // Bulk rows were flat CSV objects (dotted keys, string values); REST rows carry `attributes`.
  const flat = !Object.hasOwn(row.raw, 'attributes');
  return { raw: row.raw, c: convertRecord(mapping, row.raw, flat, timeZone), quarantineKey: { id: row.id, systemModstamp: row.system_modstamp } };
}

/** Clears the entries that records about to be stored resolve: their own and older versions', even when the upsert finds a newer version stored. */
async function resolveQuarantine(tx: Queryable, object: string, stored: PageRecord[]): Promise<void> {
  for (const { c } of stored) {
    await tx.query('DELETE FROM sf_quarantine WHERE object = $1 AND id = $2 AND system_modstamp <= $3', [object, c.id, c.systemModstamp]);
  }
}
