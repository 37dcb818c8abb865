import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { FakeS4Hana } from '../src/testing/index.js';
import { SapTransientError, ValidationError, buildAccrualJournalEntries } from '../src/index.js';
import { journalBed } from './journalBed.js';

// An `unknown` journal entry goes again under its recorded message id, and SAP drops a message id it already holds.
// If the accruals changed in between, that resend would be dropped and SAP would keep the first amounts while the log
// says accepted: the client keeps a digest of what each message carried and refuses the changed entries instead.

const bed = journalBed();

const now = () => new Date('2026-12-01T06:00:00.000Z');
const accruals = (accrualId: string, amount: string) => ({
  accrualId,
  periodId: '2026-11',
  postingDate: '2026-11-30',
  reversalDate: '2026-12-01',
  currency: 'EUR',
  lines: [{ partnerId: 'P00001', amount, component: 'commission' }],
});

/** The fake SAP (messages queued until `processJournalQueue`) and a client on the file's PGlite journal log. */
const setUp = () => bed.start();

/** The first send of `id` times out after SAP stored the message: both entries `unknown` under the id SAP holds. */
async function unknownSend(id: string, amount: string) {
  const s = await setUp();
  s.fake.inject({ op: 'soap', action: 'timeout-after-commit' });
  await expect(s.client.sendOnce(buildAccrualJournalEntries(accruals(id, amount), s.config), s.log, { now })).rejects.toThrow(SapTransientError);
  const held = (await s.log.get(id, 'accrual'))!.messageId;
  expect(held).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  return { ...s, held };
}

const soapCalls = (f: FakeS4Hana) => f.requests.filter((r) => r.op === 'soap').length;
const rows = async (id: string) =>
  (await bed.db.query<{ kind: string; state: string; message_id: string; content_digest: string | null }>('SELECT kind, state, message_id, content_digest FROM sap_journal_entries WHERE accrual_id = $1 ORDER BY kind', [id])).rows;

