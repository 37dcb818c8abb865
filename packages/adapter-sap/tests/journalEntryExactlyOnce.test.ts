import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { FakeS4Hana } from '../src/testing/index.js';
import { SapRemoteError, SapTransientError, buildAccrualJournalEntries } from '../src/index.js';
import { journalBed } from './journalBed.js';

const bed = journalBed();

const now = () => new Date('2026-12-01T06:00:00.000Z');
const accruals = (accrualId: string) => ({
  accrualId,
  periodId: '2026-11',
  postingDate: '2026-11-30',
  reversalDate: '2026-12-01',
  currency: 'EUR',
  lines: [{ partnerId: 'P00001', amount: '1200.50', component: 'commission' }],
});

/** The WS-Addressing MessageID of every SOAP message SAP stored (a duplicate is not stored again). */
const storedMessageIds = (f: FakeS4Hana) =>
  f.soapMessages.map((xml) => (new XMLParser({ removeNSPrefix: true }).parse(xml) as { Envelope: { Header: { MessageID: string } } }).Envelope.Header.MessageID.replace(/^urn:uuid:/, ''));

/** Journal entries SAP posted, per reference. */
const postedPerReference = (f: FakeS4Hana) => {
  const m: Record<string, number> = {};
  for (const e of f.journalEntries) m[e.documentReferenceId] = (m[e.documentReferenceId] ?? 0) + 1;
  return m;
};

describe('journal entries exactly once when the answer to an accepted message is lost', () => {
  it.each(['timeout-after-commit', 'reset-after-commit', 'status-500-after-commit'] as const)(
    '%s: the entry is unknown, the next run re-sends the same message id while SAP still queues it, and SAP posts it once',
    async (action) => {
      // SAP accepts the message into its inbound queue and posts it later (AIF), so a read-back in between finds nothing
      const { fake, config, client, log } = await bed.start();
      const id = `ACC-${action.slice(0, 5).toUpperCase()}`;
      const docs = buildAccrualJournalEntries(accruals(id), config);
      expect(docs.map((d) => d.kind)).toEqual(['accrual', 'reversal']);

      fake.inject({ op: 'soap', action });
      await expect(client.sendOnce(docs, log, { now })).rejects.toThrow(SapTransientError);
      // SAP holds the message although the sender got no verdict
      const [held] = storedMessageIds(fake);
      expect(storedMessageIds(fake)).toEqual([held]);
      expect(fake.journalEntries).toEqual([]);

      // the log says so: not failed, but unknown, with the message id the next run will send again
      for (const kind of ['accrual', 'reversal'] as const) {
        const rec = await log.get(id, kind);
        expect(rec).toMatchObject({ state: 'unknown', messageId: held });
        expect(rec?.errorMessage).toBe(rec?.errorMessages?.en);
        expect(rec?.errorMessages?.en).toMatch(new RegExp(`^accruals ${id}: .+: outcome unknown, SAP may already hold message ${held}; the next run sends it again with the same message id, which SAP does not process twice$`));
        expect(rec?.errorMessages?.it).toMatch(new RegExp(`^ratei ${id}: .+: esito sconosciuto, SAP potrebbe già avere il messaggio ${held}; la prossima esecuzione lo rinvia con lo stesso ID messaggio, che SAP non elabora due volte$`));
      }
      const { rows } = await bed.db.query<{ kind: string; state: string; message_id: string }>('SELECT kind, state, message_id FROM sap_journal_entries WHERE accrual_id = $1 ORDER BY kind', [id]);
      expect(rows).toEqual([
        { kind: 'accrual', state: 'unknown', message_id: held },
        { kind: 'reversal', state: 'unknown', message_id: held },
      ]);

      // next run: the read-back finds nothing (still queued), so the message goes again, with the same id
      const again = await client.sendOnce(docs, log, { now });
      expect(again).toMatchObject({ messageId: held, skipped: [] });
      expect(again.sent.map((d) => d.kind)).toEqual(['accrual', 'reversal']);
      expect(fake.requests.filter((r) => r.op === 'soap')).toHaveLength(2);
      // SAP acknowledged the duplicate and did not store it a second time
      expect(storedMessageIds(fake)).toEqual([held]);
      for (const kind of ['accrual', 'reversal'] as const) {
        expect(await log.get(id, kind)).toMatchObject({ state: 'accepted', messageId: held, errorMessage: null, errorMessages: null });
      }

      // SAP's AIF run posts what it holds: one journal entry per reference
      fake.processJournalQueue();
      expect(postedPerReference(fake)).toEqual({ [id]: 1, [`${id}R`]: 1 });
      expect(await client.reconcile(docs, log, now)).toEqual({ posted: 2, stillAccepted: 0 });
      // a third run sends nothing
      expect(await client.sendOnce(docs, log, { now })).toMatchObject({ sent: [], sentBefore: [held] });
      expect(postedPerReference(fake)).toEqual({ [id]: 1, [`${id}R`]: 1 });
    },
  );

  it('an unknown entry SAP has posted meanwhile is recorded posted, not sent again', async () => {
    const { fake, config, client, log } = await bed.start();
    const docs = buildAccrualJournalEntries(accruals('ACC-POSTED'), config);
    fake.inject({ op: 'soap', action: 'timeout-after-commit' });
    await expect(client.sendOnce(docs, log, { now })).rejects.toThrow(SapTransientError);
    fake.processJournalQueue();
    const again = await client.sendOnce(docs, log, { now });
    expect(again.sent).toEqual([]);
    expect(fake.requests.filter((r) => r.op === 'soap')).toHaveLength(1);
    expect(await log.get('ACC-POSTED', 'accrual')).toMatchObject({ state: 'posted', accountingDocument: expect.stringMatching(/^\d+$/) });
    expect(postedPerReference(fake)).toEqual({ 'ACC-POSTED': 1, 'ACC-POSTEDR': 1 });
  });

  it('a SOAP fault is a verdict: failed, and the next run sends a new message id', async () => {
    const { fake, config, client, log } = await bed.start({});
    const docs = buildAccrualJournalEntries(accruals('ACC-FAULT'), config);
    fake.inject({ op: 'soap', action: 'status-500' });
    await expect(client.sendOnce(docs, log, { now })).rejects.toThrow(SapRemoteError);
    const failed = await log.get('ACC-FAULT', 'accrual');
    expect(failed).toMatchObject({ state: 'failed' });
    const again = await client.sendOnce(docs, log, { now });
    expect(again.messageId).toMatch(/^[0-9a-f-]{36}$/);
    expect(again.messageId).not.toBe(failed?.messageId);
    expect(postedPerReference(fake)).toEqual({ 'ACC-FAULT': 1, 'ACC-FAULTR': 1 });
  });
});
