// A mapping filter on a parent's field (`Partner__r.Active__c = true`): the fact table follows the filter when only
// the parent changes. Salesforce's SystemModstamp is the time a user or automated process last modified *this*
// record (SOAP API Developer Guide / Object Reference, "System Fields"), so deactivating a partner leaves its
// contracts' SystemModstamp as it was: neither the sync query nor the filter-exit query, both bounded on the
// contract's own SystemModstamp, sees them. Against the fake Salesforce over HTTP through jsforce, the fake reading
// `Partner__r` from the Account record the lookup names (`parentsFromRecords`; SOQL's child-to-parent relationship,
// "Using Relationship Queries").
import { afterEach, describe, expect, it } from 'vitest';
import { parseSalesforceConfig, type Filter } from '../src/mapping.js';
import { buildFilterExitQuery, buildSyncQuery } from '../src/soql.js';
import { loadFacts, readCursor } from '../src/store.js';
import { reconciles, syncSalesforce } from '../src/sync.js';
import { ACCOUNT_FIELDS, contractsMapping, fakeId } from '../src/testing/index.js';
import { harness, makeContracts, NOW, type Harness } from './helpers.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** The sample mapping's filter and the partner's own flag, read through the Partner__r lookup. */
const FILTER: Filter = {
  all: [
    { field: 'Status', op: 'in', values: ['Activated', 'Signed'] },
    { field: 'Partner__r.Active__c', op: 'eq', value: true },
  ],
};

/** The 7 partners `makeContracts` links contracts to (the i-th contract to partner (i mod 7) + 1); partner 3 inactive. */
function makePartners(): Record<string, unknown>[] {
  return [1, 2, 3, 4, 5, 6, 7].map((k) => ({
    Id: fakeId('001', k),
    Name: `Agenzia ${k}`,
    Partner_Code__c: `AGT-${String(k).padStart(4, '0')}`,
    Active__c: k !== 3,
    SystemModstamp: '2026-09-01T00:00:00.000+0000',
  }));
}

const PARTNER_FIELDS = [...ACCOUNT_FIELDS, { name: 'Active__c', type: 'boolean' }, { name: 'SystemModstamp', type: 'datetime', nillable: false }];

/** The contracts of partner k among 50: i with i mod 7 = k − 1. */
const contractsOf = (records: Record<string, unknown>[], k: number) => records.filter((_, i) => i % 7 === k - 1).map((r) => r.Id as string);

async function setUp(mode: 'rest' | 'bulk'): Promise<{ records: Record<string, unknown>[]; partners: Record<string, unknown>[] }> {
  // 50 contracts at 08:00:00 … 08:00:49 on 1 October; the 49th (partner 7) changed on 1 November, so the cursor is
  // there and the incremental window (cursor − 300 s … now − 60 s) holds none of the others
  const records = makeContracts(50);
  records[48]!.SystemModstamp = '2026-11-01T00:00:00.000+0000';
  const partners = makePartners();
  h = await harness(records, { mode, pageSize: 20, parentsFromRecords: true });
  h.fake.addObject({ name: 'Account', fields: PARTNER_FIELDS, records: partners });
  h.config.objects[0]!.filter = FILTER;
  return { records, partners };
}

const reasonsFor = (id: string) => ({
  en: `Contract ${id} no longer matches the mapping's filter (Partner__r.Active__c) after a change to its Partner__r: removed from contracts`,
  it: `Contract ${id} non soddisfa più il filtro della mappatura (Partner__r.Active__c) dopo una modifica al suo Partner__r: tolto da contracts`,
});

