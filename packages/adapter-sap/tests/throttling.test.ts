import { afterEach, describe, expect, it } from 'vitest';
import { FakeS4Hana } from '../src/testing/index.js';
import { MemoryPostingLog, SupplierInvoicePoster, resolveAuth } from '../src/index.js';
import { PASSWORD, makeConfig, makeInvoice } from './fixtures.js';

let fake: FakeS4Hana | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

/** A poster with the real clock (no sleep shortcut): the throttling window is real time too. */
function poster(f: FakeS4Hana) {
  const config = makeConfig(f.url, 10, { timeoutMs: 30_000, retryBaseDelayMs: 10, maxAttempts: 3 });
  return new SupplierInvoicePoster(config, resolveAuth(config.connection.auth), { log: new MemoryPostingLog(), fetch: f.fetch });
}

const statuses = (f: FakeS4Hana) => f.requests.filter((r) => r.op !== 'service').map((r) => `${r.method} ${r.status}`);

describe('throttling: SAP says when to come back (Retry-After), and the adapter waits that long', () => {
  it('a 429 on the create: the retry waits for Retry-After, so the invoice is posted once instead of failing', async () => {
    fake = await FakeS4Hana.start({ password: PASSWORD, duplicateCheck: false });
    const invoice = makeInvoice(1);
    fake.inject({ op: 'create', reference: invoice.invoiceNumber, action: { throttle: 1 } });
    const report = await poster(fake).postAll([invoice]);
    expect(report.results[0]!.outcome).toMatchObject({ status: 'posted' });
    expect(fake.countByReference().get(`IT01/17300001/${invoice.invoiceNumber}/2026`)).toBe(1);
    // one refused write, then nothing until the window closed: lookup, create
    expect(statuses(fake)).toEqual(['GET 200', 'POST 429', 'GET 200', 'POST 201']);
  });

  it('a 503 with Retry-After on the lookup: the lookup is retried after it, and the invoice posted', async () => {
    fake = await FakeS4Hana.start({ password: PASSWORD });
    fake.inject({ op: 'lookup', nth: 1, action: { throttle: 1, status: 503 } });
    const report = await poster(fake).postAll([makeInvoice(2)]);
    expect(report.results[0]!.outcome).toMatchObject({ status: 'posted' });
    expect(statuses(fake)).toEqual(['GET 503', 'GET 200', 'POST 201']);
  });
});
