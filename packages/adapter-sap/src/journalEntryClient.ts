import type { ResolvedAuth, SapConfig } from './config.js';
import { SapRemoteError, TransientError } from './errors.js';
import { journalEntryBulkCreateRequest, type JournalEntryDoc, type SoapMessageOptions } from './journalEntries.js';
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
}
