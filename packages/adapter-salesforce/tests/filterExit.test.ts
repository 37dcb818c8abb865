import { afterEach, describe, expect, it } from 'vitest';
import { reconciles, syncSalesforce } from '../src/sync.js';
import { loadFacts } from '../src/store.js';
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
