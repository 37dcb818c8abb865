import { afterEach, describe, expect, it } from 'vitest';
import { resolveSecret, SalesforceClient } from '../src/client.js';
import { validateMapping } from '../src/describe.js';
import { AuthError, ConfigError, ProtocolError, RateLimitError, RemoteError, TransientError, type SalesforceError } from '../src/errors.js';
import { parseSalesforceConfig, SalesforceConfigSchema } from '../src/mapping.js';
import { listQuarantine } from '../src/store.js';
import { syncSalesforce } from '../src/sync.js';
import { contractsMapping } from '../src/testing/index.js';
import { harness, makeContracts, NOW, type Harness } from './helpers.js';

/**
 * Every error and finding the adapter gives a user is in Italian too (`messages.it`, `reasons.it`), while `message`
 * and `reason` stay the English text they always were. The real client against the fake Salesforce over HTTP.
 */
let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** Follow-up pages of a REST query (the first page is `/query?q=` or `/queryAll?q=`). */
const QUERY_MORE = /\/query\/01g/;
const FIRST_PAGE = /\/query(All)?\?q=/;

/** `message` is the English text, and `messages` holds it beside the Italian. */
function expectTexts(error: SalesforceError | undefined, en: string, it: string): void {
  expect(error?.message).toBe(en);
  expect(error?.messages).toEqual({ en, it });
}

