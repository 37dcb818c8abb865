import { parse as parseCsv } from 'csv-parse/sync';
import { ownRecord, type BothLanguages } from '@provvigo/core';
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
    const what = { en: `${resource} page ${pageNo}`, it: `${resource}, pagina ${pageNo}` };
    const page: QueryPage = await client.getJson(path, QueryPageSchema, what);
    if (totalSize === undefined) totalSize = page.totalSize;
    else if (page.totalSize !== totalSize) {
      throw new ProtocolError({
        en: `${what.en}: totalSize changed from ${totalSize} to ${page.totalSize}`,
        it: `${what.it}: totalSize è cambiato da ${totalSize} a ${page.totalSize}`,
      });
    }
    received += page.records.length;
    yield { records: page.records, flat: false, expectedTotal: page.totalSize };
    if (page.done) break;
    const next: string = page.nextRecordsUrl ?? '';
    if (!next.startsWith(`${client.basePath}/query/`) && !next.startsWith(`${client.basePath}/queryAll/`)) {
      throw new ProtocolError({
        en: `${what.en}: nextRecordsUrl ${next} is not under ${client.basePath}`,
        it: `${what.it}: nextRecordsUrl ${next} non è un percorso sotto ${client.basePath}`,
      });
    }
    path = next;
  }
  if (totalSize !== undefined && received !== totalSize) {
    throw new ProtocolError({
      en: `${resource}: received ${received} records but totalSize was ${totalSize}`,
      it: `${resource}: ricevuti ${received} record ma totalSize era ${totalSize}`,
    });
  }
}

/** `SELECT COUNT() …` returns its answer in totalSize. */
export async function restCount(client: SalesforceClient, soql: string): Promise<number> {
  const page = await client.getJson(`${client.basePath}/query?q=${encodeURIComponent(soql)}`, QueryPageSchema, { en: 'count query', it: 'query di conteggio' });
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
  const what = { en: `bulk query job ${jobId} abort`, it: `annullamento del job di query Bulk ${jobId}` };
  return client.withRetry(what, async () => {
    try {
      return parseJsonBody(await client.sendOnceChecked('PATCH', path, { state: 'Aborted' }, what), JobInfoSchema, what);
    } catch (error) {
      if (!(error instanceof RemoteError)) throw error; // transient and protocol errors are retried
      // refused (e.g. the job is no longer UploadComplete/InProgress): a finished job is not an error
      const info = await client.getJson(path, JobInfoSchema, { en: `${what.en} (state check)`, it: `${what.it} (controllo dello stato)` });
      if (info.state === 'JobComplete' || info.state === 'Aborted' || info.state === 'Failed') return info;
      throw error;
    }
  });
}

/** A Bulk job's name in both languages, `bulk query job 750…` / `job di query Bulk 750…`, with what is done to it. */
const jobText = (jobId: string, en = '', it = ''): BothLanguages => ({ en: `bulk query job ${jobId}${en}`, it: `job di query Bulk ${jobId}${it}` });

/** The error of a job that ended Failed or Aborted; Salesforce's errorMessage follows as sent (its leading code is the errorCode). */
function endedJobError(job: JobInfo): RemoteError {
  // e.g. "QUERY_TIMEOUT: …": the leading code lets the caller react (split the window)
  const errorCode = /^([A-Z][A-Z_]+)\b/.exec(job.errorMessage ?? '')?.[1];
  const said = job.errorMessage ? `: ${job.errorMessage}` : '';
  const ended = job.state === 'Failed' ? 'non riuscito' : 'annullato';
  return new RemoteError({ en: `bulk query job ${job.id} ${job.state}${said}`, it: `job di query Bulk ${job.id} ${ended} (${job.state})${said}` }, { errorCode });
}

/** The error of a job still running when the poll timeout expired: aborted, or left for the next run to resume. */
function pollTimeoutError(job: JobInfo, timeoutMs: number, aborted: boolean): TransientError {
  const still = { en: `bulk query job ${job.id} still ${job.state} after ${timeoutMs} ms`, it: `job di query Bulk ${job.id} ancora ${job.state} dopo ${timeoutMs} ms` };
  if (aborted) {
    return new TransientError(
      { en: `${still.en}; aborted it, the next run queries the window again`, it: `${still.it}: è stato annullato, la prossima esecuzione rilegge lo stesso intervallo` },
      { errorCode: 'BULK_JOB_ABORTED' },
    );
  }
  return new TransientError({ en: `${still.en}; the next run resumes it`, it: `${still.it}: la prossima esecuzione lo riprende` }, { errorCode: 'BULK_POLL_TIMEOUT' });
}

