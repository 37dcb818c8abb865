import { afterEach, describe, expect, it } from 'vitest';
import { RemoteError } from '../src/errors.js';
import { reconciles, syncSalesforce } from '../src/sync.js';
import { loadFacts, readCursor } from '../src/store.js';
import { fakeId } from '../src/testing/index.js';
import { harness, makeContracts, NOW, type Harness } from './helpers.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('a record that no longer matches the mapping filter', () => {
  it('leaves the fact table on the next incremental run (a Terminated contract earns no commission), and comes back if it matches again', async () => {
    // the mapping's filter is Status IN ('Activated', 'Signed')
    const records = makeContracts(50);
    h = await harness(records, { mode: 'rest', pageSize: 20 });
    const [first] = await syncSalesforce(h.config, { db: h.db, client: h.client, now: NOW });
    expect(first!.error).toBeUndefined();
    expect(await loadFacts(h.db, 'contracts')).toHaveLength(50);

    // the customer withdraws: the contract is terminated in Salesforce, which moves its SystemModstamp
    const gone = records[7]!.Id as string;
    Object.assign(records[7]!, { Status: 'Terminated', SystemModstamp: '2026-11-20T10:00:00.000+0000' });
    const [inc] = await syncSalesforce(h.config, { db: h.db, client: h.client, now: NOW });
    expect(inc!.error).toBeUndefined();
    const facts = await loadFacts(h.db, 'contracts');
    expect(facts.map((f) => f.id)).not.toContain(gone);
    expect(facts).toHaveLength(49);
    // counted apart from the records the window's query read, as getDeleted's hard deletes are
    expect(inc!.excluded).toBe(1);
    expect(inc!.exclusions).toEqual([
      {
        id: gone,
        field: 'Status',
        reasons: {
          en: `Contract ${gone} no longer matches the mapping's filter (Status): removed from contracts`,
          it: `Contract ${gone} non soddisfa più il filtro della mappatura (Status): tolto da contracts`,
        },
      },
    ]);
    expect(reconciles(inc!)).toBe(true);

    // nothing to do on a re-run; reactivated later, it is stored again
    const [again] = await syncSalesforce(h.config, { db: h.db, client: h.client, now: NOW });
    expect(again!.excluded).toBe(0);
    Object.assign(records[7]!, { Status: 'Activated', SystemModstamp: '2026-11-21T10:00:00.000+0000' });
    const [back] = await syncSalesforce(h.config, { db: h.db, client: h.client, now: NOW });
    expect(back!.error).toBeUndefined();
    expect(back!.updated).toBe(1);
    expect((await loadFacts(h.db, 'contracts')).map((f) => f.id)).toContain(gone);
  });
});

/** The fake's answers to filter-exit queries (`… AND NOT (<filter>)`), by HTTP status. */
function exitQueryStatuses(h: Harness): number[] {
  return h.fake.log.filter((r) => /\/query\?q=/.test(r.path) && decodeURIComponent(r.path).includes(' NOT (')).map((r) => r.status);
}

const reasonsFor = (id: string) => ({
  en: `Contract ${id} no longer matches the mapping's filter (Status): removed from contracts`,
  it: `Contract ${id} non soddisfa più il filtro della mappatura (Status): tolto da contracts`,
});

