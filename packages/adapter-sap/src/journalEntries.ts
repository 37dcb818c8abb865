import { createHash, randomUUID } from 'node:crypto';
import { BilingualError, ownValue, writeCsv, type BothLanguages } from '@provvigo/core';
import type { SapConfig, SupplierMapping } from './config.js';
import { ValidationError, type ValidationIssue } from './errors.js';
import { AccrualSetSchema, type AccrualSet } from './invoice.js';
import { Decimal, currencyScale, fitsScale, formatAmount } from './money.js';
import { fillTemplate } from './textTemplate.js';
import { schemaIssues, tooManyDecimals } from './texts.js';
import { escapeXml } from './xml.js';

/**
 * Accruals (earned but not yet invoiced/paid) as journal entries: commission expense (debit, per partner, with cost
 * centre) against accrued liabilities (credit, per partner), optionally reversed on the first day of the next
 * period. One neutral document feeds both transports: the `JournalEntryBulkCreateRequest` SOAP message
 * (SAP_COM_0002) and a flat file for systems without the service.
 */

export const SOAP_ENVELOPE_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
export const SFIN_NS = 'http://sap.com/xi/SAPSCORE/SFIN';
export const WSA_NS = 'http://www.w3.org/2005/08/addressing';
/** The WS-Addressing action of JournalEntryBulkCreationRequest_In (its WSDL's input action). */
export const JOURNAL_ENTRY_BULK_ACTION = 'http://sap.com/xi/SAPSCORE/SFIN/JournalEntryBulkCreationRequest_In/JournalEntryBulkCreationRequest_InRequest';
/** SAP FI documents hold at most 999 line items; two per partner (debit and credit). */
const MAX_ITEMS = 998;

export interface JournalEntryItem {
  glAccount: string;
  /** Signed: positive debit (S), negative credit (H), as the SOAP service expects. */
  amount: string;
  debitCredit: 'S' | 'H';
  costCenter?: string | undefined;
  partnerId: string;
  supplier?: string | undefined;
  component?: string | undefined;
  text: string;
}

export interface JournalEntryDoc {
  kind: 'accrual' | 'reversal';
  accrualId: string;
  periodId: string;
  /** Our idempotency key in SAP: OriginalReferenceDocument. */
  originalReferenceDocument: string;
  companyCode: string;
  documentDate: string;
  postingDate: string;
  currency: string;
  headerText: string;
  items: JournalEntryItem[];
}

function supplierOf(m: SupplierMapping | undefined): { supplier?: string; costCenter?: string | undefined; companyCode?: string | undefined } {
  if (m === undefined) return {};
  return typeof m === 'string' ? { supplier: m } : m;
}

