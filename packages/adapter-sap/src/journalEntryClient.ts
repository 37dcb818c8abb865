import { randomUUID } from 'node:crypto';
import { errorTexts } from '@provvigo/core';
import { SapConfigError, type ResolvedAuth, type SapConfig } from './config.js';
import { SapAuthError, SapRemoteError, SapTransientError, ValidationError } from './errors.js';
import { JOURNAL_ENTRY_BULK_ACTION, journalEntryBulkCreateRequest, journalEntryDigest, type JournalEntryDoc, type SoapMessageOptions } from './journalEntries.js';
import type { JournalLog, JournalRecord } from './journalLog.js';
import { readJournalDocument, type JournalDocument } from './journalReadBack.js';
import { defaultSleep, retryTransient, type RetryPolicy } from './retryDelay.js';
import { SapSession, type FetchLike } from './session.js';
import { within } from './texts.js';

/** How a `JournalEntryClient` reaches SAP: a `fetch` or a session of its own, and the read-back's waits (tests). */
export interface JournalEntryClientOptions {
  fetch?: FetchLike | undefined;
  session?: SapSession | undefined;
  /** How the read-back waits between attempts (default: a timer). */
  sleep?: ((ms: number) => Promise<void>) | undefined;
  /** The backoff's jitter (default: Math.random). */
  random?: (() => number) | undefined;
}

/**
 * Sends accrual journal entries to `JournalEntryBulkCreationRequest_In` (asynchronous: SAP accepts with 202 and
 * reports the result in the AIF / message dashboard). The business idempotency key is the entry's reference
 * (OriginalReferenceDocument / DocumentReferenceID): an entry the log or a read of SAP's journal entries shows as
 * accepted or posted is not sent again. The WS-Addressing message id covers what the read cannot see yet, a message
 * SAP accepted but has not posted: a send without a verdict is sent again with the same id, which SAP processes once.
 * A document finance reversed in SAP is never a reason to send by itself: reversing an accrual is its normal lifecycle.
 */
export class JournalEntryClient {
  readonly session: SapSession;
  private readonly path: string;
  /** The read-back's retries: the connection's `maxAttempts` and backoff, as the invoice poster's lookups. */
  private readonly retry: RetryPolicy;

  constructor(
    readonly config: SapConfig,
    auth: ResolvedAuth,
    options: JournalEntryClientOptions = {},
  ) {
    // checked at start: a guessed path would only fail at the first period close
    const path = config.connection.journalEntryPath;
    if (!path) {
      throw new SapConfigError({
        en: 'connection.journalEntryPath is not set: copy the URL path of "Journal Entry - Post (Asynchronous)" from the communication arrangement (SAP_COM_0002)',
        it: 'connection.journalEntryPath non è impostato: copia il percorso URL di "Journal Entry - Post (Asynchronous)" dall\'accordo di comunicazione (SAP_COM_0002)',
      });
    }
    this.path = path;
    this.session = options.session ?? new SapSession(config.connection, auth, { fetch: options.fetch });
    const { maxAttempts, retryBaseDelayMs } = config.connection;
    this.retry = { maxAttempts, retryBaseDelayMs, sleep: options.sleep ?? defaultSleep, random: options.random ?? Math.random };
  }