describe("a mapping filter on a parent's field", () => {
  it('takes the contracts of a deactivated partner out of the fact table, and reads those of a partner made active, the contracts unchanged', async () => {
    const { records, partners } = await setUp('rest');
    const [first] = await syncSalesforce(h!.config, { db: h!.db, client: h!.client, now: NOW });
    expect(first!.error).toBeUndefined();
    // partner 3's 7 contracts (i = 2, 9, 16, 23, 30, 37, 44) do not match: 50 − 7 = 43 stored
    expect(first!.inserted).toBe(43);
    const cursor = { systemModstamp: '2026-11-01T00:00:00.000Z', lastId: fakeId('800', 49) };
    expect(await readCursor(h!.db, 'Contract')).toEqual(cursor);

    // partner 1 is deactivated and partner 3 made active in Salesforce; no contract changes
    Object.assign(partners[0]!, { Active__c: false, SystemModstamp: '2026-11-20T10:00:00.000+0000' });
    Object.assign(partners[2]!, { Active__c: true, SystemModstamp: '2026-11-20T10:05:00.000+0000' });
    const [second] = await syncSalesforce(h!.config, { db: h!.db, client: h!.client, now: NOW });
    expect(second!.error).toBeUndefined();
    const gone = contractsOf(records, 1); // i = 0, 7, 14, 21, 28, 35, 42, 49
    const come = contractsOf(records, 3);
    expect(gone).toHaveLength(8);
    expect(come).toHaveLength(7);
    const facts = (await loadFacts(h!.db, 'contracts')).map((f) => f.id as string);
    expect(facts).toHaveLength(43 - 8 + 7);
    for (const id of gone) expect(facts).not.toContain(id);
    for (const id of come) expect(facts).toContain(id);
    // the sync query read the 49th contract again (overlap): 1 + the 7 of partner 3 read by the parent pass
    expect(second!.received).toBe(8);
    expect(second!.inserted).toBe(7);
    expect(second!.unchanged).toBe(1);
    expect(reconciles(second!)).toBe(true);
    expect(second!.excluded).toBe(8);
    expect(second!.exclusions).toEqual(gone.map((id) => ({ id, field: 'Partner__r.Active__c', reasons: reasonsFor(id) })));
    expect(second!.parentChanges).toEqual([
      {
        relationship: 'Partner__r',
        field: 'Partner__r.Active__c',
        // the sample mapping's partnerId column reads Partner__r too: one pass serves both
        columns: ['partnerId'],
        received: 7,
        stored: 7,
        // partner 3's contracts are new to the table (inserted), none had a stored version to rewrite
        updated: 0,
        updates: [],
        excluded: 8,
        reasons: {
          en: "Contract records whose Partner__r changed in the window, read again because the filter reads Partner__r.Active__c and column partnerId reads Partner__r.Partner_Code__c: 7 read (7 stored in contracts, 0 of them with Partner__r's new values), 8 no longer match the filter (taken out of contracts)",
          it: 'record Contract il cui Partner__r è cambiato nella finestra, riletti perché il filtro legge Partner__r.Active__c e la colonna partnerId legge Partner__r.Partner_Code__c: 7 letti (7 salvati in contracts, di cui 0 con i nuovi valori di Partner__r), 8 non soddisfano più il filtro (tolti da contracts)',
        },
      },
    ]);
    // the cursor still says how far the contracts themselves were read
    expect(second!.cursorAfter).toEqual(cursor);
    expect(await readCursor(h!.db, 'Contract')).toEqual(cursor);

    // partner 1 active again: its 8 contracts, same versions, come back; partner 3's (changed 10:05) are read again
    Object.assign(partners[0]!, { Active__c: true, SystemModstamp: '2026-11-25T10:00:00.000+0000' });
    const [third] = await syncSalesforce(h!.config, { db: h!.db, client: h!.client, now: NOW });
    expect(third!.error).toBeUndefined();
    expect(await loadFacts(h!.db, 'contracts')).toHaveLength(50);
    expect(third!.updated).toBe(8);
    expect(third!.unchanged).toBe(1 + 7);
    expect(third!.excluded).toBe(0);
    expect(reconciles(third!)).toBe(true);
    expect(await readCursor(h!.db, 'Contract')).toEqual(cursor);
  });

  it('with a Bulk mapping, reads the children of changed parents through REST (no Bulk job that would move the cursor)', async () => {
    const { records, partners } = await setUp('bulk');
    const [first] = await syncSalesforce(h!.config, { db: h!.db, client: h!.client, now: NOW, sleep: async () => {} });
    expect(first!.error).toBeUndefined();
    Object.assign(partners[0]!, { Active__c: false, SystemModstamp: '2026-11-20T10:00:00.000+0000' });
    const [second] = await syncSalesforce(h!.config, { db: h!.db, client: h!.client, now: NOW, sleep: async () => {} });
    expect(second!.error).toBeUndefined();
    const facts = (await loadFacts(h!.db, 'contracts')).map((f) => f.id as string);
    expect(facts).toHaveLength(43 - 8);
    for (const id of contractsOf(records, 1)) expect(facts).not.toContain(id);
    const rest = h!.fake.log.map((r) => decodeURIComponent(r.path)).filter((p) => p.includes('Partner__r.SystemModstamp'));
    expect(rest).toHaveLength(2); // the pass's sync query and its exit query
    for (const p of rest) expect(p).toMatch(/\/(query|queryAll)\?q=/);
    expect(await readCursor(h!.db, 'Contract')).toEqual({ systemModstamp: '2026-11-01T00:00:00.000Z', lastId: fakeId('800', 49) });
  });

  it("a parent pass's exit query that times out is read in halves of the parent's window, like the other queries", async () => {
    const { records, partners } = await setUp('rest');
    await syncSalesforce(h!.config, { db: h!.db, client: h!.client, now: NOW });
    Object.assign(partners[0]!, { Active__c: false, SystemModstamp: '2026-11-20T10:00:00.000+0000' });
    Object.assign(partners[1]!, { Active__c: false, SystemModstamp: '2026-11-20T10:05:00.000+0000' });
    // NOT (<filter>) scans every contract whose partner changed in the window: 8 + 7 = 15, where 10 time out
    h!.fake.options.negativeScanTimeoutAbove = 10;
    const [second] = await syncSalesforce(h!.config, { db: h!.db, client: h!.client, now: NOW });
    expect(second!.error).toBeUndefined();
    const exits = h!.fake.log.filter((r) => decodeURIComponent(r.path).includes('Partner__r.SystemModstamp') && decodeURIComponent(r.path).includes(' NOT ('));
    expect(exits[0]!.status).toBe(400);
    expect(second!.splits).toBe(exits.filter((r) => r.status === 400).length);
    const gone = [...contractsOf(records, 1), ...contractsOf(records, 2)];
    expect(second!.exclusions.map((e) => e.id).sort()).toEqual(gone.sort());
    expect(await loadFacts(h!.db, 'contracts')).toHaveLength(43 - 15);
  });

  it('builds the pass queries from the sync and exit queries, the window on the parent\'s SystemModstamp', () => {
    const r = parseSalesforceConfig(contractsMapping({ kind: 'accessToken', instanceUrl: 'http://127.0.0.1:1', accessToken: 't' }));
    if (!r.ok) throw new Error(r.issues.join('; '));
    const mapping = { ...r.config.objects[0]!, filter: FILTER };
    const window = { after: '2026-11-01T00:00:00.000Z', upTo: '2026-11-27T08:59:00.000Z' };
    const where = 'Partner__r.SystemModstamp >= 2026-11-01T00:00:00Z AND Partner__r.SystemModstamp <= 2026-11-27T08:59:00Z';
    const filter = "(Status IN ('Activated', 'Signed')) AND (Partner__r.Active__c = true)";
    const sync = buildSyncQuery(mapping, window, { ordered: false, through: 'Partner__r' });
    expect(sync.slice(sync.indexOf(' FROM '))).toBe(` FROM Contract WHERE ${where} AND (${filter})`);
    expect(buildFilterExitQuery(mapping, window, 'Partner__r')).toBe(`SELECT Id, SystemModstamp FROM Contract WHERE ${where} AND NOT (${filter})`);
  });
});

