import { migrate, openDatabase, type Db } from '@provvigo/store';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeS4Hana } from '../src/testing/index.js';
import { JournalEntryClient, SAP_MIGRATIONS, SqlJournalLog, SqlPostingLog, SupplierInvoicePoster, buildAccrualJournalEntries, resolveAuth } from '../src/index.js';
import { PASSWORD, makeConfig, makeInvoice } from './fixtures.js';

// The posting log and the journal log kept a failure's reason in English only (`error_message`), so `post sap
// --status` read it back in English to an Italian user. Migration sap/005 adds `error_message_it` beside it: what
// the poster and the journal client record now keeps its Italian, and `errorMessages` reads both back (a row written
// before the migration reads its English in both). SAP's own code and message are SAP's words in either language.

let fake: FakeS4Hana | undefined;
let db: Db | undefined;
afterEach(async () => {
  await fake?.close();
  await db?.close();
  fake = undefined;
  db = undefined;
});

const ref = (i: number) => `CM202611-${String(i).padStart(5, '0')}`;
const key = (i: number) => `IT01/${17300000 + i}/${ref(i)}/2026`;
const PAGE = '<html><body><h1>503 Service Unavailable</h1></body></html>';

async function migrated(): Promise<Db> {
  db = await openDatabase('memory://');
  await migrate(db, SAP_MIGRATIONS);
  return db;
}

/** The two error columns of each posting row, as stored. */
async function errorColumns(d: Db): Promise<{ key: string; error_message: string | null; error_message_it: string | null }[]> {
  return (await d.query<{ key: string; error_message: string | null; error_message_it: string | null }>('SELECT key, error_message, error_message_it FROM sap_postings ORDER BY key')).rows;
}

