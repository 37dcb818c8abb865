/**
 * `@provvigo/documents`: the partner's pro-forma invoice and statement as PDF, the invoice as FatturaPA XML (FPR12),
 * and their delivery by e-mail with a delivery log that never sends the same document twice.
 */
export {
  PrincipalSchema,
  DocumentPartnerSchema,
  SummaryLineSchema,
  ComponentSummarySchema,
  StatementSummarySchema,
  NaturaSchema,
  TipoRitenutaSchema,
  CausalePagamentoSchema,
  RegimeFiscaleSchema,
  VatTreatmentSchema,
  WithholdingSchema,
  CassaContributionSchema,
  PrincipalChargeSchema,
  DocumentTotalsSchema,
  DocumentFiscalSchema,
  PaymentTermsSchema,
  InvoiceDocumentSchema,
  DocumentVatGroupSchema,
} from './schema.js';
export type {
  Principal,
  PrincipalInput,
  DocumentPartner,
  SummaryLine,
  ComponentSummary,
  StatementSummary,
  VatTreatment,
  Withholding,
  CassaContribution,
  PrincipalCharge,
  DocumentTotals,
  DocumentFiscal,
  DocumentFiscalInput,
  PaymentTerms,
  InvoiceDocument,
  DocumentVatGroup,
} from './schema.js';
export { buildInvoiceDocument, buildInvoiceDocumentOrThrow, summarizeStatement } from './assemble.js';
export type { BuildInvoiceInput, InvoiceDocumentResult, SummarizeOptions } from './assemble.js';
export { renderFatturaPA, invoiceLines, splitVatId, latin } from './fatturapa.js';
export type { FatturaPALine } from './fatturapa.js';
export { formatRate, formatIban } from './format.js';
export { DocumentError } from './errors.js';
export { fiscalErrorsRefusal } from './fiscalErrorsRefusal.js';
export { renderInvoicePdf } from './pdf/invoicePdf.js';
export type { RenderOptions } from './pdf/invoicePdf.js';
export { renderStatementPdf } from './pdf/statementPdf.js';
export { LABELS } from './labels.js';
export { sendInvoices, renderDocuments, deliveryKey } from './delivery/sendInvoices.js';
export { smtpTransport } from './delivery/smtp.js';
export { answerNoticeMail, noticeRecipient, sendAnswerNotices } from './delivery/answerNotices.js';
export type { AnswerNoticeInput, AnswerNoticeResult, NoticeCorrection, SendAnswerNoticesOptions } from './delivery/answerNotices.js';
export type { SmtpServer } from './delivery/smtp.js';
export type { SendInvoicesOptions, SendInvoicesReport, DeliveryResult, RenderedDocuments } from './delivery/sendInvoices.js';
export { DeliveryRecordSchema, JsonlDeliveryLog, SqlDeliveryLog, DELIVERY_MIGRATIONS } from './delivery/log.js';
export { DeliveryLogError } from './delivery/deliveryLogError.js';
export type { DeliveryRecord, DeliveryLog, SqlQueryable } from './delivery/log.js';
export { deliveryRecordHash, deliveryRowKey, verifyDeliveries } from './delivery/verify.js';
export type { DeliveryProblem } from './delivery/verify.js';
export { documentFiscalFromResult, summarizePeriodStatement, fiscalLinesFromSummary } from './adapters.js';
export type { PeriodSummaryOptions } from './adapters.js';
export { RelatedInvoiceSchema } from './schema.js';
export type { RelatedInvoice } from './schema.js';
export { sdiFileName, transmitterOf } from './fatturapa.js';
export { isValidPartitaIva, isValidCodiceFiscale, italianVatIdProblem, codiceFiscaleProblem } from './einvoice/taxIds.js';
export { EInvoiceRegisterSchema, RegisteredInvoiceSchema, emptyRegister, nextInvoiceNumber, nextProgressive, originalInvoices, issuedFor } from './einvoice/register.js';
export type { EInvoiceRegister, RegisteredInvoice } from './einvoice/register.js';
export { checkFatturaPA, checkFatturaPASet, checkFatturaPASetOrThrow } from './einvoice/check.js';
export type { CheckedFile, FatturaPACheck } from './einvoice/check.js';
