import { afterEach, describe, expect, it } from 'vitest';
import { SalesforceClient } from '../src/client.js';
import { coerceValue } from '../src/coerce.js';
import { parseSalesforceConfig, SalesforceConfigSchema, type SalesforceConfig, type SalesforceConfigInput } from '../src/mapping.js';
import { listQuarantine, loadFacts } from '../src/store.js';
import { reconciles, reprocessQuarantine, syncSalesforce } from '../src/sync.js';
import { ACCOUNT_FIELDS, CONTRACT_FIELDS, contractsMapping, FakeSalesforce, makeContracts } from '../src/testing/index.js';
import { NOW, sharedDb } from './helpers.js';

/**
 * A Salesforce datetime mapped to a `date` column becomes the calendar date its instant falls on in the configured
 * IANA zone (default Europe/Rome), daylight saving applied; Salesforce `date` values are taken as given.
 *
 * Every expected day below is worked out by hand from the EU rule (Europe/Rome is UTC+1, and UTC+2 from 01:00 UTC
 * on the last Sunday of March to 01:00 UTC on the last Sunday of October: 29 March and 25 October in 2026).
 */
const date = (value: unknown, timeZone?: string, fromCsv = false) => coerceValue(value, 'date', fromCsv, timeZone);

describe('a datetime for a date column takes its day in the configured zone', () => {
  it('the month boundary: 23:30 UTC on 31 October is 00:30 on 1 November in Rome, paid in November', () => {
    expect(date('2026-10-31T23:30:00.000+0000')).toEqual({ ok: true, value: '2026-11-01' });
    expect(date('2026-10-31T23:30:00.000+0000', 'Europe/Rome')).toEqual({ ok: true, value: '2026-11-01' });
    // Bulk CSV gives the same text as a string cell: same day
    expect(date('2026-10-31T23:30:00.000+0000', undefined, true)).toEqual({ ok: true, value: '2026-11-01' });
    // the same instant written with another offset is the same day
    expect(date('2026-11-01T00:30:00.000+0100')).toEqual({ ok: true, value: '2026-11-01' });
    // one minute before midnight in Rome is still October
    expect(date('2026-10-31T22:59:00.000+0000')).toEqual({ ok: true, value: '2026-10-31' });
  });

  it('an explicit timeZone "UTC" keeps the UTC day', () => {
    expect(date('2026-10-31T23:30:00.000+0000', 'UTC')).toEqual({ ok: true, value: '2026-10-31' });
    expect(date('2026-10-31T23:30:00.000+0000', 'UTC', true)).toEqual({ ok: true, value: '2026-10-31' });
    expect(date('2026-11-02T23:15:27.000+0000', 'UTC')).toEqual({ ok: true, value: '2026-11-02' });
  });

  it('29 March 2026 (clocks go forward at 01:00 UTC): +01:00 before, +02:00 after', () => {
    expect(date('2026-03-28T22:59:59.000+0000')).toEqual({ ok: true, value: '2026-03-28' }); // 23:59:59 CET
    expect(date('2026-03-28T23:00:00.000+0000')).toEqual({ ok: true, value: '2026-03-29' }); // 00:00 CET
    expect(date('2026-03-29T21:59:59.000+0000')).toEqual({ ok: true, value: '2026-03-29' }); // 23:59:59 CEST
    // 00:30 CEST on 30 March; a fixed +01:00 would say 23:30 on the 29th
    expect(date('2026-03-29T22:30:00.000+0000')).toEqual({ ok: true, value: '2026-03-30' });
  });

  it('25 October 2026 (clocks go back at 01:00 UTC): +02:00 before, +01:00 after', () => {
    expect(date('2026-10-24T21:59:59.000+0000')).toEqual({ ok: true, value: '2026-10-24' }); // 23:59:59 CEST
    // 00:00 CEST on the 25th; a fixed +01:00 would say 23:00 on the 24th
    expect(date('2026-10-24T22:00:00.000+0000')).toEqual({ ok: true, value: '2026-10-25' });
    // 23:59:59 CET on the 25th; a fixed +02:00 would say 00:59:59 on the 26th
    expect(date('2026-10-25T22:59:59.000+0000')).toEqual({ ok: true, value: '2026-10-25' });
    expect(date('2026-10-25T23:00:00.000+0000')).toEqual({ ok: true, value: '2026-10-26' }); // 00:00 CET
  });

  it('only the date column converts: a datetime mapped to a text column keeps the instant as Salesforce sent it', () => {
    expect(coerceValue('2026-10-31T23:30:00.000+0000', 'text', false, 'Europe/Rome')).toEqual({ ok: true, value: '2026-10-31T23:30:00.000+0000' });
    expect(coerceValue('2026-10-31T23:30:00.000+0000', 'text', true, 'Europe/Rome')).toEqual({ ok: true, value: '2026-10-31T23:30:00.000+0000' });
  });

  it('a Salesforce date is taken as given, whatever the zone; an impossible one is still refused', () => {
    for (const zone of [undefined, 'Europe/Rome', 'UTC', 'Pacific/Kiritimati', 'Pacific/Pago_Pago']) {
      expect(date('2026-10-31', zone)).toEqual({ ok: true, value: '2026-10-31' });
      expect(date('2026-10-31', zone, true)).toEqual({ ok: true, value: '2026-10-31' });
    }
    expect(date('2026-02-30', 'UTC')).toMatchObject({ ok: false, reason: 'expected a date YYYY-MM-DD, got "2026-02-30"' });
    expect(date('2026-10-31T24:30:00.000+0000')).toMatchObject({ ok: false });
  });
});

