// A polymorphic relationship (Task.What: WhatId can point to an Account or an Opportunity) reaches, through a plain
// path, only the fields of Salesforce's Name object: "Understanding Relationship Fields and Polymorphic Fields"
// (SOQL and SOSL Reference) tells such a field by `namePointing`, `polymorphicForeignKey` and a `referenceTo` of more
// than one object, and queries `Who.Id, Who.Type`; the Name object (Object Reference / Field Reference, "Name") has
// Id, Name, Type, FirstName, … and no SystemModstamp. Any other field through it fails with INVALID_FIELD "No such
// column '…' on entity 'Name'" (as reported in forcedotcom/SFDX-Data-Move-Utility#359). Validation used to follow
// `referenceTo[0]` only, so `What.Partner_Code__c` passed when Account comes first and failed at the first sync, and
// the parent-change pass filtered on `What.SystemModstamp`. Against the fake Salesforce over HTTP through jsforce.
import { Connection } from '@jsforce/jsforce-node';
import { afterEach, describe, expect, it } from 'vitest';
import { validateMapping } from '../src/describe.js';
import { ConfigError } from '../src/errors.js';
import { SalesforceConfigSchema, type ObjectMapping } from '../src/mapping.js';
import { loadFacts } from '../src/store.js';
import { syncSalesforce } from '../src/sync.js';
import { ACCOUNT_FIELDS, fakeId, type FakeField } from '../src/testing/index.js';
import { harness, NOW, type Harness } from './helpers.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const TASK_FIELDS: FakeField[] = [
  { name: 'Id', type: 'id', nillable: false },
  { name: 'SystemModstamp', type: 'datetime', nillable: false },
  { name: 'IsDeleted', type: 'boolean', nillable: false },
  { name: 'Subject', type: 'string' },
  // Account first: the old validation read What.<field> as an Account's field
  { name: 'WhatId', type: 'reference', relationshipName: 'What', referenceTo: ['Account', 'Opportunity'] },
  { name: 'OwnerId', type: 'reference', relationshipName: 'Owner', referenceTo: ['Group', 'User'] },
  { name: 'Related_Code__c', type: 'string', calculatedFormula: 'What.Partner_Code__c' },
  { name: 'Owner_Email__c', type: 'email', calculatedFormula: 'Owner:User.Email' },
];

const OPPORTUNITY_FIELDS: FakeField[] = [
  { name: 'Id', type: 'id', nillable: false },
  { name: 'Name', type: 'string' },
  { name: 'SystemModstamp', type: 'datetime', nillable: false },
];

/** Four tasks, 1 October 08:00:0k: the 1st and 3rd on an Account, the 2nd and 4th on an Opportunity; the 4th changed on 1 November. */
function makeTasks(): Record<string, unknown>[] {
  return [1, 2, 3, 4].map((k) => {
    const onAccount = k % 2 === 1;
    const whatId = onAccount ? fakeId('001', k) : fakeId('006', k);
    return {
      Id: fakeId('00T', k),
      SystemModstamp: k === 4 ? '2026-11-01T00:00:00.000+0000' : `2026-10-01T08:00:0${k}.000+0000`,
      IsDeleted: false,
      Subject: `Call ${k}`,
      WhatId: whatId,
      What: { Id: whatId, Type: onAccount ? 'Account' : 'Opportunity', Name: `Related ${k}` },
      OwnerId: fakeId('005', 1),
      Owner: { Id: fakeId('005', 1), Type: 'User', Name: 'Integration' },
      Related_Code__c: onAccount ? `AGT-000${k}` : null,
      Owner_Email__c: 'integration@example.com',
    };
  });
}

type MappingInput = Omit<ObjectMapping, 'deletes' | 'mode' | 'bulkThreshold' | 'columns'> & {
  columns: Record<string, { field: string; type: 'text' | 'number' | 'boolean'; required?: boolean }>;
};

/** The fake with Task, Account and Opportunity, and a configuration mapping Task alone as `mapping` says. */
async function setUp(mapping: Omit<MappingInput, 'object' | 'table' | 'keyColumn' | 'partnerColumn'>) {
  h = await harness([], { mode: 'rest' });
  h.fake.addObject({ name: 'Task', fields: TASK_FIELDS, records: makeTasks() });
  h.fake.addObject({ name: 'Account', fields: [...ACCOUNT_FIELDS, { name: 'SystemModstamp', type: 'datetime', nillable: false }], records: [] });
  h.fake.addObject({ name: 'Opportunity', fields: OPPORTUNITY_FIELDS, records: [] });
  const task = { object: 'Task', table: 'tasks', keyColumn: 'id', partnerColumn: 'partnerId', mode: 'rest', ...mapping };
  return SalesforceConfigSchema.parse({ ...h.config, objects: [task] });
}

const sync = (config: Harness['config']) => syncSalesforce(config, { db: h!.db, client: h!.client, now: NOW });

