import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postingRecordHash, SqlJournalLog, SqlPostingLog, type PostingRecord } from '@provvigo/adapter-sap';
import { Decimal, type FiscalResult } from '@provvigo/core';
import { advanceRun, getFiscalResults, openDatabase, Store, type Db } from '@provvigo/store';
import { startStudio, type StudioServer } from '../server/app.js';
import type { SapPostingsView } from '../server/sapPostings.js';
import { loadSample } from '../server/sample.js';
import { demoUsers } from '../server/users.js';
import { loginCookie } from './login.js';
import { postgresAvailable, testSchema } from './postgres.js';

/**
 * The SAP panel's read (GET /api/periods/:period/sap) on real PostgreSQL: the rows are written by adapter-sap's own
 * posting and journal logs and the run is moved by the store's `advanceRun`, as `provvigo post sap` writes and moves
 * them in the same database. Each invoice is set against the approved run's fiscal result, and a posted run's
 * invoices against the hashes its `post` record chained.
 */
const sample = loadSample();
const PASSWORD = 'test-password';
const period = sample.period.id;
const available = await postgresAvailable();
let studio: StudioServer;
let pgSchema: Awaited<ReturnType<typeof testSchema>>;
let db: Db;
let store: Store;
let fiscal: FiscalResult[];
let runId: string;

const session = (username: string) => loginCookie(studio.url, username, PASSWORD);
async function sap(cookie: string, of = period): Promise<{ status: number; body: SapPostingsView & { error?: string } }> {
  const r = await fetch(`${studio.url}/api/periods/${encodeURIComponent(of)}/sap`, { headers: { cookie } });
  return { status: r.status, body: (await r.json()) as SapPostingsView & { error?: string } };
}

/** A posting row as adapter-sap's poster saves it (posted or failed), for an invoice of the sample's period. */
function posting(partnerId: string, invoiceNumber: string, grossAmount: string, currency: string, state: PostingRecord['state']): PostingRecord {
  const failed = state === 'failed';
  return {
    key: `1000/${partnerId}/${invoiceNumber}/2026`,
    periodId: period,
    invoiceNumber,
    partnerId,
    companyCode: '1000',
    supplier: partnerId,
    reference: invoiceNumber,
    fiscalYear: '2026',
    grossAmount,
    currency,
    state,
    sapDocument: state === 'posted' ? `51056${invoiceNumber.slice(-5)}` : null,
    sapFiscalYear: state === 'posted' ? '2026' : null,
    resolution: state === 'posted' ? 'created' : null,
    errorCode: failed ? 'M8/082' : null,
    errorMessage: failed ? 'Balance not zero' : null,
    errorMessages: failed ? { en: 'Balance not zero', it: 'Saldo diverso da zero' } : null,
    errorDetails: null,
    transactionId: null,
    attempts: 1,
    updatedAt: '2026-11-06T10:00:00.000Z',
  };
}

