/**
 * Typed errors of the SAP adapter (adapters.md §5.1). Messages name the invoice and field and never carry
 * credentials, tokens or cookies.
 */

export interface ValidationIssue {
  /** Our invoice number (or accrual id) the issue belongs to. */
  record: string;
  /** Field path, e.g. "lines[2].component" or "SupplierInvoiceIDByInvcgParty". */
  field: string;
  message: string;
}

/** The document fails local checks: nothing was sent to SAP. */
export class ValidationError extends Error {
  override readonly name = 'ValidationError';
  constructor(readonly issues: ValidationIssue[]) {
    super(issues.map((i) => `${i.record}: ${i.field}: ${i.message}`).join('; '));
  }
}

/** One `errordetails` entry of an SAP OData error. */
export interface SapErrorDetail {
  code: string;
  message: string;
  target?: string | undefined;
  propertyref?: string | undefined;
  severity?: string | undefined;
}

/** SAP answered with an OData error body (4xx business/validation, or 5xx). */
export class SapRemoteError extends Error {
  override readonly name = 'SapRemoteError';
  constructor(
    readonly status: number,
    readonly sapCode: string,
    readonly sapMessage: string,
    readonly details: SapErrorDetail[],
    readonly transactionId: string | undefined,
    readonly context: string,
  ) {
    super(
      `${context}: SAP ${status} ${sapCode}: ${sapMessage}` +
        details
          .filter((d) => d.message && d.message !== sapMessage)
          .map((d) => ` [${d.code}${d.target ? ` @${d.target}` : ''}: ${d.message}]`)
          .join('') +
        (transactionId ? ` (transaction ${transactionId})` : ''),
    );
  }
}

/** Bad credentials, or the CSRF token still refused after one refetch. Stops the batch. */
export class SapAuthError extends Error {
  override readonly name = 'SapAuthError';
}

/** Timeouts, connection resets, 5xx without a body we can read: the outcome of a write is unknown. */
export class SapTransientError extends Error {
  override readonly name = 'SapTransientError';
}

/** SAP answered with something that is not the documented shape (HTML login page, truncated JSON…). */
export class SapProtocolError extends Error {
  override readonly name = 'SapProtocolError';
}

/** The engine's issue shape (`@provvigo/core` Issue), so the CLI and the studio list SAP problems like any other. */
export interface CoreIssueLike {
  code: 'invalid_input';
  severity: 'error';
  message: string;
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
    path: [table, i.record, ...i.field.split(/[.[\]]+/).filter(Boolean).map((p) => (/^\d+$/.test(p) ? Number(p) : p))],
    record: { table, id: i.record },
    field: i.field,
  }));
}
