/**
 * `@provvigo/adapter-sap`: approved partner invoices → S/4HANA supplier invoices (API_SUPPLIERINVOICE_PROCESS_SRV),
 * posted exactly once; accruals → JournalEntryBulkCreateRequest SOAP messages or a flat file.
 * The fake S/4HANA for tests is at `@provvigo/adapter-sap/testing`.
 */
export {
  ApprovedInvoiceSchema,
  ApprovedInvoiceLineSchema,
  VatSummarySchema,
  ApprovedWithholdingSchema,
  AccrualLineSchema,
  AccrualSetSchema,
} from './invoice.js';
export type {
  ApprovedInvoice,
  ApprovedInvoiceInput,
  ApprovedInvoiceLine,
  VatSummary,
  ApprovedWithholding,
  AccrualLine,
  AccrualSet,
  AccrualSetInput,
} from './invoice.js';
export {
  SapConfigSchema,
  ConnectionSchema,
  PostingSchema,
  SapAuthConfigSchema,
  SupplierMappingSchema,
  TaxCodeRuleSchema,
  WithholdingMappingSchema,
  AccrualConfigSchema,
  SapConfigError,
  parseSapConfig,
  resolveAuth,
  redactConfig,
} from './config.js';
export type {
  SapConfig,
  SapConfigInput,
  Connection,
  Posting,
  SapAuthConfig,
  ResolvedAuth,
  SupplierMapping,
  TaxCodeRule,
  WithholdingMapping,
  AccrualConfig,
} from './config.js';
export { ValidationError, SapRemoteError, SapAuthError, SapTransientError, SapProtocolError, toCoreIssues } from './errors.js';
export type { ValidationIssue, SapErrorDetail, CoreIssueLike } from './errors.js';
export { toODataDate, fromODataDate, fiscalYearOf } from './dates.js';
export {
  SupplierInvoicePayloadSchema,
  GlItemPayloadSchema,
  mapSupplierInvoice,
  tryMapSupplierInvoice,
  findTaxCode,
  postingKey,
  payloadBalance,
} from './supplierInvoicePayload.js';
export type { SupplierInvoicePayload, GlItemPayload, MappedInvoice } from './supplierInvoicePayload.js';
export { SapSession } from './session.js';
export type { FetchLike, HttpResult, SessionOptions } from './session.js';
export { SapErrorBodySchema, sapErrorFromResponse } from './sapError.js';
export { parseSapMessageHeader } from './sapMessage.js';
export type { SapMessage } from './sapMessage.js';
export { SupplierInvoiceApi, referenceFilter, odataString } from './supplierInvoiceApi.js';
export type { InvoiceIdentity, SapDocument } from './supplierInvoiceApi.js';
export { MemoryPostingLog, SqlPostingLog, SqlPostingLock, SAP_MIGRATIONS } from './postingLog.js';
export type { PostingLog, PostingRecord, PostingState, PostingFilter, SapSqlQueryable } from './postingLog.js';
export { postingRecordHash, verifySapPostings } from './postingVerify.js';
export type { PostingProblem } from './postingVerify.js';
export { SupplierInvoicePoster, formatReconciliation } from './supplierInvoicePoster.js';
export type { PostingOutcome, InvoiceOutcome, InvoiceResult, PostReport, PosterOptions } from './supplierInvoicePoster.js';
export { approvedInvoiceFromFiscal, accrualLinesFromRows, accrualSetFromRows } from './fromLedger.js';
export type { FiscalResultLike, InvoiceHeader, AccrualRowLike } from './fromLedger.js';
export {
  buildAccrualJournalEntries,
  journalEntryBulkCreateRequest,
  accrualFlatFile,
  SOAP_ENVELOPE_NS,
  SFIN_NS,
  WSA_NS,
  JOURNAL_ENTRY_BULK_ACTION,
} from './journalEntries.js';
export type { JournalEntryDoc, JournalEntryItem, SoapMessageOptions } from './journalEntries.js';
export { JournalEntryClient, checkAdoptReferences, checkResendReferences, type JournalEntryClientOptions } from './journalEntryClient.js';
export { escapeXml } from './xml.js';
export { withSuppliersFromPartners } from './partnerSuppliers.js';
export type { PartnerLike } from './partnerSuppliers.js';
export { MemoryJournalLog, SqlJournalLog } from './journalLog.js';
export type { JournalLog, JournalRecord } from './journalLog.js';
export { supplierInvoiceFlatFile } from './supplierInvoiceFlatFile.js';