describe('an unknown journal entry whose accruals changed is not sent again under its old message id', () => {
  it('keeps the SHA-256 of the JournalEntry element SAP received with each entry', async () => {
    const { fake, held } = await unknownSend('ACC-DIGEST', '1200.50');
    // what SAP stored: one message with the accrual's and the reversal's JournalEntry elements, in that order
    const [xml] = fake.soapMessages;
    const elements = xml!.match(/ {8}<JournalEntry>\n[\s\S]*?<\/JournalEntry>\n/g)!;
    expect(elements).toHaveLength(2);
    expect(elements[0]).toContain('<AmountInTransactionCurrency currencyCode="EUR">1200.50</AmountInTransactionCurrency>');
    expect(elements[1]).toContain('<AmountInTransactionCurrency currencyCode="EUR">-1200.50</AmountInTransactionCurrency>');
    const sha = (text: string) => createHash('sha256').update(text).digest('hex');
    expect(await rows('ACC-DIGEST')).toEqual([
      { kind: 'accrual', state: 'unknown', message_id: held, content_digest: sha(elements[0]!) },
      { kind: 'reversal', state: 'unknown', message_id: held, content_digest: sha(elements[1]!) },
    ]);
  });

  it('refuses changed amounts naming each entry, its message and the Message Dashboard, sends nothing, and leaves the log as it was', async () => {
    const { fake, config, client, log, held } = await unknownSend('ACC-CHANGED', '1200.50');
    const before = await rows('ACC-CHANGED');
    // the period is re-run: the partner's accrual is now 1250.00
    const changed = buildAccrualJournalEntries(accruals('ACC-CHANGED', '1250.00'), config);
    const refusal = await client.sendOnce(changed, log, { now }).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(ValidationError);
    const at = '2026-12-01T06:00:00.000Z';
    const en = (kind: string, ref: string) =>
      `ACC-CHANGED: JournalEntry[${ref}]: the ${kind} ${ref} changed after message ${held} carried it (sent ${at} without an answer): ` +
      `SAP drops a message id it already holds, so sent again under ${held} it would keep the first amounts; nothing was sent. ` +
      `Look message ${held} up in SAP's Message Dashboard: if SAP posted it, reverse that document; if it is still waiting, cancel it; ` +
      'then send the entry with a new message id (resend)';
    const it_ = (which: string, ref: string) =>
      `ACC-CHANGED: JournalEntry[${ref}]: ${which} ${ref} è cambiato dopo che il messaggio ${held} lo ha portato (inviato ${at} senza risposta): ` +
      `SAP scarta un ID messaggio che ha già, quindi rinviato con ${held} terrebbe gli importi del primo invio; non è stato inviato nulla. ` +
      `Cerca il messaggio ${held} nel Message Dashboard di SAP: se SAP lo ha registrato, storna quel documento; se è ancora in attesa, annullalo; ` +
      'poi invia la scrittura con un nuovo ID messaggio (resend)';
    expect((refusal as ValidationError).messages).toEqual({
      en: `${en('accrual', 'ACC-CHANGED')}; ${en('reversal', 'ACC-CHANGEDR')}`,
      it: `${it_('il rateo', 'ACC-CHANGED')}; ${it_('lo storno', 'ACC-CHANGEDR')}`,
    });
    expect((refusal as ValidationError).issues.map((i) => [i.record, i.field])).toEqual([
      ['ACC-CHANGED', 'JournalEntry[ACC-CHANGED]'],
      ['ACC-CHANGED', 'JournalEntry[ACC-CHANGEDR]'],
    ]);
    // nothing left for SAP: one SOAP call in all, the first
    expect(soapCalls(fake)).toBe(1);
    expect(await rows('ACC-CHANGED')).toEqual(before);
    // a second run refuses again rather than letting the change slip through
    await expect(client.sendOnce(changed, log, { now })).rejects.toThrow(ValidationError);
    expect(soapCalls(fake)).toBe(1);
    // SAP's AIF run posts what it holds: the first amounts, which is what finance must look at
    fake.processJournalQueue();
    expect(fake.journalEntries.map((e) => [e.originalReferenceDocument, e.items.map((i) => i.amount)])).toEqual([
      ['ACC-CHANGED', ['1200.50', '-1200.50']],
      ['ACC-CHANGEDR', ['-1200.50', '1200.50']],
    ]);
    // and a changed entry SAP has posted meanwhile is refused too: the log must not call the change posted
    await expect(client.sendOnce(changed, log, { now })).rejects.toThrow(ValidationError);
    expect((await log.get('ACC-CHANGED', 'accrual'))?.state).toBe('unknown');
  });

  it('after the check in SAP, resend sends the new amounts under a new message id and records their digest', async () => {
    const { fake, config, client, log, held } = await unknownSend('ACC-RESEND', '1200.50');
    const changed = buildAccrualJournalEntries(accruals('ACC-RESEND', '1250.00'), config);
    await expect(client.sendOnce(changed, log, { now })).rejects.toThrow(ValidationError);
    const r = await client.sendOnce(changed, log, { now, resend: true });
    expect(r.messageId).not.toBe(held);
    expect(r.sent.map((d) => d.originalReferenceDocument)).toEqual(['ACC-RESEND', 'ACC-RESENDR']);
    expect(soapCalls(fake)).toBe(2);
    const after = await rows('ACC-RESEND');
    expect(after.map((row) => [row.state, row.message_id])).toEqual([
      ['accepted', r.messageId],
      ['accepted', r.messageId],
    ]);
    const second = fake.soapMessages[1]!.match(/ {8}<JournalEntry>\n[\s\S]*?<\/JournalEntry>\n/g)!;
    expect(second[0]).toContain('>1250.00<');
    expect(after.map((row) => row.content_digest)).toEqual(second.map((e) => createHash('sha256').update(e).digest('hex')));
  });

  it('unchanged accruals still go again under the held id, which SAP processes once', async () => {
    const { fake, config, client, log, held } = await unknownSend('ACC-SAME', '1200.50');
    const again = await client.sendOnce(buildAccrualJournalEntries(accruals('ACC-SAME', '1200.50'), config), log, { now });
    expect(again.messageIds).toEqual([held]);
    expect(soapCalls(fake)).toBe(2);
    fake.processJournalQueue();
    expect(fake.journalEntries.map((e) => e.originalReferenceDocument)).toEqual(['ACC-SAME', 'ACC-SAMER']);
  });

  it('a row written before migration sap/007 has no digest to compare: it goes again under its id, as before', async () => {
    const { fake, config, client, log, held } = await unknownSend('ACC-LEGACY', '1200.50');
    await bed.db.query('UPDATE sap_journal_entries SET content_digest = NULL WHERE accrual_id = $1', ['ACC-LEGACY']);
    const again = await client.sendOnce(buildAccrualJournalEntries(accruals('ACC-LEGACY', '1250.00'), config), log, { now });
    expect(again.messageIds).toEqual([held]);
    expect(soapCalls(fake)).toBe(2);
  });
});

