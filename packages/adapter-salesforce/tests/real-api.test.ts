import { generateKeyPairSync } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { SalesforceClient } from '../src/client.js';
import { validateMapping } from '../src/describe.js';
import { AuthError, RateLimitError } from '../src/errors.js';
import { SalesforceConfigSchema } from '../src/mapping.js';
import { buildCountQuery, buildSyncQuery } from '../src/soql.js';
import { readCursor } from '../src/store.js';
import { syncSalesforce } from '../src/sync.js';
import { contractsMapping } from '../src/testing/index.js';
import { count, harness, makeContracts, NOW, storedIds, type Harness } from './helpers.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const ids = (records: Record<string, unknown>[]) => records.map((r) => r.Id as string).sort();

describe('SOQL built from parts', () => {
  const mapping = SalesforceConfigSchema.parse(contractsMapping({ kind: 'accessToken', instanceUrl: 'http://127.0.0.1:1', accessToken: 't' })).objects[0]!;
  it('the count query keeps a filter literal that contains " ORDER BY " (no regular expression over user text)', () => {
    const tricky = { ...mapping, filter: { field: 'Status', op: 'eq' as const, value: "Signed ORDER BY Id" } };
    expect(buildCountQuery(tricky, { upTo: '2026-11-27T08:59:00.000Z' })).toBe(
      "SELECT COUNT() FROM Contract WHERE SystemModstamp <= 2026-11-27T08:59:00Z AND (Status = 'Signed ORDER BY Id')",
    );
  });
  it('Bulk queries carry no ORDER BY (it disables PK chunking); REST queries keep it for resumable paging', () => {
    const w = { after: '2026-11-01T00:00:00.000Z', upTo: '2026-11-27T08:59:00.000Z' };
    expect(buildSyncQuery(mapping, w, { ordered: false })).not.toMatch(/ORDER BY/);
    expect(buildSyncQuery(mapping, w)).toMatch(/ ORDER BY SystemModstamp ASC, Id ASC$/);
  });
});

describe('Bulk API 2.0 against a large object', () => {
  it('a Bulk job without ORDER BY completes where an ordered one times out; results (unordered) are all stored once', async () => {
    const records = makeContracts(3000);
    h = await harness(records, { mode: 'bulk', bulkPageSize: 700, bulkOrderByTimeoutAbove: 1000 });
    const [r] = await syncSalesforce(h.config, { db: h.db, client: h.client, now: NOW, sleep: async () => {} });
    expect(r!.error).toBeUndefined();
    expect(r!.soql).not.toMatch(/ORDER BY/);
    expect(await storedIds(h.db)).toEqual(ids(records));
    // the cursor is the newest record of the job, although the job returned it first
    expect(await readCursor(h.db, 'Contract')).toEqual({ systemModstamp: '2026-10-01T08:49:59.000Z', lastId: records[2999]!.Id });
  });

  it('a Bulk download interrupted after its first (unordered) page loses nothing: the cursor waits for the whole job', async () => {
    const records = makeContracts(2000);
    h = await harness(records, { mode: 'bulk', bulkPageSize: 500 });
    h.fake.inject({ match: /\/results\?.*locator=/, fault: { kind: 'status', status: 503 }, times: Infinity });
    const [first] = await syncSalesforce(h.config, { db: h.db, client: h.client, now: NOW, sleep: async () => {} });
    expect(first!.error).toBeDefined();
    expect(first!.received).toBe(500);
    expect(await readCursor(h.db, 'Contract')).toBeUndefined(); // page 1 held the NEWEST records: no cursor yet
    h.fake.clearFaults();
    await syncSalesforce(h.config, { db: h.db, client: h.client, now: NOW, sleep: async () => {} });
    expect(await storedIds(h.db)).toEqual(ids(records));
  });

  it('a poll timeout keeps the job: the next run resumes it instead of losing or re-creating it', async () => {
    const records = makeContracts(800);
    h = await harness(records, { mode: 'bulk', bulkPollsBeforeComplete: 50 });
    const [first] = await syncSalesforce(h.config, { db: h.db, client: h.client, now: NOW, sleep: async () => {}, bulkPollIntervalMs: 10, bulkPollTimeoutMs: 30 });
    expect(first!.error?.message).toMatch(/the next run resumes it/);
    const jobsCreated = () => h!.fake.log.filter((l) => l.method === 'POST' && l.path.endsWith('/jobs/query')).length;
    expect(jobsCreated()).toBe(1);
    h.fake.options.bulkPollsBeforeComplete = 0;
    const [second] = await syncSalesforce(h.config, { db: h.db, client: h.client, now: NOW, sleep: async () => {} });
    expect(second!.resumedJob).toBeDefined();
    expect(h.fake.abortedJobs).toEqual([]); // resume (the default) never aborts
    expect(await storedIds(h.db)).toEqual(ids(records));
  });

  it('with sync.bulkPollTimeout "abort" a poll timeout aborts the job (PATCH state Aborted); the next run queries again', async () => {
    const records = makeContracts(800);
    h = await harness(records, { mode: 'bulk', bulkPollsBeforeComplete: 50 });
    const config = SalesforceConfigSchema.parse({ ...contractsMapping({ kind: 'accessToken', instanceUrl: h.fake.url, accessToken: 'x' }), sync: { bulkPollTimeout: 'abort' } });
    config.auth = h.config.auth;
    config.objects[0]!.mode = 'bulk';
    const jobsCreated = () => h!.fake.log.filter((l) => l.method === 'POST' && l.path.endsWith('/jobs/query'));
    const [first] = await syncSalesforce(config, { db: h.db, client: h.client, now: NOW, sleep: async () => {}, bulkPollIntervalMs: 10, bulkPollTimeoutMs: 30 });
    expect(first!.error?.errorCode).toBe('BULK_JOB_ABORTED');
    expect(first!.error?.message).toMatch(/aborted it, the next run queries the window again/);
    const abortedJob = h.fake.abortedJobs[0];
    expect(h.fake.abortedJobs).toEqual([expect.stringMatching(/^750/)]);
    expect(h.fake.log.filter((l) => l.method === 'PATCH')).toEqual([expect.objectContaining({ path: `/services/data/v64.0/jobs/query/${abortedJob}`, status: 200 })]);
    expect(await storedIds(h.db)).toEqual([]);
    h.fake.options.bulkPollsBeforeComplete = 0;
    const [second] = await syncSalesforce(config, { db: h.db, client: h.client, now: NOW, sleep: async () => {} });
    expect(second!.error).toBeUndefined();
    expect(second!.resumedJob).toBeUndefined(); // an aborted job is never resumed
    expect(jobsCreated()).toHaveLength(2);
    expect(await storedIds(h.db)).toEqual(ids(records));
  });

  it('the default (resume) is what the configuration says when nothing is set', () => {
    const config = SalesforceConfigSchema.parse(contractsMapping({ kind: 'accessToken', instanceUrl: 'http://127.0.0.1:1', accessToken: 't' }));
    expect(config.sync.bulkPollTimeout).toBe('resume');
  });
});

