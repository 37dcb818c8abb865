// A formula field of the object that reads a parent (`Partner_Active__c = Partner__r.Active__c`) follows the parent
// like a configured `Partner__r.Active__c`. Salesforce works a formula out when the record is read, so deactivating
// a partner changes its contracts' `Partner_Active__c` while their SystemModstamp, the time a user or automated
// process last modified *this* record (SOAP API Developer Guide, "System Fields"), stays: the sync query never reads
// them again. Describe tells a formula field by `calculated: true` and its formula text in `calculatedFormula`
// (jsforce's describe `Field` type; Apex `DescribeFieldResult.getCalculatedFormula()`, "the formula specified for
// this field"), and the formula's relationship references are matched against the describe's `relationshipName`s.
// Against the fake Salesforce over HTTP through jsforce, the fake working the formula out from the Account record
// the lookup names as it is now (`parentsFromRecords`).
import { afterEach, describe, expect, it } from 'vitest';
import { validateMapping } from '../src/describe.js';
import { ConfigError } from '../src/errors.js';
import { SalesforceConfigSchema, type Filter } from '../src/mapping.js';
import { loadFacts } from '../src/store.js';
import { reconciles, syncSalesforce } from '../src/sync.js';
import { ACCOUNT_FIELDS, CONTRACT_FIELDS, fakeId, type FakeSalesforceOptions } from '../src/testing/index.js';
import { harness, makeContracts, NOW, type Harness } from './helpers.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const PARTNER_FIELDS = [...ACCOUNT_FIELDS, { name: 'Active__c', type: 'boolean' }, { name: 'SystemModstamp', type: 'datetime', nillable: false }];

/** Contract's formula fields: one reading the partner, one reading the partner's owner (two relationships). */
const FORMULA_FIELDS = [
  { name: 'Partner_Active__c', type: 'boolean', calculatedFormula: 'Partner__r.Active__c' },
  { name: 'Partner_Owner_Active__c', type: 'boolean', calculatedFormula: 'AND(Partner__r.Active__c, Partner__r.Owner.IsActive)' },
  // Broker__c, the lookup this formula reads through, is hidden from the integration user: describe lists no field
  // whose relationshipName is Broker__r, while the formula Salesforce saved still reads it
  { name: 'Broker_Active__c', type: 'boolean', calculatedFormula: 'Broker__r.Active__c' },
];

/** The 7 partners `makeContracts` links contracts to (the i-th contract to partner (i mod 7) + 1); `inactive` not active. */
function makePartners(inactive: number[] = []): Record<string, unknown>[] {
  return [1, 2, 3, 4, 5, 6, 7].map((k) => ({
    Id: fakeId('001', k),
    Name: `Agenzia ${k}`,
    Partner_Code__c: `AGT-000${k}`,
    Active__c: !inactive.includes(k),
    SystemModstamp: '2026-09-01T00:00:00.000+0000',
  }));
}

type Mapping = Harness['config']['objects'][number];

/**
 * `count` contracts at 08:00:00 … on 1 October, the last-but-one changed on 1 November (so the cursor is there and
 * the incremental window, cursor − 300 s … now − 60 s, holds none of the others); partner from the lookup's Id, so
 * no configured path reads Partner__r and only the formula does.
 */
async function setUp(count: number, options: { inactive?: number[]; fake?: FakeSalesforceOptions; mapping?: (m: Mapping) => void } = {}) {
  const records = makeContracts(count);
  records[count - 2]!.SystemModstamp = '2026-11-01T00:00:00.000+0000';
  const partners = makePartners(options.inactive);
  h = await harness(records, { mode: 'rest', parentsFromRecords: true, ...options.fake });
  h.fake.objects.get('Contract')!.fields = [...CONTRACT_FIELDS, ...FORMULA_FIELDS];
  h.fake.addObject({ name: 'Account', fields: PARTNER_FIELDS, records: partners });
  const mapping = h.config.objects[0]!;
  mapping.columns.partnerId = { field: 'Partner__c', type: 'text', required: true };
  options.mapping?.(mapping);
  return { records, partners, mapping };
}

const sync = () => syncSalesforce(h!.config, { db: h!.db, client: h!.client, now: NOW });