describe('a filter-exit query that Salesforce answers QUERY_TIMEOUT', () => {
  it('is read in halves of its window, as the sync query is, and the record that left the filter leaves the table', async () => {
    // NOT (<filter>) can use no index: Salesforce scans every record of the window, here 50 where 20 time out,
    // although only one of them no longer matches; the sync query (no negative operator) is not slowed
    const records = makeContracts(50);
    h = await harness(records, { mode: 'rest', pageSize: 20, negativeScanTimeoutAbove: 20 });
    const [first] = await syncSalesforce(h.config, { db: h.db, client: h.client, now: NOW });
    expect(first!.error).toBeUndefined();
    expect(exitQueryStatuses(h)).toEqual([]); // nothing was stored before: no exit to look for

    const gone = records[7]!.Id as string;
    Object.assign(records[7]!, { Status: 'Terminated', SystemModstamp: '2026-11-20T10:00:00.000+0000' });
    const [inc] = await syncSalesforce(h.config, { db: h.db, client: h.client, now: NOW });
    expect(inc!.error).toBeUndefined();
    expect(inc!.exclusions).toEqual([{ id: gone, field: 'Status', reasons: reasonsFor(gone) }]);
    expect(inc!.excluded).toBe(1);
    const facts = await loadFacts(h.db, 'contracts');
    expect(facts).toHaveLength(49);
    expect(facts.map((f) => f.id)).not.toContain(gone);
    // the whole window timed out first; each QUERY_TIMEOUT split one window in two, and the sync query split none
    const statuses = exitQueryStatuses(h);
    expect(statuses[0]).toBe(400);
    expect(statuses.at(-1)).toBe(200);
    expect(inc!.splits).toBe(statuses.filter((s) => s === 400).length);
    expect(reconciles(inc!)).toBe(true);
  });

  it('a window too narrow to split fails naming the object and window in both languages; the next run still takes the record out', async () => {
    // 50 contracts changed in the same second, 08:00:00; the clock puts the run's window, cursor − 300 s overlap
    // (07:55:00) to now − 60 s lag (08:12:04), at 1024 s = 2^10 s, so its halves end on whole seconds
    const T0 = '2026-10-01T08:00:00.000Z';
    const now = () => new Date('2026-10-01T08:13:04.000Z');
    const records = makeContracts(50, { base: T0, perSecond: 50 });
    h = await harness(records, { mode: 'rest', pageSize: 20 });
    const [first] = await syncSalesforce(h.config, { db: h.db, client: h.client, now });
    expect(first!.error).toBeUndefined();
    const cursorBefore = { systemModstamp: T0, lastId: fakeId('800', 50) };
    expect(await readCursor(h.db, 'Contract')).toEqual(cursorBefore);

    // one contract terminated at 08:02:00, another still active but changed at 08:11:00 (the cursor moves there)
    const gone = records[7]!.Id as string;
    Object.assign(records[7]!, { Status: 'Terminated', SystemModstamp: '2026-10-01T08:02:00.000+0000' });
    Object.assign(records[8]!, { Offer__c: 'FIX24', SystemModstamp: '2026-10-01T08:11:00.000+0000' });
    h.fake.options.negativeScanTimeoutAbove = 20;
    const [failed] = await syncSalesforce(h.config, { db: h.db, client: h.client, now });
    // Halving 07:55:00 … 08:12:04 towards the 48 records at 08:00:00 (offset 300 s, on the boundary of the 4 s,
    // 2 s and 1 s segments, and ending the earlier one): 1024, 512, 256, 128, 64, 32, 16, 8, 4, 2 s segments time
    // out and are split (10 splits; their earlier halves up to 07:59:58 hold no record); 07:59:59 … 08:00:00, 1 s
    // wide, times out too and is not split.
    expect(failed!.error).toBeInstanceOf(RemoteError);
    expect(failed!.error!.errorCode).toBe('QUERY_TIMEOUT');
    const span = 'SystemModstamp 2026-10-01T07:59:59.000Z … 2026-10-01T08:00:00.000Z';
    expect(failed!.error!.messages).toEqual({
      en: `Contract: the filter-exit query timed out (QUERY_TIMEOUT) on ${span}, a window under 2 seconds that cannot be split further; run the sync again later: it reads this window again`,
      it: `Contract: la query delle uscite dal filtro è andata in timeout (QUERY_TIMEOUT) su ${span}, una finestra di meno di 2 secondi che non si può dividere oltre; riesegui la sincronizzazione più tardi: rilegge questa finestra`,
    });
    expect(failed!.splits).toBe(10);
    expect(failed!.updated).toBe(1); // the records read are stored…
    // …but the cursor stays where the run started: at 08:11:00, the next run's window would start after 08:02:00
    expect(failed!.cursorAfter).toEqual(cursorBefore);
    expect(await readCursor(h.db, 'Contract')).toEqual(cursorBefore);
    expect((await loadFacts(h.db, 'contracts')).map((f) => f.id)).toContain(gone);

    // once Salesforce answers the exit query, the next run takes the terminated contract out
    h.fake.options.negativeScanTimeoutAbove = undefined;
    const [next] = await syncSalesforce(h.config, { db: h.db, client: h.client, now });
    expect(next!.error).toBeUndefined();
    expect(next!.exclusions).toEqual([{ id: gone, field: 'Status', reasons: reasonsFor(gone) }]);
    const facts = await loadFacts(h.db, 'contracts');
    expect(facts).toHaveLength(49);
    expect(facts.map((f) => f.id)).not.toContain(gone);
    expect(await readCursor(h.db, 'Contract')).toEqual({ systemModstamp: '2026-10-01T08:11:00.000Z', lastId: records[8]!.Id });
  });
});
