import { bothTexts, errorTexts, type BothLanguages, type Locale } from '@provvigo/core';
import type { ResolvedAuth, SapConfig } from './config.js';
import { SapAuthError, SapProtocolError, SapRemoteError, SapTransientError, ValidationError, type SapErrorDetail, type ValidationIssue } from './errors.js';
import type { PostingLog, PostingRecord } from './postingLog.js';
import { SapSession, type FetchLike } from './session.js';
import { defaultSleep, retryDelay, retryTransient } from './retryDelay.js';
import type { SapMessage } from './sapMessage.js';
import { SupplierInvoiceApi, type SapDocument } from './supplierInvoiceApi.js';
import { mapSupplierInvoice, type MappedInvoice } from './supplierInvoicePayload.js';

/**
 * Posts approved invoices to SAP exactly once (adapters.md §2.7, §5.1):
 * - the posting log is consulted first; an invoice recorded as posted is never sent again;
 * - SAP is asked by reference (supplier + reference + company code + fiscal year) before the first POST of every
 *   run and before every retry, so a write whose answer was lost (timeout, reset, 5xx) is found, not repeated;
 * - the log is written before each POST (pending, attempt n) and after it (posted / failed / unknown);
 * - a business rejection (4xx with SAP's error JSON) is recorded with SAP's message and not retried;
 * - one invoice's failure never stops the others; only an authentication failure stops the batch.
 * A failed invoice's outcome says why in both languages (`messages`; `message` is the English text), quoting SAP's
 * own code and message as SAP gave them; the posting log keeps the reason in both (`errorMessage`, `errorMessages`).
 */

/** The sink-adapter outcome of one write (adapters.md §5.1). */
export type PostingOutcome =
  | { type: 'POSTED'; documentNo: string; fiscalYear: string; messages?: SapMessage[] | undefined }
  | { type: 'REJECTED'; sapCode: string; message: string; details: SapErrorDetail[]; transactionId?: string | undefined; status: number }
  /** `cause` in English, `causes` in both languages; `retryAfterMs` when SAP said how long to wait (`Retry-After`). */
  | { type: 'UNKNOWN'; cause: string; causes: BothLanguages; retryAfterMs?: number | undefined };

export type InvoiceOutcome =
  | { status: 'posted'; sapDocument: string; sapFiscalYear: string; recovered: boolean }
  | { status: 'already-present'; sapDocument: string; sapFiscalYear: string; foundIn: 'log' | 'sap' }
  | {
      status: 'failed';
      reason: 'validation' | 'rejected' | 'unknown' | 'auth' | 'not-attempted';
      /** Why, in English (`messages.en`). */
      message: string;
      /** Why, in both languages. */
      messages: BothLanguages;
      sapCode?: string | undefined;
      details?: SapErrorDetail[] | undefined;
      issues?: ValidationIssue[] | undefined;
      transactionId?: string | undefined;
    };

export interface InvoiceResult {
  /** The input's invoice number, or `(no invoice number)` when it has none (see `placeholders`). */
  invoiceNumber: string;
  /** The input's partner, or `(no partner)` when it has none. */
  partnerId: string;
  /**
   * The placeholders standing in for what the input lacks, in both languages (`(no invoice number)`, `(senza numero
   * di fattura)`; `(no partner)`, `(senza partner)`); absent when the input has both.
   */
  placeholders?: { invoiceNumber?: BothLanguages | undefined; partnerId?: BothLanguages | undefined } | undefined;
  key?: string | undefined;
  outcome: InvoiceOutcome;
}

export interface PostReport {
  total: number;
  posted: number;
  alreadyPresent: number;
  failed: number;
  /** Same order as the input. */
  results: InvoiceResult[];
}

export interface PosterOptions {
  log: PostingLog;
  fetch?: FetchLike | undefined;
  sleep?: ((ms: number) => Promise<void>) | undefined;
  random?: (() => number) | undefined;
  now?: (() => Date) | undefined;
  onProgress?: ((p: { done: number; total: number; result: InvoiceResult }) => void) | undefined;
  onExchange?: ((e: { method: string; path: string; status: number | 'error' }) => void) | undefined;
}


