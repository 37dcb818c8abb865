import type { ResolvedAuth, SapConfig } from './config.js';
import { SapRemoteError, TransientError } from './errors.js';
import { journalEntryBulkCreateRequest, type JournalEntryDoc, type SoapMessageOptions } from './journalEntries.js';
import type { JournalLog } from './journalLog.js';
import { SapSession, type FetchLike } from './session.js';

/**
 * Sends accrual journal entries to `JournalEntryBulkCreationRequest_In` (asynchronous: SAP accepts with 202 and
 * reports the result in the AIF / message dashboard). The OriginalReferenceDocument of each entry is our accrual
 * id, so a duplicate send is visible there; `SqlPostingLog` users record sends in `sap_journal_entries`.
 */
export class JournalEntryClient {
  readonly session: SapSession;

  constructor(
    readonly config: SapConfig,
    auth: ResolvedAuth,
    options: { fetch?: FetchLike | undefined; session?: SapSession | undefined } = {},
  ) {
    this.session = options.session ?? new SapSession(config.connection, auth, { fetch: options.fetch });
  }

  /** Sends one bulk message; resolves with its message id when SAP accepted it (2xx). */
  async send(docs: readonly JournalEntryDoc[], options: SoapMessageOptions = {}): Promise<{ messageId: string; status: number }> {
    const xml = journalEntryBulkCreateRequest(docs, this.config, options);
    const messageId = /<ID>([^<]*)<\/ID>/.exec(xml)?.[1] ?? '';
    const context = `accruals ${docs[0]?.accrualId ?? ''}`;
    const res = await this.session.request('POST', this.config.connection.journalEntryPath, {
      context,
      csrf: false,
      headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: '"http://sap.com/xi/SAPSCORE/SFIN/JournalEntryBulkCreationRequest_In/JournalEntryBulkCreationRequest_InRequest"', accept: 'text/xml' },
      body: xml,
    });
    if (res.status >= 200 && res.status < 300) return { messageId, status: res.status };
    const fault = /<faultstring[^>]*>([^<]*)<\/faultstring>/.exec(res.text)?.[1];
    if (res.status >= 500 && !fault) throw new TransientError(`${context}: SOAP ${res.status}`);
    throw new SapRemoteError(res.status, 'SOAP_FAULT', fault ?? `HTTP ${res.status}`, [], undefined, context);
  }

  /**
   * Sends the entries not yet recorded as sent in `log` (by accrual id and kind) and records the outcome; entries
   * already sent are skipped unless `resend`. Returns what was sent and what was skipped.
   */
  async sendOnce(
    docs: readonly JournalEntryDoc[],
    log: JournalLog,
    options: SoapMessageOptions & { resend?: boolean; now?: (() => Date) | undefined } = {},
  ): Promise<{ sent: JournalEntryDoc[]; skipped: JournalEntryDoc[]; messageId?: string | undefined; sentBefore: string[] }> {
    const now = options.now ?? (() => new Date());
    const sentBefore: string[] = [];
    const pending: JournalEntryDoc[] = [];
    const skipped: JournalEntryDoc[] = [];
    for (const d of docs) {
      const prior = await log.get(d.accrualId, d.kind);
      if (prior?.state === 'sent' && !options.resend) {
        skipped.push(d);
        if (!sentBefore.includes(prior.messageId)) sentBefore.push(prior.messageId);
      } else pending.push(d);
    }
    if (pending.length === 0) return { sent: [], skipped, sentBefore };
    const kinds = [...new Set(pending.map((d) => d.kind))];
    const first = pending[0]!;
    try {
      const { messageId } = await this.send(pending, options);
      for (const kind of kinds) {
        await log.save({ accrualId: first.accrualId, kind, periodId: first.periodId, companyCode: first.companyCode, messageId, state: 'sent', errorMessage: null, updatedAt: now().toISOString() });
      }
      return { sent: pending, skipped, messageId, sentBefore };
    } catch (error) {
      for (const kind of kinds) {
        await log.save({ accrualId: first.accrualId, kind, periodId: first.periodId, companyCode: first.companyCode, messageId: '', state: 'failed', errorMessage: (error as Error).message, updatedAt: now().toISOString() });
      }
      throw error;
    }
  }
}