describe('limits and timeouts as Salesforce reports them', () => {
  it('403 REQUEST_LIMIT_EXCEEDED for concurrent requests is retried with backoff; the daily limit stops the sync', async () => {
    const records = makeContracts(600);
    h = await harness(records, { mode: 'rest', pageSize: 200 });
    h.fake.inject({ match: /\/query\/01g/, fault: { kind: 'concurrent-limit' }, times: 3 });
    const [r] = await syncSalesforce(h.config, { db: h.db, client: h.client, now: NOW });
    expect(r!.error).toBeUndefined();
    expect(h.retries.filter((x) => x.includes('RateLimitError 403'))).toHaveLength(3);
    expect(await storedIds(h.db)).toHaveLength(600);
    h.fake.inject({ match: /\/query/, fault: { kind: 'daily-limit' }, times: Infinity });
    const retriesBefore = h.retries.length;
    const [stopped] = await syncSalesforce(h.config, { db: h.db, client: h.client, now: NOW, full: true });
    expect(stopped!.error).toBeInstanceOf(RateLimitError);
    expect((stopped!.error as RateLimitError).daily).toBe(true);
    expect(h.retries.length).toBe(retriesBefore); // not retried
  });

  it('QUERY_TIMEOUT splits the time window and retries: every record arrives once', async () => {
    const records = makeContracts(1000);
    h = await harness(records, { mode: 'rest', pageSize: 200, queryTimeoutAbove: 300 });
    const [r] = await syncSalesforce(h.config, { db: h.db, client: h.client, now: NOW });
    expect(r!.error).toBeUndefined();
    expect(r!.splits).toBeGreaterThan(0);
    expect(await storedIds(h.db)).toEqual(ids(records));
    expect(r!.inserted).toBe(1000);
  });

  it('a QUERY_TIMEOUT on a window too narrow to split fails naming the object and window in both languages', async () => {
    // 50 contracts changed in the same second, 08:00:00; the clock makes the next run's window, cursor − 300 s
    // overlap (07:55:00) to now − 60 s lag (08:12:04), 1024 s = 2^10 s wide, so its halves end on whole seconds
    const records = makeContracts(50, { base: '2026-10-01T08:00:00.000Z', perSecond: 50 });
    const now = () => new Date('2026-10-01T08:13:04.000Z');
    h = await harness(records, { mode: 'rest', pageSize: 20 });
    expect((await syncSalesforce(h.config, { db: h.db, client: h.client, now }))[0]!.error).toBeUndefined();
    h.fake.options.queryTimeoutAbove = 20;
    const [r] = await syncSalesforce(h.config, { db: h.db, client: h.client, now });
    // the 1024 … 2 s segments holding 08:00:00 (offset 300 s) are split, 10 times; 07:59:59 … 08:00:00 is 1 s wide
    expect(r!.error?.errorCode).toBe('QUERY_TIMEOUT');
    const span = 'SystemModstamp 2026-10-01T07:59:59.000Z … 2026-10-01T08:00:00.000Z';
    expect(r!.error?.messages).toEqual({
      en: `Contract: the sync query timed out (QUERY_TIMEOUT) on ${span}, a window under 2 seconds that cannot be split further; run the sync again later: it reads this window again`,
      it: `Contract: la query di sincronizzazione è andata in timeout (QUERY_TIMEOUT) su ${span}, una finestra di meno di 2 secondi che non si può dividere oltre; riesegui la sincronizzazione più tardi: rilegge questa finestra`,
    });
    expect(r!.splits).toBe(10);
  });
});

