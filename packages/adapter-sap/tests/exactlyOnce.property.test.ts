import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeS4Hana, type SapFaultAction } from '../src/testing/index.js';
import { MemoryPostingLog, SupplierInvoicePoster, resolveAuth } from '../src/index.js';
import { PASSWORD, makeConfig, makeInvoice } from './fixtures.js';

let fake: FakeS4Hana;
beforeAll(async () => {
  // SAP's own duplicate check off: only the adapter's lookup protocol stands between a lost answer and a double post
  fake = await FakeS4Hana.start({ password: PASSWORD, duplicateCheck: false });
});
afterAll(async () => {
  await fake.close();
});

const createFaults: SapFaultAction[] = [
  'timeout-after-commit',
  'reset-after-commit',
  'reset',
  'status-500',
  'status-500-after-commit',
  'status-503-html',
  'created-without-number',
  'csrf-expired',
];

describe('exactly once, whatever fails', () => {
  it('property: under any schedule of faults no reference is ever posted twice, the counts reconcile, and a clean re-run completes the batch', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.option(fc.constantFrom(...createFaults), { nil: undefined }), { minLength: 1, maxLength: 12 }),
        fc.array(fc.integer({ min: 1, max: 40 }), { maxLength: 4 }),
        fc.integer({ min: 1, max: 4 }),
        async (faults, lookupFailures, concurrency) => {
          run += 1;
          const period = `R${run}`;
          const invoices = faults.map((_, i) => makeInvoice(i, period));
          fake.faults.length = 0;
          faults.forEach((action, i) => {
            if (action) fake.inject({ op: 'create', reference: invoices[i]!.invoiceNumber, action, times: 1 });
          });
          const seenLookups = fake.requests.filter((r) => r.op === 'lookup').length;
          for (const n of lookupFailures) fake.inject({ op: 'lookup', nth: seenLookups + n, action: 'status-500' });

          // hung writes time out at once through fake.fetch; the real timeout is long so a busy machine never fires it
          const config = makeConfig(fake.url, faults.length, { timeoutMs: 30_000, concurrency, maxAttempts: 3 });
          const log = new MemoryPostingLog();
          const poster = new SupplierInvoicePoster(config, resolveAuth(config.connection.auth), { log, sleep: async () => {}, fetch: fake.fetch });

          const first = await poster.postAll(invoices);
          expect(first.posted + first.alreadyPresent + first.failed).toBe(first.total);
          const inSap = (ref: string) => fake.invoices.filter((d) => d.SupplierInvoiceIDByInvcgParty === ref && !d.IsReversed);
          for (const [i, r] of first.results.entries()) {
            const docs = inSap(invoices[i]!.invoiceNumber);
            expect(docs.length).toBeLessThanOrEqual(1);
            if (r.outcome.status === 'posted' || r.outcome.status === 'already-present') expect(r.outcome.sapDocument).toBe(docs[0]?.SupplierInvoice);
          }

          fake.faults.length = 0;
          const second = await poster.postAll(invoices);
          expect(second.failed).toBe(0);
          expect(second.alreadyPresent).toBe(first.posted + first.alreadyPresent);
          for (const inv of invoices) expect(inSap(inv.invoiceNumber)).toHaveLength(1);
          const rows = await log.list({ periodId: period });
          expect(rows.map((r) => r.state)).toEqual(invoices.map(() => 'posted'));
        },
      ),
      { seed: 1153112099, numRuns: 200 },
    );
  }, 180_000);
});