  /** Sends one bulk message; resolves with its message id when SAP accepted it (2xx). */
  async send(docs: readonly JournalEntryDoc[], options: SoapMessageOptions = {}): Promise<{ messageId: string; status: number }> {
    const xml = journalEntryBulkCreateRequest(docs, this.config, { ...options, to: options.to ?? this.session.url(this.path) });
    const messageId = /<wsa:MessageID>urn:uuid:([^<]*)<\/wsa:MessageID>/.exec(xml)?.[1] ?? '';
    const accrualId = docs[0]?.accrualId ?? '';
    const context = { en: `accruals ${accrualId}`, it: `ratei ${accrualId}` };
    const res = await this.session.request('POST', this.path, {
      context,
      csrf: false,
      headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: `"${JOURNAL_ENTRY_BULK_ACTION}"`, accept: 'text/xml' },
      body: xml,
    });
    if (res.status >= 200 && res.status < 300) return { messageId, status: res.status };
    const fault = /<faultstring[^>]*>([^<]*)<\/faultstring>/.exec(res.text)?.[1];
    if (res.status >= 500 && !fault) throw new SapTransientError(within(context, { en: `SOAP ${res.status}`, it: `SOAP ${res.status}` }));
    throw new SapRemoteError(res.status, 'SOAP_FAULT', fault ?? `HTTP ${res.status}`, [], undefined, context);
  }

  /**
   * SAP's accounting document for an entry, read back by company code and reference from
   * `A_OperationalAcctgDocItemCube` (`journalReadBack.ts`); undefined when SAP holds none (not posted yet, or posted
   * and reversed: a reversed document and its reversal do not count), or when no read service is configured
   * (`connection.journalEntryReadPath`). SAP refusing the query (a 4xx) is a `SapRemoteError`, not retried; no answer,
   * a reset, a 5xx or a 429 is asked again up to `connection.maxAttempts` times in all, then a `SapTransientError`.
   */
  async findPosted(doc: Pick<JournalEntryDoc, 'companyCode' | 'originalReferenceDocument' | 'accrualId'>): Promise<string | undefined> {
    const readPath = this.config.connection.journalEntryReadPath;
    if (!readPath) return undefined;
    return (await retryTransient(() => readJournalDocument(this.session, readPath, doc, 'live'), this.retry))?.accountingDocument;
  }

  /**
   * The document SAP shows posted for the entry's reference and then reversed (the original, not the reversal
   * document); undefined when it shows none or no read service is configured. Asked only once `findPosted` found no
   * live document.
   */
  private async findReversed(doc: JournalEntryDoc): Promise<JournalDocument | undefined> {
    const readPath = this.config.connection.journalEntryReadPath;
    if (!readPath) return undefined;
    return retryTransient(() => readJournalDocument(this.session, readPath, doc, 'reversed'), this.retry);
  }

  /**
   * Sends the entries not yet accepted or posted, and records the outcome. Before sending an entry with no
   * successful record, SAP is read by reference: an entry already there (a lost answer, a lost log) is recorded as
   * posted instead of being sent twice. Each message is recorded `unknown` with its message id and the digest of what
   * it carries (`journalEntryDigest`) before it is sent, then `accepted` on 2xx, `failed` on SAP's refusal (a SOAP
   * fault, a 4xx, refused credentials) and `unknown` (with the cause) when no verdict came back (a timeout, a reset, a
   * 5xx without a SOAP fault). An `unknown` entry SAP has not posted is sent again with its recorded message id, which
   * SAP's inbound processing does not process twice; every other message gets a new id. An `unknown` entry whose
   * content changed since (a re-run of the period, a correction) is refused with a `ValidationError` naming it and its
   * message, and nothing is sent: SAP would drop it under the old id and keep the first amounts. An `accepted` or
   * `posted` entry whose content changed since SAP took it is neither sent nor skipped: it is returned in
   * `changedSinceTaken` (SAP holds the first amounts; only a reversal or cancellation in SAP, then `resend`, fixes
   * that), and the run still sends the other entries, which a changed one must not hold back. `resend: true` sends
   * every entry again regardless, with a new id (after a reversal in SAP, say); `resend` as a set of references
   * (`originalReferenceDocument`) sends only those entries again so, each with the other chunks of its log row, and
   * leaves the rest to the rules above: a bare resend would post again the entries SAP holds unchanged. A reference
   * that names no entry of `docs` is refused with a `ValidationError` before anything is read or sent. A reversal in
   * SAP never sends an entry by itself (finance reverses every accrual in its normal lifecycle): one recorded
   * `accepted` or `posted` is not read; one with no successful record whose reference SAP shows posted and reversed,
   * none live, is not sent but returned in `reversedInSap` (its document in `reversedDocuments`, by reference), and
   * its log row is left as it was. Sending it again is the operator's decision: `resend` with its reference.
   * `onReversedInSap` hears of those entries before anything is sent: when a send then fails and `sendOnce` throws,
   * the caller can still report them (the log holds nothing that says so). `adoptReversed` (references, each with the
   * other chunks of its log row) is the operator's other decision: SAP's posting and its reversal were this accrual's
   * normal lifecycle, so such an entry is recorded `posted` with SAP's reversed document, as the lost row would have
   * said, and returned in `adopted` (and `skipped`), not sent; later runs skip it without reading SAP. A reference
   * named by both `resend` and `adoptReversed`, or `adoptReversed` beside a bare `resend`, is refused before
   * anything is read or sent.
   */
  async sendOnce(
    docs: readonly JournalEntryDoc[],
    log: JournalLog,
    options: SoapMessageOptions & {
      resend?: boolean | ReadonlySet<string> | undefined;
      now?: (() => Date) | undefined;
      adoptReversed?: ReadonlySet<string> | undefined;
      onReversedInSap?: ((entries: readonly JournalEntryDoc[], documents: ReadonlyMap<string, JournalDocument>) => void) | undefined;
    } = {},
  ): Promise<{
    sent: JournalEntryDoc[];
    skipped: JournalEntryDoc[];
    changedSinceTaken: JournalEntryDoc[];
    /** Entries with no successful record whose reference SAP shows posted and then reversed: not sent. */
    reversedInSap: JournalEntryDoc[];
    /** SAP's reversed document of each `reversedInSap` and `adopted` entry, by reference (`originalReferenceDocument`). */
    reversedDocuments: Map<string, JournalDocument>;
    /** Entries SAP shows posted and reversed that `adoptReversed` named: recorded `posted`, not sent (also in `skipped`). */
    adopted: JournalEntryDoc[];
    messageId?: string | undefined;
    messageIds: string[];
    sentBefore: string[];
  }> {
    const now = options.now ?? (() => new Date());
    const chosen = resendChosen(docs, options.resend);
    const adopt = adoptChosen(docs, options.adoptReversed, options.resend);
    const digests = entryDigests(docs, this.config);
    const record: RecordFn = (d, r) =>
      log.save({ accrualId: d.accrualId, kind: d.kind, periodId: d.periodId, companyCode: d.companyCode, accountingDocument: null, contentDigest: digests.get(entryKey(d)) ?? null, ...r, updatedAt: now().toISOString() });
    const { again, fresh, skipped, sentBefore, changed, changedSinceTaken, reversedInSap, reversedDocuments, adopted } = await this.plan(docs, log, digests, record, { resend: chosen, adopt });
    if (changed.length > 0) throw changedSinceSent(changed);
    if (reversedInSap.length > 0) options.onReversedInSap?.(reversedInSap, reversedDocuments);
    const messages = [...again.entries()];
    if (fresh.length > 0) messages.push([options.messageId ?? randomUUID(), fresh]);
    const sent: JournalEntryDoc[] = [];
    const messageIds: string[] = [];
    for (const [messageId, group] of messages) {
      // the id is kept before the message leaves: whatever happens next, a re-run sends it again with this id
      for (const d of group) await record(d, { messageId, state: 'unknown', errorMessage: null, errorMessages: null });
      try {
        await this.send(group, { ...options, messageId });
      } catch (error) {
        // the reason in both languages (SAP's fault text as SAP gave it)
        const why = errorTexts(error);
        if (error instanceof SapRemoteError || error instanceof SapAuthError) {
          for (const d of group) await record(d, { messageId, state: 'failed', errorMessage: why.en, errorMessages: why });
        } else {
          const text = {
            en: `${why.en}: outcome unknown, SAP may already hold message ${messageId}; the next run sends it again with the same message id, which SAP does not process twice`,
            it: `${why.it}: esito sconosciuto, SAP potrebbe già avere il messaggio ${messageId}; la prossima esecuzione lo rinvia con lo stesso ID messaggio, che SAP non elabora due volte`,
          };
          for (const d of group) await record(d, { messageId, state: 'unknown', errorMessage: text.en, errorMessages: text });
        }
        throw error;
      }
      for (const d of group) await record(d, { messageId, state: 'accepted', errorMessage: null, errorMessages: null });
      sent.push(...group);
      messageIds.push(messageId);
    }
    return { sent, skipped, changedSinceTaken, reversedInSap, reversedDocuments, adopted, messageId: messageIds.at(-1), messageIds, sentBefore };
  }

  /**
   * What `sendOnce` does with each entry: skip it (accepted or posted before, or found posted by the read-back), send
   * it again under its `unknown` message id, send it in one new message, or refuse it (`changed`: an `unknown` entry
   * whose digest differs from the one its message carried; checked before the read-back, since a posting SAP found
   * would hold the first amounts too). An accepted or posted entry whose digest differs is `changedSinceTaken`, not
   * skipped: "already accepted" would hide that SAP holds other amounts than these. A row without a digest (written
   * before `sap/007_journal_content_digest`) cannot be compared and is handled as before. An entry `resend` chose goes
   * in the new message whatever its log row says. An `accepted` or `posted` entry is not read: finance reversing
   * its document is the accrual's normal lifecycle, not a reason to post it again. An entry with no successful record
   * that SAP shows posted and reversed, none live, is `reversedInSap`, not sent, and nothing is recorded
   * for it (see the comment where it is set aside), unless `adoptReversed` chose it: then it is recorded `posted`.
   */
  private async plan(
    docs: readonly JournalEntryDoc[],
    log: JournalLog,
    digests: ReadonlyMap<string, string>,
    record: RecordFn,
    chosen: { resend: (d: JournalEntryDoc) => boolean; adopt: (d: JournalEntryDoc) => boolean },
  ) {
    const sentBefore: string[] = [];
    const again = new Map<string, JournalEntryDoc[]>();
    const fresh: JournalEntryDoc[] = [];
    const skipped: JournalEntryDoc[] = [];
    const changed: { doc: JournalEntryDoc; prior: JournalRecord }[] = [];
    const changedSinceTaken: JournalEntryDoc[] = [];
    const reversedInSap: JournalEntryDoc[] = [];
    const reversedDocuments = new Map<string, JournalDocument>();
    const adopted: JournalEntryDoc[] = [];
    for (const d of docs) {
      const prior = await log.get(d.accrualId, d.kind);
      const resend = chosen.resend(d);
      if (!resend && (prior?.state === 'accepted' || prior?.state === 'posted')) {
        if (takenWithOtherContent(prior, digests.get(entryKey(d)))) changedSinceTaken.push(d);
        else {
          skipped.push(d);
          if (!sentBefore.includes(prior.messageId)) sentBefore.push(prior.messageId);
        }
        continue;
      }
      const unknownId = !resend && prior?.state === 'unknown' && prior.messageId ? prior.messageId : undefined;
      if (unknownId && carriedOtherContent(prior, digests.get(entryKey(d)))) {
        changed.push({ doc: d, prior });
        continue;
      }
      const posted = resend ? undefined : await this.findPosted(d);
      const reversed = resend || posted ? undefined : await this.findReversed(d);
      // SAP's document recorded on the entry's row, whichever message (if any of ours) it came from
      const recordPosted = (document: string) =>
        record(d, { messageId: prior?.messageId ?? '', state: 'posted', accountingDocument: document, contentDigest: prior?.contentDigest ?? null, errorMessage: null, errorMessages: null });
      if (posted) {
        await recordPosted(posted);
        skipped.push(d);
      } else if (reversed && chosen.adopt(d)) {
        // the operator's word that SAP's posting was this accrual's: what the lost row would have said
        await recordPosted(reversed.accountingDocument);
        skipped.push(d);
        adopted.push(d);
        reversedDocuments.set(d.originalReferenceDocument, reversed);
      } else if (reversed) {
        // Nothing is recorded. The log's states say what became of this adapter's messages; SAP showing the reference
        // reversed says neither which message (if any of ours) posted it nor that SAP holds it: `posted` with that
        // document would claim a posting SAP no longer holds, and a row made up now would hide it from the next run,
        // which reads SAP again and reports it again until the operator decides (`resend` with its reference).
        reversedInSap.push(d);
        reversedDocuments.set(d.originalReferenceDocument, reversed);
      } else if (unknownId) {
        again.set(unknownId, [...(again.get(unknownId) ?? []), d]);
      } else fresh.push(d);
    }
    return { again, fresh, skipped, sentBefore, changed, changedSinceTaken, reversedInSap, reversedDocuments, adopted };
  }

  /**
   * The entries the log records `accepted` or `posted` with a digest other than theirs now: what `sendOnce` returns
   * as `changedSinceTaken`, read from the log alone (no call to SAP). For a caller whose `sendOnce` threw (SAP
   * refused or did not answer another entry, or an `unknown` entry changed) and who must still say which entries SAP
   * holds with other amounts: `sendOnce` leaves their rows as they were.
   */
  async changedSinceTaken(docs: readonly JournalEntryDoc[], log: JournalLog): Promise<JournalEntryDoc[]> {
    const digests = entryDigests(docs, this.config);
    const out: JournalEntryDoc[] = [];
    for (const d of docs) if (takenWithOtherContent(await log.get(d.accrualId, d.kind), digests.get(entryKey(d)))) out.push(d);
    return out;
  }

  /**
   * Reads back the entries recorded as accepted; those SAP holds posted become `posted` with their document. A
   * document finance reversed does not count: its entry stays `accepted` (`stillAccepted`).
   */
  async reconcile(docs: readonly JournalEntryDoc[], log: JournalLog, now: () => Date = () => new Date()): Promise<{ posted: number; stillAccepted: number }> {
    let posted = 0;
    let stillAccepted = 0;
    for (const d of docs) {
      const prior = await log.get(d.accrualId, d.kind);
      if (prior?.state !== 'accepted') continue;
      const doc = await this.findPosted(d);
      if (doc) {
        await log.save({ ...prior, state: 'posted', accountingDocument: doc, updatedAt: now().toISOString() });
        posted++;
      } else stillAccepted++;
    }
    return { posted, stillAccepted };
  }
}