describe('deletions Salesforce reports only through getDeleted', () => {
  it('hard-deleted and purged records are marked deleted from getDeleted within its 30 days', async () => {
    const records = makeContracts(300);
    const nextDay = () => new Date(NOW().getTime() + 86_400_000);
    h = await harness(records, { mode: 'rest', nowSeconds: () => Math.floor(nextDay().getTime() / 1000) });
    await syncSalesforce(h.config, { db: h.db, client: h.client, now: NOW });
    const gone = records[10]!.Id as string;
    h.fake.hardDelete('Contract', gone, NOW().getTime() + 3_600_000); // between the two runs
    const [r] = await syncSalesforce(h.config, { db: h.db, client: h.client, now: nextDay });
    expect(r!.error).toBeUndefined();
    expect(r!.hardDeleted).toBe(1);
    expect(r!.fullReconciliation).toBe(false);
    expect(await storedIds(h.db)).toEqual(ids(records).filter((id) => id !== gone));
  });

  it('after a gap longer than 30 days a full reconciliation finds what getDeleted can no longer report', async () => {
    const records = makeContracts(300);
    const later = () => new Date(NOW().getTime() + 40 * 86_400_000);
    h = await harness(records, { mode: 'rest', nowSeconds: () => Math.floor(later().getTime() / 1000) });
    await syncSalesforce(h.config, { db: h.db, client: h.client, now: NOW });
    const gone = [records[5]!.Id as string, records[250]!.Id as string];
    for (const id of gone) h.fake.hardDelete('Contract', id, NOW().getTime() + 86_400_000); // deleted 39 days ago
    const [r] = await syncSalesforce(h.config, { db: h.db, client: h.client, now: later });
    expect(r!.error).toBeUndefined();
    expect(r!.fullReconciliation).toBe(true);
    expect(r!.hardDeleted).toBe(2);
    expect(await storedIds(h.db)).toEqual(ids(records).filter((id) => !gone.includes(id)));
    expect(await count(h.db, 'SELECT count(*)::int AS n FROM sf_records')).toBe(300); // tombstones kept
  });
});

describe('authentication flows', () => {
  it('a rotated refresh token is kept for the next refresh and reported for storage', async () => {
    h = await harness(makeContracts(50), { mode: 'rest', refreshTokens: ['5Aep861first'], rotateRefreshTokens: true });
    const rotated: string[] = [];
    const config = SalesforceConfigSchema.parse(
      contractsMapping({ kind: 'refreshToken', loginUrl: h.fake.url, clientId: 'test-client-id', refreshToken: '5Aep861first' }),
    );
    const client = await SalesforceClient.connect(config.auth, { apiVersion: config.apiVersion, onRefreshToken: (t) => void rotated.push(t) });
    expect(rotated).toHaveLength(1);
    h.fake.expireAllTokens(); // the access token expires: jsforce refreshes with the CURRENT refresh token
    const [r] = await syncSalesforce(config, { db: h.db, client, now: NOW });
    expect(r!.error).toBeUndefined();
    expect(rotated).toHaveLength(2);
    expect(h.fake.options.refreshTokens).toEqual([rotated[1]]);
  });

  it('OAuth client credentials (server to server) against the My Domain login URL', async () => {
    h = await harness(makeContracts(50), { mode: 'rest' });
    const config = SalesforceConfigSchema.parse(
      contractsMapping({ kind: 'clientCredentials', loginUrl: h.fake.url, clientId: 'test-client-id', clientSecret: { env: 'SF_TEST_SECRET' } }),
    );
    const client = await SalesforceClient.connect(config.auth, { apiVersion: config.apiVersion, env: { SF_TEST_SECRET: 'test-client-secret' } });
    const [r] = await syncSalesforce(config, { db: h.db, client, now: NOW });
    expect(r!.error).toBeUndefined();
    expect(r!.inserted).toBe(50);
  });
});

