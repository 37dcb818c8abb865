// `provvigo sync salesforce --quarantine`: the records syncs set aside, listed from a real store (PGlite folder) after
// a real sync of two objects with bad records against the fake Salesforce: aligned rows with the reason in the CLI's
// language and a count line, in English and Italian; `--json` with both languages and the raw record; `--objects`; an
// empty quarantine (exit 0); the options that go with the listing or with the sync; the command as a process, with no
// `--config` and no Salesforce to call.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ACCOUNT_FIELDS, CONTRACT_FIELDS, contractsMapping, FakeSalesforce, fakeId, makeContracts } from '@provvigo/adapter-salesforce/testing';
import { freshPgliteFolder } from '../../store/tests/helpers/engines.js';
import { syncSalesforceCommand } from '../src/commands/sync.js';
import { capture } from './helpers/capture.js';
import { inItalian } from './helpers/inItalian.js';
import { provvigo } from './helpers/provvigoProcess.js';
import { removeFolders, tempStore } from './helpers/tempStore.js';
import { refusal } from './helpers/refusal.js';

let dir: string;
let db: string;
let emptyDb: string;
let config: string;

const ACCOUNT_1 = fakeId('001', 1);
const ACCOUNT_3 = fakeId('001', 3);
const CONTRACT_2 = fakeId('800', 2);
const CONTRACT_4 = fakeId('800', 4);

/** Two partner Accounts and one without its partner code; four Contracts, one with a text for a number, one with no partner. */
function fakeOrg(): FakeSalesforce {
  const fake = new FakeSalesforce();
  const contracts = makeContracts(4, { base: '2026-11-01T08:00:00.000Z' });
  contracts[1]!.Annual_Smc__c = 'many';
  contracts[3]!.Partner__r = null;
  fake.addObject({ name: 'Contract', fields: CONTRACT_FIELDS, records: contracts });
  const account = (n: number, code: string | null) => ({ Id: fakeId('001', n), SystemModstamp: `2026-11-01T09:00:0${n}.000+0000`, Name: `Agenzia ${n}`, Partner_Code__c: code });
  fake.addObject({
    name: 'Account',
    fields: [...ACCOUNT_FIELDS, { name: 'SystemModstamp', type: 'datetime', nillable: false }],
    records: [account(1, null), account(2, 'AGT-0002'), account(3, null)],
  });
  return fake;
}

/** The sample's Contract mapping, and Account → agencies. */
function orgConfig(instanceUrl: string): unknown {
  const base = contractsMapping({ kind: 'accessToken', instanceUrl, accessToken: { env: 'SF_ACCESS_TOKEN' } });
  const accounts = {
    object: 'Account',
    table: 'agencies',
    keyColumn: 'id',
    partnerColumn: 'code',
    columns: { id: { field: 'Id', type: 'text' }, code: { field: 'Partner_Code__c', type: 'text' }, name: { field: 'Name', type: 'text' } },
    deletes: false,
    mode: 'rest',
  };
  return { ...base, objects: [...base.objects, accounts] };
}

beforeAll(async () => {
  ({ dir, db } = await tempStore('provvigo-sf-quarantine-'));
  emptyDb = await freshPgliteFolder('provvigo-sf-quarantine-empty-');
  const fake = fakeOrg();
  try {
    config = join(dir, 'salesforce.json');
    await writeFile(config, JSON.stringify(orgConfig(await fake.start())));
    // jsforce would go through a proxy of the environment; the fake is local
    for (const name of ['http_proxy', 'https_proxy', 'HTTP_PROXY', 'HTTPS_PROXY']) vi.stubEnv(name, '');
    vi.stubEnv('SF_ACCESS_TOKEN', fake.issueToken());
    const c = capture();
    expect(await syncSalesforceCommand({ config, db }, c.io), c.errors()).toBe(1); // records quarantined
  } finally {
    vi.unstubAllEnvs();
    await fake.stop();
  }
}, 180_000);

afterAll(() => removeFolders(dir, db, emptyDb));

/** The listing as the command prints it, and its exit code. */
async function listed(options: { objects?: string; json?: boolean; db?: string }): Promise<{ code: number; out: string }> {
  const c = capture();
  const code = await syncSalesforceCommand({ quarantine: true, db, ...options }, c.io);
  expect(c.errors()).toBe('');
  return { code, out: c.text() };
}