// An entry SAP accepted or posted holds the amounts of the message that carried it. When the accruals change later (a
// re-run of the period, a correction), skipping it as "already accepted" would leave finance with no sign that SAP holds
// other amounts than the approved ones: `sendOnce` returns it in `changedSinceTaken`, sends it not, and still sends the
// entries that did not change.
describe('an accepted or posted journal entry whose accruals changed is reported, not skipped as already accepted', () => {
  const refs = (docs: readonly { originalReferenceDocument: string }[]) => docs.map((d) => d.originalReferenceDocument);
  const elements = (xml: string) => xml.match(/ {8}<JournalEntry>\n[\s\S]*?<\/JournalEntry>\n/g)!;
  const sha = (text: string) => createHash('sha256').update(text).digest('hex');

  it('an accepted entry: returned as changed since SAP took it, not sent, not skipped, its log row left as SAP took it', async () => {
    const { fake, config, client, log } = await setUp();
    const first = await client.sendOnce(buildAccrualJournalEntries(accruals('ACC-TAKEN', '1200.50'), config), log, { now });
    const taken = await rows('ACC-TAKEN');
    // what SAP received: the rows keep the digest of each JournalEntry element of that one message
    expect(taken).toEqual(elements(fake.soapMessages[0]!).map((e, k) => ({ kind: ['accrual', 'reversal'][k], state: 'accepted', message_id: first.messageId, content_digest: sha(e) })));

    const changed = buildAccrualJournalEntries(accruals('ACC-TAKEN', '1250.00'), config);
    const r = await client.sendOnce(changed, log, { now });
    expect(refs(r.changedSinceTaken)).toEqual(['ACC-TAKEN', 'ACC-TAKENR']);
    expect(r).toMatchObject({ sent: [], skipped: [], messageIds: [], sentBefore: [] });
    expect(soapCalls(fake)).toBe(1);
    expect(await rows('ACC-TAKEN')).toEqual(taken);
    // the log alone says the same (for a caller whose sendOnce threw); the amounts SAP took are not changed
    expect(refs(await client.changedSinceTaken(changed, log))).toEqual(['ACC-TAKEN', 'ACC-TAKENR']);
    const same = buildAccrualJournalEntries(accruals('ACC-TAKEN', '1200.50'), config);
    expect(await client.changedSinceTaken(same, log)).toEqual([]);
    expect(await client.sendOnce(same, log, { now })).toMatchObject({ sent: [], changedSinceTaken: [], sentBefore: [first.messageId] });
    expect(refs((await client.sendOnce(same, log, { now })).skipped)).toEqual(['ACC-TAKEN', 'ACC-TAKENR']);
    expect(soapCalls(fake)).toBe(1);
  });

  it('a posted entry: returned as changed, and SAP keeps the document with the first amounts', async () => {
    const { fake, config, client, log } = await setUp();
    const docs = buildAccrualJournalEntries(accruals('ACC-BOOKED', '1200.50'), config);
    await client.sendOnce(docs, log, { now });
    fake.processJournalQueue();
    expect(await client.reconcile(docs, log, now)).toEqual({ posted: 2, stillAccepted: 0 });
    const changed = buildAccrualJournalEntries(accruals('ACC-BOOKED', '1250.00'), config);
    const r = await client.sendOnce(changed, log, { now });
    expect(refs(r.changedSinceTaken)).toEqual(['ACC-BOOKED', 'ACC-BOOKEDR']);
    expect(r.skipped).toEqual([]);
    expect(soapCalls(fake)).toBe(1);
    expect((await rows('ACC-BOOKED')).map((row) => row.state)).toEqual(['posted', 'posted']);
    expect(fake.journalEntries.map((e) => [e.originalReferenceDocument, e.accountingDocument, e.items.map((i) => i.amount)])).toEqual([
      ['ACC-BOOKED', '100000001', ['1200.50', '-1200.50']],
      ['ACC-BOOKEDR', '100000002', ['-1200.50', '1200.50']],
    ]);
  });

  it('one changed entry does not hold back the others: the new reversal goes in a new message, the changed accrual does not', async () => {
    const { fake, config, client, log } = await setUp();
    const { reversalDate: _, ...withoutReversal } = accruals('ACC-PART', '1200.50');
    const first = await client.sendOnce(buildAccrualJournalEntries(withoutReversal, config), log, { now });
    // re-run: the accrual is 1250.00 now, and the set has its reversal, never sent
    const r = await client.sendOnce(buildAccrualJournalEntries(accruals('ACC-PART', '1250.00'), config), log, { now });
    expect(refs(r.changedSinceTaken)).toEqual(['ACC-PART']);
    expect(refs(r.sent)).toEqual(['ACC-PARTR']);
    expect(r.messageIds).toHaveLength(1);
    expect(r.messageId).not.toBe(first.messageId);
    expect(soapCalls(fake)).toBe(2);
    const second = elements(fake.soapMessages[1]!);
    expect(second).toHaveLength(1);
    expect(second[0]).toContain('<OriginalReferenceDocument>ACC-PARTR</OriginalReferenceDocument>');
    expect((await rows('ACC-PART')).map((row) => [row.kind, row.state, row.message_id])).toEqual([
      ['accrual', 'accepted', first.messageId],
      ['reversal', 'accepted', r.messageId],
    ]);
    // what SAP posts: the accrual with the first amounts, the reversal with the new ones, which finance must settle
    fake.processJournalQueue();
    expect(fake.journalEntries.map((e) => [e.originalReferenceDocument, e.items.map((i) => i.amount)])).toEqual([
      ['ACC-PART', ['1200.50', '-1200.50']],
      ['ACC-PARTR', ['-1250.00', '1250.00']],
    ]);
  });

  it('when SAP refuses the other entries, the log still tells which accepted ones changed', async () => {
    const { fake, config, client, log } = await setUp();
    const { reversalDate: _, ...withoutReversal } = accruals('ACC-REFUSED', '1200.50');
    await client.sendOnce(buildAccrualJournalEntries(withoutReversal, config), log, { now });
    const changed = buildAccrualJournalEntries(accruals('ACC-REFUSED', '1250.00'), config);
    fake.inject({ op: 'soap', action: 'status-500' });
    await expect(client.sendOnce(changed, log, { now })).rejects.toThrow(/SOAP_FAULT/);
    expect((await rows('ACC-REFUSED')).map((row) => [row.kind, row.state])).toEqual([
      ['accrual', 'accepted'],
      ['reversal', 'failed'],
    ]);
    expect(refs(await client.changedSinceTaken(changed, log))).toEqual(['ACC-REFUSED']);
  });

  it('resend sends changed accepted entries under a new message id; a row without a digest is not compared', async () => {
    const { fake, config, client, log } = await setUp();
    const first = await client.sendOnce(buildAccrualJournalEntries(accruals('ACC-AGAIN', '1200.50'), config), log, { now });
    const changed = buildAccrualJournalEntries(accruals('ACC-AGAIN', '1250.00'), config);
    const r = await client.sendOnce(changed, log, { now, resend: true });
    expect(r).toMatchObject({ changedSinceTaken: [], skipped: [] });
    expect(refs(r.sent)).toEqual(['ACC-AGAIN', 'ACC-AGAINR']);
    expect(r.messageId).not.toBe(first.messageId);
    expect(soapCalls(fake)).toBe(2);
    expect(await client.changedSinceTaken(changed, log)).toEqual([]);

    await client.sendOnce(buildAccrualJournalEntries(accruals('ACC-OLDROW', '1200.50'), config), log, { now });
    await bed.db.query('UPDATE sap_journal_entries SET content_digest = NULL WHERE accrual_id = $1', ['ACC-OLDROW']);
    const legacy = await client.sendOnce(buildAccrualJournalEntries(accruals('ACC-OLDROW', '1250.00'), config), log, { now });
    expect(legacy).toMatchObject({ sent: [], changedSinceTaken: [] });
    expect(refs(legacy.skipped)).toEqual(['ACC-OLDROW', 'ACC-OLDROWR']);
    expect(soapCalls(fake)).toBe(3);
  });
});