type RecordFn = (
  d: JournalEntryDoc,
  r: Pick<JournalRecord, 'messageId' | 'state' | 'errorMessage' | 'errorMessages'> & { accountingDocument?: string | null; contentDigest?: string | null },
) => Promise<void>;

/** The journal log's key of a document: the chunks of one accrual set (`ACC/1`, `ACC/2`) share a row. */
const entryKey = (d: Pick<JournalEntryDoc, 'accrualId' | 'kind'>) => `${d.accrualId}\u0000${d.kind}`;

/**
 * Which entries `resend` sends again under a new id: all (`true`), none (unset, `false`), or those whose reference is
 * in the set, each with the other chunks of its log row (`ACC/1` brings `ACC/2`): the chunks share one row and one
 * digest, so a row sent in part would record the new message for chunks SAP holds with the old amounts.
 */
function resendChosen(docs: readonly JournalEntryDoc[], resend: boolean | ReadonlySet<string> | undefined): (d: JournalEntryDoc) => boolean {
  if (resend === true) return () => true;
  if (!resend) return () => false;
  checkResendReferences(docs, resend);
  const rows = new Set(docs.filter((d) => resend.has(d.originalReferenceDocument)).map(entryKey));
  return (d) => rows.has(entryKey(d));
}

/**
 * Which entries `adoptReversed` records `posted` when SAP shows them reversed: those whose reference is in the set,
 * each with the other chunks of its log row (one row: adopting one chunk settles the row for every later run).
 */