const REASONS = {
  account1: { en: 'Partner_Code__c → code: required value is missing', it: 'Partner_Code__c → code: manca un valore obbligatorio' },
  contract2: { en: 'Annual_Smc__c → annualSmc: expected a number, got "many"', it: 'Annual_Smc__c → annualSmc: atteso un numero, trovato "many"' },
  contract4: { en: 'Partner__r.Partner_Code__c → partnerId: required value is missing', it: 'Partner__r.Partner_Code__c → partnerId: manca un valore obbligatorio' },
};

/** The rule under a column as wide as `text`. */
const dashes = (text: string): string => '-'.repeat(text.length);

describe('sync salesforce --quarantine', () => {
  it('lists every quarantined record, aligned, with the reason and a count line; exit 1', async () => {
    const { code, out } = await listed({});
    expect(out).toBe(
      [
        'object    record              SystemModstamp            field                       reason',
        `--------  ------------------  ------------------------  --------------------------  ${dashes(REASONS.contract4.en)}`,
        `Account   ${ACCOUNT_1}  2026-11-01T09:00:01.000Z  Partner_Code__c             ${REASONS.account1.en}`,
        `Account   ${ACCOUNT_3}  2026-11-01T09:00:03.000Z  Partner_Code__c             ${REASONS.account1.en}`,
        `Contract  ${CONTRACT_2}  2026-11-01T08:00:01.000Z  Annual_Smc__c               ${REASONS.contract2.en}`,
        `Contract  ${CONTRACT_4}  2026-11-01T08:00:03.000Z  Partner__r.Partner_Code__c  ${REASONS.contract4.en}`,
        '4 quarantined record(s); --json gives their raw records',
        '',
      ].join('\n'),
    );
    expect(code).toBe(1);
  });

  it('in Italian: the headers, the reasons and the count line', async () => {
    const { code, out } = await inItalian(() => listed({}));
    expect(out).toBe(
      [
        'oggetto   record              SystemModstamp            campo                       motivo',
        `--------  ------------------  ------------------------  --------------------------  ${dashes(REASONS.contract4.it)}`,
        `Account   ${ACCOUNT_1}  2026-11-01T09:00:01.000Z  Partner_Code__c             ${REASONS.account1.it}`,
        `Account   ${ACCOUNT_3}  2026-11-01T09:00:03.000Z  Partner_Code__c             ${REASONS.account1.it}`,
        `Contract  ${CONTRACT_2}  2026-11-01T08:00:01.000Z  Annual_Smc__c               ${REASONS.contract2.it}`,
        `Contract  ${CONTRACT_4}  2026-11-01T08:00:03.000Z  Partner__r.Partner_Code__c  ${REASONS.contract4.it}`,
        'record in quarantena: 4; --json ne dà i dati originali',
        '',
      ].join('\n'),
    );
    expect(code).toBe(1);
  });

  it('--objects: only those objects, named in the count line; an object with nothing quarantined says so (exit 0)', async () => {
    const contracts = await listed({ objects: 'Contract' });
    expect(contracts.out.split('\n').slice(2)).toEqual([
      `Contract  ${CONTRACT_2}  2026-11-01T08:00:01.000Z  Annual_Smc__c               ${REASONS.contract2.en}`,
      `Contract  ${CONTRACT_4}  2026-11-01T08:00:03.000Z  Partner__r.Partner_Code__c  ${REASONS.contract4.en}`,
      '2 quarantined record(s) of Contract; --json gives their raw records',
      '',
    ]);
    expect(contracts.code).toBe(1);
    // each name once, in the order given
    const both = await inItalian(() => listed({ objects: ' Contract,Account,Contract ' }));
    expect(both.out.split('\n').slice(2, 4).map((l) => l.split(' ')[0])).toEqual(['Contract', 'Contract']);
    expect(both.out.split('\n').at(-2)).toBe('record in quarantena di Contract, Account: 4; --json ne dà i dati originali');
    expect(await listed({ objects: 'Opportunity' })).toEqual({ code: 0, out: 'no quarantined records of Opportunity\n' });
    expect(await inItalian(() => listed({ objects: 'Opportunity' }))).toEqual({ code: 0, out: 'nessun record in quarantena di Opportunity\n' });
  });

  it('--json: each record with its reason in both languages and the raw record as Salesforce sent it', async () => {
    const { code, out } = await listed({ json: true, objects: 'Account' });
    expect(JSON.parse(out)).toEqual([
      {
        object: 'Account',
        id: ACCOUNT_1,
        systemModstamp: '2026-11-01T09:00:01.000Z',
        field: 'Partner_Code__c',
        reason: REASONS.account1.en,
        reasons: REASONS.account1,
        raw: {
          attributes: { type: 'Account', url: `/services/data/v64.0/sobjects/Account/${ACCOUNT_1}` },
          Id: ACCOUNT_1,
          SystemModstamp: '2026-11-01T09:00:01.000+0000',
          Name: 'Agenzia 1',
          Partner_Code__c: null,
        },
      },
      {
        object: 'Account',
        id: ACCOUNT_3,
        systemModstamp: '2026-11-01T09:00:03.000Z',
        field: 'Partner_Code__c',
        reason: REASONS.account1.en,
        reasons: REASONS.account1,
        raw: {
          attributes: { type: 'Account', url: `/services/data/v64.0/sobjects/Account/${ACCOUNT_3}` },
          Id: ACCOUNT_3,
          SystemModstamp: '2026-11-01T09:00:03.000+0000',
          Name: 'Agenzia 3',
          Partner_Code__c: null,
        },
      },
    ]);
    expect(out).toBe(`${JSON.stringify(JSON.parse(out), null, 2)}\n`);
    expect(code).toBe(1);
    const contracts = JSON.parse((await listed({ json: true, objects: 'Contract' })).out) as { raw: Record<string, unknown> }[];
    const partnerCode = (raw: Record<string, unknown>) => (raw.Partner__r as { Partner_Code__c?: unknown } | null)?.Partner_Code__c;
    expect(contracts.map((c) => [c.raw.Id, c.raw.Annual_Smc__c, partnerCode(c.raw)])).toEqual([
      [CONTRACT_2, 'many', 'AGT-0002'],
      [CONTRACT_4, 630, undefined],
    ]);
  });

  it('an empty quarantine (a store no sync ever wrote) says so in words, exit 0; --json gives []', async () => {
    expect(await listed({ db: emptyDb })).toEqual({ code: 0, out: 'no quarantined records\n' });
    expect(await inItalian(() => listed({ db: emptyDb }))).toEqual({ code: 0, out: 'nessun record in quarantena\n' });
    expect(await listed({ db: emptyDb, json: true })).toEqual({ code: 0, out: '[]\n' });
  });

  it('--json belongs to --quarantine; a sync needs --config; --objects must name an object', async () => {
    const refused = (options: Parameters<typeof syncSalesforceCommand>[0]) => refusal(syncSalesforceCommand({ db, ...options }, capture().io));
    const json = await refused({ config, json: true });
    expect(json.format('en')).toBe('--json goes with --quarantine (it lists the quarantine)');
    expect(json.format('it')).toBe('--json va con --quarantine (elenca la quarantena)');
    const nothing = await refused({});
    expect(nothing.format('en')).toBe('give --config <file> to sync or describe, or --quarantine to list the quarantined records');
    expect(nothing.format('it')).toBe('indica --config <file> per sincronizzare o descrivere, o --quarantine per elencare i record in quarantena');
    const noName = await refused({ quarantine: true, objects: ' , ' });
    expect([noName.format('en'), noName.format('it'), noName.exitCode]).toEqual(['--objects: no object named', '--objects: nessun oggetto indicato', 2]);
  });

  it('as a process: lists without --config and without Salesforce, exit 1; --quarantine with --full is a usage error', async () => {
    const r = await provvigo(['sync', 'salesforce', '--quarantine', '--objects', 'Account', '--db', db]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(
      [
        'object   record              SystemModstamp            field            reason',
        `-------  ------------------  ------------------------  ---------------  ${dashes(REASONS.account1.en)}`,
        `Account  ${ACCOUNT_1}  2026-11-01T09:00:01.000Z  Partner_Code__c  ${REASONS.account1.en}`,
        `Account  ${ACCOUNT_3}  2026-11-01T09:00:03.000Z  Partner_Code__c  ${REASONS.account1.en}`,
        '2 quarantined record(s) of Account; --json gives their raw records',
        '',
      ].join('\n'),
    );
    expect(r.code).toBe(1);
    const both = await provvigo(['sync', 'salesforce', '--quarantine', '--full', '--db', db], { env: { PROVVIGO_LOCALE: 'it' } });
    expect(both.stderr).toMatch(/^errore: l'opzione '--quarantine' non si può usare con l'opzione '--full'$/m);
    expect(both.code).toBe(2);
  }, 120_000);
});
