import { afterEach, describe, expect, it } from 'vitest';
import { SalesforceClient } from '../src/client.js';
import { AuthError } from '../src/errors.js';
import { SalesforceConfigSchema } from '../src/mapping.js';
import { syncSalesforce } from '../src/sync.js';
import { contractsMapping } from '../src/testing/index.js';
import { harness, makeContracts, NOW, type Harness } from './helpers.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

// What Salesforce answers for a session it refuses: REST API Developer Guide, "Status Codes and Error Responses" (401).
const INVALID_SESSION = JSON.stringify([{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);

describe('a 401 INVALID_SESSION_ID that a fresh session does not cure', () => {
  it('re-authenticates once, then stops with an AuthError instead of logging in again and again', async () => {
    h = await harness(makeContracts(10), { mode: 'rest', refreshTokens: ['5Aep861-refresh'] });
    const config = SalesforceConfigSchema.parse(contractsMapping({ kind: 'refreshToken', loginUrl: h.fake.url, clientId: 'test-client-id', refreshToken: { env: 'SF_REFRESH' } }));
    let refreshed = 0;
    const client = await SalesforceClient.connect(config.auth, {
      apiVersion: '64.0',
      env: { SF_REFRESH: '5Aep861-refresh' },
      retry: { sleep: async () => undefined },
      onRefresh: () => {
        // jsforce would refresh for ever; revoking the refresh token after a few stops it so the test can end
        if (++refreshed === 3) h!.fake.options.refreshTokens = [];
      },
    });
    // every session is refused, fresh ones too (as an org does with sessions locked to another IP address)
    h.fake.inject({ match: /\/query/, fault: { kind: 'status', status: 401, body: INVALID_SESSION }, times: Infinity });
    const logins = () => h!.fake.log.filter((l) => l.path === '/services/oauth2/token').length;
    const before = logins();
    const [r] = await syncSalesforce(config, { db: h.db, client, now: NOW });
    expect(refreshed).toBe(1);
    expect(logins() - before).toBe(1);
    expect(r!.error).toBeInstanceOf(AuthError);
    expect(r!.error!.errorCode).toBe('INVALID_SESSION_ID');
    expect(r!.error!.message).toMatch(/HTTP 401 INVALID_SESSION_ID \(Session expired or invalid\); the session is invalid and could not be refreshed/);
    expect(r!.inserted).toBe(0);
  });
});
