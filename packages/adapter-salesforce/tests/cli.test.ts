
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// the CLI run from source as its own process (the repository's end-to-end helper) and the store's test locations
import { provvigo } from '../../../tests/helpers.js';
import { newLocation, postgresAvailable } from '../../store/tests/helpers/engines.js';
import { ACCOUNT_FIELDS, CONTRACT_FIELDS, contractsMapping, FakeSalesforce, makeContracts } from '../src/testing/index.js';

/** `provvigo sync salesforce` end to end: the real CLI in its own process, against the fake Salesforce. */
// PostgreSQL when present (fast to open from a fresh process; always in CI); otherwise an embedded PGlite folder
const location = await newLocation((await postgresAvailable()) ? 'postgres' : 'pglite');
const dbTarget = location.target;

/** The real CLI in its own process; proxies cleared so jsforce talks to the local fake directly. */
const cli = (args: string[], env: Record<string, string>) => provvigo(args, { ...env, http_proxy: '', https_proxy: '', HTTP_PROXY: '', HTTPS_PROXY: '' });

afterAll(() => location.dispose(), 120_000);

describe('provvigo sync salesforce', () => {
  it('describes, syncs with progress and a reconciliation line, quarantines, and stores nothing twice on re-run', async () => {
    const fake = new FakeSalesforce({ pageSize: 400 });
    const url = await fake.start();
    try {
      const records = makeContracts(1000, { base: '2026-11-01T08:00:00.000Z' });
      records[3]!.Annual_Smc__c = 'many';
      fake.addObject({ name: 'Contract', fields: CONTRACT_FIELDS, records });
      fake.addObject({ name: 'Account', fields: ACCOUNT_FIELDS, records: [] });
      const dir = mkdtempSync(join(tmpdir(), 'provvigo-sf-'));
      const config = join(dir, 'salesforce.json');
      writeFileSync(config, JSON.stringify(contractsMapping({ kind: 'accessToken', instanceUrl: url, accessToken: { env: 'SF_ACCESS_TOKEN' } }), null, 2));
      const env = { SF_ACCESS_TOKEN: fake.issueToken() };

      const described = await cli(['sync', 'salesforce', '--config', config, '--describe'], env);
      expect(described.stderr).toContain('mapping OK');
      expect(described.stdout).toMatch(/Partner__c\s+reference .*→ Partner__r\.\* \(Account\)/);
      expect(described.code).toBe(0);

      const first = await cli(['sync', 'salesforce', '--config', config, '--db', dbTarget], env);
      expect(first.stderr).toMatch(/Contract: page 3, 1000\/1000 received, 1 quarantined/);
      expect(first.stdout).toMatch(/^Contract → contracts \(rest\): received 1000 = stored 999 \(new 999, updated 0, deleted 0\) \+ quarantined 1 \+ duplicates 0; announced 1000; cursor 2026-11-01T08:16:39.000Z 800XX00000000RSAAA\n$/);
      expect(first.code).toBe(1); // data issues: one record quarantined

      const again = await cli(['sync', 'salesforce', '--config', config, '--db', dbTarget, '--full'], env);
      expect(again.stdout).toMatch(/received 1000 = stored 0 \(new 0, updated 0, deleted 0\) \+ quarantined 1 \+ duplicates 999/);

      const badToken = await cli(['sync', 'salesforce', '--config', config, '--db', dbTarget], { SF_ACCESS_TOKEN: 'expired' });
      expect(badToken.code).toBe(2);
      expect(badToken.stderr).toMatch(/INVALID_SESSION_ID/);
      expect(badToken.stderr).not.toContain(env.SF_ACCESS_TOKEN);
    } finally {
      await fake.stop();
    }
  }, 180_000); // four CLI processes, each opening its own database: slow on a busy machine
});
