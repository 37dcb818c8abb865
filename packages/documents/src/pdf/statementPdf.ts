import { formatDate, formatMoney } from '@provvigo/core';
import { labelsFor } from '../labels.js';
import { amountAt, sum } from '../money.js';
import type { InvoiceDocument, SummaryLine } from '../schema.js';
import { Canvas, type Column } from './canvas.js';
import { addressLines, principalLines, type RenderOptions } from './invoicePdf.js';

const LINE_TABLE: Column[] = [{ width: 0.52 }, { width: 0.26 }, { width: 0.22, align: 'right' }];

/**
 * The statement (estratto conto) as PDF: every line grouped by payout component with its source reference and a
 * subtotal per component, then adjustments and clawbacks, then the statement total (= the invoice's commissions).
 */
export async function renderStatementPdf(doc: InvoiceDocument, options: RenderOptions = {}): Promise<Uint8Array> {
  const locale = options.locale ?? doc.locale;
  const t = labelsFor(locale);
  const money = (v: string) => formatMoney(v, doc.currency, locale, doc.scale);
  const c = new Canvas({ title: `${t.statementTitle} ${doc.partner.id} ${doc.period.id}`, author: doc.principal.legalName, subject: doc.description, date: doc.date, lang: locale === 'it' ? 'it-IT' : 'en-GB' });

  c.text(t.statementTitle, { size: 18, bold: true, color: '#1f3a5f', gap: 4 });
  c.text(`${t.period} ${doc.period.id} (${formatDate(doc.period.start, locale)} – ${formatDate(doc.period.end, locale)})   ·   ${t.date} ${formatDate(doc.date, locale)}`, { size: 9.5, gap: 10 });
  const b = doc.partner.billing;
  c.twoBlocks(
    { title: t.supplier, lines: [b.legalName ?? doc.partner.name, `${t.kind[doc.partner.kind]} · ${doc.partner.id}`, ...addressLines(b.address)] },
    { title: t.customer, lines: principalLines(doc.principal, t) },
  );

  const section = (title: string, lines: SummaryLine[], subtotal: string) => {
    c.heading(title);
    c.row([t.description, t.reference, t.amount], LINE_TABLE, { bold: true, shade: true, size: 8.5 });
    for (const l of lines) c.row([l.label, l.reference ?? '', money(l.amount)], LINE_TABLE, { size: 8.5 });
    c.row([`${t.total} ${title}`, '', money(subtotal)], LINE_TABLE, { bold: true, rule: true });
  };
  for (const comp of doc.summary.components) {
    section(comp.label, comp.lines.length ? comp.lines : [{ label: comp.label, amount: comp.amount }], comp.amount);
  }
  if (doc.summary.adjustments.length) section(t.adjustments, doc.summary.adjustments, subtotalOf(doc.summary.adjustments, doc.scale));
  if (doc.summary.clawbacks.length) section(t.clawbacks, doc.summary.clawbacks, subtotalOf(doc.summary.clawbacks, doc.scale));
  c.space(8);
  c.row([t.statementTotal, money(doc.summary.commissions)], [{ width: 0.72 }, { width: 0.28, align: 'right' }], { bold: true, shade: true, size: 11 });
  return c.finish(`${doc.principal.legalName} · ${t.statementTitle} · ${doc.partner.id} · ${doc.period.id}`, t.page);
}

function subtotalOf(lines: SummaryLine[], scale: number): string {
  return amountAt(sum(lines.map((l) => l.amount)), scale);
}
