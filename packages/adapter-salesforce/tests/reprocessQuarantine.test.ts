import { afterEach, describe, expect, it } from 'vitest';
import { SalesforceConfigSchema, type SalesforceConfig } from '../src/mapping.js';
import { listQuarantine, loadFacts } from '../src/store.js';
import { reprocessQuarantine, syncSalesforce } from '../src/sync.js';
import { count, harness, makeContracts, NOW, type Harness } from './helpers.js';

/**
 * Re-processing commits quarantined records the way a sync commits a page (one definition of both): these pin down
 * what it does with Bulk rows (flat CSV objects with dotted keys) and with records quarantined under a made-up key.
 */
let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** The mapping fix of the story: this org keeps Annual_kWh__c as free text. */
function annualKwhAsText(config: SalesforceConfig): SalesforceConfig {
  const mapping = config.objects[0]!;
  return SalesforceConfigSchema.parse({
    ...config,
    objects: [{ ...mapping, columns: { ...mapping.columns, annualKwh: { field: 'Annual_kWh__c', type: 'text', required: false } } }],
  });
}

describe('reprocessQuarantine', () => {
  it('stores quarantined Bulk rows into the table once the mapping is fixed, relationship columns included', async () => {
    const records = makeContracts(40);
    records[5]!.Annual_kWh__c = 'lots';
    records[12]!.Annual_kWh__c = '1.234,5';
    records[20]!.Partner__r = null; // stays quarantined: the partner is required
    h = await harness(records, { mode: 'bulk', bulkPageSize: 15 });
    const [sync] = await syncSalesforce(h.config, { db: h.db, client: h.client, now: NOW });
    expect({ inserted: sync!.inserted, quarantined: sync!.quarantined }).toEqual({ inserted: 37, quarantined: 3 });
    const requests = h.fake.log.length;

    const [r] = await reprocessQuarantine(h.db, annualKwhAsText(h.config));
    expect(r).toEqual({ object: 'Contract', examined: 3, stored: 2, stillQuarantined: 1 });
    expect(h.fake.log.length).toBe(requests); // Salesforce is not called
    const facts = new Map((await loadFacts(h.db, 'contracts')).map((f) => [f.id, f]));
    expect(facts.size).toBe(39);
    expect(facts.get(records[5]!.Id)).toMatchObject({ annualKwh: 'lots', partnerId: 'AGT-0006', signedDate: '2026-10-06' });
    expect(facts.get(records[12]!.Id)).toMatchObject({ annualKwh: '1.234,5', partnerId: 'AGT-0006' });
    const left = await listQuarantine(h.db);
    expect(left).toMatchObject([{ id: records[20]!.Id, field: 'Partner__r.Partner_Code__c', reason: 'Partner__r.Partner_Code__c → partnerId: required value is missing' }]);
    // the raw row stays as Bulk returned it, for the next fix
    expect(left[0]!.raw).toMatchObject({ Id: records[20]!.Id, 'Partner__r.Partner_Code__c': '' });

    // running it again finds only the one left, and stores nothing twice
    expect(await reprocessQuarantine(h.db, annualKwhAsText(h.config))).toEqual([{ object: 'Contract', examined: 1, stored: 0, stillQuarantined: 1 }]);
    expect(await count(h.db, 'SELECT count(*)::int AS n FROM sf_records')).toBe(39);
  }, 120_000);

  it('keeps a record without an Id under the key it was quarantined with, with its refreshed reason', async () => {
    const records = makeContracts(10);
    records[4]!.Id = null;
    h = await harness(records, { mode: 'rest' });
    await syncSalesforce(h.config, { db: h.db, client: h.client, now: NOW });
    const before = await listQuarantine(h.db);
    expect(before.map((q) => q.id)).toEqual(['(no Id, page 1)']);

    const [r] = await reprocessQuarantine(h.db, annualKwhAsText(h.config));
    expect(r).toEqual({ object: 'Contract', examined: 1, stored: 0, stillQuarantined: 1 });
    const after = await listQuarantine(h.db);
    expect(after).toEqual(before);
    expect(after[0]).toMatchObject({ id: '(no Id, page 1)', field: 'Id' });
    expect(await count(h.db, 'SELECT count(*)::int AS n FROM sf_records')).toBe(9);
  }, 120_000);
});
