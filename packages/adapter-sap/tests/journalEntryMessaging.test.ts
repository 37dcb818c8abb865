import { XMLParser } from 'fast-xml-parser';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeS4Hana } from '../src/testing/index.js';
import { SapConfigError, JournalEntryClient, MemoryJournalLog, buildAccrualJournalEntries, parseSapConfig, resolveAuth } from '../src/index.js';
import { PASSWORD, configInput, makeConfig, partnerId } from './fixtures.js';

let fake: FakeS4Hana | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const now = () => new Date('2026-12-01T06:00:00.000Z');
const set = {
  accrualId: 'acc-2026-11',
  periodId: '2026-11',
  postingDate: '2026-11-30',
  currency: 'EUR',
  lines: [
    { partnerId: partnerId(1), amount: '1200.50', component: 'commission' },
    { partnerId: partnerId(2), amount: '-80.00' },
  ],
};

describe('the journal entry service path comes from the communication arrangement', () => {
  it('has no guessed default: a client without it fails at start, naming the field and where to find it', () => {
    const input = configInput('http://127.0.0.1:1');
    delete (input.connection as { journalEntryPath?: string }).journalEntryPath;
    const cfg = parseSapConfig(input);
    expect(cfg.connection.journalEntryPath).toBeUndefined();
    expect(() => new JournalEntryClient(cfg, resolveAuth(cfg.connection.auth))).toThrow(SapConfigError);
    expect(() => new JournalEntryClient(cfg, resolveAuth(cfg.connection.auth))).toThrow(/journalEntryPath.*communication arrangement \(SAP_COM_0002\)/);
  });
  it('is validated: S/4HANA Cloud service segments have at most 30 characters', () => {
    const input = configInput('http://127.0.0.1:1', { journalEntryPath: '/sap/bc/srt/scs_ext/sap/journalentrybulkcreationrequest_in' });
    expect(() => parseSapConfig(input)).toThrow(/connection.journalEntryPath: the service segment is longer than the 30 characters/);
    expect(parseSapConfig(configInput('http://127.0.0.1:1')).connection.journalEntryPath).toBe('/sap/bc/srt/scs_ext/sap/journalentrybulkcreationreques');
  });
});

describe('JournalEntryBulkCreationRequest_In messaging', () => {
  it('sends WS-Addressing Action, a urn:uuid MessageID new for every message, and To', async () => {
    fake = await FakeS4Hana.start({ password: PASSWORD });
    const cfg = makeConfig(fake.url, 5);
    const client = new JournalEntryClient(cfg, resolveAuth(cfg.connection.auth));
    const docs = buildAccrualJournalEntries(set, cfg);
    const a = await client.send(docs, { now });
    const b = await client.send(docs, { now });
    expect(a.status).toBe(202);
    expect(a.messageId).toMatch(/^[0-9a-f-]{36}$/);
    expect(b.messageId).not.toBe(a.messageId);
    const parser = new XMLParser({ removeNSPrefix: true });
    const header = (parser.parse(fake.soapMessages[0]!) as { Envelope: { Header: Record<string, string> } }).Envelope.Header;
    expect(header).toEqual({
      Action: 'http://sap.com/xi/SAPSCORE/SFIN/JournalEntryBulkCreationRequest_In/JournalEntryBulkCreationRequest_InRequest',
      MessageID: `urn:uuid:${a.messageId}`,
      To: `${fake.url}/sap/bc/srt/scs_ext/sap/journalentrybulkcreationreques?sap-client=100`,
    });
  });

  it('"accepted" (202) and "posted" are distinct; a later read of the journal entries makes them posted', async () => {
    fake = await FakeS4Hana.start({ password: PASSWORD, journalProcessing: 'manual' });
    const cfg = makeConfig(fake.url, 5);
    const client = new JournalEntryClient(cfg, resolveAuth(cfg.connection.auth));
    const log = new MemoryJournalLog();
    const docs = buildAccrualJournalEntries(set, cfg);
    await client.sendOnce(docs, log, { now });
    expect((await log.get('acc-2026-11', 'accrual'))?.state).toBe('accepted');
    expect(await client.reconcile(docs, log, now)).toEqual({ posted: 0, stillAccepted: 1 });
    fake.processJournalQueue();
    expect(await client.reconcile(docs, log, now)).toEqual({ posted: 1, stillAccepted: 0 });
    expect(await log.get('acc-2026-11', 'accrual')).toMatchObject({ state: 'posted', accountingDocument: fake.journalEntries[0]!.accountingDocument });
  });

  it('an entry rejected asynchronously (AIF) stays accepted, never posted', async () => {
    fake = await FakeS4Hana.start({ password: PASSWORD });
    const cfg = makeConfig(fake.url, 5);
    const client = new JournalEntryClient(cfg, resolveAuth(cfg.connection.auth));
    const log = new MemoryJournalLog();
    const docs = buildAccrualJournalEntries(set, cfg);
    fake.inject({ op: 'soap', action: 'async-error' });
    await client.sendOnce(docs, log, { now });
    expect(await client.reconcile(docs, log, now)).toEqual({ posted: 0, stillAccepted: 1 });
    expect(fake.journalEntries).toHaveLength(0);
  });

  it('the business key prevents double posting when the log is lost: SAP is read first and the entry not sent again', async () => {
    fake = await FakeS4Hana.start({ password: PASSWORD });
    const cfg = makeConfig(fake.url, 5);
    const client = new JournalEntryClient(cfg, resolveAuth(cfg.connection.auth));
    const docs = buildAccrualJournalEntries(set, cfg);
    await client.sendOnce(docs, new MemoryJournalLog(), { now });
    expect(fake.journalEntries).toHaveLength(1);
    const fresh = new MemoryJournalLog(); // a lost or restored-from-backup log
    const again = await client.sendOnce(docs, fresh, { now });
    expect(again.sent).toEqual([]);
    expect(fake.journalEntries).toHaveLength(1);
    expect((await fresh.get('acc-2026-11', 'accrual'))?.state).toBe('posted');
  });
});
