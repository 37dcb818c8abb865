import { parse as parseCsv } from 'csv-parse/sync';
import { ownRecord } from '@provvigo/core';
import { z } from 'zod';
import { parseJsonBody, type SalesforceClient } from './client.js';
import { ProtocolError, RemoteError, TransientError } from './errors.js';

/** One page of records as it came from Salesforce, with what the protocol said about the total. */
export interface RawPage {
  records: Record<string, unknown>[];
  /** true for Bulk CSV rows (dotted headers, string values). */
  flat: boolean;
  /** Total the server announced for the whole query (REST totalSize, Bulk numberRecordsProcessed). */
  expectedTotal: number;
  /** Bulk only: where this page leaves the job, so an interrupted download can resume from it. */
  bulk?: { jobId: string; nextLocator: string | null; receivedSoFar: number };
}

const RecordSchema = ownRecord(z.string(), z.unknown());

/** Every REST query page is validated: totalSize, done, records, and nextRecordsUrl whenever done is false. */
export const QueryPageSchema = z
  .object({
    totalSize: z.number().int().min(0),
    done: z.boolean(),
    nextRecordsUrl: z.string().optional(),
    records: z.array(RecordSchema),
  })
  .refine((p) => p.done || typeof p.nextRecordsUrl === 'string', { message: 'nextRecordsUrl is required when done is false', path: ['nextRecordsUrl'] });

export type QueryPage = z.infer<typeof QueryPageSchema>;

/**
 * Our own paging over the REST query API (never jsforce autoFetch, which stops silently at maxFetch): follow
 * nextRecordsUrl until done, then check that the records received match totalSize.
 */
export async function* restQueryPages(client: SalesforceClient, soql: string, options: { scanAll: boolean }): AsyncGenerator<RawPage> {
  const resource = options.scanAll ? 'queryAll' : 'query';
  let path: string | undefined = `${client.basePath}/${resource}?q=${encodeURIComponent(soql)}`;
  let totalSize: number | undefined;
  let received = 0;
  let pageNo = 0;
  while (path !== undefined) {
    pageNo++;
    const page: QueryPage = await client.getJson(path, QueryPageSchema, `${resource} page ${pageNo}`);
    if (totalSize === undefined) totalSize = page.totalSize;
    else if (page.totalSize !== totalSize) {
      throw new ProtocolError(`${resource} page ${pageNo}: totalSize changed from ${totalSize} to ${page.totalSize}`);
    }
    received += page.records.length;
    yield { records: page.records, flat: false, expectedTotal: page.totalSize };
    if (page.done) break;
    const next: string = page.nextRecordsUrl ?? '';
    if (!next.startsWith(`${client.basePath}/query/`) && !next.startsWith(`${client.basePath}/queryAll/`)) {
      throw new ProtocolError(`${resource} page ${pageNo}: nextRecordsUrl ${next} is not under ${client.basePath}`);
    }
    path = next;
  }
  if (totalSize !== undefined && received !== totalSize) {
    throw new ProtocolError(`${resource}: received ${received} records but totalSize was ${totalSize}`);
  }
}

/** `SELECT COUNT() …` returns its answer in totalSize. */
export async function restCount(client: SalesforceClient, soql: string): Promise<number> {
  const page = await client.getJson(`${client.basePath}/query?q=${encodeURIComponent(soql)}`, QueryPageSchema, 'count query');
  return page.totalSize;
}

export const JobInfoSchema = z
  .object({
    id: z.string().min(1),
    state: z.enum(['UploadComplete', 'InProgress', 'Aborted', 'JobComplete', 'Failed']),
    operation: z.string().optional(),
    object: z.string().optional(),
    apiVersion: z.union([z.number(), z.string()]).optional(),
    numberRecordsProcessed: z.number().int().min(0).optional(),
    errorMessage: z.string().nullable().optional(),
  })
  .passthrough();
export type JobInfo = z.infer<typeof JobInfoSchema>;

export interface BulkOptions {
  scanAll: boolean;
  /** maxRecords per results page. */
  pageSize?: number | undefined;
  pollIntervalMs: number;
  /** Give up polling after this long; `onPollTimeout` says what happens to the job. */
  pollTimeoutMs: number;
  /** resume (default): leave the job running for the next run; abort: PATCH it to Aborted (Bulk API 2.0 "Abort a Query Job"). */
  onPollTimeout?: 'resume' | 'abort';
  sleep: (ms: number) => Promise<void>;
  onJob?: (job: JobInfo) => void;
  /** Called once a new job exists, before polling: the caller records it so a later run can resume it. */
  onCreated?: (job: JobInfo) => Promise<void>;
  /** Resume an existing job's results from a saved locator (results stay readable while the job exists, 7 days). */
  resume?: { jobId: string; locator: string | null; receivedSoFar: number };
}

/**
 * Aborts a Bulk API 2.0 query job: `PATCH /jobs/query/{id}` with `{"state":"Aborted"}` (only UploadComplete and
 * InProgress jobs can be aborted). A job that completed meanwhile cannot be aborted: its info is returned instead.
 */