/** The one refusal validateMapping gives, the same from the sync itself, before any record is stored. */
async function expectRefused(expected: { en: string; it: string }): Promise<void> {
  expect(await validateMapping(h!.client, h!.config, { languages: 'both' })).toEqual([expected]);
  const [refused] = await sync();
  expect(refused!.error).toBeInstanceOf(ConfigError);
  expect(refused!.error!.messages).toEqual(expected);
  expect(await loadFacts(h!.db, 'contracts')).toEqual([]);
}
const FORMULA_NOTE = { en: '(formula field Partner_Active__c reads Partner__r.Active__c)', it: '(il campo formula Partner_Active__c legge Partner__r.Active__c)' };

describe("a formula field that reads a parent's field", () => {
  it('mapped to a column: the stored contract takes the value the formula has after a change to the partner alone', async () => {
    const { records, partners } = await setUp(10, { mapping: (m) => void (m.columns.partnerActive = { field: 'Partner_Active__c', type: 'boolean', required: true }) });
    const [first] = await sync();
    expect(first!.error).toBeUndefined();
    expect(first!.inserted).toBe(10);
    // partner 2's contracts: i mod 7 = 1, so i = 1 and 8 (Ids 800…2 and 800…9)
    const moved = [fakeId('800', 2), fakeId('800', 9)];
    const active = async () => new Map((await loadFacts(h!.db, 'contracts')).map((f) => [f.id as string, f.partnerActive]));
    expect((await active()).get(moved[0]!)).toBe(true);

    // partner 2 is deactivated in Salesforce; no contract changes
    Object.assign(partners[1]!, { Active__c: false, SystemModstamp: '2026-11-20T10:00:00.000+0000' });
    const [second] = await sync();
    expect(second!.error).toBeUndefined();
    const now = await active();
    for (const r of records) expect(now.get(r.Id as string)).toBe(!moved.includes(r.Id as string));
    // the sync query read the 9th contract again (overlap, unchanged); the pass partner 2's 2, rewritten
    expect(second!.received).toBe(3);
    expect(second!.updated).toBe(2);
    expect(second!.unchanged).toBe(1);
    expect(reconciles(second!)).toBe(true);
    expect(second!.parentChanges).toEqual([
      {
        relationship: 'Partner__r',
        field: '',
        columns: ['partnerActive'],
        received: 2,
        stored: 2,
        updated: 2,
        updates: moved.map((id) => ({
          id,
          reasons: {
            en: `Contract ${id} read again after a change to its Partner__r ${FORMULA_NOTE.en}: its mapped values differ from those stored (columns partnerActive): updated in contracts`,
            it: `Contract ${id} riletto dopo una modifica al suo Partner__r ${FORMULA_NOTE.it}: i valori mappati sono diversi da quelli salvati (colonne partnerActive): aggiornato in contracts`,
          },
        })),
        excluded: 0,
        reasons: {
          en: `Contract records whose Partner__r changed in the window, read again because column partnerActive reads Partner_Active__c ${FORMULA_NOTE.en}: 2 read (2 stored in contracts, 2 of them with Partner__r's new values)`,
          it: `record Contract il cui Partner__r è cambiato nella finestra, riletti perché la colonna partnerActive legge Partner_Active__c ${FORMULA_NOTE.it}: 2 letti (2 salvati in contracts, di cui 2 con i nuovi valori di Partner__r)`,
        },
      },
    ]);
  });

  it("in the filter: a deactivated partner's contracts leave the table, a reactivated one's come back, the contracts unchanged", async () => {
    const filter: Filter = { all: [{ field: 'Status', op: 'in', values: ['Activated', 'Signed'] }, { field: 'Partner_Active__c', op: 'eq', value: true }] };
    const { partners } = await setUp(20, { inactive: [3], mapping: (m) => void (m.filter = filter) });
    const [first] = await sync();
    expect(first!.error).toBeUndefined();
    // partner 3's contracts (i mod 7 = 2: i = 2, 9, 16) do not match: 20 − 3 stored
    expect(first!.inserted).toBe(17);

    Object.assign(partners[0]!, { Active__c: false, SystemModstamp: '2026-11-20T10:00:00.000+0000' });
    Object.assign(partners[2]!, { Active__c: true, SystemModstamp: '2026-11-20T10:05:00.000+0000' });
    const [second] = await sync();
    expect(second!.error).toBeUndefined();
    const gone = [1, 8, 15].map((n) => fakeId('800', n)); // partner 1: i = 0, 7, 14
    const come = [3, 10, 17].map((n) => fakeId('800', n)); // partner 3: i = 2, 9, 16
    const facts = (await loadFacts(h!.db, 'contracts')).map((f) => f.id as string);
    expect(facts).toHaveLength(17 - 3 + 3);
    for (const id of gone) expect(facts).not.toContain(id);
    for (const id of come) expect(facts).toContain(id);
    expect(second!.received).toBe(1 + 3);
    expect(second!.inserted).toBe(3);
    expect(second!.exclusions).toEqual(
      gone.map((id) => ({
        id,
        field: 'Partner_Active__c',
        reasons: {
          en: `Contract ${id} no longer matches the mapping's filter (Partner_Active__c) after a change to its Partner__r ${FORMULA_NOTE.en}: removed from contracts`,
          it: `Contract ${id} non soddisfa più il filtro della mappatura (Partner_Active__c) dopo una modifica al suo Partner__r ${FORMULA_NOTE.it}: tolto da contracts`,
        },
      })),
    );
    expect(second!.parentChanges).toEqual([
      {
        relationship: 'Partner__r',
        field: 'Partner_Active__c',
        columns: [],
        received: 3,
        stored: 3,
        updated: 0,
        updates: [],
        excluded: 3,
        reasons: {
          en: `Contract records whose Partner__r changed in the window, read again because the filter reads Partner_Active__c ${FORMULA_NOTE.en}: 3 read (3 stored in contracts, 0 of them with Partner__r's new values), 3 no longer match the filter (taken out of contracts)`,
          it: `record Contract il cui Partner__r è cambiato nella finestra, riletti perché il filtro legge Partner_Active__c ${FORMULA_NOTE.it}: 3 letti (3 salvati in contracts, di cui 0 con i nuovi valori di Partner__r), 3 non soddisfano più il filtro (tolti da contracts)`,
        },
      },
    ]);
    // the pass's queries: the window on the partner's SystemModstamp, the formula filter as configured
    const pass = h!.fake.log.map((r) => decodeURIComponent(r.path)).filter((p) => p.includes('Partner__r.SystemModstamp'));
    expect(pass).toHaveLength(2);
    for (const p of pass) expect(p).toContain('(Partner_Active__c = true)');
  });
});

