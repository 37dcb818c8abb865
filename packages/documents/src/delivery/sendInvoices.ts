import { createHash } from 'node:crypto';
import { errorTexts, formatMoney, requireOptions, type BothLanguages } from '@provvigo/core';
import type { Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import { renderFatturaPA, sdiFileName } from '../fatturapa.js';
import { renderInvoicePdf } from '../pdf/invoicePdf.js';
import { renderStatementPdf } from '../pdf/statementPdf.js';
import type { InvoiceDocument } from '../schema.js';
import type { DeliveryLog, DeliveryRecord } from './log.js';
import { smtpTransport, type SmtpServer } from './smtp.js';

export interface RenderedDocuments {
  doc: InvoiceDocument;
  invoicePdf: Uint8Array;
  statementPdf: Uint8Array;
  xml: string;
  /** sha-256 over the three files: equal documents render to equal bytes, so equal hashes. */
  hash: string;
  /** File names without folder, e.g. "P1_2026-03_invoice.pdf". */
  names: { invoicePdf: string; statementPdf: string; xml: string };
}

/** Renders a document's invoice PDF, statement PDF and FatturaPA XML in the partner's language. */
export async function renderDocuments(doc: InvoiceDocument): Promise<RenderedDocuments> {
  const [invoicePdf, statementPdf] = await Promise.all([renderInvoicePdf(doc), renderStatementPdf(doc)]);
  // A receipt for occasional work and a pro-forma have no FatturaPA.
  const xml = doc.receipt || doc.kind === 'proforma' ? '' : renderFatturaPA(doc);
  const h = createHash('sha256');
  for (const part of [invoicePdf, statementPdf, Buffer.from(xml)]) h.update(createHash('sha256').update(part).digest());
  const base = `${safe(doc.partner.id)}_${safe(doc.period.id)}`;
  const it = doc.locale === 'it';
  const pdfName = doc.kind === 'proforma' ? (it ? 'fattura-proforma' : 'proforma-invoice') : `${doc.documentType === 'TD04' ? (it ? 'nota-di-credito' : 'credit-note') : it ? 'fattura' : 'invoice'}_${safe(doc.number)}`;
  return {
    doc,
    invoicePdf,
    statementPdf,
    xml,
    hash: h.digest('hex'),
    names: { invoicePdf: `${base}_${pdfName}.pdf`, statementPdf: `${base}_${it ? 'estratto-conto' : 'statement'}.pdf`, xml: xml ? sdiFileName(doc) : '' },
  };
}

const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]/g, '_');

export interface SendInvoicesOptions {
  /** An SMTP URL (`smtp://user:pass@host:port`) or nodemailer SMTP options. */
  smtp: SmtpServer;
  /** Sender address, e.g. `"Energia Futura" <provvigioni@example.com>`. */
  from: string;
  log: DeliveryLog;
  /** Attach the FatturaPA XML (default true). */
  attachXml?: boolean;
  /** Clock for the log's timestamps (injected in tests). */
  now?: () => Date;
  /** Called after each partner, for progress output. */
  onResult?: (result: DeliveryResult) => void;
}

export interface DeliveryResult {
  partnerId: string;
  period: string;
  key: string;
  status: 'sent' | 'failed' | 'skipped';
  recipient: string | null;
  messageId?: string | null;
  /** Server reply or error for sent/failed; for skipped, the earlier delivery's message id. */
  response?: string | null;
  /**
   * A failure of this package's own (the documents could not be rendered) in English and Italian; `response`, and
   * the log's record, hold the English. A server's reply is quoted as the server gave it, in `response` only.
   */
  messages?: BothLanguages;
}

export interface SendInvoicesReport {
  results: DeliveryResult[];
  sent: number;
  failed: number;
  skipped: number;
}

/** partner + period + document hash. */
export function deliveryKey(partnerId: string, period: string, hash: string): string {
  return `${partnerId}|${period}|${hash}`;
}

/**
 * E-mails every partner its pro-forma invoice PDF, statement PDF and FatturaPA XML, in the partner's language,
 * over SMTP. Each attempt is recorded (sent with the message id, or failed with the server's reason). A document
 * already sent (same partner, period and hash) is skipped, so re-running after a partial failure sends only what
 * failed, and a changed document (new hash) is sent again. One partner's failure never stops the others: documents
 * that cannot be rendered are that partner's failed delivery, like a refused mailbox.
 */
export async function sendInvoices(documents: Array<InvoiceDocument | RenderedDocuments>, options: SendInvoicesOptions): Promise<SendInvoicesReport> {
  requireOptions('sendInvoices', options, ['smtp', 'from', 'log']);
  const transport = smtpTransport(options.smtp);
  const results: DeliveryResult[] = [];
  try {
    for (const item of documents) {
      const result = await deliver(item, transport, options);
      results.push(result);
      options.onResult?.(result);
    }
  } finally {
    transport.close();
  }
  return {
    results,
    sent: results.filter((r) => r.status === 'sent').length,
    failed: results.filter((r) => r.status === 'failed').length,
    skipped: results.filter((r) => r.status === 'skipped').length,
  };
}

