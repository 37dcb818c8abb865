import { createHash } from 'node:crypto';
import { formatMoney, maskUrl, requireOptions } from '@provvigo/core';
import nodemailer from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import { renderFatturaPA, sdiFileName } from '../fatturapa.js';
import { renderInvoicePdf } from '../pdf/invoicePdf.js';
import { renderStatementPdf } from '../pdf/statementPdf.js';
import type { InvoiceDocument } from '../schema.js';
import type { DeliveryLog, DeliveryRecord } from './log.js';

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
  smtp: string | SMTPTransport.Options;
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
 * failed, and a changed document (new hash) is sent again. One partner's failure never stops the others.
 */
export async function sendInvoices(documents: Array<InvoiceDocument | RenderedDocuments>, options: SendInvoicesOptions): Promise<SendInvoicesReport> {
  requireOptions('sendInvoices', options, ['smtp', 'from', 'log']);
  const transport = nodemailer.createTransport(checkedSmtp(options.smtp) as SMTPTransport.Options);
  const now = options.now ?? (() => new Date());
  const results: DeliveryResult[] = [];
  try {
    for (const item of documents) {
      const rendered = 'hash' in item && 'invoicePdf' in item ? item : await renderDocuments(item);
      const { doc } = rendered;
      const key = deliveryKey(doc.partner.id, doc.period.id, rendered.hash);
      const recipient = doc.partner.billing.email ?? null;
      const done = (r: DeliveryResult) => {
        results.push(r);
        options.onResult?.(r);
      };
      const previous = await options.log.findSent(key);
      if (previous) {
        done({ partnerId: doc.partner.id, period: doc.period.id, key, status: 'skipped', recipient: previous.recipient, messageId: previous.messageId, response: previous.response });
        continue;
      }
      const attempt = (await options.log.attempts(key)) + 1;
      const base: Omit<DeliveryRecord, 'status' | 'messageId' | 'response'> = {
        key,
        partnerId: doc.partner.id,
        period: doc.period.id,
        documentHash: rendered.hash,
        invoiceNumber: doc.number,
        recipient,
        attempt,
        at: now().toISOString(),
      };
      if (!recipient) {
        const reason = 'no e-mail address (partner.billing.email)';
        await options.log.record({ ...base, status: 'failed', messageId: null, response: reason });
        done({ partnerId: doc.partner.id, period: doc.period.id, key, status: 'failed', recipient, response: reason });
        continue;
      }
      try {
        const info = await transport.sendMail(message(rendered, options.from, recipient, options.attachXml ?? true));
        const messageId = info.messageId ?? null;
        const response = typeof info.response === 'string' ? info.response : null;
        await options.log.record({ ...base, status: 'sent', messageId, response });
        done({ partnerId: doc.partner.id, period: doc.period.id, key, status: 'sent', recipient, messageId, response });
      } catch (error) {
        const e = error as { response?: string; message?: string };
        const reason = e.response ?? e.message ?? String(error);
        await options.log.record({ ...base, status: 'failed', messageId: null, response: reason });
        done({ partnerId: doc.partner.id, period: doc.period.id, key, status: 'failed', recipient, response: reason });
      }
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

/**
 * The SMTP server, refused unless its URL is an smtp:// or smtps:// URL that parses. nodemailer would quote a
 * malformed one whole, password included: in its TypeError's message (no scheme), in the error's `input`, and in
 * Node's deprecation warning of `url.parse`. The refusal shows it through core's `maskUrl` (secrets are never logged).
 */
function checkedSmtp(smtp: SendInvoicesOptions['smtp']): SendInvoicesOptions['smtp'] {
  const url = typeof smtp === 'string' ? smtp : smtp.url;
  if (url === undefined || (/^smtps?:\/\//i.test(url) && URL.canParse(url))) return smtp;
  throw new Error(`the SMTP server is not an smtp:// or smtps:// URL: ${maskUrl(url)} (a password with / ? or # in it must be percent-encoded)`);
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
