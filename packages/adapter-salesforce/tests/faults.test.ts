import { generateKeyPairSync } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { SalesforceClient } from '../src/client.js';
import { AuthError, ProtocolError, RateLimitError } from '../src/errors.js';
import { SalesforceConfigSchema } from '../src/mapping.js';
import { listQuarantine, loadFacts, readCursor } from '../src/store.js';
import { reconciles, reprocessQuarantine, syncSalesforce } from '../src/sync.js';
import { contractsMapping } from '../src/testing/index.js';
import { count, harness, makeContracts, NOW, storedIds, type Harness } from './helpers.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const QUERY_MORE = /\/query\/01g/;

describe('faults on the wire', () => {
  it('an HTML page with status 200 is a ProtocolError that is retried; nothing lost, nothing doubled', async () => {
    const records = makeContracts(1000);
    h = await harness(records, { mode: 'rest', pageSize: 300 });
    h.fake.inject({ match: QUERY_MORE, fault: { kind: 'html200' }, times: 2, after: 1 });
    const [r] = await syncSalesforce(h.config, { db: h.db, client: h.client, now: NOW });
    expect(r!.error).toBeUndefined();
    expect(h.retries.filter((x) => x.includes('ProtocolError'))).toHaveLength(2);
    expect(r!.received).toBe(1000);
    expect(r!.inserted).toBe(1000);
    expect(await storedIds(h.db)).toHaveLength(1000);
  });

  it('truncated JSON that persists stops the sync with a ProtocolError; the cursor stays on the last committed page and the next run completes', async () => {
    const records = makeContracts(1000);
    h = await harness(records, { mode: 'rest', pageSize: 250 });
    h.fake.inject({ match: QUERY_MORE, fault: { kind: 'truncated' }, times: Infinity, after: 1 });
    const [r] = await syncSalesforce(h.config, { db: h.db, client: h.client, now: NOW });
    expect(r!.error).toBeInstanceOf(ProtocolError);
    expect(r!.error!.message).toMatch(/malformed or truncated/);
    // pages 1 and 2 were committed (the second page's first read passed the `after: 1`), page 3 never arrived
    expect(r!.received).toBe(500);
    expect(await storedIds(h.db)).toEqual(records.slice(0, 500).map((x) => x.Id as string).sort());
    expect(await readCursor(h.db, 'Contract')).toEqual({ systemModstamp: '2026-10-01T08:08:19.000Z', lastId: records[499]!.Id });
    h.fake.clearFaults();
    const [resumed] = await syncSalesforce(h.config, { db: h.db, client: h.client, now: NOW });
    expect(resumed!.error).toBeUndefined();
    expect(resumed!.soql).toContain('SystemModstamp >= 2026-10-01T08:03:19Z');
    expect(resumed!.inserted).toBe(500);
    expect(resumed!.unchanged).toBe(301); // the overlap window re-read, stored nothing twice
    expect(await storedIds(h.db)).toEqual(records.map((x) => x.Id as string).sort());
  });

  it('429 and 503 bursts are retried with backoff and jitter through the injected sleep', async () => {
    const records = makeContracts(600);
    h = await harness(records, { mode: 'rest', pageSize: 200 });
    h.fake.inject({ match: /\/query(All)?\?q=/, fault: { kind: 'status', status: 429 }, times: 3 });
    h.fake.inject({ match: QUERY_MORE, fault: { kind: 'status', status: 503 }, times: 4 });
    const [r] = await syncSalesforce(h.config, { db: h.db, client: h.client, now: NOW });
    expect(r!.error).toBeUndefined();
    expect(r!.inserted).toBe(600);
    expect(h.retries.filter((x) => x.includes('RateLimitError 429'))).toHaveLength(3);
    expect(h.retries.filter((x) => x.includes('TransientError 503'))).toHaveLength(4);
    // random fixed at 0.5 → 75% of the exponential ceiling: 375, 750, 1500, then restart per call
    expect(h.sleeps).toEqual([375, 750, 1500, 375, 750, 1500, 3000]);
  });

  it('403 REQUEST_LIMIT_EXCEEDED (daily allocation spent) stops at once without retries', async () => {
    h = await harness(makeContracts(400), { mode: 'rest', pageSize: 200 });
    h.fake.inject({ match: QUERY_MORE, fault: { kind: 'status', status: 403 }, times: 1 });
    const [r] = await syncSalesforce(h.config, { db: h.db, client: h.client, now: NOW });
    expect(r!.error).toBeInstanceOf(RateLimitError);
    expect(r!.error!.errorCode).toBe('REQUEST_LIMIT_EXCEEDED');
    expect(h.retries).toEqual([]);
    expect(r!.received).toBe(200);
    expect(await readCursor(h.db, 'Contract')).toMatchObject({ lastId: expect.any(String) });
  });

  it('a dropped connection is a network error retried like a 5xx', async () => {
    h = await harness(makeContracts(400), { mode: 'rest', pageSize: 200 });
    h.fake.inject({ match: QUERY_MORE, fault: { kind: 'reset' }, times: 2 });
    const [r] = await syncSalesforce(h.config, { db: h.db, client: h.client, now: NOW });
    expect(r!.error).toBeUndefined();
    expect(r!.inserted).toBe(400);
    expect(h.retries.filter((x) => x.includes('TransientError'))).toHaveLength(2);
  });

  it('429 beyond the retry budget is a RateLimitError; the cursor keeps what was committed', async () => {
    h = await harness(makeContracts(400), { mode: 'rest', pageSize: 200 });
    h.fake.inject({ match: QUERY_MORE, fault: { kind: 'status', status: 429 }, times: Infinity });
    const [r] = await syncSalesforce(h.config, { db: h.db, client: h.client, now: NOW });
    expect(r!.error).toBeInstanceOf(RateLimitError);
    expect(r!.received).toBe(200);
    expect(await count(h.db, 'SELECT count(*)::int AS n FROM sf_records')).toBe(200);
  });

  it('a record missing a required field and a field of the wrong type are quarantined with reason and field; totals reconcile', async () => {
    const records = makeContracts(500);
    records[10]!.CustomerSignedDate = null;
    delete records[20]!.Product__c;
    records[30]!.Annual_kWh__c = 'lots';
    records[40]!.Energy_Efficiency__c = 'yes';
    records[50]!.Partner__r = null;
    h = await harness(records, { mode: 'rest', pageSize: 200 });
    const [r] = await syncSalesforce(h.config, { db: h.db, client: h.client, now: NOW });
    expect(r!.error).toBeUndefined();
    expect(r!.received).toBe(500);
    expect(r!.inserted).toBe(495);
    expect(r!.quarantined).toBe(5);
    expect(reconciles(r!)).toBe(true);
    const q = await listQuarantine(h.db, 'Contract');
    const byId = Object.fromEntries(q.map((e) => [e.id, e]));
    expect(byId[records[10]!.Id as string]).toMatchObject({ field: 'CustomerSignedDate', reason: 'CustomerSignedDate → signedDate: required value is missing' });
    expect(byId[records[20]!.Id as string]).toMatchObject({ field: 'Product__c' });
    expect(byId[records[30]!.Id as string]).toMatchObject({ field: 'Annual_kWh__c', reason: 'Annual_kWh__c → annualKwh: expected a number, got "lots"' });
    expect(byId[records[40]!.Id as string]).toMatchObject({ field: 'Energy_Efficiency__c', reason: expect.stringContaining('expected true or false') });
    expect(byId[records[50]!.Id as string]).toMatchObject({ field: 'Partner__r.Partner_Code__c' });
    // the raw record is kept for re-processing after a mapping fix
    expect((byId[records[30]!.Id as string]!.raw as Record<string, unknown>).Annual_kWh__c).toBe('lots');
    // Fixing the record in Salesforce (new SystemModstamp) stores it and clears its quarantine entry.
    Object.assign(records[30]!, { Annual_kWh__c: 2000, SystemModstamp: '2026-11-01T00:00:00.000+0000' });
    const [again] = await syncSalesforce(h.config, { db: h.db, client: h.client, now: NOW });
    expect(again!.inserted).toBe(1);
    expect(again!.quarantined).toBe(0); // the other four are outside the overlap window now
    expect((await listQuarantine(h.db)).map((e) => e.id)).not.toContain(records[30]!.Id);
    expect((await loadFacts(h.db, 'contracts')).find((f) => f.id === records[30]!.Id)!.annualKwh).toBe(2000);
  });

  it('quarantined records are re-processed from their kept raw JSON after a mapping fix, without calling Salesforce', async () => {
    const records = makeContracts(50);
    records[3]!.Annual_kWh__c = '1.234,5'; // a text field in this org, not a number
    records[4]!.Partner__r = null;
    h = await harness(records, { mode: 'rest' });
    await syncSalesforce(h.config, { db: h.db, client: h.client, now: NOW });
    expect((await listQuarantine(h.db)).map((q) => q.id)).toEqual([records[3]!.Id, records[4]!.Id]);
    const requests = h.fake.log.length;
    const fixed = SalesforceConfigSchema.parse({
      ...h.config,
      objects: [{ ...h.config.objects[0]!, columns: { ...h.config.objects[0]!.columns, annualKwh: { field: 'Annual_kWh__c', type: 'text', required: false } } }],
    });
    const [r] = await reprocessQuarantine(h.db, fixed);
    expect(r).toEqual({ object: 'Contract', examined: 2, stored: 1, stillQuarantined: 1 });
    expect(h.fake.log.length).toBe(requests);
    expect((await loadFacts(h.db, 'contracts')).find((f) => f.id === records[3]!.Id)!.annualKwh).toBe('1.234,5');
    expect(await listQuarantine(h.db)).toMatchObject([{ id: records[4]!.Id, field: 'Partner__r.Partner_Code__c' }]);
  });

  it('an expired query locator (INVALID_QUERY_LOCATOR) restarts paging from the last committed cursor in the same run', async () => {
    const records = makeContracts(1000);
    h = await harness(records, { mode: 'rest', pageSize: 200 });
    h.fake.inject({
      match: QUERY_MORE,
      fault: { kind: 'status', status: 400, body: JSON.stringify([{ message: 'invalid query locator', errorCode: 'INVALID_QUERY_LOCATOR' }]), contentType: 'application/json' },
      times: 1,
      after: 2,
    });
    const [r] = await syncSalesforce(h.config, { db: h.db, client: h.client, now: NOW });
    expect(r!.error).toBeUndefined();
    expect(r!.restarts).toBe(1);
    expect(r!.inserted).toBe(1000);
    expect(r!.received).toBe(r!.expected);
    expect(reconciles(r!)).toBe(true);
    // the restart re-read the overlap window before the cursor (600 received, cursor at record 599, 300 s back)
    expect(r!.unchanged).toBe(301);
    expect(await storedIds(h.db)).toEqual(records.map((x) => x.Id as string).sort());
  });

  it('fetched ≠ totalSize is a ProtocolError and the cursor goes back to where the run started', async () => {
    const records = makeContracts(300);
    h = await harness(records, { mode: 'rest', pageSize: 100 });
    // A page whose records vanish: the fake says totalSize 300 but serves an empty last page.
    h.fake.inject({
      match: QUERY_MORE,
      fault: { kind: 'status', status: 200, contentType: 'application/json', body: JSON.stringify({ totalSize: 300, done: true, records: [] }) },
      times: 1,
      after: 1,
    });
    const [r] = await syncSalesforce(h.config, { db: h.db, client: h.client, now: NOW });
    expect(r!.error).toBeInstanceOf(ProtocolError);
    expect(r!.error!.message).toBe('queryAll: received 200 records but totalSize was 300');
    expect(r!.error!.messages?.it).toBe('queryAll: ricevuti 200 record ma totalSize era 300');
    expect(await readCursor(h.db, 'Contract')).toBeUndefined();
    const [again] = await syncSalesforce(h.config, { db: h.db, client: h.client, now: NOW });
    expect(again!.error).toBeUndefined();
    expect(await storedIds(h.db)).toHaveLength(300);
  });
});

