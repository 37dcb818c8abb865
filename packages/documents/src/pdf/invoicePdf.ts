import type { Locale } from '@provvigo/core';
import { formatDate, formatMoney } from '@provvigo/core';
import { formatIban, formatRate } from '../format.js';
import { labelsFor, type Labels } from '../labels.js';
import { dec } from '../money.js';
import type { InvoiceDocument, Principal } from '../schema.js';
import type { Address } from '../types.js';
import { Canvas, type Column } from './canvas.js';

const AMOUNT_TABLE: Column[] = [{ width: 0.72 }, { width: 0.28, align: 'right' }];
const ITEM_TABLE: Column[] = [{ width: 0.46 }, { width: 0.2, align: 'right' }, { width: 0.12, align: 'right' }, { width: 0.22, align: 'right' }];

export interface RenderOptions {
  /** Overrides the document's locale (the partner's language by default). */
  locale?: Locale;
}

/**
 * The pro-forma invoice as PDF: principal and partner data, the statement summary by component with adjustments
 * and clawbacks, contributions, VAT, stamp duty, withholdings, the net to pay, items the principal bears, payment
 * terms and IBAN. Every figure is printed from the document's decimal strings.
 */
export async function renderInvoicePdf(doc: InvoiceDocument, options: RenderOptions = {}): Promise<Uint8Array> {
  const locale = options.locale ?? doc.locale;
  const t = labelsFor(locale);
  const proforma = doc.kind === 'proforma';
  const creditNote = !doc.receipt && !proforma && doc.documentType === 'TD04';
  // The courtesy copy of a TD04 prints its figures as the XML states them (fatturapa.ts: the document's amounts
  // times −1, positive for a negative statement), not with the statement's signs: a reader comparing the PDF with
  // the XML sees the same numbers. Pro-forma, receipt and TD01 print the document's amounts as they are.
  const money = (v: string) => formatMoney(v, doc.currency, locale, doc.scale);
  const figure = (v: string) => money(creditNote ? dec(v).neg().toString() : v);
  const title = doc.receipt ? t.receiptTitle : proforma ? t.invoiceTitle : creditNote ? t.creditNoteTitle : t.einvoiceTitle;
  const c = new Canvas({ title: `${title} ${doc.number}`, author: doc.principal.legalName, subject: doc.description, date: doc.date, lang: locale === 'it' ? 'it-IT' : 'en-GB' });

  c.text(title, { size: 18, bold: true, color: '#1f3a5f', gap: 4 });
  c.text(`${proforma ? t.proFormaNumber : t.number} ${doc.number}   ·   ${t.date} ${formatDate(doc.date, locale)}   ·   ${t.period} ${doc.period.id} (${formatDate(doc.period.start, locale)} – ${formatDate(doc.period.end, locale)})`, { size: 9.5, gap: 10 });
  const b = doc.partner.billing;
  c.twoBlocks(
    {
      title: t.supplier,
      lines: compact([
        b.legalName ?? ([b.firstName, b.lastName].filter(Boolean).join(' ') || doc.partner.name),
        `${t.kind[doc.partner.kind]} · ${doc.partner.id}`,
        b.vatId ? `${t.vatId} ${b.vatId}` : undefined,
        b.taxCode ? `${t.taxCode} ${b.taxCode}` : undefined,
        ...addressLines(b.address),
        b.email,
      ]),
    },
    { title: t.customer, lines: principalLines(doc.principal, t) },
  );
  if (doc.selfBilling && !doc.receipt) c.text(t.selfBilling, { size: 8, color: '#444444', gap: 4 });
  c.text(doc.description, { size: 9, gap: 4 });
  for (const r of doc.related) c.text(`${t.corrects} ${r.number} (${formatDate(r.date, locale)})`, { size: 9, gap: 4 });
  if (creditNote) c.text(t.creditNoteAmounts, { size: 8, color: '#444444', gap: 4 });

  c.heading(t.summary);
  c.row([t.component, t.amount], AMOUNT_TABLE, { bold: true, shade: true, size: 8.5 });
  for (const comp of doc.summary.components) c.row([`${comp.label}${comp.lines.length ? ` (${t.lineCount(comp.lines.length)})` : ''}`, figure(comp.amount)], AMOUNT_TABLE);
  if (doc.summary.adjustments.length) {
    c.row([t.adjustments, ''], AMOUNT_TABLE, { bold: true, size: 8.5 });
    for (const a of doc.summary.adjustments) c.row([`  ${a.label}`, figure(a.amount)], AMOUNT_TABLE);
  }
  if (doc.summary.clawbacks.length) {
    c.row([t.clawbacks, ''], AMOUNT_TABLE, { bold: true, size: 8.5 });
    for (const a of doc.summary.clawbacks) c.row([`  ${a.label}`, figure(a.amount)], AMOUNT_TABLE);
  }
  c.row([t.commissions, figure(doc.summary.commissions)], AMOUNT_TABLE, { bold: true, rule: true });

  totalRows(c, doc, t, locale, { money, figure, creditNote });

  if (doc.fiscal.principalCharges.length) {
    c.heading(t.principalCharges);
    for (const p of doc.fiscal.principalCharges) c.row([p.label, p.base ? money(p.base) : '', p.rate ? formatRate(p.rate, locale) : '', money(p.amount)], ITEM_TABLE, { color: '#444444' });
  }

  c.heading(t.payment);
  const due = doc.payment.dueDate ? formatDate(doc.payment.dueDate, locale) : doc.payment.days !== undefined ? t.daysFromInvoice(doc.payment.days) : undefined;
  c.text(`${t.bankTransfer} · ${t.iban} ${formatIban(doc.payment.iban)}${doc.payment.bank ? ` · ${t.bank} ${doc.payment.bank}` : ''}`);
  if (due) c.text(`${t.due}: ${due}`);
  if (doc.fiscal.notes.length) {
    c.heading(t.notes);
    for (const n of doc.fiscal.notes) c.text(n, { size: 8.5 });
  }
  return c.finish(`${proforma || doc.receipt ? t.proForma : t.courtesyCopy}  ${doc.principal.legalName} · ${doc.number}`, t.page);
}

