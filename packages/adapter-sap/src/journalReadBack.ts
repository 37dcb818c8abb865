import type { BothLanguages } from '@provvigo/core';
import { z } from 'zod';
import { SapProtocolError, SapRemoteError, SapTransientError } from './errors.js';
import type { JournalEntryDoc } from './journalEntries.js';
import { retryAfterMs, sapErrorBody } from './sapError.js';
import type { SapSession } from './session.js';
import { odataString } from './supplierInvoiceApi.js';
import { within } from './texts.js';

/**
 * The read of SAP's journal entries by company code and reference, through `API_OPLACCTGDOCITEMCUBE_SRV`
 * (`A_OperationalAcctgDocItemCube`, communication arrangement SAP_COM_0303): one row per item of an accounting
 * document, with `DocumentReferenceID` and whether the item reverses another (`IsReversal`) or was reversed
 * (`IsReversed`). `API_JOURNALENTRYITEMBASIC_SRV` has neither `AccountingDocument` nor `DocumentReferenceID`.
 */

/** The entity set read under `connection.journalEntryReadPath`. */
export const JOURNAL_READ_ENTITY_SET = 'A_OperationalAcctgDocItemCube';

const ReadSchema = z.object({
  d: z.object({ results: z.array(z.object({ AccountingDocument: z.string().min(1), FiscalYear: z.string() }).passthrough()) }),
});

/**
 * Which documents of the reference count: `live`, those SAP holds (neither a reversal nor reversed: a document finance
 * reversed is no longer posted); `reversed`, an original whose reversal SAP posted.
 */
export type JournalReadScope = 'live' | 'reversed';

const SCOPE_FILTER: ReadonlyMap<JournalReadScope, string> = new Map([
  // OData v2 Edm.Boolean literals: true / false, unquoted
  ['live', 'IsReversal eq false and IsReversed eq false'],
  ['reversed', 'IsReversal eq false and IsReversed eq true'],
]);

/** The `$filter` of a read by company code and reference (SAP's upper-case `DocumentReferenceID`, 16 characters). */
export function journalReadFilter(doc: Pick<JournalEntryDoc, 'companyCode' | 'originalReferenceDocument'>, scope: JournalReadScope): string {
  const reference = odataString(doc.originalReferenceDocument.slice(0, 16).toUpperCase());
  return `CompanyCode eq ${odataString(doc.companyCode)} and DocumentReferenceID eq ${reference} and ${SCOPE_FILTER.get(scope)}`;
}

/** An accounting document the read finds for a reference. */
export interface JournalDocument {
  accountingDocument: string;
  fiscalYear: string;
}

/**
 * The accounting document (and its fiscal year) of the first item SAP holds for `doc` in `scope`, or undefined.
 * A 4xx other than 429 is SAP refusing the query (a wrong service or path, an authorisation the communication user
 * lacks): a `SapRemoteError` naming the path and `connection.journalEntryReadPath`, never retried. A 5xx, a 429 or no
 * answer is a `SapTransientError` (with SAP's `Retry-After`, if any), which `JournalEntryClient` asks again.
 */
export async function readJournalDocument(
  session: SapSession,
  readPath: string,
  doc: Pick<JournalEntryDoc, 'companyCode' | 'originalReferenceDocument' | 'accrualId'>,
  scope: JournalReadScope,
): Promise<JournalDocument | undefined> {
  const context = { en: `accruals ${doc.accrualId}: read back`, it: `ratei ${doc.accrualId}: rilettura da SAP` };
  const path = `${readPath}/${JOURNAL_READ_ENTITY_SET}`;
  const res = await session.request('GET', path, {
    context,
    query: { $filter: journalReadFilter(doc, scope), $select: 'AccountingDocument,FiscalYear', $top: '1', $format: 'json' },
  });
  if (res.status >= 400 && res.status < 500 && res.status !== 429) throw refusal(res.status, res.text, path, context);
  if (res.status !== 200) {
    const error = new SapTransientError(within(context, { en: `HTTP ${res.status}`, it: `HTTP ${res.status}` }));
    // a gateway's quota (429) or an overloaded SAP (503) says when to ask again
    error.retryAfterMs = retryAfterMs(res.headers.get('retry-after'));
    throw error;
  }
  let parsed: ReturnType<typeof ReadSchema.safeParse>;
  try {
    parsed = ReadSchema.safeParse(JSON.parse(res.text));
  } catch {
    throw new SapProtocolError(within(context, { en: 'answer is not JSON', it: 'la risposta non è JSON' }));
  }
  if (!parsed.success) throw new SapProtocolError(within(context, { en: 'answer has no d.results list', it: "la risposta non ha l'elenco d.results" }));
  const first = parsed.data.d.results[0];
  return first ? { accountingDocument: first.AccountingDocument, fiscalYear: first.FiscalYear } : undefined;
}

/** SAP's refusal of the read, with SAP's code and message as SAP gave them (or the HTTP status and page). */
function refusal(status: number, text: string, path: string, context: BothLanguages): SapRemoteError {
  const e = sapErrorBody(text);
  const message = e?.message ?? (text.replace(/\s+/g, ' ').slice(0, 120) || `HTTP ${status}`);
  const where = within(context, {
    en:
      `SAP refused the query of ${path}, not retried: check connection.journalEntryReadPath ` +
      '(the path of API_OPLACCTGDOCITEMCUBE_SRV, communication arrangement SAP_COM_0303) and that the communication user may read it',
    it:
      `SAP ha rifiutato la lettura di ${path}, non ritentata: controlla connection.journalEntryReadPath ` +
      "(il percorso di API_OPLACCTGDOCITEMCUBE_SRV, accordo di comunicazione SAP_COM_0303) e che l'utente di comunicazione possa leggerlo",
  });
  return new SapRemoteError(status, e?.code ?? `HTTP_${status}`, message, e?.details ?? [], e?.transactionId, where);
}
