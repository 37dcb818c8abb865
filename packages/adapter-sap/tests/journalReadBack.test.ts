import { describe, expect, it } from 'vitest';
import type { FakeS4Hana } from '../src/testing/index.js';
import {
  JournalEntryClient,
  MemoryJournalLog,
  SapConfigError,
  SapRemoteError,
  SapTransientError,
  ValidationError,
  buildAccrualJournalEntries,
  parseSapConfig,
  resolveAuth,
  type SapConfig,
} from '../src/index.js';
import { PASSWORD, configInput } from './fixtures.js';
import { journalBed } from './journalBed.js';

// The read-back of journal entries used to ask `API_JOURNALENTRYITEMBASIC_SRV/A_JournalEntryItemBasic` for
// `AccountingDocument` by `DocumentReferenceID`. That service (a planning integration, SAP_COM_0087) is keyed by `ID`
// and has neither property: SAP Gateway answers 400 "Property 'AccountingDocument' not found in type …", which the
// client took for an outage and retried forever. The service that has them is `API_OPLACCTGDOCITEMCUBE_SRV`
// (`A_OperationalAcctgDocItemCube`), which also says which items reverse or were reversed: a document finance reversed
// in SAP no longer counts as posted.

const bed = journalBed();

const now = () => new Date('2026-12-01T06:00:00.000Z');
const OLD_SERVICE = '/sap/opu/odata/sap/API_JOURNALENTRYITEMBASIC_SRV';
const CUBE = '/sap/opu/odata/sap/API_OPLACCTGDOCITEMCUBE_SRV/A_OperationalAcctgDocItemCube';

/** One accrual (no reversal entry): the partner's commission expense against accrued liabilities. */
const accruals = (accrualId: string, amount: string) => ({
  accrualId,
  periodId: '2026-11',
  postingDate: '2026-11-30',
  currency: 'EUR',
  lines: [{ partnerId: 'P00001', amount, component: 'commission' }],
});

/** 500 partners, 1,000 items: two documents, `<id>/1` (998 items) and `<id>/2` (2 items), sharing one log row. */
const twoChunks = (accrualId: string, lastAmount: string) => ({
  ...accruals(accrualId, '1.00'),
  lines: Array.from({ length: 500 }, (_, i) => ({ partnerId: `P${String(i).padStart(5, '0')}`, amount: i === 499 ? lastAmount : '1.00' })),
});