describe('auth', () => {
  it('a 401 with a plain access token is an AuthError naming the remedy', async () => {
    h = await harness(makeContracts(10), { mode: 'rest' });
    h.fake.expireAllTokens();
    const [r] = await syncSalesforce(h.config, { db: h.db, client: h.client, now: NOW });
    expect(r!.error).toBeInstanceOf(AuthError);
    expect(r!.error!.message).toMatch(/INVALID_SESSION_ID/);
  });

  it('JWT bearer: the signed assertion logs in, and a 401 mid-sync refreshes with a new assertion', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    h = await harness(makeContracts(600), { mode: 'rest', pageSize: 200, jwtPublicKey: publicKey.export({ type: 'spki', format: 'pem' }) as string });
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    const config = SalesforceConfigSchema.parse(
      contractsMapping({ kind: 'jwt', loginUrl: h.fake.loginUrl, clientId: 'test-client-id', username: 'integration@example.com', privateKey: { env: 'SF_TEST_KEY' } }),
    );
    let refreshed = 0;
    const client = await SalesforceClient.connect(config.auth, {
      apiVersion: config.apiVersion,
      env: { SF_TEST_KEY: pem },
      retry: { sleep: async () => undefined },
      onRefresh: () => refreshed++,
    });
    expect(h.fake.tokensIssued).toBe(2); // harness token + JWT login
    // expire the session after the first page
    let served = 0;
    const original = h.fake.log.length;
    const [r] = await syncSalesforce(config, {
      db: h.db,
      client,
      now: NOW,
      onProgress: () => {
        if (++served === 1) h!.fake.expireAllTokens();
      },
    });
    expect(r!.error).toBeUndefined();
    expect(refreshed).toBe(1);
    expect(r!.inserted).toBe(600);
    const unauthorized = h.fake.log.slice(original).filter((l) => l.status === 401);
    expect(unauthorized).toHaveLength(1);
  });

  it('JWT bearer with the wrong key is an AuthError at connect', async () => {
    const good = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const bad = generateKeyPairSync('rsa', { modulusLength: 2048 });
    h = await harness([], { jwtPublicKey: good.publicKey.export({ type: 'spki', format: 'pem' }) as string });
    const config = SalesforceConfigSchema.parse(
      contractsMapping({
        kind: 'jwt',
        loginUrl: h.fake.loginUrl,
        clientId: 'test-client-id',
        username: 'integration@example.com',
        privateKey: bad.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
      }),
    );
    const error = await SalesforceClient.connect(config.auth, { apiVersion: '64.0' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    // it names the flow and what to check, in both languages (errorsInItalian.test.ts has the other errors)
    expect((error as AuthError).message).toBe('Salesforce login (jwt) failed: invalid_grant; check the connected app, user and key');
    expect((error as AuthError).messages?.it).toBe("accesso a Salesforce (jwt) non riuscito: invalid_grant; controlla la connected app, l'utente e la chiave");
  });

  it('refresh token (web-server flow): the refresh_token grant logs in and runs again on every 401', async () => {
    h = await harness(makeContracts(300), { mode: 'rest', pageSize: 100, refreshTokens: ['5Aep861-refresh'] });
    const config = SalesforceConfigSchema.parse(
      contractsMapping({ kind: 'refreshToken', loginUrl: h.fake.url, clientId: 'test-client-id', refreshToken: { env: 'SF_REFRESH' } }),
    );
    const client = await SalesforceClient.connect(config.auth, { apiVersion: '64.0', env: { SF_REFRESH: '5Aep861-refresh' }, retry: { sleep: async () => undefined } });
    let pages = 0;
    const issued = h.fake.tokensIssued;
    const [r] = await syncSalesforce(config, { db: h.db, client, now: NOW, onProgress: () => void (++pages % 2 === 1 && h!.fake.expireAllTokens()) });
    expect(r!.error).toBeUndefined();
    expect(r!.inserted).toBe(300);
    expect(h.fake.tokensIssued - issued).toBe(1); // expired after page 1 (and after the last page, unused)
    await expect(
      SalesforceClient.connect(config.auth, { apiVersion: '64.0', env: { SF_REFRESH: 'revoked' } }),
    ).rejects.toBeInstanceOf(AuthError);
  });

  it('username-password (OAuth flow) logs in and re-logs in on 401', async () => {
    h = await harness(makeContracts(300), { mode: 'rest', pageSize: 100 });
    const config = SalesforceConfigSchema.parse(
      contractsMapping({ kind: 'password', loginUrl: h.fake.url, clientId: 'test-client-id', clientSecret: 'test-client-secret', username: 'integration@example.com', password: 'pw' }),
    );
    const client = await SalesforceClient.connect(config.auth, { apiVersion: '64.0', retry: { sleep: async () => undefined } });
    let pages = 0;
    const [r] = await syncSalesforce(config, { db: h.db, client, now: NOW, onProgress: () => void (++pages === 1 && h!.fake.expireAllTokens()) });
    expect(r!.error).toBeUndefined();
    expect(r!.inserted).toBe(300);
    await expect(
      SalesforceClient.connect({ ...config.auth, password: 'wrong' } as typeof config.auth, { apiVersion: '64.0' }),
    ).rejects.toThrow(/login \(password\) failed/);
  });
});