/** Creates the job (or reads the one to resume) and polls it until JobComplete; a failed, aborted or timed-out job throws. */
async function completedJob(client: SalesforceClient, soql: string, options: BulkOptions): Promise<JobInfo> {
  const jobs = `${client.basePath}/jobs/query`;
  const created = options.resume
    ? await client.getJson(`${jobs}/${options.resume.jobId}`, JobInfoSchema, jobText(options.resume.jobId, ' (resume)', ' (ripresa)'))
    : await client.postJson(jobs, { operation: options.scanAll ? 'queryAll' : 'query', query: soql }, JobInfoSchema, {
        en: 'bulk query job create',
        it: 'creazione del job di query Bulk',
      });
  options.onJob?.(created);
  if (!options.resume) await options.onCreated?.(created);
  let job = created;
  let waited = 0;
  while (job.state !== 'JobComplete') {
    if (job.state === 'Failed' || job.state === 'Aborted') throw endedJobError(job);
    if (waited >= options.pollTimeoutMs) {
      if (options.onPollTimeout === 'abort') {
        const aborted = await abortBulkJob(client, job.id);
        if (aborted.state === 'JobComplete') {
          // it finished between the last poll and the abort: nothing to abort, read its results now
          job = aborted;
          continue;
        }
        throw pollTimeoutError(job, options.pollTimeoutMs, true);
      }
      throw pollTimeoutError(job, options.pollTimeoutMs, false);
    }
    await options.sleep(options.pollIntervalMs);
    waited += options.pollIntervalMs;
    job = await client.getJson(`${jobs}/${job.id}`, JobInfoSchema, jobText(created.id, ' poll', ', controllo dello stato'));
  }
  return job;
}

/** One results page of a completed job, checked: CSV, both headers present, as many rows as Sforce-NumberOfRecords says. */
async function resultsPage(client: SalesforceClient, path: string, what: BothLanguages): Promise<{ rows: Record<string, string>[]; next: string }> {
  const res = await client.sendOnceChecked('GET', path, undefined, what);
  const contentType = res.headers['content-type'] ?? '';
  if (!/text\/csv/i.test(contentType)) {
    throw new ProtocolError({
      en: `${what.en}: expected text/csv, got ${contentType || 'no content type'}`,
      it: `${what.it}: atteso text/csv, arrivato ${contentType || 'un corpo senza content type'}`,
    });
  }
  const announced = Number(res.headers['sforce-numberofrecords']);
  const nextLocator = res.headers['sforce-locator'];
  if (!Number.isInteger(announced) || nextLocator === undefined) {
    throw new ProtocolError({
      en: `${what.en}: missing Sforce-NumberOfRecords or Sforce-Locator header`,
      it: `${what.it}: manca l'intestazione Sforce-NumberOfRecords o Sforce-Locator`,
    });
  }
  let parsed: Record<string, string>[];
  try {
    parsed = res.body.trim() === '' ? [] : (parseCsv(res.body, { columns: true, skip_empty_lines: true, bom: true }) as Record<string, string>[]);
  } catch (cause) {
    // csv-parse's own words stay as it gave them
    const reason = (cause as Error).message;
    throw new ProtocolError({ en: `${what.en}: malformed CSV (${reason})`, it: `${what.it}: CSV malformato (${reason})` }, { cause });
  }
  if (parsed.length !== announced) {
    throw new ProtocolError({
      en: `${what.en}: ${parsed.length} CSV rows but Sforce-NumberOfRecords says ${announced} (truncated page?)`,
      it: `${what.it}: ${parsed.length} righe CSV ma Sforce-NumberOfRecords ne annuncia ${announced} (pagina troncata?)`,
    });
  }
  return { rows: parsed, next: nextLocator };
}

/**
 * Bulk API 2.0 query with our own loop (jsforce's bulk2.query breaks on multi-page results): create the job, poll
 * until JobComplete, then read the results page by page following the Sforce-Locator header until it is "null".
 * Each page's row count must match Sforce-NumberOfRecords; the grand total must match numberRecordsProcessed.
 */
export async function* bulkQueryPages(client: SalesforceClient, soql: string, options: BulkOptions): AsyncGenerator<RawPage> {
  const job = await completedJob(client, soql, options);
  const expectedTotal = job.numberRecordsProcessed;
  if (expectedTotal === undefined) {
    throw new ProtocolError(jobText(job.id, ': JobComplete without numberRecordsProcessed', ': JobComplete senza numberRecordsProcessed'));
  }
  let locator: string | undefined = options.resume?.locator ?? undefined;
  let received = options.resume?.receivedSoFar ?? 0;
  let pageNo = 0;
  for (;;) {
    pageNo++;
    const params = new URLSearchParams();
    if (options.pageSize) params.set('maxRecords', String(options.pageSize));
    if (locator) params.set('locator', locator);
    const qs = params.toString();
    const what = jobText(job.id, ` results page ${pageNo}`, `, pagina ${pageNo} dei risultati`);
    const path = `${client.basePath}/jobs/query/${job.id}/results${qs ? `?${qs}` : ''}`;
    const { rows, next } = await client.withRetry(what, () => resultsPage(client, path, what));
    received += rows.length;
    const done = next === 'null' || next === '';
    yield { records: rows, flat: true, expectedTotal, bulk: { jobId: job.id, nextLocator: done ? null : next, receivedSoFar: received } };
    if (done) break;
    locator = next;
  }
  if (received !== expectedTotal) {
    throw new ProtocolError(
      jobText(job.id, `: received ${received} records but numberRecordsProcessed was ${expectedTotal}`, `: ricevuti ${received} record ma numberRecordsProcessed era ${expectedTotal}`),
    );
  }
}