/** A GET on the fake as the communication user, its status and JSON body. */
async function get(fake: FakeS4Hana, path: string, query: Record<string, string>) {
  const res = await fetch(`${fake.url}${path}?${new URLSearchParams(query)}`, {
    headers: { authorization: `Basic ${Buffer.from(`INTEGRATION:${PASSWORD}`).toString('base64')}`, accept: 'application/json' },
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** The rows of an OData v2 JSON answer without their `__metadata`. */
const resultsOf = (body: Record<string, unknown>) =>
  (body as { d: { results: Record<string, unknown>[] } }).d.results.map(({ __metadata, ...row }) => row);

const soapCalls = (f: FakeS4Hana) => f.requests.filter((r) => r.op === 'soap').length;
const reads = (f: FakeS4Hana) => f.requests.filter((r) => r.op === 'journal-read').length;

/** The entries the ledger holds for a reference: posted, not reversed (reversal documents are kept apart). */
const live = (f: FakeS4Hana, ref: string) => f.journalEntries.filter((e) => e.documentReferenceId === ref && !e.reversed);

/** What `work` threw (it must throw). */
async function thrown(work: () => Promise<unknown> | unknown): Promise<unknown> {
  let error: unknown;
  try {
    await work();
  } catch (e) {
    error = e;
  }
  expect(error).toBeDefined();
  return error;
}

describe('the fake S/4HANA answers the journal reads as SAP Gateway does', () => {
  it('A_JournalEntryItemBasic has no AccountingDocument nor DocumentReferenceID: 400 with SAP\'s error JSON', async () => {
    const { fake } = await bed.start();
    const old = await get(fake, `${OLD_SERVICE}/A_JournalEntryItemBasic`, {
      $filter: "CompanyCode eq 'IT01' and DocumentReferenceID eq 'ACC-1'",
      $select: 'AccountingDocument',
      $top: '1',
      $format: 'json',
    });
    expect(old.status).toBe(400);
    expect((old.body as { error: { message: unknown } }).error.message).toEqual({
      lang: 'en',
      value: "Property 'AccountingDocument' not found in type 'API_JOURNALENTRYITEMBASIC_SRV.A_JournalEntryItemBasicType'",
    });
    const byReference = await get(fake, `${OLD_SERVICE}/A_JournalEntryItemBasic`, { $filter: "DocumentReferenceID eq 'ACC-1'", $format: 'json' });
    expect(byReference.status).toBe(400);
    expect((byReference.body as { error: { message: { value: string } } }).error.message.value).toBe(
      "Property 'DocumentReferenceID' not found in type 'API_JOURNALENTRYITEMBASIC_SRV.A_JournalEntryItemBasicType'",
    );
    // an entity set the service does not have: SAP Gateway's "Resource not found for segment"
    const wrongSet = await get(fake, '/sap/opu/odata/sap/API_OPLACCTGDOCITEMCUBE_SRV/A_JournalEntryItemBasic', { $format: 'json' });
    expect(wrongSet.status).toBe(404);
    expect((wrongSet.body as { error: { code: string } }).error.code).toBe('/IWBEP/CM_MGW_RT/020');
    // a boolean compared with a string literal is no valid filter either
    const quoted = await get(fake, CUBE, { $filter: "IsReversed eq 'false'", $format: 'json' });
    expect(quoted.status).toBe(400);
  });

  it('A_OperationalAcctgDocItemCube: one row per item; reverseJournalEntry adds the reversal document as FB08 does', async () => {
    const { fake, config, client } = await bed.start({ journalProcessing: 'immediate' });
    await client.sendOnce(buildAccrualJournalEntries(accruals('ACC-CUBE', '300.00'), config), new MemoryJournalLog(), { now });
    expect(fake.reverseJournalEntry('100000001')).toBe('100000002');
    const query = {
      $filter: "CompanyCode eq 'IT01' and DocumentReferenceID eq 'ACC-CUBE'",
      $select: 'AccountingDocument,FiscalYear,AccountingDocumentItem,IsReversal,IsReversed,AmountInTransactionCurrency,DebitCreditCode',
      $format: 'json',
    };
    const all = await get(fake, CUBE, query);
    expect(all.status).toBe(200);
    // debit 300.00 to commission expense, credit 300.00 to accrued liabilities; the reversal swaps both
    expect(resultsOf(all.body)).toEqual([
      { AccountingDocument: '100000001', FiscalYear: '2026', AccountingDocumentItem: '001', IsReversal: false, IsReversed: true, AmountInTransactionCurrency: '300.00', DebitCreditCode: 'S' },
      { AccountingDocument: '100000001', FiscalYear: '2026', AccountingDocumentItem: '002', IsReversal: false, IsReversed: true, AmountInTransactionCurrency: '-300.00', DebitCreditCode: 'H' },
      { AccountingDocument: '100000002', FiscalYear: '2026', AccountingDocumentItem: '001', IsReversal: true, IsReversed: false, AmountInTransactionCurrency: '-300.00', DebitCreditCode: 'H' },
      { AccountingDocument: '100000002', FiscalYear: '2026', AccountingDocumentItem: '002', IsReversal: true, IsReversed: false, AmountInTransactionCurrency: '300.00', DebitCreditCode: 'S' },
    ]);
    const stillLive = await get(fake, CUBE, { ...query, $filter: `${query.$filter} and IsReversal eq false and IsReversed eq false` });
    expect(resultsOf(stillLive.body)).toEqual([]);
  });
});

describe('the read-back asks API_OPLACCTGDOCITEMCUBE_SRV and tells a refusal from an outage', () => {
  it('finds a posted entry by company code and reference: a lost log does not post it twice', async () => {
    const { fake, config, client, log } = await bed.start({ journalProcessing: 'immediate' });
    const docs = buildAccrualJournalEntries(accruals('ACC-FOUND', '120.00'), config);
    await client.sendOnce(docs, new MemoryJournalLog(), { now });
    const again = await client.sendOnce(docs, log, { now });
    expect(again.sent).toEqual([]);
    expect(await log.get('ACC-FOUND', 'accrual')).toMatchObject({ state: 'posted', accountingDocument: '100000001' });
    expect(soapCalls(fake)).toBe(1);
    const reads = fake.requests.filter((r) => r.op === 'journal-read');
    // the first send: no live document, none reversed; the second run: the live one
    expect(reads.map((r) => [r.path, r.status])).toEqual([
      [CUBE, 200],
      [CUBE, 200],
      [CUBE, 200],
    ]);
  });

  it('a 4xx of the read service is SAP refusing the query: not retried as an outage, named in both languages with the setting', async () => {
    const { fake, config, log } = await bed.start();
    // a configuration from before the check: the old service, which has no A_OperationalAcctgDocItemCube
    const wrong: SapConfig = { ...config, connection: { ...config.connection, journalEntryReadPath: OLD_SERVICE } };
    const client = new JournalEntryClient(wrong, resolveAuth(wrong.connection.auth), { fetch: fake.fetch });
    const docs = buildAccrualJournalEntries(accruals('ACC-REFUSED', '100.00'), wrong);
    const error = await thrown(() => client.sendOnce(docs, log, { now }));
    expect(error).toBeInstanceOf(SapRemoteError);
    expect(error).not.toBeInstanceOf(SapTransientError);
    const e = error as SapRemoteError;
    expect(e.transactionId).toMatch(/^[0-9A-F]{32}$/);
    const path = `${OLD_SERVICE}/A_OperationalAcctgDocItemCube`;
    expect(e.messages).toEqual({
      en:
        `accruals ACC-REFUSED: read back: SAP refused the query of ${path}, not retried: check connection.journalEntryReadPath ` +
        '(the path of API_OPLACCTGDOCITEMCUBE_SRV, communication arrangement SAP_COM_0303) and that the communication user may read it: ' +
        `SAP 404 /IWBEP/CM_MGW_RT/020: Resource not found for segment 'A_OperationalAcctgDocItemCube' (transaction ${e.transactionId})`,
      it:
        `ratei ACC-REFUSED: rilettura da SAP: SAP ha rifiutato la lettura di ${path}, non ritentata: controlla connection.journalEntryReadPath ` +
        "(il percorso di API_OPLACCTGDOCITEMCUBE_SRV, accordo di comunicazione SAP_COM_0303) e che l'utente di comunicazione possa leggerlo: " +
        `SAP 404 /IWBEP/CM_MGW_RT/020: Resource not found for segment 'A_OperationalAcctgDocItemCube' (transazione ${e.transactionId})`,
    });
    expect(e.message).toBe(e.messages.en);
    // nothing was sent, nothing recorded: the entry waits for a read service SAP answers
    expect(soapCalls(fake)).toBe(0);
    expect(await log.get('ACC-REFUSED', 'accrual')).toBeUndefined();
  });

  it('a 5xx, a 503 page or a dropped connection of the read service is asked again: the entry is sent in the same run', async () => {
    const { fake, config, log } = await bed.start();
    const waits: number[] = [];
    const client = new JournalEntryClient(config, resolveAuth(config.connection.auth), { fetch: fake.fetch, sleep: async (ms) => void waits.push(ms) });
    for (const [i, action] of (['status-500', 'status-503-html', 'reset'] as const).entries()) {
      const docs = buildAccrualJournalEntries(accruals(`ACC-BLIP${i}`, '80.00'), config);
      const readsBefore = reads(fake);
      fake.inject({ op: 'journal-read', action });
      const out = await client.sendOnce(docs, log, { now });
      expect(out.sent).toEqual(docs);
      // the live read twice (the failed one and its retry), then the reversed read once
      expect(reads(fake) - readsBefore).toBe(3);
    }
    expect(soapCalls(fake)).toBe(3);
    // one wait per retry, from the connection's backoff (retryBaseDelayMs 0 in these tests)
    expect(waits).toEqual([0, 0, 0]);
  });

  it('a read service still failing after maxAttempts stays transient: nothing sent, and the next run sends the entry', async () => {
    const { fake, config, client, log } = await bed.start();
    const docs = buildAccrualJournalEntries(accruals('ACC-OUTAGE', '80.00'), config);
    expect(config.connection.maxAttempts).toBe(3);
    fake.inject({ op: 'journal-read', action: 'status-500', times: 3 });
    const e = await thrown(() => client.sendOnce(docs, log, { now }));
    expect(e).toBeInstanceOf(SapTransientError);
    expect((e as SapTransientError).messages).toEqual({ en: 'accruals ACC-OUTAGE: read back: HTTP 500', it: 'ratei ACC-OUTAGE: rilettura da SAP: HTTP 500' });
    expect(reads(fake)).toBe(3);
    expect(soapCalls(fake)).toBe(0);
    expect((await client.sendOnce(docs, log, { now })).sent).toEqual(docs);
    expect(soapCalls(fake)).toBe(1);
  });

  it("a throttled read waits for the gateway's Retry-After before asking again", async () => {
    const { fake, config, log } = await bed.start();
    const waits: number[] = [];
    // waits for real: the gateway refuses every read until its window ends
    const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms)).then(() => void waits.push(ms));
    const client = new JournalEntryClient(config, resolveAuth(config.connection.auth), { fetch: fake.fetch, sleep });
    const docs = buildAccrualJournalEntries(accruals('ACC-QUOTA', '80.00'), config);
    fake.inject({ op: 'journal-read', action: { throttle: 1 } });
    expect((await client.sendOnce(docs, log, { now })).sent).toEqual(docs);
    expect(waits).toEqual([1000]);
    expect(fake.requests.filter((r) => r.op === 'journal-read').map((r) => r.status)).toEqual([429, 200, 200]);
  });
});

// Reversing an accrual is its normal lifecycle: finance reverses each period's accrual at the start of the next period
// (or when the supplier's invoice posts). A reversal in SAP must therefore never make a run send the entry again by
// itself: an entry the log records `posted` is not read, and one with no successful record whose reference SAP shows
// posted and reversed is reported (`reversedInSap`), not sent; only `resend` with its reference sends it again.
describe('a document finance reversed in SAP is never sent again without resend', () => {

  it('a posted entry whose document finance reversed is not sent again on the next run, nor read; resend <ref> sends it', async () => {
    const { fake, config, client, log } = await bed.start();
    const docs = buildAccrualJournalEntries(accruals('ACC-REV-POST', '70.00'), config);
    const first = await client.sendOnce(docs, log, { now });
    fake.processJournalQueue(); // document 100000001
    expect(await client.reconcile(docs, log, now)).toEqual({ posted: 1, stillAccepted: 0 });
    fake.reverseJournalEntry('100000001'); // the next period opens: finance reverses the accrual (100000002)

    const readsBefore = reads(fake);
    const again = await client.sendOnce(docs, log, { now });
    expect([again.sent, again.skipped, again.reversedInSap, again.sentBefore]).toEqual([[], docs, [], [first.messageId]]);
    expect(soapCalls(fake)).toBe(1);
    expect(reads(fake)).toBe(readsBefore);
    expect(await log.get('ACC-REV-POST', 'accrual')).toMatchObject({ state: 'posted', accountingDocument: '100000001', messageId: first.messageId });
    expect(live(fake, 'ACC-REV-POST')).toEqual([]);

    // finance decides to post it again: the operator names it
    const resent = await client.sendOnce(docs, log, { now, resend: new Set(['ACC-REV-POST']) });
    expect(resent.sent).toEqual(docs);
    expect(resent.messageId).not.toBe(first.messageId);
    fake.processJournalQueue(); // 100000003
    expect(live(fake, 'ACC-REV-POST').map((e) => e.accountingDocument)).toEqual(['100000003']);
    expect(soapCalls(fake)).toBe(2);
  });

  it('an entry with no log row whose reference SAP shows posted and reversed is not sent: reported with the document; resend <ref> sends it', async () => {
    const { fake, config, client, log } = await bed.start({ journalProcessing: 'immediate' });
    const docs = buildAccrualJournalEntries(accruals('ACC-REV-LOST', '300.00'), config);
    await client.sendOnce(docs, new MemoryJournalLog(), { now }); // document 100000001, in a log since lost
    fake.reverseJournalEntry('100000001'); // reversal document 100000002

    const out = await client.sendOnce(docs, log, { now });
    expect([out.sent, out.skipped, out.changedSinceTaken, out.reversedInSap, out.messageIds]).toEqual([[], [], [], docs, []]);
    // the original document, the one SAP shows reversed (not the reversal document)
    expect(out.reversedDocuments).toEqual(new Map([['ACC-REV-LOST', { accountingDocument: '100000001', fiscalYear: '2026' }]]));
    expect(soapCalls(fake)).toBe(1);
    // nothing recorded: the log claims no posting SAP does not hold, and the next run reads and reports it again
    expect(await log.get('ACC-REV-LOST', 'accrual')).toBeUndefined();
    expect((await client.sendOnce(docs, log, { now })).reversedInSap).toEqual(docs);
    expect(soapCalls(fake)).toBe(1);

    const resent = await client.sendOnce(docs, log, { now, resend: new Set(['ACC-REV-LOST']) });
    expect([resent.sent, resent.reversedInSap]).toEqual([docs, []]);
    expect(live(fake, 'ACC-REV-LOST').map((e) => e.accountingDocument)).toEqual(['100000003']);
  });

  it('an unknown entry whose reference SAP shows posted and reversed is not sent again under its id: reported, its row kept', async () => {
    const { fake, config, client, log } = await bed.start({ journalProcessing: 'immediate' });
    const docs = buildAccrualJournalEntries(accruals('ACC-REV-UNK', '90.00'), config);
    fake.inject({ op: 'soap', action: 'timeout-after-commit' });
    expect(await thrown(() => client.sendOnce(docs, log, { now }))).toBeInstanceOf(SapTransientError);
    const held = (await log.get('ACC-REV-UNK', 'accrual'))!;
    expect(held.state).toBe('unknown');
    fake.reverseJournalEntry('100000001'); // SAP had posted it; finance reversed it

    const out = await client.sendOnce(docs, log, { now });
    expect([out.sent, out.reversedInSap]).toEqual([[], docs]);
    expect(soapCalls(fake)).toBe(1);
    expect(await log.get('ACC-REV-UNK', 'accrual')).toEqual(held);
  });

  it('an entry of two documents with no log row, one reversed in SAP and one live: the live one is recorded, neither is sent', async () => {
    const { fake, config, client, log } = await bed.start();
    const docs = buildAccrualJournalEntries(twoChunks('ACC-REV-TWO', '1.00'), config);
    expect(docs.map((d) => [d.originalReferenceDocument, d.items.length])).toEqual([
      ['ACC-REV-TWO/1', 998],
      ['ACC-REV-TWO/2', 2],
    ]);
    await client.sendOnce(docs, new MemoryJournalLog(), { now });
    fake.processJournalQueue(); // 100000001 (/1) and 100000002 (/2)
    fake.reverseJournalEntry('100000001'); // 100000003
    const out = await client.sendOnce(docs, log, { now });
    expect([out.sent, out.skipped, out.reversedInSap]).toEqual([[], [docs[1]], [docs[0]]]);
    expect(out.reversedDocuments).toEqual(new Map([['ACC-REV-TWO/1', { accountingDocument: '100000001', fiscalYear: '2026' }]]));
    expect(await log.get('ACC-REV-TWO', 'accrual')).toMatchObject({ state: 'posted', accountingDocument: '100000002' });
    expect(soapCalls(fake)).toBe(1);
  });

  it('a send that fails after the read-back found a reversed entry: onReversedInSap heard of it before sendOnce threw', async () => {
    const { fake, config, client, log } = await bed.start({ journalProcessing: 'immediate' });
    const docs = buildAccrualJournalEntries(twoChunks('ACC-REV-THROW', '1.00'), config);
    await client.sendOnce([docs[0]!], new MemoryJournalLog(), { now }); // document 100000001 (/1), in a log since lost
    fake.reverseJournalEntry('100000001'); // 100000002
    fake.inject({ op: 'soap', action: 'status-500' }); // /2 goes out and SAP answers 500
    const heard: Array<[readonly unknown[], ReadonlyMap<string, unknown>]> = [];
    const error = await thrown(() => client.sendOnce(docs, log, { now, onReversedInSap: (entries, documents) => heard.push([entries, documents]) }));
    expect(error).toBeInstanceOf(SapRemoteError);
    expect(heard).toEqual([[[docs[0]], new Map([['ACC-REV-THROW/1', { accountingDocument: '100000001', fiscalYear: '2026' }]])]]);
    expect(await log.get('ACC-REV-THROW', 'accrual')).toMatchObject({ state: 'failed' });
    expect(live(fake, 'ACC-REV-THROW/2')).toEqual([]);
  });

  it('onReversedInSap is not called when SAP shows nothing reversed', async () => {
    const { config, client, log } = await bed.start({ journalProcessing: 'immediate' });
    const docs = buildAccrualJournalEntries(accruals('ACC-REV-NONE', '10.00'), config);
    const heard: unknown[] = [];
    expect((await client.sendOnce(docs, log, { now, onReversedInSap: (entries) => heard.push(entries) })).sent).toEqual(docs);
    expect(heard).toEqual([]);
  });

  it('adoptReversed <ref>: an entry SAP shows posted and reversed is recorded posted with that document, not sent; later runs neither read nor send it', async () => {
    const { fake, config, client, log } = await bed.start({ journalProcessing: 'immediate' });
    const docs = buildAccrualJournalEntries(accruals('ACC-ADOPT', '60.00'), config);
    await client.sendOnce(docs, new MemoryJournalLog(), { now }); // document 100000001, in a log since lost
    fake.reverseJournalEntry('100000001'); // finance's normal reversal: 100000002

    const out = await client.sendOnce(docs, log, { now, adoptReversed: new Set(['ACC-ADOPT']) });
    expect([out.sent, out.skipped, out.reversedInSap, out.adopted]).toEqual([[], docs, [], docs]);
    expect(out.reversedDocuments).toEqual(new Map([['ACC-ADOPT', { accountingDocument: '100000001', fiscalYear: '2026' }]]));
    expect(await log.get('ACC-ADOPT', 'accrual')).toMatchObject({ state: 'posted', accountingDocument: '100000001', messageId: '' });
    expect(soapCalls(fake)).toBe(1);

    const readsBefore = reads(fake);
    const later = await client.sendOnce(docs, log, { now });
    expect([later.sent, later.skipped, later.reversedInSap, later.adopted]).toEqual([[], docs, [], []]);
    expect(reads(fake)).toBe(readsBefore);
    expect(live(fake, 'ACC-ADOPT')).toEqual([]);
    expect(soapCalls(fake)).toBe(1);
  });

  it('adoptReversed names a row: adopting one chunk records the row, and only entries SAP shows reversed are adopted', async () => {
    const { fake, config, client, log } = await bed.start();
    const docs = buildAccrualJournalEntries(twoChunks('ACC-ADOPT-TWO', '1.00'), config);
    await client.sendOnce(docs, new MemoryJournalLog(), { now });
    fake.processJournalQueue(); // 100000001 (/1) and 100000002 (/2)
    fake.reverseJournalEntry('100000001'); // /1 reversed, /2 live
    const out = await client.sendOnce(docs, log, { now, adoptReversed: new Set(['ACC-ADOPT-TWO/2']) });
    expect([out.sent, out.skipped, out.reversedInSap, out.adopted]).toEqual([[], docs, [], [docs[0]]]);
    expect(await log.get('ACC-ADOPT-TWO', 'accrual')).toMatchObject({ state: 'posted' });
    expect(soapCalls(fake)).toBe(1);
  });

  it('adoptReversed on an entry SAP does not show reversed changes nothing: a fresh one is sent', async () => {
    const { client, config, log } = await bed.start({ journalProcessing: 'immediate' });
    const docs = buildAccrualJournalEntries(accruals('ACC-ADOPT-NEW', '5.00'), config);
    const out = await client.sendOnce(docs, log, { now, adoptReversed: new Set(['ACC-ADOPT-NEW']) });
    expect([out.sent, out.adopted]).toEqual([docs, []]);
  });

  it('adoptReversed refuses a reference of no entry, one resend names too, and any beside a bare resend, in both languages, before anything is read', async () => {
    const { fake, config, client, log } = await bed.start({ journalProcessing: 'immediate' });
    const docs = buildAccrualJournalEntries(accruals('ACC-ADOPT-BAD', '5.00'), config);
    const before = fake.requests.length;
    const typo = (await thrown(() => client.sendOnce(docs, log, { now, adoptReversed: new Set(['ACC-ADOPT-BDA']) }))) as ValidationError;
    expect(typo).toBeInstanceOf(ValidationError);
    expect(typo.issues.map((i) => [i.record, i.field])).toEqual([['ACC-ADOPT-BDA', 'adoptReversed']]);
    for (const resend of [new Set(['ACC-ADOPT-BAD']), true] as const) {
      const both = (await thrown(() => client.sendOnce(docs, log, { now, resend, adoptReversed: new Set(['ACC-ADOPT-BAD']) }))) as ValidationError;
      expect(both).toBeInstanceOf(ValidationError);
      expect(both.issues).toEqual([
        {
          record: 'ACC-ADOPT-BAD',
          field: 'adoptReversed',
          message: 'ACC-ADOPT-BAD is named both to send again (resend) and to record as posted and reversed in SAP (adoptReversed): choose one; nothing was sent',
          messages: {
            en: 'ACC-ADOPT-BAD is named both to send again (resend) and to record as posted and reversed in SAP (adoptReversed): choose one; nothing was sent',
            it: 'ACC-ADOPT-BAD è indicato sia da inviare di nuovo (resend) sia da registrare come registrato e stornato in SAP (adoptReversed): scegline uno; non è stato inviato nulla',
          },
        },
      ]);
    }
    expect(fake.requests.length).toBe(before);
    expect(await log.get('ACC-ADOPT-BAD', 'accrual')).toBeUndefined();
  });

  it('reconcile does not make an accepted entry posted on a reversed document; a plain run leaves it to resend', async () => {
    const { fake, config, client, log } = await bed.start();
    const docs = buildAccrualJournalEntries(accruals('ACC-REV-ACC', '50.00'), config);
    await client.sendOnce(docs, log, { now });
    fake.processJournalQueue(); // document 100000001
    fake.reverseJournalEntry('100000001'); // before anyone read it back
    expect(await client.reconcile(docs, log, now)).toEqual({ posted: 0, stillAccepted: 1 });
    expect(await log.get('ACC-REV-ACC', 'accrual')).toMatchObject({ state: 'accepted', accountingDocument: null });
    // an accepted row is not read by sendOnce: its message may still be waiting in SAP behind an earlier reversed
    // document, and sending it again would post it twice; finance names it with resend
    const plain = await client.sendOnce(docs, log, { now });
    expect([plain.sent, plain.skipped]).toEqual([[], docs]);
    expect(soapCalls(fake)).toBe(1);
    const resent = await client.sendOnce(docs, log, { now, resend: new Set(['ACC-REV-ACC']) });
    expect(resent.sent).toEqual(docs);
    fake.processJournalQueue();
    expect(await client.reconcile(docs, log, now)).toEqual({ posted: 1, stillAccepted: 0 });
    expect(await log.get('ACC-REV-ACC', 'accrual')).toMatchObject({ state: 'posted', accountingDocument: '100000003' });
  });

  it('a posted entry whose accruals changed stays reported after finance reverses it, until resend <ref> sends the new amounts', async () => {
    const { fake, config, client, log } = await bed.start();
    await client.sendOnce(buildAccrualJournalEntries(accruals('ACC-REV-CHG', '400.00'), config), log, { now });
    fake.processJournalQueue();
    const changed = buildAccrualJournalEntries(accruals('ACC-REV-CHG', '450.00'), config);
    expect(await client.reconcile(changed, log, now)).toEqual({ posted: 1, stillAccepted: 0 });
    fake.reverseJournalEntry('100000001');
    const reported = await client.sendOnce(changed, log, { now });
    expect([reported.sent, reported.changedSinceTaken, reported.reversedInSap]).toEqual([[], changed, []]);
    expect(soapCalls(fake)).toBe(1);
    expect((await client.sendOnce(changed, log, { now, resend: new Set(['ACC-REV-CHG']) })).sent).toEqual(changed);
    expect(fake.soapMessages[1]).toContain('<AmountInTransactionCurrency currencyCode="EUR">450.00</AmountInTransactionCurrency>');
    expect(soapCalls(fake)).toBe(2);
  });
});

describe('journalEntryReadPath names the service that has what the read-back asks for', () => {
  it('refuses API_JOURNALENTRYITEMBASIC_SRV at config validation, naming the field and the service to use, in both languages', async () => {
    const input = configInput('http://127.0.0.1:1', { journalEntryReadPath: OLD_SERVICE });
    const error = await thrown(() => parseSapConfig(input, 'sap.json'));
    expect(error).toBeInstanceOf(SapConfigError);
    expect((error as SapConfigError).messages).toEqual({
      en:
        'sap.json is invalid:\n  connection.journalEntryReadPath: API_JOURNALENTRYITEMBASIC_SRV has no AccountingDocument nor DocumentReferenceID ' +
        'to find a journal entry by; use the path of API_OPLACCTGDOCITEMCUBE_SRV (communication arrangement SAP_COM_0303), e.g. /sap/opu/odata/sap/API_OPLACCTGDOCITEMCUBE_SRV',
      it:
        'sap.json non è una configurazione SAP valida:\n  connection.journalEntryReadPath: API_JOURNALENTRYITEMBASIC_SRV non ha AccountingDocument né DocumentReferenceID ' +
        'con cui trovare una scrittura contabile; usa il percorso di API_OPLACCTGDOCITEMCUBE_SRV (accordo di comunicazione SAP_COM_0303), ad es. /sap/opu/odata/sap/API_OPLACCTGDOCITEMCUBE_SRV',
    });
    // SAP's ICF paths are not case sensitive
    expect(await thrown(() => parseSapConfig(configInput('http://127.0.0.1:1', { journalEntryReadPath: OLD_SERVICE.toLowerCase() })))).toBeInstanceOf(SapConfigError);
    const cube = '/sap/opu/odata/sap/API_OPLACCTGDOCITEMCUBE_SRV';
    expect(parseSapConfig(configInput('http://127.0.0.1:1', { journalEntryReadPath: cube })).connection.journalEntryReadPath).toBe(cube);
  });
});
