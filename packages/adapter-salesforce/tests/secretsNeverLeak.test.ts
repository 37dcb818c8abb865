// Secrets are never logged: the Salesforce credentials (password, client secret, refresh token, access token, private
// key) and a login or instance URL that carries a password. Each case gives a real secret and reads every character
// of the error the adapter throws as it prints whole (message, stack, properties and cause): what `console.error`
// of a host application, or an error tracker, shows. The servers are the fake Salesforce on 127.0.0.1 and a port
// where nothing listens.
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SalesforceClient } from '../src/client.js';
import { AuthError, TransientError } from '../src/errors.js';
import type { AuthConfig } from '../src/mapping.js';
import { FakeSalesforce } from '../src/testing/index.js';

// jsforce routes every request through http(s)_proxy when set, ignoring NO_PROXY: keep tests on 127.0.0.1.
for (const k of ['http_proxy', 'https_proxy', 'HTTP_PROXY', 'HTTPS_PROXY']) delete process.env[k];

const SECRET = 'S3cr3t-Sf-Value';
const NOWHERE = `http://integration:${SECRET}@127.0.0.1:1`;
const options = { apiVersion: '64.0', retry: { maxAttempts: 1, sleep: async () => {} } };

let fake: FakeSalesforce;
let url: string;
beforeAll(async () => {
  fake = new FakeSalesforce({ clientId: 'cid', clientSecret: 'right-client-secret', users: { 'u@example.com': 'right-password' }, refreshTokens: ['right-refresh-token'] });
  url = await fake.start();
}, 60_000);
afterAll(async () => fake?.stop(), 60_000);

async function connectError(auth: AuthConfig): Promise<unknown> {
  return SalesforceClient.connect(auth, options).then(
    () => undefined,
    (e: unknown) => e,
  );
}

describe('a login URL with a password in it, where nothing listens', () => {
  it.each([
    { kind: 'password', loginUrl: NOWHERE, clientId: 'cid', clientSecret: 'x', username: 'u@example.com', password: 'x' },
    { kind: 'clientCredentials', loginUrl: NOWHERE, clientId: 'cid', clientSecret: 'x' },
    { kind: 'refreshToken', loginUrl: NOWHERE, clientId: 'cid', refreshToken: 'x' },
  ] as AuthConfig[])('$kind: the AuthError and its cause do not quote it', async (auth) => {
    const error = await connectError(auth);
    expect(error).toBeInstanceOf(AuthError);
    const printed = inspect(error, { depth: 10 });
    expect(printed).not.toContain(SECRET);
    expect(printed).toContain('http://integration:***@127.0.0.1:1/services/oauth2/token');
  });
});

describe('an instance URL with a password in it, where nothing listens', () => {
  it('the TransientError of a request and its cause do not quote it', async () => {
    const client = await SalesforceClient.connect({ kind: 'accessToken', instanceUrl: NOWHERE, accessToken: 'token' }, options);
    const error = await client.send('GET', '/services/data/v64.0/sobjects').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TransientError);
    expect(inspect(error, { depth: 10 })).not.toContain(SECRET);
  });
});

describe('credentials Salesforce refuses', () => {
  it.each([
    { kind: 'password', loginUrl: '', clientId: 'cid', clientSecret: 'right-client-secret', username: 'u@example.com', password: SECRET, securityToken: SECRET },
    { kind: 'password', loginUrl: '', clientId: 'cid', clientSecret: SECRET, username: 'u@example.com', password: 'right-password' },
    { kind: 'clientCredentials', loginUrl: '', clientId: 'cid', clientSecret: SECRET },
    { kind: 'refreshToken', loginUrl: '', clientId: 'cid', clientSecret: 'right-client-secret', refreshToken: SECRET },
    { kind: 'jwt', loginUrl: '', clientId: 'cid', username: 'u@example.com', privateKey: `-----BEGIN PRIVATE KEY-----\n${SECRET}\n-----END PRIVATE KEY-----` },
  ] as AuthConfig[])('$kind: the AuthError does not quote them', async (auth) => {
    const error = await connectError({ ...auth, loginUrl: url } as AuthConfig);
    expect(error).toBeInstanceOf(AuthError);
    expect(inspect(error, { depth: 10 })).not.toContain(SECRET);
  });

  it('an expired access token: the 401 does not quote it', async () => {
    const token = fake.issueToken();
    const client = await SalesforceClient.connect({ kind: 'accessToken', instanceUrl: url, accessToken: token }, options);
    fake.expireAllTokens();
    const error = await client.send('GET', '/services/data/v64.0/sobjects').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AuthError);
    expect(inspect(error, { depth: 10 })).not.toContain(token);
  });
});
