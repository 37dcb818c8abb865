import { afterEach, describe, expect, it } from 'vitest';
import { FakeS4Hana } from '../src/testing/index.js';
import {
  SapConfigError,
  MemoryPostingLog,
  SapSession,
  SupplierInvoiceApi,
  SupplierInvoicePoster,
  formatReconciliation,
  parseSapConfig,
  redactConfig,
  referenceFilter,
  resolveAuth,
} from '../src/index.js';
import { PASSWORD, configInput, makeConfig, makeInvoice } from './fixtures.js';

let fake: FakeS4Hana | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

function recordingFetch(seen: { url: string; headers: Record<string, string> }[]) {
  return async (url: string, init: RequestInit) => {
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((v, k) => {
      headers[k] = v;
    });
    seen.push({ url, headers });
    return fetch(url, init);
  };
}

describe('SAP session: CSRF token, cookies, auth', () => {
  it('fetches the CSRF token once with a safe request and sends it with the session cookies on every write', async () => {
    fake = await FakeS4Hana.start({ password: PASSWORD });
    const seen: { url: string; headers: Record<string, string> }[] = [];
    const config = makeConfig(fake.url, 5, { concurrency: 1 });
    const p = new SupplierInvoicePoster(config, resolveAuth(config.connection.auth), { log: new MemoryPostingLog(), fetch: recordingFetch(seen) });
    await p.postAll([makeInvoice(1), makeInvoice(2)]);
    const methods = fake.requests.map((r) => `${r.method} ${r.op} ${r.status}`);
    expect(methods).toEqual(['GET lookup 200', 'HEAD service 200', 'POST create 201', 'GET lookup 200', 'POST create 201']);
    const posts = seen.filter((s) => s.headers['x-csrf-token'] && s.headers['x-csrf-token'] !== 'Fetch');
    expect(posts).toHaveLength(2);
    for (const p of posts) {
      expect(p.headers.cookie).toMatch(/SAP_SESSIONID_FAK_100=[^;]+; sap-usercontext=sap-client=100/);
      expect(p.url).toContain('sap-client=100');
    }
    // the lookup uses the exact $filter of adapters.md §2.7 plus the fiscal year
    expect(decodeURIComponent(seen[0]!.url)).toContain(
      "$filter=SupplierInvoiceIDByInvcgParty eq 'CM202611-00001' and InvoicingParty eq '17300001' and CompanyCode eq 'IT01' and FiscalYear eq '2026'",
    );
  });

  it('on 403 "x-csrf-token: Required" refetches the token and retries once', async () => {
    fake = await FakeS4Hana.start({ password: PASSWORD });
    const config = makeConfig(fake.url, 5, { concurrency: 1 });
    const p = new SupplierInvoicePoster(config, resolveAuth(config.connection.auth), { log: new MemoryPostingLog() });
    await p.postAll([makeInvoice(1)]);
    fake.expireCsrfTokens();
    const r = await p.postAll([makeInvoice(2)]);
    expect(formatReconciliation(r)).toBe('invoices 1 = posted 1 + already present 0 + failed 0');
    expect(fake.requests.slice(-4).map((x) => `${x.method} ${x.op} ${x.status}`)).toEqual(['GET lookup 200', 'POST create 403', 'HEAD service 200', 'POST create 201']);
    expect(fake.requests.filter((x) => x.status === 403)).toHaveLength(1);
    expect(fake.invoices).toHaveLength(2);
  });

  it('a token refused twice is a SapAuthError that stops the batch; nothing is posted twice or lost', async () => {
    fake = await FakeS4Hana.start({ password: PASSWORD });
    fake.inject({ op: 'create', action: 'csrf-expired', times: 2 });
    const log = new MemoryPostingLog();
    const config = makeConfig(fake.url, 5, { concurrency: 1 });
    const p = new SupplierInvoicePoster(config, resolveAuth(config.connection.auth), { log });
    const r = await p.postAll([makeInvoice(1), makeInvoice(2), makeInvoice(3)]);
    expect(formatReconciliation(r)).toBe('invoices 3 = posted 0 + already present 0 + failed 3');
    expect(r.results.map((x) => x.outcome.status === 'failed' && x.outcome.reason)).toEqual(['auth', 'not-attempted', 'not-attempted']);
    expect(r.results[0]!.outcome).toMatchObject({ message: expect.stringContaining('refused the CSRF token twice') });
    expect((await log.list())[0]).toMatchObject({ state: 'failed', errorCode: 'AUTH' });
    const again = await p.postAll([makeInvoice(1), makeInvoice(2), makeInvoice(3)]);
    expect(formatReconciliation(again)).toBe('invoices 3 = posted 3 + already present 0 + failed 0');
  });

  it('bad credentials: SapAuthError, the password appears in no message', async () => {
    fake = await FakeS4Hana.start({ password: PASSWORD });
    const input = configInput(fake.url);
    input.suppliers = { P00001: '17300001' };
    input.connection.auth = { type: 'basic', username: 'INTEGRATION', password: 'wrong-Pa55' };
    const config = parseSapConfig(input);
    const p = new SupplierInvoicePoster(config, resolveAuth(config.connection.auth), { log: new MemoryPostingLog() });
    const r = await p.postAll([makeInvoice(1)]);
    expect(r.results[0]!.outcome).toMatchObject({ status: 'failed', reason: 'auth', message: expect.stringContaining('401') });
    expect(JSON.stringify(r)).not.toContain('wrong-Pa55');
    expect(JSON.stringify(redactConfig(config))).not.toContain('wrong-Pa55');
    expect(fake.invoices).toHaveLength(0);
  });

  it('OAuth client credentials: token fetched, reused, and refetched once after a 401', async () => {
    fake = await FakeS4Hana.start({ oauth: { clientId: 'provvigo', clientSecret: 'cl!ent-secret' } });
    const input = configInput(fake.url);
    input.suppliers = { P00001: '17300001', P00002: '17300002' };
    input.connection.auth = { type: 'oauth2-client-credentials', tokenUrl: `${fake.url}/sap/bc/sec/oauth2/token`, clientId: 'provvigo', clientSecretEnv: 'H7_TEST_SECRET' };
    const config = parseSapConfig(input);
    expect(() => resolveAuth(config.connection.auth, {})).toThrow(SapConfigError);
    const auth = resolveAuth(config.connection.auth, { H7_TEST_SECRET: 'cl!ent-secret' });
    const p = new SupplierInvoicePoster(config, auth, { log: new MemoryPostingLog() });
    await p.postAll([makeInvoice(1)]);
    fake.revokeOAuthTokens();
    const r = await p.postAll([makeInvoice(2)]);
    expect(r.posted).toBe(1);
    expect(fake.requests.filter((x) => x.op === 'token').map((x) => x.status)).toEqual([200, 200]);
    expect(fake.requests.filter((x) => x.status === 401)).toHaveLength(1);
  });

  it('an HTML 503 from a proxy or a truncated body is a protocol/transient error, reconciled by lookup', async () => {
    fake = await FakeS4Hana.start({ password: PASSWORD });
    fake.inject({ op: 'create', action: 'status-503-html', times: 5 });
    const config = makeConfig(fake.url, 5, { maxAttempts: 2 });
    const p = new SupplierInvoicePoster(config, resolveAuth(config.connection.auth), { log: new MemoryPostingLog(), sleep: async () => {} });
    const r = await p.postAll([makeInvoice(1)]);
    expect(r.results[0]!.outcome).toMatchObject({ status: 'failed', reason: 'unknown', message: expect.stringContaining('SAP 503') });
    expect(fake.invoices).toHaveLength(0);
  });

  it('escapes quotes in OData string literals', async () => {
    expect(referenceFilter({ companyCode: 'IT01', supplier: "O'HARA", reference: "R'1", fiscalYear: '2026' })).toBe(
      "SupplierInvoiceIDByInvcgParty eq 'R''1' and InvoicingParty eq 'O''HARA' and CompanyCode eq 'IT01' and FiscalYear eq '2026'",
    );
    fake = await FakeS4Hana.start({ password: PASSWORD });
    const config = makeConfig(fake.url, 1);
    const api = new SupplierInvoiceApi(new SapSession(config.connection, resolveAuth(config.connection.auth)));
    expect(await api.findByReference({ companyCode: 'IT01', supplier: "O'HARA", reference: "R'1", fiscalYear: '2026' }, 'test')).toEqual([]);
  });

  it('rejects an invalid config naming each field', () => {
    const bad = { ...configInput('not a url'), posting: { companyCode: 'IT001' }, taxCodes: [] };
    expect(() => parseSapConfig(bad)).toThrow(/connection.baseUrl[\s\S]*posting.companyCode: a company code has exactly 4 characters[\s\S]*taxCodes/);
  });

  it('checks the connection before any data moves; a wrong service path or password says so', async () => {
    fake = await FakeS4Hana.start({ password: PASSWORD });
    const config = makeConfig(fake.url, 1);
    const ok = new SupplierInvoicePoster(config, resolveAuth(config.connection.auth), { log: new MemoryPostingLog() });
    expect(await ok.checkConnection()).toEqual({ service: `${fake.url}/sap/opu/odata/sap/API_SUPPLIERINVOICE_PROCESS_SRV?sap-client=100`, csrf: true });
    const wrongPath = { ...config, connection: { ...config.connection, servicePath: '/sap/opu/odata/sap/API_SUPPLIERINVOICE_SRV' } };
    await expect(new SupplierInvoicePoster(wrongPath, resolveAuth(config.connection.auth), { log: new MemoryPostingLog() }).checkConnection()).rejects.toThrow(/no CSRF token/);
    const wrongPassword = new SupplierInvoicePoster(config, { type: 'basic', username: 'INTEGRATION', password: 'nope-nope' }, { log: new MemoryPostingLog() });
    await expect(wrongPassword.checkConnection()).rejects.toThrow(/401 Unauthorized/);
    expect(fake.invoices).toHaveLength(0);
  });

  it('429 Too Many Requests is not a rejection: the invoice is reconciled and retried', async () => {
    fake = await FakeS4Hana.start({ password: PASSWORD });
    const config = makeConfig(fake.url, 3);
    const seen: number[] = [];
    let throttled = false;
    // a throttling gateway in front of SAP answers the first write with 429 and SAP's error JSON
    const throttle = async (url: string, init: RequestInit) => {
      if (init.method === 'POST' && !throttled) {
        throttled = true;
        seen.push(429);
        return new Response(JSON.stringify({ error: { code: 'RATE_LIMIT', message: { lang: 'en', value: 'Too many requests' } } }), { status: 429, headers: { 'content-type': 'application/json' } });
      }
      return fetch(url, init);
    };
    const p = new SupplierInvoicePoster(config, resolveAuth(config.connection.auth), { log: new MemoryPostingLog(), fetch: throttle, sleep: async () => {} });
    const r = await p.postAll([makeInvoice(1)]);
    expect(seen).toEqual([429]);
    expect(r.results[0]!.outcome).toMatchObject({ status: 'posted' });
    expect(fake.invoices).toHaveLength(1);
  });

  it('builds URLs under a base path prefix with OData-style query encoding', () => {
    const config = makeConfig('https://gw.example/s4/', 1);
    const session = new SapSession(config.connection, resolveAuth(config.connection.auth));
    expect(session.url('/sap/opu/odata/sap/X/A', { $filter: "a eq 'b c'" })).toBe("https://gw.example/s4/sap/opu/odata/sap/X/A?sap-client=100&$filter=a%20eq%20%27b%20c%27");
  });
});