/** Builds the accrual journal entries (and their reversals when `reversalDate` is set). */
export function buildAccrualJournalEntries(input: unknown, config: SapConfig): JournalEntryDoc[] {
  const parsed = AccrualSetSchema.safeParse(input);
  const record = (input as { accrualId?: unknown } | null)?.accrualId;
  const rec = typeof record === 'string' ? record : '(accruals)';
  if (!parsed.success) throw new ValidationError(schemaIssues(rec, parsed.error.issues));
  const set: AccrualSet = parsed.data;
  const acc = config.accruals;
  const issues: ValidationIssue[] = [];
  const issue = (field: string, text: BothLanguages) => issues.push({ record: set.accrualId, field, message: text.en, messages: { en: text.en, it: text.it } });
  if (!acc) {
    issue('config.accruals', { en: 'configure accruals.accruedLiabilityGlAccount to post accruals', it: 'configura accruals.accruedLiabilityGlAccount per registrare i ratei' });
  }
  if (set.accrualId.length > 16) {
    issue('accrualId', { en: `"${set.accrualId}" is longer than 16 characters (OriginalReferenceDocument)`, it: `"${set.accrualId}" supera i 16 caratteri (OriginalReferenceDocument)` });
  }
  const scale = currencyScale(set.currency);
  const companyCode = set.companyCode ?? config.posting.companyCode;
  const vars = { period: set.periodId, accrual: set.accrualId };
  const headerText = fillTemplate(acc?.headerText ?? '', vars, 25);

  const items: JournalEntryItem[] = [];
  set.lines.forEach((line, i) => {
    const amt = new Decimal(line.amount);
    if (!fitsScale(amt, scale)) issue(`lines[${i}].amount`, tooManyDecimals(line.amount, set.currency));
    if (amt.isZero()) return;
    // own entries only: partner ids and components are the caller's names, and `constructor` or `toString` is no
    // supplier, G/L account or cost centre
    const sup = supplierOf(ownValue(config.suppliers, line.partnerId));
    const expense = acc?.expenseGlAccount ?? (line.component ? ownValue(config.glAccounts.byComponent, line.component) : undefined) ?? config.glAccounts.default;
    if (!expense) {
      issue(`lines[${i}].component`, {
        en: `no expense G/L account for partner ${line.partnerId} (accruals.expenseGlAccount or glAccounts)`,
        it: `nessun conto Co.Ge. di costo per il partner ${line.partnerId} (accruals.expenseGlAccount o glAccounts)`,
      });
    }
    const costCenter = sup.costCenter ?? (line.component ? ownValue(config.costCenters.byComponent, line.component) : undefined) ?? config.costCenters.default;
    const text = `Rateo ${set.periodId} ${line.partnerId}${line.component ? ` ${line.component}` : ''}`.slice(0, 50);
    const debit = amt.isPositive();
    items.push({
      glAccount: expense ?? '',
      amount: formatAmount(amt, scale),
      debitCredit: debit ? 'S' : 'H',
      costCenter,
      partnerId: line.partnerId,
      supplier: sup.supplier,
      component: line.component,
      text,
    });
    items.push({
      glAccount: acc?.accruedLiabilityGlAccount ?? '',
      amount: formatAmount(amt.negated(), scale),
      debitCredit: debit ? 'H' : 'S',
      partnerId: line.partnerId,
      supplier: sup.supplier,
      component: line.component,
      text,
    });
  });
  if (issues.length > 0) throw new ValidationError(issues);
  if (items.length === 0) return [];

  const chunks: JournalEntryItem[][] = [];
  for (let i = 0; i < items.length; i += MAX_ITEMS) chunks.push(items.slice(i, i + MAX_ITEMS));
  const docs: JournalEntryDoc[] = chunks.map((chunk, n) => ({
    kind: 'accrual',
    accrualId: set.accrualId,
    periodId: set.periodId,
    originalReferenceDocument: chunks.length === 1 ? set.accrualId : `${set.accrualId}/${n + 1}`,
    companyCode,
    documentDate: set.documentDate ?? set.postingDate,
    postingDate: set.postingDate,
    currency: set.currency,
    headerText,
    items: chunk,
  }));
  if (set.reversalDate) {
    const reversalDate = set.reversalDate;
    for (const d of [...docs]) {
      docs.push({
        ...d,
        kind: 'reversal',
        originalReferenceDocument: `${d.originalReferenceDocument.replace(/\/\d+$/, '')}R${d.originalReferenceDocument.match(/\/\d+$/)?.[0] ?? ''}`,
        documentDate: reversalDate,
        postingDate: reversalDate,
        headerText: `Storno ${headerText}`.slice(0, 25),
        items: d.items.map((it) => ({
          ...it,
          amount: formatAmount(new Decimal(it.amount).negated(), scale),
          debitCredit: it.debitCredit === 'S' ? 'H' : 'S',
        })),
      });
    }
  }
  return docs;
}

export interface SoapMessageOptions {
  /**
   * Message id of the bulk message: a UUID, new for every message (SAP's asynchronous runtime processes a message id
   * once and silently drops a second message with the same id). `JournalEntryClient.sendOnce` gives the recorded id
   * when it sends again a message whose outcome is unknown; otherwise given only to make tests deterministic.
   */
  messageId?: string | undefined;
  /** The endpoint URL, sent as `wsa:To`. */
  to?: string | undefined;
  /** CreationDateTime; inject for deterministic output. */
  now?: (() => Date) | undefined;
}

/** An element `<name>value</name>` on its own line, or nothing when the value is empty (SAP's optional fields). */
const tag = (name: string, value: string | undefined, indent: string) => (value === undefined || value === '' ? '' : `${indent}<${name}>${escapeXml(value)}</${name}>\n`);

/** The `<JournalEntry>` element of one document: everything SAP posts from, without the message's ids and times. */
function journalEntryElement(d: JournalEntryDoc, config: SapConfig): string {
  const acc = config.accruals;
  const i = '          ';
  const out: string[] = ['        <JournalEntry>\n'];
  out.push(tag('OriginalReferenceDocumentType', acc?.originalReferenceDocumentType ?? 'BKPFF', i));
  out.push(tag('OriginalReferenceDocument', d.originalReferenceDocument, i));
  out.push(tag('OriginalReferenceDocumentLogicalSystem', acc?.logicalSystem, i));
  out.push(tag('BusinessTransactionType', acc?.businessTransactionType ?? 'RFBU', i));
  out.push(tag('AccountingDocumentType', acc?.accountingDocumentType ?? 'SA', i));
  out.push(tag('DocumentReferenceID', d.originalReferenceDocument.slice(0, 16).toUpperCase(), i)); // an upper-case field in SAP
  out.push(tag('DocumentHeaderText', d.headerText, i));
  out.push(tag('CreatedByUser', acc?.createdByUser, i));
  out.push(tag('CompanyCode', d.companyCode, i));
  out.push(tag('DocumentDate', d.documentDate, i));
  out.push(tag('PostingDate', d.postingDate, i));
  d.items.forEach((it, k) => {
    const j = `${i}  `;
    out.push(`${i}<Item>\n`);
    out.push(tag('ReferenceDocumentItem', String(k + 1), j));
    out.push(tag('GLAccount', it.glAccount, j));
    out.push(`${j}<AmountInTransactionCurrency currencyCode="${escapeXml(d.currency)}">${escapeXml(it.amount)}</AmountInTransactionCurrency>\n`);
    out.push(tag('DebitCreditCode', it.debitCredit, j));
    out.push(tag('DocumentItemText', it.text, j));
    out.push(tag('AssignmentReference', it.partnerId.slice(0, 18), j));
    if (it.costCenter) out.push(`${j}<AccountAssignment>\n${tag('CostCenter', it.costCenter, `${j}  `)}${j}</AccountAssignment>\n`);
    out.push(`${i}</Item>\n`);
  });
  out.push('        </JournalEntry>\n');
  return out.join('');
}