describe.skipIf(!available)('the SAP panel read', () => {
  beforeAll(async () => {
    pgSchema = await testSchema('studio_sap');
    studio = await startStudio({ db: pgSchema.db, sample, users: await demoUsers(sample.partners, PASSWORD), now: () => '2026-11-05T09:00:00Z' });
    const step = async (cookie: string, name: string) => expect((await fetch(`${studio.url}/api/periods/${period}/${name}`, { method: 'POST', headers: { cookie } })).status, name).toBe(200);
    await step(await session('designer'), 'calculate');
    const approver = await session('approver');
    for (const name of ['validate', 'approve']) await step(approver, name);
    // the CLI's side: its own connection to the same database
    db = await openDatabase(pgSchema.db);
    store = await Store.open(db);
    runId = (await store.listRuns(period)).at(-1)!.record.id;
    fiscal = await getFiscalResults(store, runId);
  }, 180_000);

  afterAll(async () => {
    await db?.close();
    await studio?.close();
    await pgSchema?.drop();
  });

  it('is for finance, approvers and auditors only, and names an unknown period 404', async () => {
    expect((await fetch(`${studio.url}/api/periods/${period}/sap`)).status).toBe(401);
    for (const who of ['designer', sample.partners[0]!.id.toLowerCase()]) expect((await sap(await session(who))).status, who).toBe(403);
    const finance = await session('finance');
    const empty = await sap(finance);
    expect(empty.status).toBe(200);
    // the studio migrated adapter-sap's tables on start: nothing posted yet is an empty panel, not an error
    expect(empty.body).toEqual({ run: { id: runId, state: 'approved' }, posted: null, invoices: [], accruals: [], missing: [] });
    expect((await sap(finance, '2030-01')).status).toBe(404);
    for (const who of ['approver', 'auditor']) expect((await sap(await session(who))).status, who).toBe(200);
  });

  it('sets each invoice against the approved run: its document total and currency, or none for a partner it does not hold', async () => {
    const [a, b] = fiscal.filter((f) => !new Decimal(f.totals.documentTotal).isZero());
    expect(a && b, 'two partners with an invoice to post').toBeTruthy();
    const log = new SqlPostingLog(db);
    await log.save(posting(a!.partnerId, 'INV-00001', a!.totals.documentTotal, a!.currency, 'posted'));
    // one cent more than approved: what SAP holds contradicts the approval
    await log.save(posting(b!.partnerId, 'INV-00002', new Decimal(b!.totals.documentTotal).plus('0.01').toFixed(), b!.currency, 'failed'));
    await log.save(posting('P-NOT-IN-RUN', 'INV-00003', '10.00', a!.currency, 'posted'));

    const { status, body } = await sap(await session('finance'));
    expect(status).toBe(200);
    const by = new Map(body.invoices.map((i) => [i.invoiceNumber, i]));
    expect(by.get('INV-00001')).toMatchObject({ partnerId: a!.partnerId, state: 'posted', approved: { amount: a!.totals.documentTotal, currency: a!.currency }, matchesApproved: true, recorded: 'none', error: null });
    expect(by.get('INV-00002')).toMatchObject({ state: 'failed', matchesApproved: false, error: { en: 'Balance not zero', it: 'Saldo diverso da zero' } });
    expect(by.get('INV-00003')).toMatchObject({ approved: null, matchesApproved: false });
  });

  it('once the run is posted, tells a row edited afterwards and a row gone from its post record', async () => {
    const log = new SqlPostingLog(db);
    const [one, , three] = (await log.list({ periodId: period })).sort((x, y) => (x.invoiceNumber < y.invoiceNumber ? -1 : 1));
    const actor = { id: 'operator', roles: ['calculator' as const] };
    await advanceRun(store, { runId, action: 'invoice', actor, at: '2026-11-06T09:00:00Z' });
    const postings = { [one!.key]: postingRecordHash(one!), [three!.key]: postingRecordHash(three!) };
    await advanceRun(store, { runId, action: 'post', actor, at: '2026-11-06T11:00:00Z', details: { postings } });

    const finance = await session('finance');
    let body = (await sap(finance)).body;
    expect(body.run.state).toBe('posted');
    expect(body.posted).toEqual({ actor: 'operator', at: '2026-11-06T11:00:00Z' });
    expect(body.invoices.map((i) => [i.invoiceNumber, i.recorded])).toEqual([
      ['INV-00001', 'same'],
      ['INV-00002', 'none'],
      ['INV-00003', 'same'],
    ]);

    // the log refuses to change a posted row: someone with the database's owner rights goes round its trigger
    await db.exec('ALTER TABLE sap_postings DISABLE TRIGGER ALL');
    await log.save({ ...one!, grossAmount: new Decimal(one!.grossAmount).times(2).toFixed() });
    await db.query('DELETE FROM sap_postings WHERE key = $1', [three!.key]);
    await db.exec('ALTER TABLE sap_postings ENABLE TRIGGER ALL');
    body = (await sap(finance)).body;
    expect(body.invoices.find((i) => i.invoiceNumber === 'INV-00001')).toMatchObject({ recorded: 'changed', matchesApproved: false });
    expect(body.missing).toEqual([three!.key]);
  });

  it("lists the period's accrual journal entries in the log's order, with a failed send's reason in both languages", async () => {
    const journal = new SqlJournalLog(db);
    const base = { periodId: period, companyCode: '1000', errorMessage: null, updatedAt: '2026-11-06T10:00:00.000Z' };
    await journal.save({ ...base, accrualId: 'ACC-2', kind: 'accrual', messageId: 'm-2', state: 'accepted' });
    await journal.save({ ...base, accrualId: 'ACC-1', kind: 'reversal', messageId: 'm-1r', state: 'failed', errorMessage: 'Period closed', errorMessages: { en: 'Period closed', it: 'Periodo chiuso' } });
    await journal.save({ ...base, accrualId: 'ACC-1', kind: 'accrual', messageId: 'm-1', state: 'posted', accountingDocument: '100000001' });
    await journal.save({ ...base, periodId: '2030-01', accrualId: 'ACC-9', kind: 'accrual', messageId: 'm-9', state: 'posted' });

    const { body } = await sap(await session('auditor'));
    expect(body.accruals.map((e) => [e.accrualId, e.kind, e.state, e.accountingDocument, e.error])).toEqual([
      ['ACC-1', 'accrual', 'posted', '100000001', null],
      ['ACC-1', 'reversal', 'failed', null, { en: 'Period closed', it: 'Periodo chiuso' }],
      ['ACC-2', 'accrual', 'accepted', null, null],
    ]);
  });
});
