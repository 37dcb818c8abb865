import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { listQuarantine } from '../src/store.js';
import { reconciles, syncSalesforce } from '../src/sync.js';
import type { Fault } from '../src/testing/index.js';
import { count, harness, makeContracts, NOW, storedIds } from './helpers.js';

const FAULTS: Fault[] = [
  { kind: 'html200' },
  { kind: 'truncated' },
  { kind: 'reset' },
  { kind: 'status', status: 503 },
  { kind: 'status', status: 429 },
  { kind: 'status', status: 500 },
];

describe('nothing lost, nothing doubled (property)', () => {
  it('under random page sizes, faults, corrupt records and re-runs: stored ∪ quarantined = every record, each once', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 150 }),
        fc.array(fc.integer({ min: 7, max: 60 }), { minLength: 1, maxLength: 4 }),
        fc.array(fc.record({ fault: fc.constantFrom(...FAULTS), after: fc.nat(4), times: fc.integer({ min: 1, max: 9 }) }), { maxLength: 3 }),
        fc.uniqueArray(fc.nat(149), { maxLength: 6 }),
        fc.constantFrom<'rest' | 'bulk'>('rest', 'bulk'),
        async (n, sizes, faults, corrupt, mode) => {
          const records = makeContracts(n, { perSecond: 2 });
          const bad = new Set(corrupt.filter((i) => i < n).map((i) => records[i]!.Id as string));
          for (const i of corrupt) if (i < n) records[i]!.Category__c = null;
          const h = await harness(records, { mode, pageSize: (p) => sizes[p % sizes.length]!, bulkPageSize: sizes[0]!, bulkPollsBeforeComplete: 1 });
          try {
            for (const f of faults) h.fake.inject({ match: mode === 'rest' ? /\/query(All)?[/?]/ : /\/results/, fault: f.fault, times: f.times, after: f.after });
            const opts = { db: h.db, client: h.client, now: NOW, bulkPollIntervalMs: 1, sleep: async () => undefined };
            let runs = 0;
            for (;;) {
              const [r] = await syncSalesforce(h.config, opts);
              expect(reconciles(r!)).toBe(true);
              runs++;
              if (!r!.error) break;
              if (runs === 3) h.fake.clearFaults(); // the source heals eventually
              expect(runs).toBeLessThan(6);
            }
            const stored = await storedIds(h.db);
            const quarantined = (await listQuarantine(h.db)).map((q) => q.id);
            expect(new Set(stored).size).toBe(stored.length);
            expect([...stored, ...quarantined].sort()).toEqual(records.map((r) => r.Id as string).sort());
            expect(quarantined.sort()).toEqual([...bad].sort());
            expect(await count(h.db, 'SELECT count(*)::int AS n FROM sf_records')).toBe(n - bad.size);
          } finally {
            await h.close();
          }
        },
      ),
      { seed: 668720095, numRuns: 100 },
    );
  });
});
