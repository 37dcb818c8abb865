import { afterEach, describe, expect, it } from 'vitest';
import { syncSalesforce, reconciles } from '../src/sync.js';
import { listQuarantine, loadFacts, readCursor } from '../src/store.js';
import { count, harness, makeContracts, NOW, storedIds, type Harness } from './helpers.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('REST sync against the fake Salesforce (real jsforce client)', () => {
  it('pages 25,000 records with uneven page sizes, stores each once, reconciles, and a re-run stores nothing twice', async () => {
    const records = makeContracts(25_000, { perSecond: 3 });
    h = await harness(records, { mode: 'rest', pageSize: (i) => [2000, 1731, 250, 2000][i % 4]! });
    const [report] = await syncSalesforce(h.config, { db: h.db, client: h.client, now: NOW });
    expect(report!.error).toBeUndefined();
    expect(report!.expected).toBe(25_000);
    expect(report!.received).toBe(25_000);
    expect(report!.inserted).toBe(25_000);
    expect(report!.quarantined).toBe(0);
    expect(reconciles(report!)).toBe(true);
    expect(report!.pages).toBeGreaterThan(12);
    expect(await storedIds(h.db)).toEqual(records.map((r) => r.Id as string).sort());
    expect(h.client.apiUsage).toEqual({ used: expect.any(Number), limit: 100_000 });
    // every request carried the explicit API version
    expect(h.fake.log.every((l) => l.path.startsWith('/services/data/v64.0/'))).toBe(true);
    const facts = await loadFacts(h.db, 'contracts');
    const first = facts.find((f) => f.id === records[1]!.Id)!;
    expect(first).toMatchObject({ partnerId: 'AGT-0002', category: 'GAS_CASA', signedDate: '2026-10-02', annualSmc: 610, energyEfficiency: false });
    expect(first.annualKwh).toBeNull();
    const cursor = await readCursor(h.db, 'Contract');
    expect(cursor).toEqual({ systemModstamp: '2026-10-01T10:18:53.000Z', lastId: records[24_999]!.Id });

    // Full re-run: every record received again, none stored twice.
    const [again] = await syncSalesforce(h.config, { db: h.db, client: h.client, now: NOW, full: true });
    expect(again!.received).toBe(25_000);
    expect(again!.unchanged).toBe(25_000);
    expect(again!.inserted + again!.updated).toBe(0);
    expect(await count(h.db, 'SELECT count(*)::int AS n FROM sf_records')).toBe(25_000);
  });

  it('incremental run reads only the overlap window plus changes, and applies updates and deletes (queryAll)', async () => {
    const records = makeContracts(300);
    h = await harness(records, { mode: 'rest', pageSize: 100 });
    await syncSalesforce(h.config, { db: h.db, client: h.client, now: NOW });
    // Change one record, delete another: both get a new SystemModstamp after the cursor.
    const later = '2026-11-20T10:00:00.000+0000';
    Object.assign(records[5]!, { Offer__c: 'NEW', SystemModstamp: later });
    Object.assign(records[6]!, { IsDeleted: true, SystemModstamp: later });
    const [inc] = await syncSalesforce(h.config, { db: h.db, client: h.client, now: NOW });
    expect(inc!.error).toBeUndefined();
    expect(inc!.soql).toContain('SystemModstamp >= 2026-10-01T07:59:59Z AND SystemModstamp <= 2026-11-27T08:59:00Z');
    // overlap 300 s re-reads the last 301 stamps minus the two moved ones, plus the two changes
    expect(inc!.updated).toBe(1);
    expect(inc!.deleted).toBe(1);
    expect(inc!.received).toBe(300);
    expect(inc!.unchanged).toBe(298);
    expect(reconciles(inc!)).toBe(true);
    const facts = await loadFacts(h.db, 'contracts');
    expect(facts).toHaveLength(299);
    expect(facts.find((f) => f.id === records[5]!.Id)!.offer).toBe('NEW');
    expect(h.fake.log.some((l) => l.path.includes('/queryAll?q='))).toBe(true);
    expect(await listQuarantine(h.db)).toEqual([]);
  });
});