/** One partner's delivery: skipped if already sent, else rendered and mailed, every attempt recorded in the log. */
async function deliver(item: InvoiceDocument | RenderedDocuments, transport: Transporter<SMTPTransport.SentMessageInfo>, options: SendInvoicesOptions): Promise<DeliveryResult> {
  const rendered = await renderedOrFailure(item);
  const { doc } = rendered;
  const key = deliveryKey(doc.partner.id, doc.period.id, rendered.hash);
  const recipient = doc.partner.billing.email ?? null;
  const who = { partnerId: doc.partner.id, period: doc.period.id, key };
  const previous = await options.log.findSent(key);
  if (previous) return { ...who, status: 'skipped', recipient: previous.recipient, messageId: previous.messageId, response: previous.response };
  const base: Omit<DeliveryRecord, 'status' | 'messageId' | 'response'> = {
    key,
    partnerId: doc.partner.id,
    period: doc.period.id,
    documentHash: rendered.hash,
    invoiceNumber: doc.number,
    recipient,
    attempt: (await options.log.attempts(key)) + 1,
    at: (options.now ?? (() => new Date()))().toISOString(),
  };
  const failed = async (response: string, messages?: BothLanguages): Promise<DeliveryResult> => {
    await options.log.record({ ...base, status: 'failed', messageId: null, response });
    return { ...who, status: 'failed', recipient, messageId: null, response, ...(messages ? { messages } : {}) };
  };
  if ('failure' in rendered) return failed(rendered.failure.en, rendered.failure);
  if (!recipient) return failed('no e-mail address (partner.billing.email)');
  try {
    const info = await transport.sendMail(message(rendered, options.from, recipient, options.attachXml ?? true));
    const messageId = info.messageId ?? null;
    const response = typeof info.response === 'string' ? info.response : null;
    await options.log.record({ ...base, status: 'sent', messageId, response });
    return { ...who, status: 'sent', recipient, messageId, response };
  } catch (error) {
    const e = error as { response?: string; message?: string };
    return failed(e.response ?? e.message ?? String(error));
  }
}

interface RenderFailure {
  doc: InvoiceDocument;
  /** sha-256 of the document's data: there are no files to hash, and a corrected document gets a new key. */
  hash: string;
  failure: BothLanguages;
}

/**
 * The item's three files, or why they could not be rendered (e.g. a TD04 credit note naming no invoice has no
 * FatturaPA), so that the failure stays this partner's and the later partners are still mailed.
 */
async function renderedOrFailure(item: InvoiceDocument | RenderedDocuments): Promise<RenderedDocuments | RenderFailure> {
  if ('hash' in item && 'invoicePdf' in item) return item;
  try {
    return await renderDocuments(item);
  } catch (error) {
    const why = errorTexts(error);
    const hash = createHash('sha256').update(JSON.stringify(item)).digest('hex');
    return { doc: item, hash, failure: { en: `the documents could not be rendered: ${why.en}`, it: `i documenti non si possono generare: ${why.it}` } };
  }
}

function message(r: RenderedDocuments, from: string, to: string, attachXml: boolean) {
  const { doc } = r;
  const it = doc.locale === 'it';
  const net = formatMoney(doc.totals.netToPay, doc.currency, doc.locale, doc.scale);
  const subject = it
    ? `Fattura pro-forma ${doc.number} ed estratto conto provvigioni – periodo ${doc.period.id}`
    : `Pro-forma invoice ${doc.number} and commission statement – period ${doc.period.id}`;
  const text = it
    ? `Gentile ${doc.partner.name},\n\nin allegato la fattura pro-forma ${doc.number} e l'estratto conto delle provvigioni del periodo ${doc.period.id}.\nNetto a pagare: ${net}.\n\n${doc.principal.legalName}`
    : `Dear ${doc.partner.name},\n\nattached are pro-forma invoice ${doc.number} and your commission statement for period ${doc.period.id}.\nNet to pay: ${net}.\n\n${doc.principal.legalName}`;
  return {
    from,
    to,
    subject,
    text,
    headers: { 'X-Provvigo-Delivery': deliveryKey(doc.partner.id, doc.period.id, r.hash) },
    attachments: [
      { filename: r.names.invoicePdf, content: Buffer.from(r.invoicePdf), contentType: 'application/pdf' },
      { filename: r.names.statementPdf, content: Buffer.from(r.statementPdf), contentType: 'application/pdf' },
      ...(attachXml && r.xml ? [{ filename: r.names.xml, content: r.xml, contentType: 'application/xml' }] : []),
    ],
  };
}
