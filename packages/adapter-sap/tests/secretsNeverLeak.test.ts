// Secrets are never logged: the SAP connection holds a password or a client secret, in its own fields or (a user's
// mistake, or an API gateway's key) in a URL. Each case gives a real secret and reads every character that comes back
// or is kept: the connection check's error, each invoice's outcome, the posting log and `redactConfig`'s printable
// copy. The server is the fake S/4HANA on 127.0.0.1, speaking OAuth client credentials.
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeS4Hana } from '../src/testing/index.js';
import { MemoryPostingLog, parseSapConfig, redactConfig, resolveAuth, SupplierInvoicePoster, type SapConfig } from '../src/index.js';
import { configInput, makeInvoice } from './fixtures.js';

const SECRET = 'S3cr3t-Client-Key';

let fake: FakeS4Hana;
beforeAll(async () => {
  fake = await FakeS4Hana.start({ oauth: { clientId: 'provvigo', clientSecret: SECRET } });
}, 60_000);
afterAll(async () => fake?.close(), 60_000);

/** A configuration whose token URL also carries the client id and secret (as some gateways document it). */
function withSecretInTokenUrl(): SapConfig {
  const input = configInput(fake.url, { maxAttempts: 1 });
  input.suppliers = { P00001: '17300001' };
  const tokenUrl = new URL('/sap/bc/sec/oauth2/token', fake.url);
  tokenUrl.username = 'provvigo';
  tokenUrl.password = SECRET;
  input.connection.auth = { type: 'oauth2-client-credentials', tokenUrl: tokenUrl.href, clientId: 'provvigo', clientSecretEnv: 'SAP_CLIENT_SECRET' };
  return parseSapConfig(input);
}

describe('an OAuth token URL with credentials in it', () => {
  it('the connection check fails without quoting the secret', async () => {
    const config = withSecretInTokenUrl();
    const poster = new SupplierInvoicePoster(config, resolveAuth(config.connection.auth, { SAP_CLIENT_SECRET: SECRET }), { log: new MemoryPostingLog() });
    const error = await poster.checkConnection().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(inspect(error, { depth: 10 })).not.toContain(SECRET);
    expect((error as Error).message).toMatch(/^OAuth token request to http:\/\/127\.0\.0\.1:\d+: .*http:\/\/provvigo:\*\*\*@127\.0\.0\.1/);
  });

  it('a posting fails and the posting log keeps why, without the secret', async () => {
    const config = withSecretInTokenUrl();
    const log = new MemoryPostingLog();
    const poster = new SupplierInvoicePoster(config, resolveAuth(config.connection.auth, { SAP_CLIENT_SECRET: SECRET }), { log, sleep: async () => {} });
    const report = await poster.postAll([makeInvoice(1)]);
    expect(report.results[0]!.outcome.status).toBe('failed');
    const stored = await log.list();
    expect(stored).toHaveLength(1);
    expect(stored[0]!.errorMessage).toMatch(/OAuth token request/);
    expect(inspect({ report, stored }, { depth: 10 })).not.toContain(SECRET);
  });
});

describe('redactConfig, the copy safe to print', () => {
  it('masks a secret in the token URL and the base URL as well as the secret fields', () => {
    const input = configInput(`https://INTEGRATION:${SECRET}@sap.example.com/s4?apikey=${SECRET}`);
    input.connection.auth = { type: 'oauth2-client-credentials', tokenUrl: `https://provvigo:${SECRET}@sap.example.com/oauth/token`, clientId: 'provvigo', clientSecret: SECRET };
    const printed = JSON.stringify(redactConfig(parseSapConfig(input)));
    expect(printed).not.toContain(SECRET);
    expect(printed).toContain('https://provvigo:***@sap.example.com/oauth/token');
  });
});
