import { describe, expect, it } from 'vitest';
import { ValidationError, buildAccrualJournalEntries, type JournalEntryDoc } from '../src/index.js';
import { journalBed } from './journalBed.js';

// `resend: true` sends every entry given again under a new message id, those SAP holds unchanged too, which SAP then
// posts twice. `resend` as a set of references sends only the entries named, and leaves the others to the once-only
// rules; the chunks of one entry share one log row and go together.

const bed = journalBed();

const now = () => new Date('2026-12-01T06:00:00.000Z');
/** `lines` accrual lines of `amount` each (two items a line), with the reversal. */
const accruals = (accrualId: string, amount: string, lines = 1) => ({
  accrualId,
  periodId: '2026-11',
  postingDate: '2026-11-30',
  reversalDate: '2026-12-01',
  currency: 'EUR',
  lines: Array.from({ length: lines }, () => ({ partnerId: 'P00001', amount, component: 'commission' })),
});
const refs = (docs: readonly JournalEntryDoc[]) => docs.map((d) => d.originalReferenceDocument);

/** The fake SAP (messages queued until `processJournalQueue`) and a client on the file's PGlite journal log. */
const setUp = () => bed.start();

describe('sendOnce with resend as a set of references', () => {
  it('sends the named entry again under a new id; the unchanged one is skipped, not sent twice', async () => {
    const { fake, config, client, log } = await setUp();
    const first = await client.sendOnce(buildAccrualJournalEntries(accruals('ACC-SET', '100.00'), config), log, { now });
    // the same entries again (a reversed document in SAP, say): `resend: true` would send both, the set the accrual alone
    const r = await client.sendOnce(buildAccrualJournalEntries(accruals('ACC-SET', '100.00'), config), log, { now, resend: new Set(['ACC-SET']) });
    expect(refs(r.sent)).toEqual(['ACC-SET']);
    expect(refs(r.skipped)).toEqual(['ACC-SETR']);
    expect(r.sentBefore).toEqual([first.messageId]);
    expect(r.messageId).not.toBe(first.messageId);
    expect(fake.soapMessages[1]).not.toContain('<OriginalReferenceDocument>ACC-SETR</OriginalReferenceDocument>');
    expect((await log.get('ACC-SET', 'reversal'))?.messageId).toBe(first.messageId);
  });

  it('a chunk named brings the other chunks of its entry; the changed reversal chunks are reported, not sent', async () => {
    const { fake, config, client, log } = await setUp();
    // 500 lines, 1000 items: two chunks (998 + 2) per entry, ACC-BIG/1 and ACC-BIG/2, reversals ACC-BIGR/1 and /2
    await client.sendOnce(buildAccrualJournalEntries(accruals('ACC-BIG', '1.00', 500), config), log, { now });
    const changed = buildAccrualJournalEntries(accruals('ACC-BIG', '2.00', 500), config);
    expect(refs(changed)).toEqual(['ACC-BIG/1', 'ACC-BIG/2', 'ACC-BIGR/1', 'ACC-BIGR/2']);
    const r = await client.sendOnce(changed, log, { now, resend: new Set(['ACC-BIG/1']) });
    expect(refs(r.sent)).toEqual(['ACC-BIG/1', 'ACC-BIG/2']);
    expect(refs(r.changedSinceTaken)).toEqual(['ACC-BIGR/1', 'ACC-BIGR/2']);
    expect(fake.soapMessages).toHaveLength(2);
    expect(refs(await client.changedSinceTaken(changed, log))).toEqual(['ACC-BIGR/1', 'ACC-BIGR/2']);
  });

  it('refuses a reference that names no entry before anything is read or sent, in both languages', async () => {
    const { fake, config, client, log } = await setUp();
    const docs = buildAccrualJournalEntries(accruals('ACC-NONE', '100.00'), config);
    const e = await client.sendOnce(docs, log, { now, resend: new Set(['ACC-NONE', 'ACC-NOPE']) }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ValidationError);
    expect((e as ValidationError).messages).toEqual({
      en: 'ACC-NOPE: resend: no journal entry of these accruals has the reference ACC-NOPE (theirs: ACC-NONE, ACC-NONER); nothing was sent',
      it: 'ACC-NOPE: resend: nessuna scrittura contabile di questi ratei ha il riferimento ACC-NOPE (i loro: ACC-NONE, ACC-NONER); non è stato inviato nulla',
    });
    expect(fake.requests).toHaveLength(0);
    expect(await log.get('ACC-NONE', 'accrual')).toBeUndefined();
  });
});
