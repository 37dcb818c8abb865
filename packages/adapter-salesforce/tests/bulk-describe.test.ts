import { afterEach, describe, expect, it } from 'vitest';
import { describeObject, validateMapping } from '../src/describe.js';
import { JobInfoSchema } from '../src/query.js';
import { SalesforceConfigSchema } from '../src/mapping.js';
import { listQuarantine, loadFacts } from '../src/store.js';
import { reconciles, syncSalesforce } from '../src/sync.js';
import { ACCOUNT_FIELDS } from '../src/testing/index.js';
import { count, harness, makeContracts, NOW, storedIds, type Harness } from './helpers.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const RESULTS = /\/jobs\/query\/750[A-Za-z0-9]+\/results/;

describe('Bulk API 2.0 query path', () => {
  it('auto mode switches to Bulk above the threshold and reads 25,000 records over Sforce-Locator pages', async () => {
    const records = makeContracts(25_000, { perSecond: 5 });
    records[7]!.Annual_kWh__c = 'n/a';
    h = await harness(records, { bulkPageSize: 7000 });
    const sleeps: number[] = [];
    const [r] = await syncSalesforce(h.config, { db: h.db, client: h.client, now: NOW, bulkPollIntervalMs: 10, sleep: async (ms) => void sleeps.push(ms) });
    expect(r!.error).toBeUndefined();
    expect(r!.mode).toBe('bulk');
    expect(r!.expected).toBe(25_000);
    expect(r!.pages).toBe(4); // 7000 + 7000 + 7000 + 4000
    expect(r!.received).toBe(25_000);
    expect(r!.inserted).toBe(24_999);
    expect(r!.quarantined).toBe(1);
    expect(reconciles(r!)).toBe(true);
    const results = h.fake.log.filter((l) => RESULTS.test(l.path));
    expect(results).toHaveLength(4);
    expect(results[0]!.path).toMatch(/results\?maxRecords=7000$/);
    expect(results[1]!.path).toMatch(/results\?maxRecords=7000&locator=/);
    expect(sleeps).toEqual([10, 10, 10]); // created UploadComplete, polled UploadComplete, InProgress, then JobComplete
    expect(h.fake.log.some((l) => l.path.includes('/query?q=SELECT%20COUNT()'))).toBe(true);
    // CSV strings are coerced to the mapped types exactly like REST JSON
    const facts = await loadFacts(h.db, 'contracts');
    expect(facts).toHaveLength(24_999);
    const f = facts.find((x) => x.id === records[1]!.Id)!;
    expect(f).toMatchObject({ annualSmc: 610, energyEfficiency: false, confirmationCall: true, signedDate: '2026-10-02' });
    expect(f.annualKwh).toBeNull();
    expect((await listQuarantine(h.db))[0]).toMatchObject({ id: records[7]!.Id, field: 'Annual_kWh__c' });
    // the same data through REST afterwards: nothing stored twice
    const [rest] = await syncSalesforce(h.config, { db: h.db, client: h.client, now: NOW, full: true, mode: 'rest' });
    expect(rest!.unchanged).toBe(24_999);
    expect(rest!.quarantined).toBe(1);
    expect(await count(h.db, 'SELECT count(*)::int AS n FROM sf_records')).toBe(24_999);
  });

  it('a truncated CSV page (row count ≠ Sforce-NumberOfRecords) is retried; an interrupted download resumes the same job from its saved locator', async () => {
    const records = makeContracts(3000);
    h = await harness(records, { mode: 'bulk', bulkPageSize: 1000 });
    // page 2 arrives cut short once, then the results endpoint fails for good from page 3
    h.fake.inject({
      match: /results\?maxRecords=1000&locator=MTAwMA/,
      fault: { kind: 'status', status: 200, contentType: 'text/csv', body: 'Id,SystemModstamp\n800XX0000000001AAA,2026-10-01T08:00:00.000+0000\n' },
      times: 1,
    });
    h.fake.inject({ match: /results\?maxRecords=1000&locator=MjAwMA/, fault: { kind: 'status', status: 503 }, times: Infinity });
    const opts = { db: h.db, client: h.client, now: NOW, bulkPollIntervalMs: 1, sleep: async () => undefined };
    const [r] = await syncSalesforce(h.config, opts);
    expect(r!.error?.name).toBe('TransientError');
    expect(h.retries.some((x) => x.includes('ProtocolError'))).toBe(true);
    expect(r!.received).toBe(2000);
    expect(await storedIds(h.db)).toHaveLength(2000);
    const jobId = /jobs\/query\/(750[A-Za-z0-9]+)\/results/.exec(h.fake.log.find((l) => RESULTS.test(l.path))!.path)![1]!;
    h.fake.clearFaults();
    const before = h.fake.log.length;
    const [resumed] = await syncSalesforce(h.config, opts);
    expect(resumed!.error).toBeUndefined();
    expect(resumed!.resumedJob).toBe(jobId);
    // (the run's describe, read for the formula fields the mapping reads, queries nothing)
    const calls = h.fake.log
      .slice(before)
      .filter((l) => !l.path.endsWith('/describe'))
      .map((l) => `${l.method} ${l.path.replace(/\?q=.*/, '?q=…')}`);
    // first the saved job: its info, then page 3 from the saved locator; only then a new job for the remaining window
    expect(calls[0]).toBe(`GET /services/data/v64.0/jobs/query/${jobId}`);
    expect(calls[1]).toBe(`GET /services/data/v64.0/jobs/query/${jobId}/results?maxRecords=1000&locator=MjAwMA`);
    expect(calls[2]).toBe('POST /services/data/v64.0/jobs/query');
    expect(resumed!.soql).toContain('SystemModstamp >= 2026-10-01T08:44:59Z'); // last record 08:49:59 − 300 s overlap
    expect(resumed!.inserted).toBe(1000);
    expect(resumed!.unchanged).toBe(301);
    expect(reconciles(resumed!)).toBe(true);
    expect(await storedIds(h.db)).toEqual(records.map((x) => x.Id as string).sort());
    expect(await count(h.db, 'SELECT count(*)::int AS n FROM sf_bulk_jobs')).toBe(0);
  });

  it('a saved job that has expired (404) is dropped; the record cursor covers its records', async () => {
    const records = makeContracts(2000);
    h = await harness(records, { mode: 'bulk', bulkPageSize: 1000 });
    h.fake.inject({ match: /results\?maxRecords=1000&locator=/, fault: { kind: 'status', status: 503 }, times: Infinity });
    const opts = { db: h.db, client: h.client, now: NOW, bulkPollIntervalMs: 1, sleep: async () => undefined };
    await syncSalesforce(h.config, opts);
    expect(await count(h.db, 'SELECT count(*)::int AS n FROM sf_bulk_jobs')).toBe(1);
    h.fake.clearFaults();
    h.fake.inject({ match: /\/jobs\/query\/750[A-Za-z0-9]+$/, fault: { kind: 'status', status: 404, body: JSON.stringify([{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }]) }, times: 1 });
    const [r] = await syncSalesforce(h.config, opts);
    expect(r!.error).toBeUndefined();
    expect(r!.resumedJob).toBeUndefined();
    expect(await storedIds(h.db)).toHaveLength(2000);
    expect(await count(h.db, 'SELECT count(*)::int AS n FROM sf_bulk_jobs')).toBe(0);
  });

  it('results read with another API version than the job get the 409 of the real API, a RemoteError (not retried)', async () => {
    h = await harness(makeContracts(5), { mode: 'bulk' });
    const job = await h.client.postJson(`${h.client.basePath}/jobs/query`, { operation: 'query', query: 'SELECT Id FROM Contract' }, JobInfoSchema, 'create');
    await expect(h.client.send('GET', `/services/data/v63.0/jobs/query/${job.id}/results`)).rejects.toMatchObject({ name: 'RemoteError', status: 409 });
    expect(h.retries).toEqual([]);
  });
});