const AUTH = { kind: 'accessToken', instanceUrl: 'https://example.my.salesforce.com', accessToken: 'x' } as const;

describe('timeZone in the configuration', () => {
  it('defaults to Europe/Rome; an IANA name is accepted at the config level and per object', () => {
    const base = contractsMapping(AUTH);
    const plain = parseSalesforceConfig(base);
    expect(plain.ok && plain.config.timeZone).toBe('Europe/Rome');
    expect(plain.ok && plain.config.objects[0]!.timeZone).toBeUndefined();
    const own = parseSalesforceConfig({ ...base, timeZone: 'UTC', objects: [{ ...base.objects[0]!, timeZone: 'America/New_York' }] });
    expect(own.ok && [own.config.timeZone, own.config.objects[0]!.timeZone]).toEqual(['UTC', 'America/New_York']);
  });

  it('an unknown zone is refused, naming the field and the value, in English and Italian', () => {
    const base = contractsMapping(AUTH);
    const r = parseSalesforceConfig({ ...base, timeZone: 'Europe/Roma' });
    expect(r).toEqual({
      ok: false,
      issues: ['timeZone: "Europe/Roma" is not an IANA time zone name this runtime knows (e.g. "Europe/Rome")'],
      messages: [
        {
          en: 'timeZone: "Europe/Roma" is not an IANA time zone name this runtime knows (e.g. "Europe/Rome")',
          it: 'timeZone: "Europe/Roma" non è il nome di un fuso orario IANA noto a questo runtime (ad es. "Europe/Rome")',
        },
      ],
    });
    const perObject = parseSalesforceConfig({ ...base, objects: [{ ...base.objects[0]!, timeZone: 'CET+1' }] });
    expect(perObject.ok ? [] : perObject.issues).toEqual(['objects.0.timeZone: "CET+1" is not an IANA time zone name this runtime knows (e.g. "Europe/Rome")']);
    // a bare offset has no daylight saving: never Italy's time, so it is refused even where Intl accepts it
    for (const bad of ['+01:00', '-05:00', '', 'Rome']) {
      expect(parseSalesforceConfig({ ...base, timeZone: bad }).ok, bad).toBe(false);
    }
    expect(() => SalesforceConfigSchema.parse({ ...base, timeZone: 42 })).toThrow();
  });
});

/** The sample's Contract with the standard ActivatedDate (a datetime) mapped to a `date` column. */
const FIELDS = [...CONTRACT_FIELDS, { name: 'ActivatedDate', type: 'datetime' }];

/** Activation instants and their day in Rome and in UTC (by hand, see the top of the file). */
const ACTIVATIONS = [
  { at: '2026-10-31T23:30:00.000+0000', rome: '2026-11-01', utc: '2026-10-31' }, // month boundary
  { at: '2026-03-29T22:30:00.000+0000', rome: '2026-03-30', utc: '2026-03-29' }, // first day of summer time
  { at: '2026-10-24T22:30:00.000+0000', rome: '2026-10-25', utc: '2026-10-24' }, // last evening of summer time
  { at: '2026-03-28T23:30:00.000+0000', rome: '2026-03-29', utc: '2026-03-28' },
];

let fake: FakeSalesforce | undefined;
afterEach(async () => {
  await fake?.stop();
  fake = undefined;
});