/** The reconciliation line: invoices = posted + already present + failed (English unless `locale` says `it`). */
export function formatReconciliation(r: PostReport, locale: Locale = 'en'): string {
  if (locale === 'it') return `fatture ${r.total} = registrate ${r.posted} + già presenti ${r.alreadyPresent} + non riuscite ${r.failed}`;
  return `invoices ${r.total} = posted ${r.posted} + already present ${r.alreadyPresent} + failed ${r.failed}`;
}

type Failure = Extract<InvoiceOutcome, { status: 'failed' }>;

/** A failed outcome saying why in both languages (`message` is the English text). */
function failure(reason: Failure['reason'], text: BothLanguages, more: Omit<Failure, 'status' | 'reason' | 'message' | 'messages'> = {}): Failure {
  return { status: 'failed', reason, message: text.en, messages: { en: text.en, it: text.it }, ...more };
}

/** How errors name an invoice's calls ("invoice CM-1: create"). */
const invoiceContext = (invoiceNumber: string): BothLanguages => ({ en: `invoice ${invoiceNumber}`, it: `fattura ${invoiceNumber}` });

const CONNECTION_CHECK: BothLanguages = { en: 'connection check', it: 'verifica della connessione' };

export class SupplierInvoicePoster {
  readonly session: SapSession;
  readonly api: SupplierInvoiceApi;
  private readonly log: PostingLog;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly now: () => Date;

  constructor(
    readonly config: SapConfig,
    auth: ResolvedAuth,
    private readonly options: PosterOptions,
  ) {
    this.session = new SapSession(config.connection, auth, { fetch: options.fetch, onExchange: options.onExchange });
    this.api = new SupplierInvoiceApi(this.session);
    this.log = options.log;
    this.sleep = options.sleep ?? defaultSleep;
    this.random = options.random ?? Math.random;
    this.now = options.now ?? (() => new Date());
  }

  /** Local checks only: the issues that would stop this invoice before any HTTP call. */
  validate(invoice: unknown): ValidationIssue[] {
    try {
      mapSupplierInvoice(invoice, this.config);
      return [];
    } catch (error) {
      if (error instanceof ValidationError) return error.issues;
      throw error;
    }
  }

  /** One POST, no lookup, no log: the raw sink operation. Callers must `reconcile` before repeating an UNKNOWN. */
  async post(doc: MappedInvoice): Promise<PostingOutcome> {
    try {
      const created = await this.api.create(doc.payload, invoiceContext(doc.invoiceNumber));
      return { type: 'POSTED', documentNo: created.supplierInvoice, fiscalYear: created.fiscalYear, messages: created.messages };
    } catch (error) {
      // 408 and 429 are "not now", not a verdict on the invoice: unknown, reconciled and retried like a 5xx
      if (error instanceof SapRemoteError && error.status >= 400 && error.status < 500 && error.status !== 408 && error.status !== 429) {
        return { type: 'REJECTED', sapCode: error.sapCode, message: error.sapMessage, details: error.details, transactionId: error.transactionId, status: error.status };
      }
      if (error instanceof SapTransientError || error instanceof SapProtocolError || error instanceof SapRemoteError) {
        return { type: 'UNKNOWN', cause: error.message, causes: errorTexts(error), retryAfterMs: error.retryAfterMs };
      }
      throw error;
    }
  }

  /**
   * Checks connectivity before any data moves (adapters.md §5.1 `validateConfig`): credentials and service path
   * (CSRF token fetch) and that the reference lookup's `$filter` is accepted. Throws SapAuthError, SapProtocolError,
   * SapTransientError or SapRemoteError with SAP's message.
   */
  async checkConnection(): Promise<{ service: string; csrf: boolean }> {
    await this.session.fetchCsrfToken(CONNECTION_CHECK);
    await this.api.findByReference(
      { companyCode: this.config.posting.companyCode, supplier: '0', reference: 'PROVVIGO-CHECK', fiscalYear: String(this.now().getUTCFullYear()) },
      CONNECTION_CHECK,
    );
    return { service: this.session.url(this.config.connection.servicePath), csrf: true };
  }

