import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '@provvigo/store';
import { afterAll, describe, expect, it } from 'vitest';
import { ACCOUNT_FIELDS, CONTRACT_FIELDS, contractsMapping, FakeSalesforce, makeContracts } from '../src/testing/index.js';

/** `provvigo sync salesforce` end to end: the real CLI in its own process, against the fake Salesforce. */
const cliBin = fileURLToPath(new URL('../../cli/src/bin.ts', import.meta.url));
const PG = process.env.PROVVIGO_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `sf_cli_${process.pid}_${randomBytes(3).toString('hex')}`;
const pgOk = await openDatabase(PG)
  .then(async (db) => (await db.close(), true))
  .catch(() => false);
// PostgreSQL when present (fast to open from a fresh process); otherwise an embedded PGlite folder.
const dbTarget = pgOk ? `${PG}?schema=${schema}` : join(mkdtempSync(join(tmpdir(), 'provvigo-sf-cli-')), 'db');

function cli(args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--conditions=@provvigo/source', '--import', 'tsx', cliBin, ...args], {
      env: { ...process.env, ...env, http_proxy: '', https_proxy: '', HTTP_PROXY: '', HTTPS_PROXY: '' },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('exit', (code) => resolve({ code, out, err }));
  });
}

afterAll(async () => {
  if (pgOk) {
    const db = await openDatabase(PG);
    await db.exec(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await db.close();
  }
});

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
      expect(described.err).toContain('mapping OK');
      expect(described.out).toMatch(/Partner__c\s+reference .*→ Partner__r\.\* \(Account\)/);
      expect(described.code).toBe(0);

      const first = await cli(['sync', 'salesforce', '--config', config, '--db', dbTarget], env);
      expect(first.err).toMatch(/Contract: page 3, 1000\/1000 received, 1 quarantined/);
      expect(first.out).toMatch(/^Contract → contracts \(rest\): received 1000 = stored 999 \(new 999, updated 0, deleted 0\) \+ quarantined 1 \+ duplicates 0; announced 1000; cursor 2026-11-01T08:16:39.000Z 800XX00000000RSAAA\n$/);
      expect(first.code).toBe(1); // data issues: one record quarantined

      const again = await cli(['sync', 'salesforce', '--config', config, '--db', dbTarget, '--full'], env);
      expect(again.out).toMatch(/received 1000 = stored 0 \(new 0, updated 0, deleted 0\) \+ quarantined 1 \+ duplicates 999/);

      const badToken = await cli(['sync', 'salesforce', '--config', config, '--db', dbTarget], { SF_ACCESS_TOKEN: 'expired' });
      expect(badToken.code).toBe(2);
      expect(badToken.err).toMatch(/INVALID_SESSION_ID/);
      expect(badToken.err).not.toContain(env.SF_ACCESS_TOKEN);
    } finally {
      await fake.stop();
    }
  }, 180_000); // four CLI processes, each opening its own database: slow on a busy machine
});