/**
 * SHA-256 (hex) of what SAP posts from for these documents (their `<JournalEntry>` elements, in order), without the
 * message id and creation time. `JournalEntryClient.sendOnce` keeps it with each message: SAP drops a message id it
 * already holds, so an entry whose digest changed must not go again under the old id.
 */
export function journalEntryDigest(docs: readonly JournalEntryDoc[], config: SapConfig): string {
  const hash = createHash('sha256');
  for (const d of docs) hash.update(journalEntryElement(d, config));
  return hash.digest('hex');
}

/** The `JournalEntryBulkCreateRequest` SOAP 1.1 envelope for the given documents. */
export function journalEntryBulkCreateRequest(docs: readonly JournalEntryDoc[], config: SapConfig, options: SoapMessageOptions = {}): string {
  // a caller's slip, not a defect of the data nor a fault of SAP's: core's plain bilingual error, none of the adapter's
  if (docs.length === 0) throw new BilingualError({ en: 'no journal entries to send', it: 'nessuna scrittura contabile da inviare' });
  const created = (options.now ?? (() => new Date()))().toISOString().replace(/\.\d{3}Z$/, 'Z');
  const uuid = options.messageId ?? randomUUID();
  const bulkId = uuid.replace(/-/g, '').toUpperCase();
  const out: string[] = [];
  out.push('<?xml version="1.0" encoding="UTF-8"?>\n');
  out.push(`<soapenv:Envelope xmlns:soapenv="${SOAP_ENVELOPE_NS}" xmlns:sfin="${SFIN_NS}" xmlns:wsa="${WSA_NS}">\n`);
  // WS-Addressing, as SAP's asynchronous inbound services expect: the action, a unique message id, the endpoint
  out.push('  <soapenv:Header>\n');
  out.push(`    <wsa:Action>${JOURNAL_ENTRY_BULK_ACTION}</wsa:Action>\n`);
  out.push(`    <wsa:MessageID>urn:uuid:${escapeXml(uuid)}</wsa:MessageID>\n`);
  if (options.to) out.push(`    <wsa:To>${escapeXml(options.to)}</wsa:To>\n`);
  out.push('  </soapenv:Header>\n  <soapenv:Body>\n    <sfin:JournalEntryBulkCreateRequest>\n');
  out.push(`      <MessageHeader>\n${tag('ID', bulkId, '        ')}${tag('CreationDateTime', created, '        ')}      </MessageHeader>\n`);
  docs.forEach((d, n) => {
    const i = '          ';
    out.push('      <JournalEntryCreateRequest>\n');
    out.push(`        <MessageHeader>\n${tag('ID', `${bulkId.slice(0, 30)}-${n + 1}`, i)}${tag('CreationDateTime', created, i)}        </MessageHeader>\n`);
    out.push(journalEntryElement(d, config));
    out.push('      </JournalEntryCreateRequest>\n');
  });
  out.push('    </sfin:JournalEntryBulkCreateRequest>\n  </soapenv:Body>\n</soapenv:Envelope>\n');
  return out.join('');
}

const CSV_COLUMNS = [
  'accrual_id',
  'kind',
  'original_reference',
  'company_code',
  'document_date',
  'posting_date',
  'partner_id',
  'supplier',
  'component',
  'gl_account',
  'cost_center',
  'debit_credit',
  'amount',
  'currency',
  'text',
] as const;

/**
 * Flat file of the same journal entries, one row per item (for an LSMW / Z-program load), through core's one CSV
 * writer: quoting and the formula-injection guard on every text cell; amounts stay signed decimals; no BOM.
 */
export function accrualFlatFile(docs: readonly JournalEntryDoc[], options: { delimiter?: string } = {}): string {
  const rows = docs.flatMap((d) =>
    d.items.map((it): Record<(typeof CSV_COLUMNS)[number], string> => ({
      accrual_id: d.accrualId,
      kind: d.kind,
      original_reference: d.originalReferenceDocument,
      company_code: d.companyCode,
      document_date: d.documentDate,
      posting_date: d.postingDate,
      partner_id: it.partnerId,
      supplier: it.supplier ?? '',
      component: it.component ?? '',
      gl_account: it.glAccount,
      cost_center: it.costCenter ?? '',
      debit_credit: it.debitCredit,
      amount: it.amount,
      currency: d.currency,
      text: it.text,
    })),
  );
  const columns = CSV_COLUMNS.map((c) => ({ header: c, kind: c === 'amount' ? ('number' as const) : ('text' as const), value: (r: (typeof rows)[number]) => r[c] }));
  return writeCsv(rows, columns, { dialect: { separator: options.delimiter ?? ';', decimal: '.' }, bom: false });
}
