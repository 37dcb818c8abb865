import { BilingualError, bothTexts, type BothLanguages } from '@provvigo/core';

/**
 * Typed errors of the SAP adapter (adapters.md §5.1). Messages name the invoice and field and never carry
 * credentials, tokens or cookies. Each error a user reads carries its text in both languages (`messages`, so the CLI
 * and the studio show it in the user's language); `message` is always the English text. SAP's own code and message
 * inside a text are quoted as SAP gave them.
 */

export interface ValidationIssue {
  /** Our invoice number (or accrual id) the issue belongs to. */
  record: string;
  /** Field path, e.g. "lines[2].component" or "SupplierInvoiceIDByInvcgParty". */
  field: string;
  /** The problem in English (`messages.en`). */
  message: string;
  /** The problem in both languages. */
  messages: BothLanguages;
}

/** The placeholders the adapter writes for a missing record or an empty field path, in Italian. */
const PLACEHOLDERS_IT: ReadonlyMap<string, string> = new Map([
  ['(root)', '(radice)'],
  ['(invoice)', '(fattura)'],
  ['(accruals)', '(ratei)'],
]);
const placeholderIt = (text: string) => PLACEHOLDERS_IT.get(text) ?? text;

/** The document fails local checks: nothing was sent to SAP. `messages` lists the issues in each language. */
export class ValidationError extends BilingualError {
  override readonly name = 'ValidationError';
  /** Every issue, `record: field: problem`, in both languages (`messages.en === message`). */
  declare readonly messages: BothLanguages;
  constructor(readonly issues: ValidationIssue[]) {
    const en = issues.map((i) => `${i.record}: ${i.field}: ${i.message}`).join('; ');
    const it = issues.map((i) => `${placeholderIt(i.record)}: ${placeholderIt(i.field)}: ${i.messages.it}`).join('; ');
    super({ en, it });
  }
}

/**
 * An error of the adapter a user reads, given one text or both: `message` is the English text, `messages` both
 * languages when both were given (as the store's `StoreError`). `options` (a `cause`) is passed on to `Error`.
 */
export abstract class SapAdapterError extends BilingualError {
  /** How long SAP (or a gateway in front of it) asked us to wait before the next request (`Retry-After`), in ms. */
  retryAfterMs?: number | undefined;
}

/** One `errordetails` entry of an SAP OData error. */
export interface SapErrorDetail {
  code: string;
  message: string;
  target?: string | undefined;
  propertyref?: string | undefined;
  severity?: string | undefined;
}

/**
 * SAP answered with an OData error body (4xx business/validation, or 5xx). `context` names the call ("invoice CM-1:
 * create"), given in one text or both; `message` and `messages` quote SAP's code and message as SAP gave them.
 */
export class SapRemoteError extends BilingualError {
  override readonly name = 'SapRemoteError';
  /** What the call was about, in English. */
  readonly context: string;
  /** The text in both languages (`messages.en === message`): only the context and our words are translated. */
  declare readonly messages: BothLanguages;
  /** How long SAP asked us to wait before the next request (`Retry-After` of a 429 or 503), in ms. */
  retryAfterMs?: number | undefined;
  constructor(
    readonly status: number,
    readonly sapCode: string,
    readonly sapMessage: string,
    readonly details: SapErrorDetail[],
    readonly transactionId: string | undefined,
    context: string | BothLanguages,
  ) {
    const where = bothTexts(context);
    const said =
      `SAP ${status} ${sapCode}: ${sapMessage}` +
      details
        .filter((d) => d.message && d.message !== sapMessage)
        .map((d) => ` [${d.code}${d.target ? ` @${d.target}` : ''}: ${d.message}]`)
        .join('');
    super({ en: `${where.en}: ${said}${transactionId ? ` (transaction ${transactionId})` : ''}`, it: `${where.it}: ${said}${transactionId ? ` (transazione ${transactionId})` : ''}` });
    this.context = where.en;
  }
}

/** Bad credentials, or the CSRF token still refused after one refetch. Stops the batch. */
export class SapAuthError extends SapAdapterError {
  override readonly name = 'SapAuthError';
}

/** Timeouts, connection resets, 5xx without a body we can read: the outcome of a write is unknown. */
export class SapTransientError extends SapAdapterError {
  override readonly name = 'SapTransientError';
}

/** SAP answered with something that is not the documented shape (HTML login page, truncated JSON…). */
export class SapProtocolError extends SapAdapterError {
  override readonly name = 'SapProtocolError';
}

/** The engine's issue shape (`@provvigo/core` Issue), so the CLI and the studio list SAP problems like any other. */
export interface CoreIssueLike {
  code: 'invalid_input';
  severity: 'error';
  message: string;
  /** The message in both languages, as core's issues carry it. */
  messages: BothLanguages;
  path: (string | number)[];
  record: { table: string; id: string };
  field: string;
}

/** Validation issues as core issues: table `invoices` (or `accruals`), the record id and the field path. */
export function toCoreIssues(issues: readonly ValidationIssue[], table = 'invoices'): CoreIssueLike[] {
  return issues.map((i) => ({
    code: 'invalid_input',
    severity: 'error',
    message: i.message,
    messages: { en: i.messages.en, it: i.messages.it },
    path: [table, i.record, ...i.field.split(/[.[\]]+/).filter(Boolean).map((p) => (/^\d+$/.test(p) ? Number(p) : p))],
    record: { table, id: i.record },
    field: i.field,
  }));
}