describe('a formula field the sync cannot follow', () => {
  const OWNER = {
    filter: {
      en: "Contract: filter field Partner_Owner_Active__c is a formula field that reads Partner__r.Owner.IsActive through 2 relationships (Partner__r.Owner): a change to that record moves neither Contract's SystemModstamp nor Partner__r's, and only a direct parent's changes are read again; filter on a field of Contract or of a direct parent (one relationship), or have the formula read direct parents only",
      it: 'Contract: il campo del filtro Partner_Owner_Active__c è un campo formula che legge Partner__r.Owner.IsActive attraverso 2 relazioni (Partner__r.Owner): una modifica a quel record non cambia il SystemModstamp né di Contract né di Partner__r, e si rileggono solo le modifiche di un genitore diretto; filtra su un campo di Contract o di un genitore diretto (una sola relazione), o fai leggere alla formula solo genitori diretti',
    },
    column: {
      en: "Contract: column ownerActive reads Partner_Owner_Active__c, a formula field that reads Partner__r.Owner.IsActive through 2 relationships (Partner__r.Owner): a change to that record moves neither Contract's SystemModstamp nor Partner__r's, and only a direct parent's changes are read again, so the column would keep a stale value; map a field of Contract or of a direct parent (one relationship), or have the formula read direct parents only",
      it: 'Contract: la colonna ownerActive legge Partner_Owner_Active__c, un campo formula che legge Partner__r.Owner.IsActive attraverso 2 relazioni (Partner__r.Owner): una modifica a quel record non cambia il SystemModstamp né di Contract né di Partner__r, e si rileggono solo le modifiche di un genitore diretto, quindi la colonna resterebbe con un valore superato; mappa un campo di Contract o di un genitore diretto (una sola relazione), o fai leggere alla formula solo genitori diretti',
    },
  };

  it('reading two relationships deep is refused by validateMapping and by the sync, naming the formula field, before any data moves', async () => {
    await setUp(10, {
      mapping: (m) => {
        m.filter = { field: 'Partner_Owner_Active__c', op: 'eq', value: true };
        m.columns.ownerActive = { field: 'Partner_Owner_Active__c', type: 'boolean', required: false };
      },
    });
    expect(await validateMapping(h!.client, h!.config, { languages: 'both' })).toEqual([OWNER.filter, OWNER.column]);
    const [r] = await sync();
    expect(r!.error).toBeInstanceOf(ConfigError);
    expect(r!.error!.messages).toEqual({ en: `${OWNER.filter.en}. ${OWNER.column.en}`, it: `${OWNER.filter.it}. ${OWNER.column.it}` });
    expect(r!.received).toBe(0);
    expect(h!.fake.log.filter((l) => l.path.includes('/query'))).toEqual([]);
    expect(await loadFacts(h!.db, 'contracts')).toEqual([]);
  });

  it('a formula reading through a relationship describe does not show is refused, unless formulasNotFollowed lists it', async () => {
    const unseen = {
      en: "Contract: column brokerActive reads Broker_Active__c, a formula field that reads Broker__r.Active__c through Broker__r, a relationship describe does not show the integration user (no reference field of Contract has that relationshipName: field-level security hides it): a change to that parent cannot be followed; let your Salesforce administrator give the integration user read access to the lookup field, or list Broker_Active__c in the mapping's formulasNotFollowed to accept that a change to it is not followed",
      it: "Contract: la colonna brokerActive legge Broker_Active__c, un campo formula che legge Broker__r.Active__c attraverso Broker__r, una relazione che describe non mostra all'utente di integrazione (nessun campo di riferimento di Contract ha quel relationshipName: la sicurezza a livello di campo la nasconde): una modifica a quel genitore non può essere seguita; chiedi all'amministratore Salesforce di dare all'utente di integrazione l'accesso in lettura al campo di ricerca, o elenca Broker_Active__c in formulasNotFollowed della mappatura per accettare che una sua modifica non venga seguita",
    };
    const { mapping } = await setUp(10, { mapping: (m) => void (m.columns.brokerActive = { field: 'Broker_Active__c', type: 'boolean', required: false }) });
    await expectRefused(unseen);

    const config = SalesforceConfigSchema.parse({ ...h!.config, objects: [{ ...mapping, formulasNotFollowed: ['Broker_Active__c'] }] });
    expect(await validateMapping(h!.client, config)).toEqual([]);
  });

  it('a formula describe does not return is refused naming the field and the permission, unless formulasNotFollowed lists it', async () => {
    const hidden = {
      en: 'Contract: column partnerActive reads Partner_Active__c, a formula field whose formula describe does not return to the integration user (calculated, no calculatedFormula): whether it reads a parent, whose changes would have to be read again, cannot be told; let your Salesforce administrator grant the integration user the permission describe needs to return the formula (its profile or permission set), or list Partner_Active__c in the mapping\'s formulasNotFollowed to accept that a change to a parent it reads is not followed',
      it: 'Contract: la colonna partnerActive legge Partner_Active__c, un campo formula la cui formula describe non restituisce all\'utente di integrazione (calculated, senza calculatedFormula): non si può sapere se legge un genitore, le cui modifiche andrebbero rilette; chiedi all\'amministratore Salesforce di concedere all\'utente di integrazione il permesso che serve perché describe restituisca la formula (profilo o set di autorizzazioni), o elenca Partner_Active__c in formulasNotFollowed della mappatura per accettare che una modifica a un genitore che legge non venga seguita',
    };
    const { mapping } = await setUp(10, {
      fake: { hideFormulas: true },
      mapping: (m) => void (m.columns.partnerActive = { field: 'Partner_Active__c', type: 'boolean', required: true }),
    });
    await expectRefused(hidden);

    // acknowledged: the sync runs, and follows no parent for it
    const config = SalesforceConfigSchema.parse({ ...h!.config, objects: [{ ...mapping, formulasNotFollowed: ['Partner_Active__c'] }] });
    expect(await validateMapping(h!.client, config)).toEqual([]);
    const [r] = await syncSalesforce(config, { db: h!.db, client: h!.client, now: NOW });
    expect(r!.error).toBeUndefined();
    expect(r!.inserted).toBe(10);
    expect(r!.parentChanges).toEqual([]);
  });
});