describe('describe and mapping validation', () => {
  it('describe lists the fields; validateMapping follows relationship paths and reports unknown fields and bad types', async () => {
    h = await harness([]);
    h.fake.objects.get('Account')!.fields = ACCOUNT_FIELDS;
    const d = await describeObject(h.client, 'Contract');
    expect(d.fields.map((f) => f.name)).toContain('Annual_kWh__c');
    expect(await validateMapping(h.client, h.config)).toEqual([]);
    const broken = SalesforceConfigSchema.parse({
      ...h.config,
      objects: [
        {
          ...h.config.objects[0]!,
          columns: {
            ...h.config.objects[0]!.columns,
            offer: { field: 'Offer_Code__c', type: 'text' },
            energyEfficiency: { field: 'Product__c', type: 'boolean' },
            partnerId: { field: 'Partner__r.Missing__c', type: 'text' },
          },
        },
        { ...h.config.objects[0]!, object: 'Nope__c' },
      ],
    });
    expect(await validateMapping(h.client, { ...h.config, apiVersion: '61.0' })).toEqual([
      'apiVersion 61.0 is not offered by this org (latest 64.0); set apiVersion to a listed version',
    ]);
    const issues = await validateMapping(h.client, broken);
    expect(issues).toEqual([
      'Contract.Partner__r.Missing__c (column partnerId): field not found; check the API name and field-level security for the integration user',
      'Contract.Offer_Code__c (column offer): field not found; check the API name and field-level security for the integration user',
      'Contract.Product__c (column energyEfficiency): Salesforce type string cannot be read as boolean',
      "Nope__c: object not found or not readable; check the name and the integration user's object permissions",
    ]);
  });

  it('the config schema rejects raw SOQL, unsafe field names and old API versions', () => {
    const bad = SalesforceConfigSchema.safeParse({
      apiVersion: '39.0',
      auth: { kind: 'accessToken', instanceUrl: 'http://127.0.0.1:1', accessToken: 'x' },
      objects: [
        {
          object: 'Contract',
          table: 'contracts',
          keyColumn: 'id',
          partnerColumn: 'partnerId',
          columns: { id: { field: 'Id', type: 'text' }, partnerId: { field: "Id' OR Name != '", type: 'text' } },
          filter: { soql: "Status = 'Activated'" },
        },
      ],
    });
    expect(bad.success).toBe(false);
    const paths = bad.error!.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['apiVersion', 'objects.0.columns.partnerId.field', 'objects.0.filter']));
  });
});