async function setup(edit: (input: SalesforceConfigInput) => void) {
  const records = makeContracts(ACTIVATIONS.length);
  records.forEach((r, i) => {
    r.ActivatedDate = ACTIVATIONS[i]!.at;
    r.CustomerSignedDate = '2026-10-31'; // a Salesforce date: stored as given in every zone
  });
  fake = new FakeSalesforce({ pageSize: 2 });
  const url = await fake.start();
  fake.addObject({ name: 'Contract', fields: FIELDS, records });
  fake.addObject({ name: 'Account', fields: ACCOUNT_FIELDS, records: [] });
  const input = contractsMapping({ kind: 'accessToken', instanceUrl: url, accessToken: fake.issueToken() });
  input.objects[0]!.columns.activatedDate = { field: 'ActivatedDate', type: 'date' };
  edit(input);
  const config = SalesforceConfigSchema.parse(input);
  const client = await SalesforceClient.connect(config.auth, { apiVersion: config.apiVersion, retry: { sleep: async () => {}, random: () => 0.5 } });
  return { records, config, client, db: await sharedDb() };
}

async function sync(config: SalesforceConfig, client: SalesforceClient, db: Awaited<ReturnType<typeof sharedDb>>, mode: 'rest' | 'bulk') {
  const [report] = await syncSalesforce(config, { db, client, now: NOW, mode, bulkPollIntervalMs: 1, sleep: async () => {} });
  expect(report!.error).toBeUndefined();
  expect(report!.mode).toBe(mode);
  expect(reconciles(report!)).toBe(true);
  return report!;
}

/** The stored facts' activation and signing days, in the order of the records. */
async function storedDays(db: Awaited<ReturnType<typeof sharedDb>>, records: Record<string, unknown>[]) {
  const facts = new Map((await loadFacts(db, 'contracts')).map((f) => [f.id, f]));
  return records.map((r) => {
    const f = facts.get(r.Id as string);
    return f && { activatedDate: f.activatedDate, signedDate: f.signedDate };
  });
}

describe('a sync against the fake Salesforce stores the day in the configured zone', () => {
  for (const mode of ['rest', 'bulk'] as const) {
    it(`${mode}: by default (Europe/Rome) the 31 October 23:30 UTC activation is stored as 1 November`, async () => {
      const { records, config, client, db } = await setup((input) => {
        input.objects[0]!.mode = mode;
      });
      expect(config.timeZone).toBe('Europe/Rome');
      const report = await sync(config, client, db, mode);
      expect(report.inserted).toBe(ACTIVATIONS.length);
      // the read path really was the one named: Bulk results are CSV, REST pages JSON
      const csvRead = fake!.log.some((l) => /\/jobs\/query\/750[A-Za-z0-9]+\/results/.test(l.path));
      expect(csvRead).toBe(mode === 'bulk');
      expect(await storedDays(db, records)).toEqual(ACTIVATIONS.map((a) => ({ activatedDate: a.rome, signedDate: '2026-10-31' })));
    }, 120_000);

    it(`${mode}: timeZone "UTC" keeps the UTC day; an object's own timeZone overrides the configuration's`, async () => {
      const utc = await setup((input) => {
        input.timeZone = 'UTC';
        input.objects[0]!.mode = mode;
      });
      await sync(utc.config, utc.client, utc.db, mode);
      expect(await storedDays(utc.db, utc.records)).toEqual(ACTIVATIONS.map((a) => ({ activatedDate: a.utc, signedDate: '2026-10-31' })));
      await fake!.stop();

      const own = await setup((input) => {
        input.timeZone = 'UTC';
        input.objects[0]!.timeZone = 'Europe/Rome';
        input.objects[0]!.mode = mode;
      });
      await sync(own.config, own.client, own.db, mode);
      expect(await storedDays(own.db, own.records)).toEqual(ACTIVATIONS.map((a) => ({ activatedDate: a.rome, signedDate: '2026-10-31' })));
    }, 120_000);
  }

  it('reprocessQuarantine converts a quarantined Bulk row in the configured zone (here UTC, not the default)', async () => {
    const { records, config, client, db } = await setup((input) => {
      input.timeZone = 'UTC';
      input.objects[0]!.mode = 'bulk';
    });
    records[3]!.Offer__c = null; // the offer is required: quarantined
    await sync(config, client, db, 'bulk');
    expect((await listQuarantine(db)).map((q) => q.id)).toEqual([records[3]!.Id]);
    const fixed = SalesforceConfigSchema.parse({
      ...config,
      objects: [{ ...config.objects[0]!, columns: { ...config.objects[0]!.columns, offer: { field: 'Offer__c', type: 'text', required: false } } }],
    });
    expect(await reprocessQuarantine(db, fixed)).toEqual([{ object: 'Contract', examined: 1, stored: 1, stillQuarantined: 0 }]);
    expect(fixed.timeZone).toBe('UTC');
    expect((await storedDays(db, records))[3]).toEqual({ activatedDate: '2026-03-28', signedDate: '2026-10-31' });
  }, 120_000);
});
