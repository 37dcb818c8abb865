import { createHash } from 'node:crypto';
import { migrate, openDatabase, type Db } from '@provvigo/store';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FakeS4Hana } from '../src/testing/index.js';
import { JournalEntryClient, SAP_MIGRATIONS, SapTransientError, SqlJournalLog, ValidationError, buildAccrualJournalEntries, resolveAuth } from '../src/index.js';
import { PASSWORD, makeConfig } from './fixtures.js';

// An `unknown` journal entry goes again under its recorded message id, and SAP drops a message id it already holds.
// If the accruals changed in between, that resend would be dropped and SAP would keep the first amounts while the log
// says accepted: the client keeps a digest of what each message carried and refuses the changed entries instead.

let fake: FakeS4Hana | undefined;
let db: Db;
beforeAll(async () => {
  db = await openDatabase('memory://');
  await migrate(db, SAP_MIGRATIONS);
});
afterAll(async () => {
  await db.close();
});
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const now = () => new Date('2026-12-01T06:00:00.000Z');
const accruals = (accrualId: string, amount: string) => ({
  accrualId,
  periodId: '2026-11',
  postingDate: '2026-11-30',
  reversalDate: '2026-12-01',
  currency: 'EUR',
  lines: [{ partnerId: 'P00001', amount, component: 'commission' }],
});

/** Starts the fake SAP (messages queued until `processJournalQueue`) and a client on the PGlite journal log. */
async function setUp() {
  fake = await FakeS4Hana.start({ password: PASSWORD, journalProcessing: 'manual' });
  const config = makeConfig(fake.url, 5);
  const client = new JournalEntryClient(config, resolveAuth(config.connection.auth), { fetch: fake.fetch });
  return { fake, config, client, log: new SqlJournalLog(db) };
}

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
  (await db.query<{ kind: string; state: string; message_id: string; content_digest: string | null }>('SELECT kind, state, message_id, content_digest FROM sap_journal_entries WHERE accrual_id = $1 ORDER BY kind', [id])).rows;

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
    await db.query('UPDATE sap_journal_entries SET content_digest = NULL WHERE accrual_id = $1', ['ACC-LEGACY']);
    const again = await client.sendOnce(buildAccrualJournalEntries(accruals('ACC-LEGACY', '1250.00'), config), log, { now });
    expect(again.messageIds).toEqual([held]);
    expect(soapCalls(fake)).toBe(2);
  });
});