describe('a filter field through two relationships', () => {
  it('is refused at config validation, naming the mapping and the field, in both languages', () => {
    const input = contractsMapping({ kind: 'accessToken', instanceUrl: 'http://127.0.0.1:1', accessToken: 't' });
    input.objects[0]!.filter = { all: [{ field: 'Status', op: 'eq', value: 'Activated' }, { field: 'Partner__r.Owner.IsActive', op: 'eq', value: true }] };
    const r = parseSalesforceConfig(input);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.messages).toEqual([
      {
        en: "objects.0.filter: Contract: filter field Partner__r.Owner.IsActive goes through 2 relationships (Partner__r.Owner): a change to that record moves neither Contract's SystemModstamp nor Partner__r's, and only a direct parent's changes are read again; filter on a field of Contract or of a direct parent (one relationship)",
        it: 'objects.0.filter: Contract: il campo del filtro Partner__r.Owner.IsActive passa per 2 relazioni (Partner__r.Owner): una modifica a quel record non cambia il SystemModstamp né di Contract né di Partner__r, e si rileggono solo le modifiche di un genitore diretto; filtra su un campo di Contract o di un genitore diretto (una sola relazione)',
      },
    ]);
    expect(r.issues).toEqual([r.messages[0]!.en]);
  });
});