describe('configuration errors in Italian', () => {
  it('a secret whose environment variable is not set', async () => {
    h = await harness([]);
    const config = SalesforceConfigSchema.parse(contractsMapping({ kind: 'accessToken', instanceUrl: h.fake.url, accessToken: { env: 'SF_NOT_SET' } }));
    const error = await SalesforceClient.connect(config.auth, { apiVersion: '64.0', env: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expectTexts(
      error as ConfigError,
      'environment variable SF_NOT_SET is not set (it should hold a Salesforce secret)',
      "la variabile d'ambiente SF_NOT_SET non è impostata (dovrebbe contenere un segreto Salesforce)",
    );
  });

  it('a secret file that cannot be read', () => {
    const error = (() => {
      try {
        return resolveSecret({ file: '/nonexistent/provvigo/salesforce.key' });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expectTexts(error as ConfigError, 'cannot read the secret file /nonexistent/provvigo/salesforce.key', 'impossibile leggere il file del segreto /nonexistent/provvigo/salesforce.key');
  });

  it('a configuration the schema refuses lists each defect in both languages', () => {
    const input = contractsMapping({ kind: 'accessToken', instanceUrl: 'https://example.my.salesforce.com', accessToken: 'x' }, '39.0');
    const r = parseSalesforceConfig({ ...input, objects: [{ ...input.objects[0]!, partnerColumn: 'agency' }] });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues).toEqual(['apiVersion: API versions below 41.0 are retired or being retired; use 41.0 or later', 'objects.0: column "agency" is not mapped in columns']);
    expect(r.messages).toEqual([
      {
        en: 'apiVersion: API versions below 41.0 are retired or being retired; use 41.0 or later',
        it: 'apiVersion: le versioni API precedenti alla 41.0 sono state ritirate o lo saranno; usa la 41.0 o una successiva',
      },
      { en: 'objects.0: column "agency" is not mapped in columns', it: 'objects.0: la colonna "agency" non è mappata in columns' },
    ]);
  });
});

describe('auth errors in Italian', () => {
  it('a 401 that no refresh can cure stops the sync; Salesforce’s own errorCode and message stay as sent', async () => {
    h = await harness(makeContracts(10), { mode: 'rest' });
    h.fake.expireAllTokens();
    const [r] = await syncSalesforce(h.config, { db: h.db, client: h.client, now: NOW });
    expect(r!.error).toBeInstanceOf(AuthError);
    expectTexts(
      r!.error,
      // the run's first request: the object's describe, read for the formula fields the mapping reads
      'describe Contract: HTTP 401 INVALID_SESSION_ID (Session expired or invalid); the session is invalid and could not be refreshed: check the credentials and the connected app',
      'describe di Contract: HTTP 401 INVALID_SESSION_ID (Session expired or invalid); la sessione non è valida e non è stato possibile rinnovarla: controlla le credenziali e la connected app',
    );
  });
});

describe('rate limits in Italian', () => {
  it("the org's daily API allocation spent: the sync stops and says it resumes from its cursor", async () => {
    h = await harness(makeContracts(400), { mode: 'rest', pageSize: 200 });
    h.fake.inject({ match: QUERY_MORE, fault: { kind: 'daily-limit' }, times: 1 });
    const [r] = await syncSalesforce(h.config, { db: h.db, client: h.client, now: NOW });
    expect(r!.error).toBeInstanceOf(RateLimitError);
    expect((r!.error as RateLimitError).daily).toBe(true);
    expectTexts(
      r!.error,
      "queryAll page 2: HTTP 403 REQUEST_LIMIT_EXCEEDED (TotalRequests Limit exceeded.); the org's daily API limit is exhausted, the sync stops and resumes from its cursor next time",
      "queryAll, pagina 2: HTTP 403 REQUEST_LIMIT_EXCEEDED (TotalRequests Limit exceeded.); limite giornaliero di API dell'org esaurito: la sincronizzazione si ferma e riprende dal suo cursore la prossima volta",
    );
  });

  it('429s beyond the retry budget', async () => {
    h = await harness(makeContracts(400), { mode: 'rest', pageSize: 200 });
    h.fake.inject({ match: QUERY_MORE, fault: { kind: 'status', status: 429 }, times: Infinity });
    const [r] = await syncSalesforce(h.config, { db: h.db, client: h.client, now: NOW });
    expect(r!.error).toBeInstanceOf(RateLimitError);
    expectTexts(
      r!.error,
      'queryAll page 2: HTTP 429 TOO_MANY_REQUESTS (Too many requests, retry later); still rate-limited after retries',
      'queryAll, pagina 2: HTTP 429 TOO_MANY_REQUESTS (Too many requests, retry later); Salesforce limita ancora le richieste dopo i nuovi tentativi',
    );
  });
});

describe('protocol errors in Italian', () => {
  it('a page truncated on every attempt', async () => {
    h = await harness(makeContracts(400), { mode: 'rest', pageSize: 200 });
    h.fake.inject({ match: QUERY_MORE, fault: { kind: 'truncated' }, times: Infinity });
    const [r] = await syncSalesforce(h.config, { db: h.db, client: h.client, now: NOW });
    expect(r!.error).toBeInstanceOf(ProtocolError);
    // the fake's truncated body is 81 characters long
    expectTexts(r!.error, 'queryAll page 2: the JSON body is malformed or truncated (81 bytes)', 'queryAll, pagina 2: il corpo JSON è malformato o troncato (81 byte)');
  });

  it('a totalSize that changes between pages', async () => {
    h = await harness(makeContracts(300), { mode: 'rest', pageSize: 100 });
    h.fake.inject({
      match: QUERY_MORE,
      fault: { kind: 'status', status: 200, contentType: 'application/json', body: JSON.stringify({ totalSize: 250, done: true, records: [] }) },
      times: 1,
    });
    const [r] = await syncSalesforce(h.config, { db: h.db, client: h.client, now: NOW });
    expect(r!.error).toBeInstanceOf(ProtocolError);
    expectTexts(r!.error, 'queryAll page 2: totalSize changed from 300 to 250', 'queryAll, pagina 2: totalSize è cambiato da 300 a 250');
  });

  it('an HTML page where JSON was expected, on every attempt', async () => {
    h = await harness(makeContracts(10), { mode: 'rest' });
    h.fake.inject({ match: FIRST_PAGE, fault: { kind: 'html200' }, times: Infinity });
    const [r] = await syncSalesforce(h.config, { db: h.db, client: h.client, now: NOW });
    expect(r!.error).toBeInstanceOf(ProtocolError);
    expectTexts(
      r!.error,
      'queryAll page 1: expected JSON, got text/html;charset=UTF-8 (<!DOCTYPE html><html><head><title>Login | Salesforce</title>…)',
      'queryAll, pagina 1: attesa una risposta JSON, arrivata una risposta text/html;charset=UTF-8 (<!DOCTYPE html><html><head><title>Login | Salesforce</title>…)',
    );
  });
});

describe('remote errors in Italian', () => {
  it('a 403 other than a request limit names the permissions to check', async () => {
    h = await harness(makeContracts(10), { mode: 'rest' });
    const body = JSON.stringify([{ message: 'Insufficient access rights on cross-reference id', errorCode: 'INSUFFICIENT_ACCESS' }]);
    h.fake.inject({ match: FIRST_PAGE, fault: { kind: 'status', status: 403, body }, times: 1 });
    const [r] = await syncSalesforce(h.config, { db: h.db, client: h.client, now: NOW });
    expect(r!.error).toBeInstanceOf(RemoteError);
    expect(r!.error!.status).toBe(403);
    expectTexts(
      r!.error,
      "queryAll page 1: HTTP 403 INSUFFICIENT_ACCESS (Insufficient access rights on cross-reference id); check the integration user's permissions and field-level security",
      "queryAll, pagina 1: HTTP 403 INSUFFICIENT_ACCESS (Insufficient access rights on cross-reference id); controlla i permessi dell'utente di integrazione e la sicurezza a livello di campo",
    );
  });
});

describe('transient errors in Italian', () => {
  it('a Bulk job still running when the poll timeout expires is left for the next run', async () => {
    h = await harness(makeContracts(50), { mode: 'bulk', bulkPollsBeforeComplete: 5 });
    const [r] = await syncSalesforce(h.config, { db: h.db, client: h.client, now: NOW, bulkPollTimeoutMs: 0, sleep: async () => undefined });
    expect(r!.error).toBeInstanceOf(TransientError);
    expect(r!.error!.errorCode).toBe('BULK_POLL_TIMEOUT');
    const job = /^bulk query job (\S+) /.exec(r!.error!.message)?.[1];
    expectTexts(r!.error, `bulk query job ${job} still UploadComplete after 0 ms; the next run resumes it`, `job di query Bulk ${job} ancora UploadComplete dopo 0 ms: la prossima esecuzione lo riprende`);
  });
});

describe('findings in Italian', () => {
  it('a quarantined record keeps its reason in English and in Italian', async () => {
    const records = makeContracts(20);
    records[3]!.Annual_kWh__c = 'lots';
    records[5]!.CustomerSignedDate = null;
    h = await harness(records, { mode: 'rest' });
    const [r] = await syncSalesforce(h.config, { db: h.db, client: h.client, now: NOW });
    expect(r!.quarantined).toBe(2);
    const byId = new Map((await listQuarantine(h.db, 'Contract')).map((q) => [q.id, q]));
    expect(byId.get(records[3]!.Id as string)).toMatchObject({
      reason: 'Annual_kWh__c → annualKwh: expected a number, got "lots"',
      reasons: { en: 'Annual_kWh__c → annualKwh: expected a number, got "lots"', it: 'Annual_kWh__c → annualKwh: atteso un numero, trovato "lots"' },
    });
    expect(byId.get(records[5]!.Id as string)).toMatchObject({
      reason: 'CustomerSignedDate → signedDate: required value is missing',
      reasons: { en: 'CustomerSignedDate → signedDate: required value is missing', it: 'CustomerSignedDate → signedDate: manca un valore obbligatorio' },
    });
  });

  it('validateMapping words each mapping problem in both languages on request', async () => {
    h = await harness([]);
    const broken = SalesforceConfigSchema.parse({
      ...h.config,
      objects: [
        { ...h.config.objects[0]!, columns: { ...h.config.objects[0]!.columns, offer: { field: 'Offer_Code__c', type: 'text' }, energyEfficiency: { field: 'Product__c', type: 'boolean' } } },
        { ...h.config.objects[0]!, object: 'Nope__c' },
      ],
    });
    expect(await validateMapping(h.client, broken, { languages: 'both' })).toEqual([
      {
        en: 'Contract.Offer_Code__c (column offer): field not found; check the API name and field-level security for the integration user',
        it: "Contract.Offer_Code__c (colonna offer): campo non trovato; controlla il nome API e la sicurezza a livello di campo per l'utente di integrazione",
      },
      {
        en: 'Contract.Product__c (column energyEfficiency): Salesforce type string cannot be read as boolean',
        it: 'Contract.Product__c (colonna energyEfficiency): il tipo Salesforce string non si può leggere come boolean',
      },
      {
        en: "Nope__c: object not found or not readable; check the name and the integration user's object permissions",
        it: "Nope__c: oggetto non trovato o non leggibile; controlla il nome e i permessi sugli oggetti dell'utente di integrazione",
      },
    ]);
    expect(await validateMapping(h.client, { ...h.config, apiVersion: '61.0' }, { languages: 'both' })).toEqual([
      {
        en: 'apiVersion 61.0 is not offered by this org (latest 64.0); set apiVersion to a listed version',
        it: "l'org non offre la versione API 61.0 (la più recente è 64.0); imposta apiVersion su una delle versioni offerte",
      },
    ]);
  });
});