/** What every refusal says of Task.What, after `goes through` / `reads … through`. */
const WHAT = {
  en: "What, a polymorphic relationship (WhatId can point to Account, Opportunity): through it SOQL reads only the fields of Salesforce's Name object (Id, Name, Type, …; any other fails the sync with INVALID_FIELD), which has no SystemModstamp, so a change to the parent could not be read again",
  it: "What, una relazione polimorfica (WhatId può puntare a Account, Opportunity): attraverso di essa SOQL legge solo i campi dell'oggetto Name di Salesforce (Id, Name, Type, …; ogni altro fa fallire la sincronizzazione con INVALID_FIELD), che non ha SystemModstamp, quindi una modifica al genitore non si potrebbe rileggere",
};
const MAP_INSTEAD = {
  en: "map WhatId (the parent's Id) instead, and read the parent with a mapping of its own object",
  it: "mappa invece WhatId (l'Id del genitore), e leggi il genitore con una mappatura del suo oggetto",
};

describe('a path through a polymorphic relationship', () => {
  it("is refused by validateMapping, for the filter and each column, naming the relationship, its objects and what to map; the sync refuses it before any query", async () => {
    const config = await setUp({
      columns: {
        id: { field: 'Id', type: 'text' },
        partnerId: { field: 'WhatId', type: 'text' },
        code: { field: 'What.Partner_Code__c', type: 'text' },
        relatedName: { field: 'What.Name', type: 'text' },
      },
      filter: { field: 'What.Partner_Code__c', op: 'like', value: 'AGT%' },
    });
    const expected = [
      {
        en: `Task: filter field What.Partner_Code__c goes through ${WHAT.en}; filter on WhatId or What.Type (the parent's object) instead, and read the parent with a mapping of its own object`,
        it: `Task: il campo del filtro What.Partner_Code__c passa per ${WHAT.it}; filtra invece su WhatId o What.Type (l'oggetto del genitore), e leggi il genitore con una mappatura del suo oggetto`,
      },
      { en: `Task: column code reads What.Partner_Code__c through ${WHAT.en}; ${MAP_INSTEAD.en}`, it: `Task: la colonna code legge What.Partner_Code__c attraverso ${WHAT.it}; ${MAP_INSTEAD.it}` },
      // Name is a field of the Name object, so SOQL reads it, but a renamed Account moves no SystemModstamp it could be followed by
      { en: `Task: column relatedName reads What.Name through ${WHAT.en}; ${MAP_INSTEAD.en}`, it: `Task: la colonna relatedName legge What.Name attraverso ${WHAT.it}; ${MAP_INSTEAD.it}` },
    ];
    expect(await validateMapping(h!.client, config, { languages: 'both' })).toEqual(expected);
    expect(await validateMapping(h!.client, config)).toEqual(expected.map((p) => p.en));

    const [r] = await sync(config);
    expect(r!.error).toBeInstanceOf(ConfigError);
    expect(r!.error!.messages).toEqual({ en: expected.map((p) => p.en).join('. '), it: expected.map((p) => p.it).join('. ') });
    expect(h!.fake.log.filter((l) => l.path.includes('/query'))).toEqual([]);
    expect(await loadFacts(h!.db, 'tasks')).toEqual([]);
  });

  it('What.Id and What.Type, fixed by WhatId itself, are accepted and read, and no parent-change pass runs for What', async () => {
    const config = await setUp({
      columns: { id: { field: 'Id', type: 'text' }, partnerId: { field: 'What.Id', type: 'text' }, subject: { field: 'Subject', type: 'text' } },
      filter: { field: 'What.Type', op: 'eq', value: 'Account' },
    });
    expect(await validateMapping(h!.client, config, { languages: 'both' })).toEqual([]);
    const [first] = await sync(config);
    expect(first!.error).toBeUndefined();
    // the 1st and 3rd tasks are on an Account
    expect((await loadFacts(h!.db, 'tasks')).map((f) => [f.id, f.partnerId, f.subject])).toEqual([
      [fakeId('00T', 1), fakeId('001', 1), 'Call 1'],
      [fakeId('00T', 3), fakeId('001', 3), 'Call 3'],
    ]);
    // incremental: a pass for What would filter on What.SystemModstamp, which the Name object lacks (INVALID_FIELD)
    const [second] = await sync(config);
    expect(second!.error).toBeUndefined();
    expect(second!.parentChanges).toEqual([]);
    expect(h!.fake.log.filter((l) => decodeURIComponent(l.path).includes('What.SystemModstamp'))).toEqual([]);
    expect(h!.fake.log.filter((l) => l.status !== 200)).toEqual([]);
  });
});