export async function abortBulkJob(client: SalesforceClient, jobId: string): Promise<JobInfo> {
  const path = `${client.basePath}/jobs/query/${jobId}`;
  const what = `bulk query job ${jobId} abort`;
  return client.withRetry(what, async () => {
    try {
      return parseJsonBody(await client.sendOnceChecked('PATCH', path, { state: 'Aborted' }, what), JobInfoSchema, what);
    } catch (error) {
      if (!(error instanceof RemoteError)) throw error; // transient and protocol errors are retried
      // refused (e.g. the job is no longer UploadComplete/InProgress): a finished job is not an error
      const info = await client.getJson(path, JobInfoSchema, `${what} (state check)`);
      if (info.state === 'JobComplete' || info.state === 'Aborted' || info.state === 'Failed') return info;
      throw error;
    }
  });
}

/**
 * Bulk API 2.0 query with our own loop (jsforce's bulk2.query breaks on multi-page results): create the job, poll
 * until JobComplete, then read the results page by page following the Sforce-Locator header until it is "null".
 * Each page's row count must match Sforce-NumberOfRecords; the grand total must match numberRecordsProcessed.
 */
export async function* bulkQueryPages(client: SalesforceClient, soql: string, options: BulkOptions): AsyncGenerator<RawPage> {
  const jobs = `${client.basePath}/jobs/query`;
  const created = options.resume
    ? await client.getJson(`${jobs}/${options.resume.jobId}`, JobInfoSchema, `bulk query job ${options.resume.jobId} (resume)`)
    : await client.postJson(jobs, { operation: options.scanAll ? 'queryAll' : 'query', query: soql }, JobInfoSchema, 'bulk query job create');
  options.onJob?.(created);
  if (!options.resume) await options.onCreated?.(created);
  let job = created;
  let waited = 0;
  while (job.state !== 'JobComplete') {
    if (job.state === 'Failed' || job.state === 'Aborted') {
      // e.g. "QUERY_TIMEOUT: …": the leading code lets the caller react (split the window)
      const errorCode = /^([A-Z][A-Z_]+)\b/.exec(job.errorMessage ?? '')?.[1];
      throw new RemoteError(`bulk query job ${job.id} ${job.state}${job.errorMessage ? `: ${job.errorMessage}` : ''}`, { errorCode });
    }
    if (waited >= options.pollTimeoutMs) {
      if (options.onPollTimeout === 'abort') {
        const aborted = await abortBulkJob(client, job.id);
        if (aborted.state === 'JobComplete') {
          // it finished between the last poll and the abort: nothing to abort, read its results now
          job = aborted;
          continue;
        }
        throw new TransientError(`bulk query job ${job.id} still ${job.state} after ${options.pollTimeoutMs} ms; aborted it, the next run queries the window again`, {
          errorCode: 'BULK_JOB_ABORTED',
        });
      }
      throw new TransientError(`bulk query job ${job.id} still ${job.state} after ${options.pollTimeoutMs} ms; the next run resumes it`, { errorCode: 'BULK_POLL_TIMEOUT' });
    }
    await options.sleep(options.pollIntervalMs);
    waited += options.pollIntervalMs;
    job = await client.getJson(`${jobs}/${job.id}`, JobInfoSchema, `bulk query job ${created.id} poll`);
  }
  const expectedTotal = job.numberRecordsProcessed;
  if (expectedTotal === undefined) throw new ProtocolError(`bulk query job ${job.id}: JobComplete without numberRecordsProcessed`);
  let locator: string | undefined = options.resume?.locator ?? undefined;
  let received = options.resume?.receivedSoFar ?? 0;
  let pageNo = 0;
  for (;;) {
    pageNo++;
    const params = new URLSearchParams();
    if (options.pageSize) params.set('maxRecords', String(options.pageSize));
    if (locator) params.set('locator', locator);
    const qs = params.toString();
    const what = `bulk query job ${job.id} results page ${pageNo}`;
    const { rows, next } = await client.withRetry(what, async () => {
      const res = await client.sendOnceChecked('GET', `${jobs}/${job.id}/results${qs ? `?${qs}` : ''}`, undefined, what);
      const contentType = res.headers['content-type'] ?? '';
      if (!/text\/csv/i.test(contentType)) throw new ProtocolError(`${what}: expected text/csv, got ${contentType || 'no content type'}`);
      const announced = Number(res.headers['sforce-numberofrecords']);
      const nextLocator = res.headers['sforce-locator'];
      if (!Number.isInteger(announced) || nextLocator === undefined) {
        throw new ProtocolError(`${what}: missing Sforce-NumberOfRecords or Sforce-Locator header`);
      }
      let parsed: Record<string, string>[];
      try {
        parsed = res.body.trim() === '' ? [] : (parseCsv(res.body, { columns: true, skip_empty_lines: true, bom: true }) as Record<string, string>[]);
      } catch (cause) {
        throw new ProtocolError(`${what}: malformed CSV (${(cause as Error).message})`, { cause });
      }
      if (parsed.length !== announced) {
        throw new ProtocolError(`${what}: ${parsed.length} CSV rows but Sforce-NumberOfRecords says ${announced} (truncated page?)`);
      }
      return { rows: parsed, next: nextLocator };
    });
    received += rows.length;
    const done = next === 'null' || next === '';
    yield { records: rows, flat: true, expectedTotal, bulk: { jobId: job.id, nextLocator: done ? null : next, receivedSoFar: received } };
    if (done) break;
    locator = next;
  }
  if (received !== expectedTotal) {
    throw new ProtocolError(`bulk query job ${job.id}: received ${received} records but numberRecordsProcessed was ${expectedTotal}`);
  }
}