function adoptChosen(docs: readonly JournalEntryDoc[], adopt: ReadonlySet<string> | undefined, resend: boolean | ReadonlySet<string> | undefined): (d: JournalEntryDoc) => boolean {
  if (!adopt || adopt.size === 0) return () => false;
  checkAdoptReferences(docs, adopt, resend);
  const rows = new Set(docs.filter((d) => adopt.has(d.originalReferenceDocument)).map(entryKey));
  return (d) => rows.has(entryKey(d));
}

/**
 * Refuses `adoptReversed` references as `sendOnce` would, before anything is sent: one that names no entry (as
 * `checkResendReferences`, field `adoptReversed`), one that `resend` names too, or any beside a bare `resend` (the two
 * decisions contradict each other). Exported so a caller can check them before it opens anything.
 */
export function checkAdoptReferences(docs: readonly Pick<JournalEntryDoc, 'originalReferenceDocument'>[], adopt: ReadonlySet<string>, resend?: boolean | ReadonlySet<string>): void {
  checkResendReferences(docs, adopt, 'adoptReversed');
  const both = resend === true ? [...adopt] : [...adopt].filter((ref) => typeof resend === 'object' && resend.has(ref));
  if (both.length > 0) {
    throw new ValidationError(
      both.map((ref) => {
        const messages = {
          en: `${ref} is named both to send again (resend) and to record as posted and reversed in SAP (adoptReversed): choose one; nothing was sent`,
          it: `${ref} è indicato sia da inviare di nuovo (resend) sia da registrare come registrato e stornato in SAP (adoptReversed): scegline uno; non è stato inviato nulla`,
        };
        return { record: ref, field: 'adoptReversed', message: messages.en, messages };
      }),
    );
  }
}

