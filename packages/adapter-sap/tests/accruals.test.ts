import { BilingualError } from '@provvigo/core';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeS4Hana } from '../src/testing/index.js';
import {
  JournalEntryClient,
  MemoryJournalLog,
  SapRemoteError,
  ValidationError,
  accrualFlatFile,
  accrualLinesFromRows,
  accrualSetFromRows,
  buildAccrualJournalEntries,
  journalEntryBulkCreateRequest,
  resolveAuth,
  SFIN_NS,
} from '../src/index.js';
import { PASSWORD, makeConfig, partnerId } from './fixtures.js';

let fake: FakeS4Hana | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const config = makeConfig('http://127.0.0.1:1', 5);
const now = () => new Date('2026-12-01T06:00:00.000Z');
const set = {
  accrualId: 'ACC-2026-11',
  periodId: '2026-11',
  postingDate: '2026-11-30',
  reversalDate: '2026-12-01',
  currency: 'EUR',
  lines: [
    { partnerId: partnerId(1), amount: '1200.50', component: 'commission' },
    { partnerId: partnerId(2), amount: '-80.00' },
    { partnerId: partnerId(3), amount: '0.00' },
  ],
};

describe('accrual journal entries', () => {
  it('builds balanced entries per partner and the reversal on the next period', () => {
    const docs = buildAccrualJournalEntries(set, config);
    expect(docs.map((d) => [d.kind, d.originalReferenceDocument, d.postingDate])).toEqual([
      ['accrual', 'ACC-2026-11', '2026-11-30'],
      ['reversal', 'ACC-2026-11R', '2026-12-01'],
    ]);
    expect(docs[0]!.items.map((i) => [i.glAccount, i.amount, i.debitCredit, i.costCenter])).toEqual([
      ['0061010000', '1200.50', 'S', 'IT01SALES'],
      ['0021900000', '-1200.50', 'H', undefined],
      ['0061010000', '-80.00', 'H', 'IT01SALES'],
      ['0021900000', '80.00', 'S', undefined],
    ]);
    expect(docs[1]!.items.map((i) => [i.amount, i.debitCredit])).toEqual([
      ['-1200.50', 'H'],
      ['1200.50', 'S'],
      ['80.00', 'S'],
      ['-80.00', 'H'],
    ]);
  });

  it('writes the JournalEntryBulkCreateRequest SOAP message with namespaces and escaping', () => {
    const tricky = makeConfig('http://x', 5);
    tricky.accruals = { ...tricky.accruals!, headerText: 'R&D <accr> "{period}"' };
    const xml = journalEntryBulkCreateRequest(buildAccrualJournalEntries(set, tricky), tricky, { now, messageId: '0f8e6c1a-3b2d-4e5f-9a7b-1c2d3e4f5a6b' });
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml).toContain(`xmlns:sfin="${SFIN_NS}"`);
    expect(xml).toContain('<DocumentHeaderText>R&amp;D &lt;accr&gt; &quot;2026-11&quot;</DocumentHeaderText>');
    const doc = new XMLParser({ ignoreAttributes: false, parseTagValue: false, isArray: (n) => n === 'Item' || n === 'JournalEntryCreateRequest' }).parse(xml);
    const bulk = doc['soapenv:Envelope']['soapenv:Body']['sfin:JournalEntryBulkCreateRequest'];
    // the message id is the UUID's 32 hex digits (MessageHeader ID holds at most 35 characters)
    expect(bulk.MessageHeader).toEqual({ ID: '0F8E6C1A3B2D4E5F9A7B1C2D3E4F5A6B', CreationDateTime: '2026-12-01T06:00:00Z' });
    const je = bulk.JournalEntryCreateRequest[0].JournalEntry;
    expect(je).toMatchObject({ OriginalReferenceDocumentType: 'BKPFF', OriginalReferenceDocument: 'ACC-2026-11', OriginalReferenceDocumentLogicalSystem: 'PROVVIGO', BusinessTransactionType: 'RFBU', AccountingDocumentType: 'SA', CompanyCode: 'IT01', PostingDate: '2026-11-30' });
    expect(je.Item[0]).toEqual({
      ReferenceDocumentItem: '1',
      GLAccount: '0061010000',
      AmountInTransactionCurrency: { '#text': '1200.50', '@_currencyCode': 'EUR' },
      DebitCreditCode: 'S',
      DocumentItemText: 'Rateo 2026-11 P00001 commission',
      AssignmentReference: 'P00001',
      AccountAssignment: { CostCenter: 'IT01SALES' },
    });
    // same input, same bytes
    expect(journalEntryBulkCreateRequest(buildAccrualJournalEntries(set, tricky), tricky, { now, messageId: '0f8e6c1a-3b2d-4e5f-9a7b-1c2d3e4f5a6b' })).toBe(xml);
    // without a given id every message gets a new one
    expect(journalEntryBulkCreateRequest(buildAccrualJournalEntries(set, tricky), tricky, { now })).not.toBe(journalEntryBulkCreateRequest(buildAccrualJournalEntries(set, tricky), tricky, { now }));
  });

  it('refuses an empty list of journal entries in both languages', () => {
    const refused = (() => {
      try {
        journalEntryBulkCreateRequest([], makeConfig('http://127.0.0.1:1', 1));
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(refused).toBeInstanceOf(BilingualError);
    expect((refused as BilingualError).messages).toEqual({ en: 'no journal entries to send', it: 'nessuna scrittura contabile da inviare' });
  });

  it('splits more than 499 partners into several entries of at most 998 items', () => {
    const many = makeConfig('http://x', 1200);
    const docs = buildAccrualJournalEntries({ ...set, reversalDate: undefined, lines: Array.from({ length: 1200 }, (_, i) => ({ partnerId: partnerId(i), amount: '1.00' })) }, many);
    expect(docs.map((d) => [d.originalReferenceDocument, d.items.length])).toEqual([
      ['ACC-2026-11/1', 998],
      ['ACC-2026-11/2', 998],
      ['ACC-2026-11/3', 404],
    ]);
  });

  it('writes the flat file with formula injection neutralised and amounts untouched', () => {
    const docs = buildAccrualJournalEntries({ ...set, reversalDate: undefined, lines: [{ partnerId: '=HYPERLINK("x")', amount: '-5.00' }] }, { ...config, suppliers: {} });
    const csv = accrualFlatFile(docs);
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe('accrual_id;kind;original_reference;company_code;document_date;posting_date;partner_id;supplier;component;gl_account;cost_center;debit_credit;amount;currency;text');
    expect(lines[1]).toBe(`ACC-2026-11;accrual;ACC-2026-11;IT01;2026-11-30;2026-11-30;"'=HYPERLINK(""x"")";;;0061010000;IT01SALES;H;-5.00;EUR;"Rateo 2026-11 =HYPERLINK(""x"")"`);
    expect(lines).toHaveLength(3);
  });

  it('rejects accruals without configuration or with sub-cent amounts', () => {
    const noAcc = { ...config, accruals: undefined };
    expect(() => buildAccrualJournalEntries(set, noAcc)).toThrow(/accruals.accruedLiabilityGlAccount/);
    let thrown: unknown;
    try {
      buildAccrualJournalEntries({ ...set, lines: [{ partnerId: 'P1', amount: '1.001' }] }, config);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(ValidationError);
    expect((thrown as ValidationError).issues[0]).toMatchObject({ record: 'ACC-2026-11', field: 'lines[0].amount' });
  });

  it('derives accrual lines from the ledger accrual rows (payable − paid)', () => {
    expect(accrualLinesFromRows([
      { period: '2026-11', partnerId: 'A', currency: 'EUR', payable: '100.00', paid: '0.00' },
      { period: '2026-11', partnerId: 'B', currency: 'EUR', payable: '50.00', paid: '50.00' },
      { period: '2026-11', partnerId: 'C', currency: 'EUR', payable: '70.00', paid: '20.50' },
    ])).toEqual([
      { partnerId: 'A', amount: '100' },
      { partnerId: 'C', amount: '49.5' },
    ]);
  });

  it('is accepted by the fake SOAP endpoint, balanced, and a SOAP fault comes back as an error', async () => {
    fake = await FakeS4Hana.start({ password: PASSWORD });
    const cfg = makeConfig(fake.url, 5);
    const client = new JournalEntryClient(cfg, resolveAuth(cfg.connection.auth));
    const docs = buildAccrualJournalEntries(set, cfg);
    const sent = await client.send(docs, { now });
    expect(sent).toEqual({ messageId: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/), status: 202 });
    expect(fake.journalEntries.map((j) => [j.originalReferenceDocument, j.items.length])).toEqual([
      ['ACC-2026-11', 4],
      ['ACC-2026-11R', 4],
    ]);
    // an unbalanced entry is refused by the service with a SOAP fault
    const broken = [{ ...docs[0]!, items: docs[0]!.items.slice(1) }];
    await expect(client.send(broken, { now })).rejects.toThrow(SapRemoteError);
    await expect(client.send(broken, { now })).rejects.toThrow(/not balanced/);
  });

  it('sends each accrual once: a re-run skips what the journal log records as accepted', async () => {
    fake = await FakeS4Hana.start({ password: PASSWORD });
    const cfg = makeConfig(fake.url, 5);
    const client = new JournalEntryClient(cfg, resolveAuth(cfg.connection.auth));
    const log = new MemoryJournalLog();
    const docs = buildAccrualJournalEntries(set, cfg);
    fake.inject({ op: 'soap', action: 'status-500' });
    await expect(client.sendOnce(docs, log, { now })).rejects.toThrow(/SOAP_FAULT|fault injected/);
    expect((await log.get('ACC-2026-11', 'accrual'))?.state).toBe('failed');
    const first = await client.sendOnce(docs, log, { now });
    expect(first.sent).toHaveLength(2);
    const again = await client.sendOnce(docs, log, { now });
    expect(again).toMatchObject({ sent: [], sentBefore: [first.messageId] });
    expect(fake.journalEntries).toHaveLength(2);
    const forced = await client.sendOnce(docs, log, { now, resend: true });
    expect(forced.sent).toHaveLength(2);
  });

  it('builds the period set from ledger accrual rows, posting on the last day and reversing the next', () => {
    const rows = [
      { period: '2026-02', partnerId: 'A', currency: 'EUR', payable: '100.00', paid: '0.00' },
      { period: '2026-01', partnerId: 'B', currency: 'EUR', payable: '50.00', paid: '0.00' },
    ];
    expect(accrualSetFromRows(rows, { periodId: '2026-02', reverse: true })).toEqual({
      accrualId: 'ACC-2026-02',
      periodId: '2026-02',
      postingDate: '2026-02-28',
      reversalDate: '2026-03-01',
      currency: 'EUR',
      lines: [{ partnerId: 'A', amount: '100' }],
    });
    expect(() => accrualSetFromRows([...rows, { ...rows[0]!, partnerId: 'C', currency: 'CHF' }], { periodId: '2026-02' })).toThrow(/several currencies/);
    expect(() => accrualSetFromRows(rows, { periodId: 'Q1-2026' })).toThrow(/give a posting date/);
    // No rows for the period: no currency to assume (it used to default to EUR).
    expect(() => accrualSetFromRows(rows, { periodId: '2026-05' })).toThrow(/no accrual rows for period 2026-05/);
  });
});
