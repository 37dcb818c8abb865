/**
 * Resuming an unfinished Bulk download of an earlier run (a poll timeout, a crash): its remaining result pages are
 * read first, from the saved locator, instead of losing the job or creating a second one over the same window.
 */
import { commitPage } from './commitPage.js';
import { SalesforceError } from './errors.js';
import { overlapStart, type ObjectRun } from './objectRun.js';
import { bulkQueryPages } from './query.js';
import type { QueryWindow } from './soql.js';
import { readBulkJob, readCursor, saveBulkJob } from './store.js';

/** Reads the saved job (if any) to its end; returns the window left to read, which starts after the job's records. */
export async function resumeBulkJob(run: ObjectRun, window: QueryWindow): Promise<QueryWindow> {
  const { db, client, mapping, report } = run;
  const saved = await readBulkJob(db, mapping.object);
  if (saved && saved.apiVersion === client.apiVersion) {
    try {
      run.bulkMax = saved.maxSeen;
      const resumed = bulkQueryPages(client, '', {
        ...run.bulkOptions,
        resume: { jobId: saved.jobId, locator: saved.nextLocator || null, receivedSoFar: saved.received },
      });
      for await (const page of resumed) await commitPage(run, page, report.received - saved.received);
      report.resumedJob = saved.jobId;
      // The window now starts from where the resumed job left the cursor, so its records are not read again.
      const cursor = await readCursor(db, mapping.object);
      if (!run.full && cursor) return { ...window, after: overlapStart(run.config, cursor.systemModstamp) };
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
  return window;
}
