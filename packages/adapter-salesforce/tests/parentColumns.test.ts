// A column mapped from a parent's field (the sample mapping's `partnerId` from `Partner__r.Partner_Code__c`) follows
// the parent. Salesforce's SystemModstamp is the time a user or automated process last modified *this* record (SOAP
// API Developer Guide, "System Fields"), so correcting a partner's code leaves its contracts' SystemModstamp as it
// was: the sync query never reads them again, and their commission kept going to the old partner code. Against the
// fake Salesforce over HTTP through jsforce, the fake reading `Partner__r` from the Account record the lookup names
// as it is now (`parentsFromRecords`; SOQL's child-to-parent relationship, "Using Relationship Queries").
import { afterEach, describe, expect, it } from 'vitest';
import { parseSalesforceConfig } from '../src/mapping.js';
import { loadFacts, readCursor, upsertRecords } from '../src/store.js';
import { reconciles, syncSalesforce } from '../src/sync.js';
import { ACCOUNT_FIELDS, contractsMapping, fakeId } from '../src/testing/index.js';
import { harness, makeContracts, NOW, sharedDb, type Harness } from './helpers.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const PARTNER_FIELDS = [...ACCOUNT_FIELDS, { name: 'SystemModstamp', type: 'datetime', nillable: false }];

/** The 7 partners `makeContracts` links contracts to (the i-th contract to partner (i mod 7) + 1), codes AGT-000k. */
function makePartners(): Record<string, unknown>[] {
  return [1, 2, 3, 4, 5, 6, 7].map((k) => ({
    Id: fakeId('001', k),
    Name: `Agenzia ${k}`,
    Partner_Code__c: `AGT-000${k}`,
    SystemModstamp: '2026-09-01T00:00:00.000+0000',
  }));
}

async function setUp(): Promise<{ records: Record<string, unknown>[]; partners: Record<string, unknown>[] }> {
  // 10 contracts at 08:00:00 … 08:00:09 on 1 October; the 10th (partner 3) changed on 1 November, so the cursor is
  // there and the incremental window (cursor − 300 s … now − 60 s) holds none of the others. The sample mapping's
  // filter (Status) reads no parent: only the partnerId column does.
  const records = makeContracts(10);
  records[9]!.SystemModstamp = '2026-11-01T00:00:00.000+0000';
  const partners = makePartners();
  h = await harness(records, { mode: 'rest', parentsFromRecords: true });
  h.fake.addObject({ name: 'Account', fields: PARTNER_FIELDS, records: partners });
  return { records, partners };
}

const partnerIds = async () => new Map((await loadFacts(h!.db, 'contracts')).map((f) => [f.id as string, f.partnerId as string]));

describe("a column mapped from a parent's field", () => {
  it("takes the partner's corrected code although no contract changed, reported as updated with the parent as reason", async () => {
    const { records, partners } = await setUp();
    const [first] = await syncSalesforce(h!.config, { db: h!.db, client: h!.client, now: NOW });
    expect(first!.error).toBeUndefined();
    expect(first!.inserted).toBe(10);
    // partner 2's contracts: i mod 7 = 1, so i = 1 and 8 (Ids 800…2 and 800…9)
    const moved = [fakeId('800', 2), fakeId('800', 9)];
    expect((await partnerIds()).get(moved[0]!)).toBe('AGT-0002');

    // partner 2's code is corrected in Salesforce; no contract changes
    Object.assign(partners[1]!, { Partner_Code__c: 'AGT-0202', SystemModstamp: '2026-11-20T10:00:00.000+0000' });
    const [second] = await syncSalesforce(h!.config, { db: h!.db, client: h!.client, now: NOW });
    expect(second!.error).toBeUndefined();
    const ids = await partnerIds();
    expect(moved.map((id) => ids.get(id))).toEqual(['AGT-0202', 'AGT-0202']);
    // every other contract keeps its partner's code: contract i has partner (i mod 7) + 1
    records.forEach((r, i) => {
      if (!moved.includes(r.Id as string)) expect(ids.get(r.Id as string)).toBe(`AGT-000${(i % 7) + 1}`);
    });
    // the sync query read the 10th contract again (overlap, unchanged); the pass the 2 of partner 2, rewritten
    expect(second!.received).toBe(3);
    expect(second!.updated).toBe(2);
    expect(second!.unchanged).toBe(1);
    expect(reconciles(second!)).toBe(true);
    expect(second!.parentChanges).toEqual([
      {
        relationship: 'Partner__r',
        field: '',
        columns: ['partnerId'],
        received: 2,
        stored: 2,
        updated: 2,
        updates: moved.map((id) => ({
          id,
          reasons: {
            en: `Contract ${id} read again after a change to its Partner__r: its mapped values differ from those stored (columns partnerId): updated in contracts`,
            it: `Contract ${id} riletto dopo una modifica al suo Partner__r: i valori mappati sono diversi da quelli salvati (colonne partnerId): aggiornato in contracts`,
          },
        })),
        excluded: 0,
        reasons: {
          en: "Contract records whose Partner__r changed in the window, read again because column partnerId reads Partner__r.Partner_Code__c: 2 read (2 stored in contracts, 2 of them with Partner__r's new values)",
          it: 'record Contract il cui Partner__r è cambiato nella finestra, riletti perché la colonna partnerId legge Partner__r.Partner_Code__c: 2 letti (2 salvati in contracts, di cui 2 con i nuovi valori di Partner__r)',
        },
      },
    ]);
    // the stored row's partner (what commission is credited to) follows too, not only the column in data
    const { rows } = await h!.db.query<{ partner: string }>('SELECT partner FROM sf_records WHERE object = $1 AND id = $2', ['Contract', moved[0]]);
    expect(rows[0]!.partner).toBe('AGT-0202');
    // the cursor still says how far the contracts themselves were read
    expect(await readCursor(h!.db, 'Contract')).toEqual({ systemModstamp: '2026-11-01T00:00:00.000Z', lastId: fakeId('800', 10) });

    // the next run reads partner 2's contracts again (its change is still in the window): nothing differs any more
    const [third] = await syncSalesforce(h!.config, { db: h!.db, client: h!.client, now: NOW });
    expect(third!.updated).toBe(0);
    expect(third!.unchanged).toBe(1 + 2);
    expect(third!.parentChanges[0]).toMatchObject({ received: 2, stored: 0, updated: 0, updates: [] });
  });

  it('a partner edited without touching its code rewrites nothing', async () => {
    const { partners } = await setUp();
    await syncSalesforce(h!.config, { db: h!.db, client: h!.client, now: NOW });
    Object.assign(partners[3]!, { Name: 'Agenzia Quattro', SystemModstamp: '2026-11-20T10:00:00.000+0000' });
    const [second] = await syncSalesforce(h!.config, { db: h!.db, client: h!.client, now: NOW });
    expect(second!.error).toBeUndefined();
    // partner 4's contracts: i = 3 (and none above 9): read again, the same values
    expect(second!.parentChanges[0]).toMatchObject({ relationship: 'Partner__r', received: 1, stored: 0, updated: 0 });
    expect(second!.updated).toBe(0);
    expect(second!.unchanged).toBe(2);
  });
});