describe('a formula field reading through a polymorphic relationship', () => {
  it('is refused by validateMapping and by the sync, plain (What.Partner_Code__c) or typed (Owner:User.Email)', async () => {
    const config = await setUp({
      columns: {
        id: { field: 'Id', type: 'text' },
        partnerId: { field: 'WhatId', type: 'text' },
        code: { field: 'Related_Code__c', type: 'text', required: false },
        ownerEmail: { field: 'Owner_Email__c', type: 'text' },
      },
    });
    const formulaWhy = (rel: string, idField: string, targets: string) => ({
      en: `${rel}, a polymorphic relationship (${idField} can point to ${targets}): SOQL reads through it only the fields of Salesforce's Name object, which has no SystemModstamp, so a change to the parent, which moves no SystemModstamp of Task, could not be read again`,
      it: `${rel}, una relazione polimorfica (${idField} può puntare a ${targets}): attraverso di essa SOQL legge solo i campi dell'oggetto Name di Salesforce, che non ha SystemModstamp, quindi una modifica al genitore, che non cambia alcun SystemModstamp di Task, non si potrebbe rileggere`,
    });
    const what = formulaWhy('What', 'WhatId', 'Account, Opportunity');
    const owner = formulaWhy('Owner', 'OwnerId', 'Group, User');
    const mapOwner = { en: "map OwnerId (the parent's Id) instead, and read the parent with a mapping of its own object", it: "mappa invece OwnerId (l'Id del genitore), e leggi il genitore con una mappatura del suo oggetto" };
    const orFormula = { en: 'or have the formula read no polymorphic relationship', it: 'o fai in modo che la formula non legga relazioni polimorfiche' };
    const expected = [
      {
        en: `Task: column code reads Related_Code__c, a formula field that reads What.Partner_Code__c through ${what.en}; ${MAP_INSTEAD.en}, ${orFormula.en}`,
        it: `Task: la colonna code legge Related_Code__c, un campo formula che legge What.Partner_Code__c attraverso ${what.it}; ${MAP_INSTEAD.it}, ${orFormula.it}`,
      },
      {
        en: `Task: column ownerEmail reads Owner_Email__c, a formula field that reads Owner:User.Email through ${owner.en}; ${mapOwner.en}, ${orFormula.en}`,
        it: `Task: la colonna ownerEmail legge Owner_Email__c, un campo formula che legge Owner:User.Email attraverso ${owner.it}; ${mapOwner.it}, ${orFormula.it}`,
      },
    ];
    expect(await validateMapping(h!.client, config, { languages: 'both' })).toEqual(expected);
    const [r] = await sync(config);
    expect(r!.error).toBeInstanceOf(ConfigError);
    expect(r!.error!.messages).toEqual({ en: expected.map((p) => p.en).join('. '), it: expected.map((p) => p.it).join('. ') });
    expect(h!.fake.log.filter((l) => l.path.includes('/query'))).toEqual([]);
  });
});

describe('the fake Salesforce, through jsforce', () => {
  it("describes a polymorphic reference with namePointing, polymorphicForeignKey and its objects, and answers a non-Name field through it with INVALID_FIELD", async () => {
    await setUp({ columns: { id: { field: 'Id', type: 'text' }, partnerId: { field: 'WhatId', type: 'text' } } });
    const conn = new Connection({ instanceUrl: h!.fake.url, accessToken: h!.fake.issueToken(), version: '64.0' });
    const fields = new Map((await conn.sobject('Task').describe()).fields.map((f) => [f.name, f]));
    expect(fields.get('WhatId')).toMatchObject({ relationshipName: 'What', referenceTo: ['Account', 'Opportunity'], namePointing: true, polymorphicForeignKey: true });
    expect(fields.get('Subject')).toMatchObject({ namePointing: false, polymorphicForeignKey: false });
    const single = (await conn.sobject('Contract').describe()).fields.find((f) => f.name === 'Partner__c');
    expect(single).toMatchObject({ referenceTo: ['Account'], namePointing: false, polymorphicForeignKey: false });

    // the Name object's fields are read through it
    const read = await conn.query<{ Id: string; What: { Id: string; Type: string } }>("SELECT Id, What.Id, What.Type FROM Task WHERE What.Type = 'Opportunity' ORDER BY Id");
    expect(read.records.map((t) => [t.Id, t.What.Id, t.What.Type])).toEqual([
      [fakeId('00T', 2), fakeId('006', 2), 'Opportunity'],
      [fakeId('00T', 4), fakeId('006', 4), 'Opportunity'],
    ]);
    const message = (field: string) => `No such column '${field}' on entity 'Name'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`;
    for (const [soql, field] of [
      ['SELECT Id, What.Partner_Code__c FROM Task', 'Partner_Code__c'],
      ['SELECT Id FROM Task WHERE What.SystemModstamp > 2026-01-01T00:00:00Z', 'SystemModstamp'],
      ['SELECT Id FROM Task ORDER BY Owner.Email__c', 'Email__c'],
    ] as const) {
      await expect(conn.query(soql)).rejects.toMatchObject({ errorCode: 'INVALID_FIELD', message: message(field) });
    }
  });
});