  /** Looks the invoice up by reference: POSTED when SAP has it, undefined when it does not. */
  async reconcile(doc: MappedInvoice): Promise<Extract<PostingOutcome, { type: 'POSTED' }> | undefined> {
    const found = await this.lookup(doc);
    return found ? { type: 'POSTED', documentNo: found.supplierInvoice, fiscalYear: found.fiscalYear } : undefined;
  }

  /** Posts a batch; see the class comment for the guarantees. */
  async postAll(invoices: readonly unknown[]): Promise<PostReport> {
    const results: InvoiceResult[] = new Array(invoices.length);
    let done = 0;
    let stopped: Error | undefined;
    const seen = new Map<string, string>();
    let next = 0;
    const finish = (i: number, r: InvoiceResult) => {
      results[i] = r;
      done += 1;
      this.options.onProgress?.({ done, total: invoices.length, result: r });
    };
    const worker = async () => {
      while (next < invoices.length) {
        const i = next++;
        const raw = invoices[i];
        const ident = identify(raw);
        let mapped: MappedInvoice;
        try {
          mapped = mapSupplierInvoice(raw, this.config);
        } catch (error) {
          if (!(error instanceof ValidationError)) throw error;
          finish(i, { ...ident, outcome: failure('validation', error.messages, { issues: error.issues }) });
          continue;
        }
        const dup = seen.get(mapped.key);
        if (dup !== undefined) {
          const [n, ref] = [mapped.invoiceNumber, mapped.reference];
          const text = { en: `${n}: same SAP reference ${ref} as invoice ${dup} in this batch`, it: `${n}: stesso riferimento SAP ${ref} della fattura ${dup} in questo lotto` };
          finish(i, { ...ident, key: mapped.key, outcome: failure('validation', text, { issues: [{ record: n, field: 'reference', message: text.en, messages: text }] }) });
          continue;
        }
        seen.set(mapped.key, mapped.invoiceNumber);
        if (stopped) {
          const why = errorTexts(stopped);
          finish(i, { ...ident, key: mapped.key, outcome: failure('not-attempted', { en: `not attempted: ${why.en}`, it: `non inviata: ${why.it}` }) });
          continue;
        }
        try {
          finish(i, { ...ident, key: mapped.key, outcome: await this.postOne(mapped) });
        } catch (error) {
          // credentials refused, or the posting log unwritable: stop, since every further invoice would fail the same
          // way and a post we cannot record must not be repeated blindly (the next run's lookup finds it)
          const e = error instanceof Error ? error : new Error(String(error));
          stopped ??= e;
          const [said, n] = [errorTexts(e), mapped.invoiceNumber];
          const outcome =
            e instanceof SapAuthError
              ? failure('auth', said)
              : failure('unknown', { en: `${n}: stopped the batch: ${said.en}`, it: `${n}: lotto interrotto: ${said.it}` });
          finish(i, { ...ident, key: mapped.key, outcome });
        }
      }
    };
    const workers = Array.from({ length: Math.min(this.config.connection.concurrency, Math.max(1, invoices.length)) }, worker);
    await Promise.all(workers);
    const count = (s: InvoiceOutcome['status']) => results.filter((r) => r.outcome.status === s).length;
    return { total: invoices.length, posted: count('posted'), alreadyPresent: count('already-present'), failed: count('failed'), results };
  }

