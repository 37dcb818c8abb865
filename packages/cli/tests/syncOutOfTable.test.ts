// `provvigo sync salesforce` on records taken out of the fact table by a query of their own: a contract that no
// longer matches the mapping's filter (Activated → Terminated) is counted on the object's line and named with its
// reason, in English and in Italian, against the fake Salesforce and a real store (PGlite folder). A run with
// nothing taken out prints the line as before.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ACCOUNT_FIELDS, CONTRACT_FIELDS, contractsMapping, FakeSalesforce, makeContracts } from '@provvigo/adapter-salesforce/testing';
import { syncSalesforceCommand } from '../src/commands/sync.js';
import { capture } from './helpers/capture.js';
import { inItalian } from './helpers/inItalian.js';
import { removeFolders, tempStore } from './helpers/tempStore.js';

let dir: string;
let db: string;
let config: string;
const fake = new FakeSalesforce();
const contracts = makeContracts(3, { base: '2026-11-01T08:00:00.000Z' });

beforeAll(async () => {
  ({ dir, db } = await tempStore('provvigo-sf-out-'));
  fake.addObject({ name: 'Contract', fields: CONTRACT_FIELDS, records: contracts });
  // the contracts' partner is read through Partner__r, a lookup to Account: described, never synced here
  fake.addObject({ name: 'Account', fields: [...ACCOUNT_FIELDS, { name: 'SystemModstamp', type: 'datetime', nillable: false }], records: [] });
  const instanceUrl = await fake.start();
  config = join(dir, 'salesforce.json');
  await writeFile(config, JSON.stringify(contractsMapping({ kind: 'accessToken', instanceUrl, accessToken: { env: 'SF_ACCESS_TOKEN' } })));
}, 180_000);

afterAll(async () => {
  await fake.stop();
  await removeFolders(dir, db);
});

afterEach(() => vi.unstubAllEnvs());

/** One sync through the command, as the CLI runs it: the object's line (stdout) and what it adds on stderr. */
async function sync(): Promise<{ code: number; line: string; errors: string }> {
  // jsforce would go through a proxy of the environment; the fake is local
  for (const name of ['http_proxy', 'https_proxy', 'HTTP_PROXY', 'HTTPS_PROXY']) vi.stubEnv(name, '');
  vi.stubEnv('SF_ACCESS_TOKEN', fake.issueToken());
  const c = capture();
  const code = await syncSalesforceCommand({ config, db }, c.io);
  return { code, line: c.text(), errors: c.errors() };
}

describe('sync salesforce: records out of the table', () => {
  it('a contract no longer matching the filter is counted on the line and named with its reason, in both languages', async () => {
    const first = await sync();
    expect(first.errors).not.toContain('matches');
    expect(first.code).toBe(0);
    expect(first.line).toMatch(/^Contract → contracts \(rest\): received 3 = stored 3 \(new 3, updated 0, deleted 0\) \+ quarantined 0 \+ duplicates 0; announced 3; cursor /);
    const gone = contracts[1]!.Id as string;
    Object.assign(contracts[1]!, { Status: 'Terminated', SystemModstamp: '2026-11-20T10:00:00.000+0000' });
    const second = await sync();
    expect(second.code).toBe(0);
    expect(second.line).toContain('; out of the table: deleted in Salesforce 0, no longer matching the filter 1; cursor ');
    expect(second.errors).toContain(`  Contract ${gone} no longer matches the mapping's filter (Status): removed from contracts\n`);
    // back in the filter, then out again: the Italian line and reason
    Object.assign(contracts[1]!, { Status: 'Activated', SystemModstamp: '2026-11-21T10:00:00.000+0000' });
    expect((await sync()).line).toContain('stored 1 (new 0, updated 1, deleted 0)');
    Object.assign(contracts[1]!, { Status: 'Terminated', SystemModstamp: '2026-11-22T10:00:00.000+0000' });
    const italian = await inItalian(() => sync());
    expect(italian.line).toContain('; tolti dalla tabella: eliminati in Salesforce 0, non più nel filtro 1; cursore ');
    expect(italian.errors).toContain(`  Contract ${gone} non soddisfa più il filtro della mappatura (Status): tolto da contracts\n`);
  }, 120_000);
});
