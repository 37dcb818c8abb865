/**
 * Reading an object's window through REST or Bulk, committing each page as it arrives: the sync query's, and the
 * parent-change pass's (parentChanges.ts). A QUERY_TIMEOUT splits the window in two halves (as Salesforce advises,
 * splitWindow.ts), an expired query locator restarts paging from the last committed record (the sync query's REST
 * pages) or the segment's start; anything else stops the read with the error.
 */
import { commitPage } from './commitPage.js';
import { SalesforceError } from './errors.js';
import { overlapStart, type ObjectRun } from './objectRun.js';
import { bulkQueryPages, restCount, restQueryPages, type RawPage } from './query.js';
import { buildCountQuery, buildSyncQuery, type QueryWindow } from './soql.js';
import { isQueryTimeout, readBySegments, splitTimedOut } from './splitWindow.js';
import { saveBulkJob } from './store.js';

export type ReadMode = 'rest' | 'bulk';

/** What a failed segment read becomes: two halves read in its place, or the same segment's paging restarted. */
type Recovery = { split: [QueryWindow, QueryWindow] } | { restartSoql: string };

/** The read path: forced by the options or the mapping, else Bulk when the window holds more than the threshold. */
export async function chooseMode(run: ObjectRun, window: QueryWindow): Promise<ReadMode> {
  const { options, mapping, client } = run;
  let mode = options.mode ?? (mapping.mode === 'auto' ? undefined : mapping.mode);
  if (mode === undefined) {
    const count = await restCount(client, buildCountQuery(mapping, window));
    mode = count > mapping.bulkThreshold ? 'bulk' : 'rest';
  }
  return mode;
}

/**
 * What `readWindow` reads: the sync query over the object's own SystemModstamp window, read through `mode`, or
 * `through` a relationship the records whose parent changed in the window (parentChanges.ts), always through REST:
 * a Bulk job is saved and resumed as the sync query's, whose records move the cursor. `refreshed` hears of the
 * stored versions the pass rewrote with the parent's new values.
 */
export type WindowRead =
  | { mode: ReadMode; through?: undefined }
  | { mode: 'rest'; through: string; refreshed: (ids: string[]) => void };

/** One read's QUERY_TIMEOUT splits and locator restarts so far: each query has its own MAX_SPLITS and restarts. */
type ReadState = { splits: number; restarts: number };

/** The query of a segment: ordered for REST, so that a page boundary of the sync query is a resume point. */
function segmentQuery(run: ObjectRun, read: WindowRead, segment: QueryWindow): string {
  return buildSyncQuery(run.mapping, segment, { ordered: read.mode === 'rest' && read.through === undefined, through: read.through });
}

/**
 * How a read's pages are committed: the sync query's move the cursor; the parent-change pass's do not, and may
 * rewrite a stored version whose columns read through the changed parent differ (commitPage.ts).
 */
function pageOptions(read: WindowRead): { cursor: boolean; refreshed?: (ids: string[]) => void } {
  return read.through === undefined ? { cursor: true } : { cursor: false, refreshed: read.refreshed };
}

/** Reads the whole window, segment by segment (one segment unless a QUERY_TIMEOUT split it). */
export async function readWindow(run: ObjectRun, window: QueryWindow, read: WindowRead): Promise<void> {
  const { report } = run;
  const state: ReadState = { splits: 0, restarts: 0 };
  await readBySegments(window, async (segment) => {
    let segmentSoql = segmentQuery(run, read, segment);
    for (;;) {
      const receivedBefore = report.received;
      try {
        run.bulkMax = undefined;
        for await (const page of openPages(run, read.mode, segmentSoql)) await commitPage(run, page, receivedBefore, pageOptions(read));
        return undefined;
      } catch (error) {
        const recovery = await recover(run, error, segment, read, state);
        if ('split' in recovery) return recovery.split;
        segmentSoql = recovery.restartSoql;
      }
    }
  });
}

/** The pages of one query; a new Bulk job is recorded as soon as it exists. */
function openPages(run: ObjectRun, mode: ReadMode, soql: string): AsyncGenerator<RawPage> {
  const { db, client, mapping } = run;
  return mode === 'bulk'
    ? bulkQueryPages(client, soql, {
        ...run.bulkOptions,
        // recorded at once, so a poll timeout or a crash before the first page resumes this job
        onCreated: (job) => saveBulkJob(db, mapping.object, { jobId: job.id, apiVersion: client.apiVersion, nextLocator: '', received: 0 }),
      })
    : restQueryPages(client, soql, { scanAll: mapping.deletes });
}

/** Decides how a segment's failed read goes on, updating the report; throws the error when it cannot go on. */
async function recover(run: ObjectRun, error: unknown, segment: QueryWindow, read: WindowRead, state: ReadState): Promise<Recovery> {
  const { config, db, mapping, report } = run;
  const code = error instanceof SalesforceError ? error.errorCode : undefined;
  // where this segment's unread records start: the last committed REST record of the sync query (its pages are
  // ordered by SystemModstamp), else the segment's start
  const resumable = read.mode === 'rest' && read.through === undefined;
  const resumeFrom = resumable && report.cursorAfter && report.cursorAfter !== report.cursorBefore && (segment.after === undefined || report.cursorAfter.systemModstamp >= segment.after)
    ? overlapStart(config, report.cursorAfter.systemModstamp)
    : segment.after;
  if (isQueryTimeout(error)) {
    // a failed job cannot be resumed: forget it, whether the segment is split or given up on
    if (read.mode === 'bulk') await saveBulkJob(db, mapping.object, undefined);
    // the segment's unread part, in two halves
    const split = splitTimedOut(mapping.object, 'sync', { after: resumeFrom, upTo: segment.upTo }, state.splits, error, read.through);
    state.splits++;
    report.splits++;
    report.expected = report.received;
    return { split };
  }
  // an aborted job cannot be resumed: forget it, so the next run queries the window again
  if (code === 'BULK_JOB_ABORTED') await saveBulkJob(db, mapping.object, undefined);
  // INVALID_QUERY_LOCATOR (an expired query cursor) restarts paging from the last committed record cursor
  if (code !== 'INVALID_QUERY_LOCATOR' || state.restarts >= 3) throw error;
  state.restarts++;
  report.restarts++;
  // the records not yet received are read by the new query; `expected` becomes received + its total
  report.expected = report.received;
  return { restartSoql: segmentQuery(run, read, { after: resumeFrom, upTo: segment.upTo }) };
}