  /** The exactly-once protocol for one invoice. Throws SapAuthError, or whatever the posting log throws. */
  async postOne(doc: MappedInvoice): Promise<InvoiceOutcome> {
    const existing = await this.log.get(doc.key);
    if (existing?.state === 'posted' && existing.sapDocument) {
      return { status: 'already-present', sapDocument: existing.sapDocument, sapFiscalYear: existing.sapFiscalYear ?? doc.fiscalYear, foundIn: 'log' };
    }
    let rec: PostingRecord = existing
      ? { ...existing, grossAmount: doc.grossAmount, currency: doc.currency, periodId: doc.periodId }
      : {
          key: doc.key,
          periodId: doc.periodId,
          invoiceNumber: doc.invoiceNumber,
          partnerId: doc.partnerId,
          companyCode: doc.companyCode,
          supplier: doc.supplier,
          reference: doc.reference,
          fiscalYear: doc.fiscalYear,
          grossAmount: doc.grossAmount,
          currency: doc.currency,
          state: 'pending',
          sapDocument: null,
          sapFiscalYear: null,
          resolution: null,
          errorCode: null,
          errorMessage: null,
          errorMessages: null,
          errorDetails: null,
          transactionId: null,
          attempts: 0,
          updatedAt: this.now().toISOString(),
        };
    const save = async (patch: Partial<PostingRecord>) => {
      rec = { ...rec, ...patch, updatedAt: this.now().toISOString() };
      await this.log.save(rec);
    };
    const noError = { errorCode: null, errorMessage: null, errorMessages: null, errorDetails: null, transactionId: null };

    // 1. Is it already in SAP? (a previous run's lost answer, or a post made elsewhere)
    const first = await this.lookupWithRetry(doc);
    if (first.type === 'error') {
      await save({ state: rec.attempts > 0 ? 'unknown' : 'failed', errorCode: 'LOOKUP', errorMessage: first.message, errorMessages: first.messages, errorDetails: null, transactionId: null });
      return failure('unknown', first.messages);
    }
    if (first.found) {
      await save({ state: 'posted', sapDocument: first.found.supplierInvoice, sapFiscalYear: first.found.fiscalYear, resolution: 'found', ...noError });
      return { status: 'already-present', sapDocument: first.found.supplierInvoice, sapFiscalYear: first.found.fiscalYear, foundIn: 'sap' };
    }

    // 2. POST, reconciling by reference before every retry.
    const max = this.config.connection.maxAttempts;
    let lastCause: BothLanguages = { en: '', it: '' };
    for (let attempt = 1; attempt <= max; attempt++) {
      await save({ state: 'pending', attempts: rec.attempts + 1 });
      let outcome: PostingOutcome;
      try {
        outcome = await this.post(doc);
      } catch (error) {
        if (error instanceof SapAuthError) {
          // a refused CSRF token or credentials: SAP did not process the request
          await save({ state: 'failed', errorCode: 'AUTH', errorMessage: error.message, errorMessages: errorTexts(error), errorDetails: null, transactionId: null });
        }
        throw error;
      }
      if (outcome.type === 'POSTED') {
        const sapMessages = outcome.messages?.length ? outcome.messages : null;
        await save({ state: 'posted', sapDocument: outcome.documentNo, sapFiscalYear: outcome.fiscalYear, resolution: 'created', sapMessages, ...noError });
        return { status: 'posted', sapDocument: outcome.documentNo, sapFiscalYear: outcome.fiscalYear, recovered: false };
      }
      if (outcome.type === 'REJECTED') {
        if (this.config.posting.duplicateMessageCodes.includes(outcome.sapCode)) {
          const dupCheck = await this.lookupWithRetry(doc);
          if (dupCheck.type === 'ok' && dupCheck.found) {
            await save({ state: 'posted', sapDocument: dupCheck.found.supplierInvoice, sapFiscalYear: dupCheck.found.fiscalYear, resolution: 'found', ...noError });
            return { status: 'already-present', sapDocument: dupCheck.found.supplierInvoice, sapFiscalYear: dupCheck.found.fiscalYear, foundIn: 'sap' };
          }
        }
        // SAP's code and message quoted as SAP gave them, in either language
        const said = `${outcome.sapCode}: ${outcome.message}`;
        const text = { en: `${doc.invoiceNumber}: SAP rejected the invoice: ${said}`, it: `${doc.invoiceNumber}: SAP ha rifiutato la fattura: ${said}` };
        await save({
          state: 'failed',
          errorCode: outcome.sapCode,
          errorMessage: outcome.message,
          errorMessages: bothTexts(outcome.message),
          errorDetails: outcome.details,
          transactionId: outcome.transactionId ?? null,
        });
        return failure('rejected', text, { sapCode: outcome.sapCode, details: outcome.details, transactionId: outcome.transactionId });
      }
      // UNKNOWN: SAP may or may not have committed. Never POST again before asking.
      lastCause = outcome.causes;
      await save({ state: 'unknown', errorCode: 'UNKNOWN', errorMessage: outcome.cause, errorMessages: outcome.causes, errorDetails: null, transactionId: null });
      await this.sleep(this.delay(attempt, outcome.retryAfterMs));
      const check = await this.lookupWithRetry(doc);
      if (check.type === 'error') {
        const [n, cause, lookup] = [doc.invoiceNumber, outcome.causes, check.messages];
        return failure('unknown', {
          en: `${n}: outcome unknown (${cause.en}) and the lookup failed (${lookup.en}); re-run to reconcile`,
          it: `${n}: esito sconosciuto (${cause.it}) e la ricerca non è riuscita (${lookup.it}); rilancia per riconciliare`,
        });
      }
      if (check.found) {
        await save({ state: 'posted', sapDocument: check.found.supplierInvoice, sapFiscalYear: check.found.fiscalYear, resolution: 'found', ...noError });
        return { status: 'posted', sapDocument: check.found.supplierInvoice, sapFiscalYear: check.found.fiscalYear, recovered: true };
      }
    }
    const [n, ref] = [doc.invoiceNumber, doc.reference];
    const text = {
      en: `${n}: not posted after ${max} attempts (last: ${lastCause.en}); SAP has no invoice with reference ${ref}; re-run to retry`,
      it: `${n}: non registrata dopo ${max} tentativi (ultimo: ${lastCause.it}); SAP non ha alcuna fattura con riferimento ${ref}; rilancia per riprovare`,
    };
    await save({ state: 'failed', errorCode: 'UNKNOWN', errorMessage: text.en, errorMessages: text });
    return failure('unknown', text);
  }