describe('the sync query keeps "only a newer version wins"', () => {
  it('a version read again at the same SystemModstamp with other data changes nothing, unless the parent pass reads it', async () => {
    const db = await sharedDb();
    const row = { object: 'Contract', id: fakeId('800', 1), table: 'contracts', systemModstamp: '2026-10-01T08:00:00.000Z', isDeleted: false, partner: 'AGT-0001', data: { partnerId: 'AGT-0001' } };
    expect(await upsertRecords(db, [row])).toEqual(['inserted']);
    const recoded = { ...row, partner: 'AGT-0101', data: { partnerId: 'AGT-0101' } };
    expect(await upsertRecords(db, [recoded])).toEqual(['unchanged']);
    expect(await upsertRecords(db, [recoded], { reinstate: true })).toEqual(['unchanged']);
    expect(await upsertRecords(db, [recoded], { refresh: true })).toEqual(['refreshed']);
    expect(await upsertRecords(db, [recoded], { refresh: true })).toEqual(['unchanged']);
    // an older version never wins, refresh or not
    expect(await upsertRecords(db, [{ ...row, systemModstamp: '2026-09-01T08:00:00.000Z' }], { refresh: true })).toEqual(['unchanged']);
    const { rows } = await db.query<{ partner: string }>('SELECT partner FROM sf_records WHERE id = $1', [row.id]);
    expect(rows[0]!.partner).toBe('AGT-0101');
  });
});

describe('a column through two relationships', () => {
  it('is refused at config validation, naming the mapping, the column and the field, in both languages', () => {
    const input = contractsMapping({ kind: 'accessToken', instanceUrl: 'http://127.0.0.1:1', accessToken: 't' });
    input.objects[0]!.columns.ownerName = { field: 'Partner__r.Owner.Name', type: 'text', required: false };
    const r = parseSalesforceConfig(input);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.messages).toEqual([
      {
        en: "objects.0.columns.ownerName.field: Contract: column ownerName reads Partner__r.Owner.Name through 2 relationships (Partner__r.Owner): a change to that record moves neither Contract's SystemModstamp nor Partner__r's, and only a direct parent's changes are read again, so the column would keep a stale value; map a field of Contract or of a direct parent (one relationship)",
        it: 'objects.0.columns.ownerName.field: Contract: la colonna ownerName legge Partner__r.Owner.Name attraverso 2 relazioni (Partner__r.Owner): una modifica a quel record non cambia il SystemModstamp né di Contract né di Partner__r, e si rileggono solo le modifiche di un genitore diretto, quindi la colonna resterebbe con un valore superato; mappa un campo di Contract o di un genitore diretto (una sola relazione)',
      },
    ]);
  });
});