/**
 * Refuses references that name no journal entry of `docs` (a typo, another period's file) before anything is sent:
 * one issue per reference (record: the reference, field: `field`, `resend` unless told), naming the references there
 * are, in both languages. Exported so a caller can check the references before it opens anything.
 */
export function checkResendReferences(docs: readonly Pick<JournalEntryDoc, 'originalReferenceDocument'>[], refs: Iterable<string>, field = 'resend'): void {
  const known = new Map(docs.map((d) => [d.originalReferenceDocument, d]));
  const list = [...known.keys()].join(', ');
  const unknown = [...new Set(refs)].filter((ref) => !known.has(ref));
  if (unknown.length === 0) return;
  throw new ValidationError(
    unknown.map((ref) => {
      const messages = {
        en: `no journal entry of these accruals has the reference ${ref} (theirs: ${list}); nothing was sent`,
        it: `nessuna scrittura contabile di questi ratei ha il riferimento ${ref} (i loro: ${list}); non è stato inviato nulla`,
      };
      return { record: ref, field, message: messages.en, messages };
    }),
  );
}

/**
 * Whether SAP took (accepted or posted) other content than `digest` for this log row. A row without a digest
 * (written before `sap/007_journal_content_digest`) cannot be compared and counts as unchanged, as before.
 */