describe('JWT bearer audience', () => {
  const keys = () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    return { pem: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, publicPem: publicKey.export({ type: 'spki', format: 'pem' }) as string };
  };
  const jwtConfig = (loginUrl: string, audience?: string) =>
    SalesforceConfigSchema.parse(
      contractsMapping({ kind: 'jwt', loginUrl, clientId: 'test-client-id', username: 'integration@example.com', privateKey: { env: 'SF_TEST_KEY' }, ...(audience ? { audience } : {}) }),
    );

  it('is the login host (not the instance URL) at login and on every refresh, even when loginUrl has a trailing slash', async () => {
    const { pem, publicPem } = keys();
    h = await harness(makeContracts(300), { mode: 'rest', pageSize: 100, jwtPublicKey: publicPem });
    // the fake's login host and instance are two listeners, as login.salesforce.com and the org's instance are
    expect(h.fake.loginUrl).not.toBe(h.fake.url);
    const config = jwtConfig(`${h.fake.loginUrl}/`);
    const client = await SalesforceClient.connect(config.auth, { apiVersion: config.apiVersion, env: { SF_TEST_KEY: pem }, retry: { sleep: async () => undefined } });
    let pages = 0;
    const [r] = await syncSalesforce(config, {
      db: h.db,
      client,
      now: NOW,
      onProgress: () => {
        if (++pages === 1) h!.fake.expireAllTokens(); // the refresh signs a second assertion
      },
    });
    expect(r!.error).toBeUndefined();
    expect(r!.inserted).toBe(300);
    // Salesforce Help, "OAuth 2.0 JWT Bearer Flow": aud is the authorization server (login host), never the instance
    expect(h.fake.jwtAudiences).toEqual([h.fake.loginUrl, h.fake.loginUrl]);
  });

  it('an explicit audience (https://test.salesforce.com for a sandbox) is sent as configured', async () => {
    const { pem, publicPem } = keys();
    h = await harness(makeContracts(10), { mode: 'rest', jwtPublicKey: publicPem });
    const config = jwtConfig(h.fake.loginUrl, 'https://test.salesforce.com');
    const client = await SalesforceClient.connect(config.auth, { apiVersion: config.apiVersion, env: { SF_TEST_KEY: pem } });
    const [r] = await syncSalesforce(config, { db: h.db, client, now: NOW });
    expect(r!.error).toBeUndefined();
    expect(h.fake.jwtAudiences).toEqual(['https://test.salesforce.com']);
  });

  it('an assertion for the instance URL or for the token endpoint is refused as Salesforce refuses it', async () => {
    const { pem, publicPem } = keys();
    h = await harness([], { jwtPublicKey: publicPem });
    for (const wrong of [h.fake.url, `${h.fake.loginUrl}/services/oauth2/token`]) {
      const config = jwtConfig(h.fake.loginUrl, wrong);
      const error = await SalesforceClient.connect(config.auth, { apiVersion: config.apiVersion, env: { SF_TEST_KEY: pem } }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AuthError);
      expect((error as Error).message).toMatch(/invalid_grant/);
      expect((error as Error).message).not.toContain('PRIVATE KEY');
    }
    expect(h.fake.jwtAudiences).toEqual([h.fake.url, `${h.fake.loginUrl}/services/oauth2/token`]);
  });
});

describe('configuration checked against describe', () => {
  it('a filter on a field the object does not have is reported before any sync', async () => {
    h = await harness([], { mode: 'rest' });
    const config = SalesforceConfigSchema.parse({
      ...contractsMapping({ kind: 'accessToken', instanceUrl: h.fake.url, accessToken: 'x' }),
    });
    config.objects[0]!.filter = { all: [{ field: 'Status', op: 'eq', value: 'Activated' }, { field: 'Stauts__c', op: 'eq', value: 'x' }] };
    expect(await validateMapping(h.client, config)).toEqual([
      "Contract.Stauts__c (filter): field not found; check the API name and field-level security for the integration user",
    ]);
  });
});
