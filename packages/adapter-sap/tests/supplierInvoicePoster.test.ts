import { afterEach, describe, expect, it } from 'vitest';
import { FakeS4Hana } from '../src/testing/index.js';
import { MemoryPostingLog, SupplierInvoicePoster, formatReconciliation, resolveAuth, type PostReport } from '../src/index.js';
import { PASSWORD, makeConfig, makeInvoice, partnerId } from './fixtures.js';

let fake: FakeS4Hana | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const ref = (i: number) => `CM202611-${String(i).padStart(5, '0')}`;

function poster(f: FakeS4Hana, log: MemoryPostingLog, n: number, over = {}) {
  const config = makeConfig(f.url, n, { timeoutMs: 30_000, ...over });
  return new SupplierInvoicePoster(config, resolveAuth(config.connection.auth), { log, sleep: async () => {}, fetch: f.fetch });
}

function failedRefs(r: PostReport): string[] {
  return r.results.filter((x) => x.outcome.status === 'failed').map((x) => x.invoiceNumber);
}

describe('SupplierInvoicePoster against the fake S/4HANA', () => {
  it('posts a batch of 1,000 exactly once through timeouts, resets, 500s, CSRF expiry and one rejection; a re-run posts only what is missing', async () => {
    // SAP's tax codes: the fake checks every invoice's tax per code (FF/707) and the reverse-charge self-assessment
    const taxCodeDefinitions = { V2: { rate: '22' }, V0: { rate: '0' }, R1: { rate: '22', reverseCharge: true } };
    fake = await FakeS4Hana.start({ password: PASSWORD, companyCodes: ['IT01'], taxCodes: ['V2', 'V0', 'R1'], withholdingTaxTypes: ['RA', 'EN'], taxCodeDefinitions });
    const N = 1000;
    // every 7th invoice also has a 50.00 reverse-charge line (N6.7): 143 of the 1,000 (i = 4, 11, …, 998)
    const withReverseCharge = (inv: ReturnType<typeof makeInvoice>) => ({
      ...inv,
      lines: [...inv.lines, { component: 'bonus', amount: '50.00', vatRate: '0', natura: 'N6.7', reverseCharge: true }],
      vat: [...(inv.vat ?? []), { rate: '0', natura: 'N6.7', reverseCharge: true, taxable: '50.00', amount: '0.00' }],
    });
    const invoices = Array.from({ length: N }, (_, i) => (i % 7 === 4 ? withReverseCharge(makeInvoice(i)) : makeInvoice(i)));
    fake.inject({ op: 'create', reference: ref(100), action: 'timeout-after-commit' });
    fake.inject({ op: 'create', reference: ref(200), action: 'reset-after-commit' });
    fake.inject({ op: 'create', reference: ref(250), action: 'reset' });
    fake.inject({ op: 'create', reference: ref(300), action: 'status-500-after-commit' });
    fake.inject({ op: 'create', reference: ref(700), action: 'created-without-number' });
    fake.inject({ op: 'create', reference: ref(800), action: 'status-503-html' });
    for (let n = 400; n < 410; n++) fake.inject({ op: 'create', nth: n, action: 'status-500' });
    fake.inject({ op: 'create', nth: 600, action: 'csrf-expired' });
    fake.inject({ op: 'lookup', nth: 900, action: 'reset' });
    fake.inject({ op: 'create', reference: ref(500), action: { validationError: 'Tax code V2 is not permitted for supplier 17300500', code: 'FS/217', target: 'to_SupplierInvoiceItemGLAcct/0/TaxCode' }, times: Infinity });

    const log = new MemoryPostingLog();
    const progress: number[] = [];
    const config = makeConfig(fake.url, N, { timeoutMs: 30_000, concurrency: 8 });
    const p = new SupplierInvoicePoster(config, resolveAuth(config.connection.auth), {
      log,
      fetch: fake.fetch,
      sleep: async () => {},
      onProgress: ({ done }) => progress.push(done),
    });
    const report = await p.postAll(invoices);

    expect(formatReconciliation(report)).toBe('invoices 1000 = posted 999 + already present 0 + failed 1');
    expect(progress).toHaveLength(N);
    expect(progress.at(-1)).toBe(N);
    // the faults really happened
    const statuses = fake.requests.map((r) => r.status);
    for (const s of ['hung', 'dropped', 500, 503, 403] as const) expect(statuses).toContain(s);
    // exactly once in SAP: every valid reference once, the rejected one never
    const counts = fake.countByReference();
    expect(counts.size).toBe(999);
    expect([...counts.values()].every((c) => c === 1)).toBe(true);
    expect(fake.invoices).toHaveLength(999);
    expect(counts.has(`IT01/17300500/${ref(500)}/2026`)).toBe(false);
    // the failure carries SAP's message, code, field target and transaction id
    const failed = report.results.find((r) => r.outcome.status === 'failed');
    expect(failed?.invoiceNumber).toBe(ref(500));
    expect(failed?.outcome).toMatchObject({
      status: 'failed',
      reason: 'rejected',
      sapCode: 'FS/217',
      message: expect.stringContaining('Tax code V2 is not permitted for supplier 17300500'),
      details: [expect.objectContaining({ target: 'to_SupplierInvoiceItemGLAcct/0/TaxCode' })],
      transactionId: expect.stringMatching(/^[0-9A-F]{32}$/),
    });
    // answers lost after commit were recovered by lookup, not by a second POST
    for (const i of [100, 200, 300, 700]) {
      const r = report.results[i]!;
      expect(r.outcome).toMatchObject({ status: 'posted', recovered: true });
    }
    // the log agrees with SAP, document by document
    const rows = await log.list({ periodId: '2026-11' });
    expect(rows.filter((r) => r.state === 'posted')).toHaveLength(999);
    const failedRow = rows.find((r) => r.state === 'failed');
    expect(failedRow).toMatchObject({ reference: ref(500), errorCode: 'FS/217', errorMessage: 'Tax code V2 is not permitted for supplier 17300500' });
    const bySap = new Map(fake.invoices.map((i) => [i.SupplierInvoiceIDByInvcgParty, i.SupplierInvoice]));
    for (const r of rows.filter((x) => x.state === 'posted')) expect(r.sapDocument).toBe(bySap.get(r.reference));

    // re-run: nothing posted twice, only the rejected one is tried again
    const createsBefore = fake.requests.filter((r) => r.op === 'create').length;
    const again = await p.postAll(invoices);
    expect(formatReconciliation(again)).toBe('invoices 1000 = posted 0 + already present 999 + failed 1');
    expect(fake.requests.filter((r) => r.op === 'create').length - createsBefore).toBe(1);

    // the supplier master data is fixed in SAP: the next run posts just the missing invoice
    fake.faults.length = 0;
    const fixed = await p.postAll(invoices);
    expect(formatReconciliation(fixed)).toBe('invoices 1000 = posted 1 + already present 999 + failed 0');
    expect(fake.invoices).toHaveLength(1000);
    // 22 % of 50.00 = 11.00 self-assessed: input +11.00 and output −11.00, once per reverse-charge invoice
    const selfAssessed = fake.invoices.filter((i) => i.taxLines.some((l) => l.taxCode === 'R1' && l.kind === 'output' && l.amount === '-11.00'));
    expect(selfAssessed).toHaveLength(143);
    expect([...fake.countByReference().values()].every((c) => c === 1)).toBe(true);
  }, 180_000);

  it("the client's own timeout (no test shortcut) turns a hung write into a lookup that finds it", async () => {
    fake = await FakeS4Hana.start({ password: PASSWORD });
    fake.inject({ op: 'create', reference: ref(1), action: 'timeout-after-commit' });
    const config = makeConfig(fake.url, 3, { timeoutMs: 300 });
    const p = new SupplierInvoicePoster(config, resolveAuth(config.connection.auth), { log: new MemoryPostingLog(), sleep: async () => {} });
    const report = await p.postAll([makeInvoice(1)]);
    expect(report.results[0]!.outcome).toMatchObject({ status: 'posted', recovered: true });
    expect(fake.requests.map((r) => r.status)).toContain('hung');
    expect(fake.invoices).toHaveLength(1);
  });

  it('finds invoices SAP already has when the posting log is lost (or the invoice was posted elsewhere)', async () => {
    fake = await FakeS4Hana.start({ password: PASSWORD });
    const invoices = Array.from({ length: 20 }, (_, i) => makeInvoice(i));
    await poster(fake, new MemoryPostingLog(), 20).postAll(invoices.slice(0, 12));
    const fresh = new MemoryPostingLog();
    const report = await poster(fake, fresh, 20).postAll(invoices);
    expect(formatReconciliation(report)).toBe('invoices 20 = posted 8 + already present 12 + failed 0');
    expect(report.results[3]!.outcome).toMatchObject({ status: 'already-present', foundIn: 'sap' });
    expect(fake.invoices).toHaveLength(20);
    expect((await fresh.list({ state: 'posted' })).filter((r) => r.resolution === 'found')).toHaveLength(12);
  });

  it('a timeout whose lookup also fails stays "unknown" and the next run reconciles it without a second POST', async () => {
    fake = await FakeS4Hana.start({ password: PASSWORD });
    const log = new MemoryPostingLog();
    const p = poster(fake, log, 3, { maxAttempts: 2 });
    fake.inject({ op: 'create', reference: ref(1), action: 'timeout-after-commit' });
    // lookup #1 (before the POST) answers; every lookup after the lost answer fails
    for (let n = 2; n <= 5; n++) fake.inject({ op: 'lookup', nth: n, action: 'status-500' });
    const first = p.postAll([makeInvoice(1)]);
    const report = await first;
    expect(report.results[0]!.outcome).toMatchObject({ status: 'failed', reason: 'unknown' });
    expect((await log.get(`IT01/17300001/${ref(1)}/2026`))?.state).toBe('unknown');
    expect(fake.invoices).toHaveLength(1);
    fake.faults.length = 0;
    const rerun = await p.postAll([makeInvoice(1)]);
    expect(formatReconciliation(rerun)).toBe('invoices 1 = posted 0 + already present 1 + failed 0');
    expect(fake.invoices).toHaveLength(1);
  });

  it('validation failures never reach SAP and do not stop the batch', async () => {
    fake = await FakeS4Hana.start({ password: PASSWORD });
    const bad = { ...makeInvoice(2), partnerId: 'UNKNOWN' };
    const dup = { ...makeInvoice(1), invoiceNumber: 'CM202611-99999', reference: ref(1) };
    const report = await poster(fake, new MemoryPostingLog(), 5).postAll([makeInvoice(1), bad, dup, makeInvoice(4)]);
    expect(formatReconciliation(report)).toBe('invoices 4 = posted 2 + already present 0 + failed 2');
    expect(failedRefs(report)).toEqual([ref(2), 'CM202611-99999']);
    expect(report.results[1]!.outcome).toMatchObject({ reason: 'validation', message: expect.stringContaining('"UNKNOWN" has no SAP supplier') });
    expect(fake.invoices.map((i) => i.SupplierInvoiceIDByInvcgParty).sort()).toEqual([ref(1), ref(4)]);
  });

  it('SAP business errors from its own checks come back with the message (balance, unknown supplier)', async () => {
    fake = await FakeS4Hana.start({ password: PASSWORD, suppliers: ['17300001'] });
    const report = await poster(fake, new MemoryPostingLog(), 5).postAll([makeInvoice(1), makeInvoice(2)]);
    expect(report.results[1]!.outcome).toMatchObject({ status: 'failed', reason: 'rejected', sapCode: 'M8/152', message: expect.stringContaining('Supplier 17300002 is not defined in company code IT01') });
    expect(report.posted).toBe(1);
  });

  it('reconciles SAP duplicate-check rejections when the message code is configured', async () => {
    fake = await FakeS4Hana.start({ password: PASSWORD });
    const log = new MemoryPostingLog();
    const config = makeConfig(fake.url, 3);
    config.posting.duplicateMessageCodes = ['M8/108'];
    const p = new SupplierInvoicePoster(config, resolveAuth(config.connection.auth), { log, sleep: async () => {} });
    const doc = (await import('../src/index.js')).mapSupplierInvoice(makeInvoice(1), config);
    expect(await p.post(doc)).toMatchObject({ type: 'POSTED' });
    // the sink operation alone: a second raw POST is refused by SAP's duplicate check
    expect(await p.post(doc)).toMatchObject({ type: 'REJECTED', sapCode: 'M8/108' });
    expect(await p.reconcile(doc)).toMatchObject({ type: 'POSTED', documentNo: fake.invoices[0]!.SupplierInvoice });
    expect(fake.invoices).toHaveLength(1);
  });

  it('a reversed invoice no longer counts as posted by the lookup', async () => {
    fake = await FakeS4Hana.start({ password: PASSWORD });
    const config = makeConfig(fake.url, 3);
    const p = new SupplierInvoicePoster(config, resolveAuth(config.connection.auth), { log: new MemoryPostingLog(), sleep: async () => {} });
    const doc = (await import('../src/index.js')).mapSupplierInvoice(makeInvoice(1), config);
    await p.post(doc);
    fake.reverse(fake.invoices[0]!.SupplierInvoice, '2026');
    expect(await p.reconcile(doc)).toBeUndefined();
  });

  it('keeps posting state per invoice visible: pending before the POST, posted after', async () => {
    fake = await FakeS4Hana.start({ password: PASSWORD });
    const states: string[] = [];
    const log = new MemoryPostingLog();
    const spy = { get: log.get.bind(log), list: log.list.bind(log), save: async (r: Parameters<MemoryPostingLog['save']>[0]) => { states.push(r.state); await log.save(r); } };
    const config = makeConfig(fake.url, 3);
    const p = new SupplierInvoicePoster(config, resolveAuth(config.connection.auth), { log: spy, sleep: async () => {} });
    await p.postAll([makeInvoice(1)]);
    expect(states).toEqual(['pending', 'posted']);
    expect(partnerId(1)).toBe('P00001');
  });

  it('a posting log that cannot be written stops the batch; the next run finds what was posted', async () => {
    fake = await FakeS4Hana.start({ password: PASSWORD });
    const log = new MemoryPostingLog();
    let saves = 0;
    const broken = {
      get: log.get.bind(log),
      list: log.list.bind(log),
      save: async (r: Parameters<MemoryPostingLog['save']>[0]) => {
        saves += 1;
        if (saves === 4) throw new Error('database is read-only'); // invoice 2's "posted" record
        await log.save(r);
      },
    };
    const config = makeConfig(fake.url, 5, { concurrency: 1 });
    const p1 = new SupplierInvoicePoster(config, resolveAuth(config.connection.auth), { log: broken, sleep: async () => {} });
    const invoices = [1, 2, 3, 4].map((i) => makeInvoice(i));
    const r = await p1.postAll(invoices);
    expect(r.results.map((x) => (x.outcome.status === 'failed' ? x.outcome.reason : x.outcome.status))).toEqual(['posted', 'unknown', 'not-attempted', 'not-attempted']);
    expect(r.results[1]!.outcome).toMatchObject({ message: expect.stringContaining('database is read-only') });
    expect(fake.invoices).toHaveLength(2);
    const p2 = new SupplierInvoicePoster(config, resolveAuth(config.connection.auth), { log, sleep: async () => {} });
    expect(formatReconciliation(await p2.postAll(invoices))).toBe('invoices 4 = posted 2 + already present 2 + failed 0');
    expect(fake.invoices).toHaveLength(4);
  });
});
