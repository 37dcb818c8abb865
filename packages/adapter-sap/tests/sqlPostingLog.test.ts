import { openDatabase, migrate, type Db } from '@provvigo/store';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FakeS4Hana } from '../src/testing/index.js';
import { SAP_MIGRATIONS, SqlJournalLog, SqlPostingLock, SqlPostingLog, SupplierInvoicePoster, formatReconciliation, resolveAuth, type PostingRecord } from '../src/index.js';
import { PASSWORD, makeConfig, makeInvoice, pendingPosting } from './fixtures.js';

let fake: FakeS4Hana | undefined;
// one embedded database for the file: PGlite takes seconds to start
let db: Db;
beforeAll(async () => {
  db = await openDatabase('memory://');
});
afterAll(async () => {
  await db.close();
});
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

// a failed attempt: SAP refused the tax code (the error fields are what the log must keep)
const record: PostingRecord = {
  ...pendingPosting,
  state: 'failed',
  errorCode: 'FS/217',
  errorMessage: "Tax code V2 isn't permitted",
  // SAP's own words serve both languages
  errorMessages: { en: "Tax code V2 isn't permitted", it: "Tax code V2 isn't permitted" },
  errorDetails: [{ code: 'FS/217', message: 'x', target: 'to_SupplierInvoiceItemGLAcct/0/TaxCode' }],
  transactionId: 'ABC',
};

describe('SqlPostingLog on the store database (PGlite)', () => {
  it('migrates, round-trips records, filters by period and state', async () => {
    expect((await migrate(db, SAP_MIGRATIONS)).applied).toEqual(['sap/001_postings', 'sap/002_post_locks', 'sap/003_journal_states_and_messages', 'sap/004_posted_rows_frozen', 'sap/005_error_message_it', 'sap/006_journal_unknown', 'sap/007_journal_content_digest']);
    expect((await migrate(db, SAP_MIGRATIONS)).applied).toEqual([]);
    const log = new SqlPostingLog(db);
    await log.save(record);
    expect(await log.get(record.key)).toEqual(record);
    const posted = { ...record, state: 'posted' as const, sapDocument: '5105600001', sapFiscalYear: '2026', resolution: 'created' as const, errorCode: null, errorMessage: null, errorMessages: null, errorDetails: null, transactionId: null, attempts: 2 };
    await log.save(posted);
    expect(await log.get(record.key)).toEqual(posted);
    await log.save({ ...record, key: 'k2', periodId: '2026-10' });
    expect((await log.list({ periodId: '2026-11' })).map((r) => r.key)).toEqual([record.key]);
    expect((await log.list({ state: 'failed' })).map((r) => r.key)).toEqual(['k2']);
    expect(await log.get('missing')).toBeUndefined();
    const warned = { ...posted, key: 'k3', sapMessages: [{ code: 'F5/777', message: 'period about to close', severity: 'warning' }] };
    await log.save(warned);
    expect(await log.get('k3')).toEqual(warned);
  });

  it('keeps accepted and posted journal entries apart, with the accounting document once posted', async () => {
    await migrate(db, SAP_MIGRATIONS);
    const journal = new SqlJournalLog(db);
    const base = { accrualId: 'ACC-1', kind: 'accrual' as const, periodId: '2026-11', companyCode: 'IT01', messageId: 'm-1', errorMessage: null, errorMessages: null, contentDigest: 'a1b2', updatedAt: '2026-12-01T06:00:00.000Z' };
    await journal.save({ ...base, state: 'accepted', accountingDocument: null });
    expect(await journal.get('ACC-1', 'accrual')).toEqual({ ...base, state: 'accepted', accountingDocument: null });
    await journal.save({ ...base, state: 'posted', accountingDocument: '100000001' });
    expect(await journal.get('ACC-1', 'accrual')).toEqual({ ...base, state: 'posted', accountingDocument: '100000001' });
  });

  it('a batch posted with the SQL log survives a "restart": the new process posts only what is missing', async () => {
    fake = await FakeS4Hana.start({ password: PASSWORD });
    await migrate(db, SAP_MIGRATIONS);
    const config = makeConfig(fake.url, 30);
    const invoices = Array.from({ length: 30 }, (_, i) => makeInvoice(i));
    fake.inject({ op: 'create', reference: 'CM202611-00007', action: 'timeout-after-commit' });
    const first = new SupplierInvoicePoster(config, resolveAuth(config.connection.auth), { log: new SqlPostingLog(db), sleep: async () => {}, fetch: fake.fetch });
    const r1 = await first.postAll(invoices.slice(0, 20));
    expect(formatReconciliation(r1)).toBe('invoices 20 = posted 20 + already present 0 + failed 0');
    const second = new SupplierInvoicePoster(config, resolveAuth(config.connection.auth), { log: new SqlPostingLog(db), sleep: async () => {} });
    const r2 = await second.postAll(invoices);
    expect(formatReconciliation(r2)).toBe('invoices 30 = posted 10 + already present 20 + failed 0');
    expect(r2.results.filter((r) => r.outcome.status === 'already-present').every((r) => r.outcome.status === 'already-present' && r.outcome.foundIn === 'log')).toBe(true);
    expect(fake.invoices).toHaveLength(30);
    const { rows } = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM sap_postings WHERE state = 'posted' AND sap_document IS NOT NULL AND invoice_number LIKE 'CM202611-%'");
    expect(rows[0]!.n).toBe(30);
  });

  it('lets one posting run per period hold the lock', async () => {
    await migrate(db, SAP_MIGRATIONS);
    const lock = new SqlPostingLock(db);
    const at = new Date('2026-11-30T10:00:00Z');
    expect(await lock.acquire('sap:2026-11', 'run-a', at)).toEqual({ ok: true });
    expect(await lock.acquire('sap:2026-11', 'run-b', at)).toEqual({ ok: false, holder: 'run-a', since: '2026-11-30T10:00:00.000Z' });
    expect(await lock.acquire('sap:2026-12', 'run-b', at)).toEqual({ ok: true });
    await lock.release('sap:2026-11', 'run-b'); // not the holder: no effect
    expect((await lock.acquire('sap:2026-11', 'run-c', at)).ok).toBe(false);
    await lock.release('sap:2026-11', 'run-a');
    expect(await lock.acquire('sap:2026-11', 'run-c', at)).toEqual({ ok: true });
    await lock.forceRelease('sap:2026-11');
    await lock.forceRelease('sap:2026-12');
  });
});