describe('the posting log keeps the Italian beside the English', () => {
  it('a supplier blocked for posting, a write never answered, refused credentials; a posted invoice has no error', async () => {
    fake = await FakeS4Hana.start({ password: PASSWORD });
    const d = await migrated();
    fake.inject({ op: 'create', reference: ref(1), action: { validationError: 'Supplier 17300001 is blocked for posting', code: 'M8/152' } });
    fake.inject({ op: 'create', reference: ref(2), action: 'status-503-html', times: 5 });
    const config = makeConfig(fake.url, 5, { concurrency: 1, maxAttempts: 2, timeoutMs: 30_000 });
    const poster = new SupplierInvoicePoster(config, resolveAuth(config.connection.auth), { log: new SqlPostingLog(d), sleep: async () => {}, fetch: fake.fetch });
    await poster.postAll([makeInvoice(1), makeInvoice(2), makeInvoice(3)]);
    fake.inject({ op: 'create', action: 'csrf-expired', times: 2 });
    await poster.postAll([makeInvoice(4)]);

    const log = new SqlPostingLog(d);
    // SAP's code and message, as SAP gave them, serve both languages
    const blocked = 'Supplier 17300001 is blocked for posting';
    expect(await log.get(key(1))).toMatchObject({ state: 'failed', errorCode: 'M8/152', errorMessage: blocked, errorMessages: { en: blocked, it: blocked } });
    const unknown = {
      en: `${ref(2)}: not posted after 2 attempts (last: invoice ${ref(2)}: create: SAP 503: ${PAGE}); SAP has no invoice with reference ${ref(2)}; re-run to retry`,
      it: `${ref(2)}: non registrata dopo 2 tentativi (ultimo: fattura ${ref(2)}: registrazione: SAP 503: ${PAGE}); SAP non ha alcuna fattura con riferimento ${ref(2)}; rilancia per riprovare`,
    };
    expect(await log.get(key(2))).toMatchObject({ state: 'failed', errorCode: 'UNKNOWN', errorMessage: unknown.en, errorMessages: unknown });
    expect(await log.get(key(3))).toMatchObject({ state: 'posted', errorMessage: null, errorMessages: null });
    const auth = {
      en: `invoice ${ref(4)}: create: SAP refused the CSRF token twice (check session affinity and the communication user)`,
      it: `fattura ${ref(4)}: registrazione: SAP ha rifiutato due volte il token CSRF (controlla l'affinità di sessione e l'utente di comunicazione)`,
    };
    expect(await log.get(key(4))).toMatchObject({ state: 'failed', errorCode: 'AUTH', errorMessage: auth.en, errorMessages: auth });
    // the English column holds what it always held; the Italian sits beside it
    expect(await errorColumns(d)).toEqual([
      { key: key(1), error_message: blocked, error_message_it: blocked },
      { key: key(2), error_message: unknown.en, error_message_it: unknown.it },
      { key: key(3), error_message: null, error_message_it: null },
      { key: key(4), error_message: auth.en, error_message_it: auth.it },
    ]);
    // a later run that posts the invoice clears both
    fake.faults.length = 0;
    await poster.postAll([makeInvoice(2)]);
    expect(await log.get(key(2))).toMatchObject({ state: 'posted', errorMessage: null, errorMessages: null });
    expect((await errorColumns(d))[1]).toEqual({ key: key(2), error_message: null, error_message_it: null });
  });

  it('a journal entry SAP refused keeps its reason in both languages', async () => {
    fake = await FakeS4Hana.start({ password: PASSWORD });
    const d = await migrated();
    const config = makeConfig(fake.url, 5);
    const docs = buildAccrualJournalEntries({ accrualId: 'ACC-2026-11', periodId: '2026-11', postingDate: '2026-11-30', currency: 'EUR', lines: [{ partnerId: 'P00001', amount: '10.00' }] }, config);
    fake.inject({ op: 'soap', action: 'status-500' });
    const journal = new SqlJournalLog(d);
    await expect(new JournalEntryClient(config, resolveAuth(config.connection.auth), { fetch: fake.fetch }).sendOnce(docs, journal)).rejects.toThrow(/SOAP_FAULT/);
    const said = 'SAP 500 SOAP_FAULT: Web service processing error (fault injected)';
    expect(await journal.get('ACC-2026-11', 'accrual')).toMatchObject({
      state: 'failed',
      errorMessage: `accruals ACC-2026-11: ${said}`,
      errorMessages: { en: `accruals ACC-2026-11: ${said}`, it: `ratei ACC-2026-11: ${said}` },
    });
    const { rows } = await d.query<{ error_message: string; error_message_it: string }>('SELECT error_message, error_message_it FROM sap_journal_entries');
    expect(rows).toEqual([{ error_message: `accruals ACC-2026-11: ${said}`, error_message_it: `ratei ACC-2026-11: ${said}` }]);
    // sent again and accepted: no reason left in either language
    await new JournalEntryClient(config, resolveAuth(config.connection.auth), { fetch: fake.fetch }).sendOnce(docs, journal);
    expect(await journal.get('ACC-2026-11', 'accrual')).toMatchObject({ state: 'accepted', errorMessage: null, errorMessages: null });
  });

  it('rows written before the migration read their English in both languages', async () => {
    db = await openDatabase('memory://');
    // a store as the adapter left it before: the first four migrations, a failed posting and a failed journal entry
    const before = SAP_MIGRATIONS.slice(0, 4);
    expect(before.map((m) => m.id)).toEqual(['sap/001_postings', 'sap/002_post_locks', 'sap/003_journal_states_and_messages', 'sap/004_posted_rows_frozen']);
    await migrate(db, before);
    const refused = "Tax code V2 isn't permitted";
    await db.query(
      `INSERT INTO sap_postings (key, period_id, invoice_number, partner_id, company_code, supplier, reference, fiscal_year, gross_amount, currency, state, error_code, error_message, attempts, updated_at)
       VALUES ('IT01/17300001/CM1/2026', '2026-11', 'CM1', 'P00001', 'IT01', '17300001', 'CM1', '2026', '1220.00', 'EUR', 'failed', 'FS/217', $1, 1, '2026-11-30T10:00:00Z')`,
      [refused],
    );
    const fault = 'accruals ACC-2026-10: SAP 500 SOAP_FAULT: Web service processing error';
    await db.query(
      `INSERT INTO sap_journal_entries (accrual_id, kind, period_id, company_code, message_id, state, error_message, updated_at)
       VALUES ('ACC-2026-10', 'accrual', '2026-10', 'IT01', '', 'failed', $1, '2026-11-01T06:00:00Z')`,
      [fault],
    );
    expect((await migrate(db, SAP_MIGRATIONS)).applied).toEqual(['sap/005_error_message_it', 'sap/006_journal_unknown', 'sap/007_journal_content_digest']);

    expect(await new SqlPostingLog(db).get('IT01/17300001/CM1/2026')).toMatchObject({ errorCode: 'FS/217', errorMessage: refused, errorMessages: { en: refused, it: refused } });
    expect((await new SqlPostingLog(db).list({ state: 'failed' })).map((r) => r.errorMessages)).toEqual([{ en: refused, it: refused }]);
    expect(await new SqlJournalLog(db).get('ACC-2026-10', 'accrual')).toMatchObject({ errorMessage: fault, errorMessages: { en: fault, it: fault } });
  });
});