interface Figures {
  /** An amount as it is, for the amounts the XML writes unsigned too (the stamp duty paid, ImportoBollo). */
  money: (v: string) => string;
  /** A document amount as the PDF shows it: the XML's sign on a credit note, the document's otherwise. */
  figure: (v: string) => string;
  creditNote: boolean;
}

/** Contributions, taxable, VAT groups, stamp duty, document total, withholdings, split payment and the net. */
function totalRows(c: Canvas, doc: InvoiceDocument, t: Labels, locale: Locale, { money, figure, creditNote }: Figures): void {
  c.space(4);
  for (const cassa of doc.fiscal.cassa) c.row([`${cassa.label} (${formatRate(cassa.rate, locale)} × ${figure(cassa.base)})`, figure(cassa.amount)], AMOUNT_TABLE);
  c.row([t.taxable, figure(doc.totals.taxable)], AMOUNT_TABLE, { rule: doc.fiscal.cassa.length > 0 });
  // One row per VAT group; with several, each names the taxable it applies to.
  const several = doc.vatGroups.length > 1;
  for (const g of doc.vatGroups) {
    const vat = g.treatment;
    const on = several ? ` ${t.on} ${figure(g.taxable)}` : '';
    if (vat.natura) c.row([`${t.noVat}${on} (${vat.natura}${vat.legalReference ? ` – ${vat.legalReference}` : ''})`, figure(g.vat)], AMOUNT_TABLE);
    else c.row([`${t.vat} ${formatRate(vat.rate, locale)}${on}${vat.esigibilita === 'S' ? ` (${t.splitPaymentShort})` : ''}`, figure(g.vat)], AMOUNT_TABLE);
  }
  if (doc.fiscal.stampDuty) {
    c.row([doc.fiscal.stampDuty.charged ? t.stampDuty : `${t.stampDutyPartner} (${money(doc.fiscal.stampDuty.amount)})`, figure(doc.totals.stampDuty)], AMOUNT_TABLE);
  }
  c.row([t.documentTotal, figure(doc.totals.documentTotal)], AMOUNT_TABLE, { bold: true, rule: true });

  // A withholding's amount prints negated: on an invoice, a deduction from the total (−); on a credit note, the
  // XML's ImportoRitenuta (the pack's negative amount times −1, positive).
  if (doc.fiscal.withholdings.length) {
    c.heading(t.withholdings);
    c.row(['', t.base, t.rate, t.amount], ITEM_TABLE, { bold: true, shade: true, size: 8.5 });
    for (const w of doc.fiscal.withholdings) c.row([`${w.label} (${w.type})`, figure(w.base), formatRate(w.rate, locale), money(dec(w.amount).neg().toString())], ITEM_TABLE);
  }
  // Likewise the split-payment VAT: deducted on an invoice, the S group's Imposta (positive) on a credit note.
  const splitPaymentVat = dec(doc.totals.splitPaymentVat);
  if ((creditNote ? splitPaymentVat.neg() : splitPaymentVat).gt(0)) c.row([t.splitPayment, money(splitPaymentVat.neg().toString())], AMOUNT_TABLE);
  c.space(6);
  // On a credit note the net is the XML's ImportoPagamento, worded as the credit it is (owed by the partner).
  c.row([creditNote ? t.creditNoteNet : t.netToPay, figure(doc.totals.netToPay)], AMOUNT_TABLE, { bold: true, shade: true, size: 11 });
}

function compact(lines: Array<string | undefined>): string[] {
  return lines.filter((l): l is string => Boolean(l && l.trim()));
}

export function addressLines(a: Address | undefined): string[] {
  if (!a) return [];
  return compact([[a.street, a.number].filter(Boolean).join(' '), [a.zip, a.city, a.province ? `(${a.province})` : undefined, a.country !== 'IT' ? a.country : undefined].filter(Boolean).join(' ')]);
}

export function principalLines(p: Principal, t: Labels): string[] {
  return compact([p.legalName, `${t.vatId} ${p.vatId}`, p.taxCode ? `${t.taxCode} ${p.taxCode}` : undefined, ...addressLines(p.address), p.sdiCode ? `${t.sdi} ${p.sdiCode}` : undefined]);
}
