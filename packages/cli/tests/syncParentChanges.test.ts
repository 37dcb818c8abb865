// `provvigo sync salesforce` on contracts read again because their partner changed: the sample mapping's partnerId
// column reads Partner__r.Partner_Code__c, and correcting a partner's code moves no contract's SystemModstamp. The
// object's line is followed by one line per relationship (read, stored, updated, taken out), in English and in
// Italian, against the fake Salesforce reading each partner as it is now and a real store (PGlite folder).
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ACCOUNT_FIELDS, CONTRACT_FIELDS, contractsMapping, FakeSalesforce, fakeId, makeContracts } from '@provvigo/adapter-salesforce/testing';
import { syncSalesforceCommand } from '../src/commands/sync.js';
import { capture } from './helpers/capture.js';
import { inItalian } from './helpers/inItalian.js';
import { removeFolders, tempStore } from './helpers/tempStore.js';

let dir: string;
let db: string;
let config: string;
const fake = new FakeSalesforce({ parentsFromRecords: true });
// contract i belongs to partner (i mod 7) + 1: the three contracts to partners 1, 2 and 3
const contracts = makeContracts(3, { base: '2026-11-01T08:00:00.000Z' });
const partners = [1, 2, 3].map((k) => ({ Id: fakeId('001', k), Name: `Agenzia ${k}`, Partner_Code__c: `AGT-000${k}`, SystemModstamp: '2026-09-01T00:00:00.000+0000' }));

beforeAll(async () => {
  ({ dir, db } = await tempStore('provvigo-sf-parent-'));
  fake.addObject({ name: 'Contract', fields: CONTRACT_FIELDS, records: contracts });
  fake.addObject({ name: 'Account', fields: [...ACCOUNT_FIELDS, { name: 'SystemModstamp', type: 'datetime', nillable: false }], records: partners });
  const instanceUrl = await fake.start();
  config = join(dir, 'salesforce.json');
  await writeFile(config, JSON.stringify(contractsMapping({ kind: 'accessToken', instanceUrl, accessToken: { env: 'SF_ACCESS_TOKEN' } })));
}, 180_000);

afterAll(async () => {
  await fake.stop();
  await removeFolders(dir, db);
});

afterEach(() => vi.unstubAllEnvs());

/** One sync through the command, as the CLI runs it: what it prints on stdout. */
async function sync(): Promise<{ code: number; out: string }> {
  // jsforce would go through a proxy of the environment; the fake is local
  for (const name of ['http_proxy', 'https_proxy', 'HTTP_PROXY', 'HTTPS_PROXY']) vi.stubEnv(name, '');
  vi.stubEnv('SF_ACCESS_TOKEN', fake.issueToken());
  const c = capture();
  const code = await syncSalesforceCommand({ config, db }, c.io);
  return { code, out: c.text() };
}

describe('sync salesforce: records read again because their parent changed', () => {
  it("prints, after the object's line, what the pass read, stored, updated and took out, in both languages", async () => {
    const first = await sync();
    expect(first.code).toBe(0);
    // a first (full) run reads every contract with its partner as it is: no pass, no line
    expect(first.out).not.toContain('Partner__r');

    // partner 2's code is corrected; its one contract (the second) does not change
    Object.assign(partners[1]!, { Partner_Code__c: 'AGT-0202', SystemModstamp: '2026-11-20T10:00:00.000+0000' });
    const second = await sync();
    expect(second.code).toBe(0);
    const lines = second.out.split('\n');
    // the sync query reads the three contracts again (overlap, unchanged) and the pass the second, rewritten
    expect(lines[0]).toMatch(/^Contract → contracts \(rest\): received 4 = stored 1 \(new 0, updated 1, deleted 0\) \+ quarantined 0 \+ duplicates 3; /);
    expect(lines[1]).toBe('  Contract: Partner__r changed: read 1, stored 1, updated 1, taken out 0');

    Object.assign(partners[1]!, { Partner_Code__c: 'AGT-0302', SystemModstamp: '2026-11-21T10:00:00.000+0000' });
    const italian = await inItalian(() => sync());
    expect(italian.out.split('\n')[1]).toBe('  Contract: Partner__r modificato: riletti 1, salvati 1, aggiornati 1, tolti 0');

    // a contract edited after the partner moves the cursor past the partner's change (that run still reads it again)
    Object.assign(contracts[0]!, { Offer__c: 'FIX24', SystemModstamp: '2026-11-22T10:00:00.000+0000' });
    expect((await sync()).code).toBe(0);
    // no partner changed since the cursor: the pass runs and finds nothing, and a line of zeros would read as a change
    const quiet = await sync();
    expect(quiet.code).toBe(0);
    expect(quiet.out).not.toContain('Partner__r');
  }, 120_000);
});