  /** The wait before retry `attempt + 1` (`retryDelay.ts`): backoff with jitter, or SAP's `Retry-After`. */
  private delay(attempt: number, retryAfterMs: number | undefined): number {
    return retryDelay(this.config.connection.retryBaseDelayMs, attempt, retryAfterMs, this.random);
  }

  private async lookup(doc: MappedInvoice): Promise<SapDocument | undefined> {
    const found = await this.api.findByReference(doc, invoiceContext(doc.invoiceNumber));
    // a reversed document does not count as posted; a live one does
    return found.find((d) => !d.isReversed) ?? undefined;
  }

  private async lookupWithRetry(
    doc: MappedInvoice,
  ): Promise<{ type: 'ok'; found: SapDocument | undefined } | { type: 'error'; message: string; messages: BothLanguages }> {
    // a lookup is asked again after any answer that is not a verdict on the credentials (those stop the batch)
    const retryable = (e: unknown): e is SapTransientError | SapProtocolError | SapRemoteError => e instanceof SapTransientError || e instanceof SapProtocolError || e instanceof SapRemoteError;
    const { maxAttempts, retryBaseDelayMs } = this.config.connection;
    try {
      return { type: 'ok', found: await retryTransient(() => this.lookup(doc), { maxAttempts, retryBaseDelayMs, sleep: this.sleep, random: this.random }, retryable) };
    } catch (error) {
      if (!retryable(error)) throw error;
      const last = errorTexts(error);
      return { type: 'error', message: last.en, messages: last };
    }
  }
}

const NO_INVOICE_NUMBER: BothLanguages = { en: '(no invoice number)', it: '(senza numero di fattura)' };
const NO_PARTNER: BothLanguages = { en: '(no partner)', it: '(senza partner)' };

/** The invoice number and partner a result names: the input's, or a placeholder in each language for a missing one. */
function identify(raw: unknown): Pick<InvoiceResult, 'invoiceNumber' | 'partnerId' | 'placeholders'> {
  const o = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const invoiceNumber = typeof o.invoiceNumber === 'string' ? o.invoiceNumber : undefined;
  const partnerId = typeof o.partnerId === 'string' ? o.partnerId : undefined;
  if (invoiceNumber !== undefined && partnerId !== undefined) return { invoiceNumber, partnerId };
  return {
    invoiceNumber: invoiceNumber ?? NO_INVOICE_NUMBER.en,
    partnerId: partnerId ?? NO_PARTNER.en,
    placeholders: { ...(invoiceNumber === undefined ? { invoiceNumber: NO_INVOICE_NUMBER } : {}), ...(partnerId === undefined ? { partnerId: NO_PARTNER } : {}) },
  };
}