function takenWithOtherContent(prior: JournalRecord | undefined, digest: string | undefined): boolean {
  if (prior?.state !== 'accepted' && prior?.state !== 'posted') return false;
  return carriedOtherContent(prior, digest);
}

/**
 * Whether the row's last message carried other content than `digest`, whatever SAP did with it. A row without a
 * digest (written before `sap/007_journal_content_digest`) cannot be compared and counts as unchanged, as before.
 */
function carriedOtherContent(prior: JournalRecord | undefined, digest: string | undefined): prior is JournalRecord {
  return !!prior?.contentDigest && prior.contentDigest !== digest;
}

/** The digest of each log row's documents, all its chunks together, as one message carries them. */
function entryDigests(docs: readonly JournalEntryDoc[], config: SapConfig): Map<string, string> {
  const byKey = new Map<string, JournalEntryDoc[]>();
  for (const d of docs) byKey.set(entryKey(d), [...(byKey.get(entryKey(d)) ?? []), d]);
  return new Map([...byKey].map(([key, group]) => [key, journalEntryDigest(group, config)]));
}

/**
 * The refusal of `unknown` entries whose content changed since their message left: each named with its accrual set,
 * its reference, the message id and what to look at in SAP, in both languages.
 */
function changedSinceSent(changed: readonly { doc: JournalEntryDoc; prior: JournalRecord }[]): ValidationError {
  return new ValidationError(
    changed.map(({ doc, prior }) => {
      const [id, ref, at] = [prior.messageId, doc.originalReferenceDocument, prior.updatedAt];
      const messages = {
        en:
          `the ${doc.kind} ${ref} changed after message ${id} carried it (sent ${at} without an answer): SAP drops a message id it already holds, ` +
          `so sent again under ${id} it would keep the first amounts; nothing was sent. Look message ${id} up in SAP's Message Dashboard: ` +
          'if SAP posted it, reverse that document; if it is still waiting, cancel it; then send the entry with a new message id (resend)',
        it:
          `${doc.kind === 'accrual' ? 'il rateo' : 'lo storno'} ${ref} è cambiato dopo che il messaggio ${id} lo ha portato (inviato ${at} senza risposta): ` +
          `SAP scarta un ID messaggio che ha già, quindi rinviato con ${id} terrebbe gli importi del primo invio; non è stato inviato nulla. ` +
          `Cerca il messaggio ${id} nel Message Dashboard di SAP: se SAP lo ha registrato, storna quel documento; se è ancora in attesa, annullalo; ` +
          'poi invia la scrittura con un nuovo ID messaggio (resend)',
      };
      return { record: doc.accrualId, field: `JournalEntry[${ref}]`, message: messages.en, messages };
    }),
  );
}
