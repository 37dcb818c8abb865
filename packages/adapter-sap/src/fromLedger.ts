import { issueTexts, type BothLanguages } from '@provvigo/core';
import { ValidationError } from './errors.js';
import type { AccrualLine, AccrualSetInput, ApprovedInvoiceInput } from './invoice.js';
import { Decimal } from './money.js';

/**
 * Adapters from the engine's types to this package's inputs. The shapes below are the subsets of
 * `@provvigo/core`'s `FiscalResult` (H4a, schema/fiscal.ts) and `AccrualRow` (H3a, schema/ledger.ts) that are read,
 * written structurally so either full type can be passed.
 */

export interface FiscalResultLike {
  partnerId: string;
  period: string;
  currency: string;
  items: readonly {
    code: string;
    base: string;
    ratePercent: string;
    amount: string;
    effect: 'addsToDocument' | 'withheld' | 'principalCost' | 'informational';
    codes?: Record<string, string> | undefined;
  }[];
  invoiceLines: readonly {
    component: string;
    description?: { it: string; en: string } | undefined;
    amount: string;
    vatRatePercent: string;
    natura?: string | undefined;
    kind: 'fee' | 'contribution' | 'stamp';
  }[];
  totals: {
    documentTotal: string;
    vatSummary: readonly { vatRatePercent: string; natura?: string | undefined; taxable: string; vat: string }[];
  };
  /** The pack's issues; an error among them means an item is missing (a table row, a setting). */
  issues?: readonly { severity: string; message: string; messages?: { en?: string | undefined; it?: string | undefined } | undefined }[] | undefined;
  /** False when the pack says the result must not become an invoice. Absent = usable. */
  invoiceable?: boolean | undefined;
}

export interface InvoiceHeader {
  invoiceNumber: string;
  /** SAP reference when the invoice number is longer than 16 characters. */
  reference?: string | undefined;
  runId?: string | undefined;
  documentDate: string;
  postingDate: string;
  companyCode?: string | undefined;
  /** Language of the item texts taken from the invoice lines (default it). */
  language?: 'it' | 'en' | undefined;
}

/** FatturaPA natura N6.x is reverse charge (inversione contabile): the principal self-assesses the IVA. */
const isReverseCharge = (natura: string | undefined) => natura !== undefined && natura.startsWith('N6');

/** Withheld fiscal item code → our withholding type key in the SAP config. */
const WITHHOLDING_TYPES: Record<string, string> = { RITENUTA: 'ritenuta', ENASARCO_AGENT: 'enasarco' };

/**
 * Builds the approved-invoice input from a statement's fiscal result: invoice lines (fees, contributions and a
 * recharged stamp, the latter excluded art. 15 → natura N1), the IVA summary, and the withheld items (ritenuta
 * d'acconto, Enasarco agent share) as withholdings. Throws ValidationError when the invoice lines and summary do
 * not add up to the document total.
 */
export function approvedInvoiceFromFiscal(header: InvoiceHeader, fiscal: FiscalResultLike): ApprovedInvoiceInput {
  refuseUnusable(header, fiscal);
  const lang = header.language ?? 'it';
  const lines = fiscal.invoiceLines.map((l) => {
    const natura = l.kind === 'stamp' ? (l.natura ?? 'N1') : l.natura;
    return {
      component: l.kind === 'stamp' ? 'stamp' : l.component,
      amount: l.amount,
      vatRate: l.vatRatePercent,
      ...(natura ? { natura } : {}),
      ...(isReverseCharge(natura) ? { reverseCharge: true } : {}),
      ...(l.description ? { description: l.description[lang] } : {}),
    };
  });
  const vat = fiscal.totals.vatSummary.map((v) => ({
    rate: v.vatRatePercent,
    ...(v.natura ? { natura: v.natura } : {}),
    ...(isReverseCharge(v.natura) ? { reverseCharge: true } : {}),
    taxable: v.taxable,
    amount: v.vat,
  }));
  const withholdings = fiscal.items
    .filter((i) => i.effect === 'withheld' && !new Decimal(i.amount).isZero())
    .map((i) => ({
      type: WITHHOLDING_TYPES[i.code] ?? i.code.toLowerCase(),
      ...(i.codes?.tipoRitenuta ? { code: i.codes.tipoRitenuta } : {}),
      base: i.base,
      rate: i.ratePercent,
      amount: i.amount,
    }));
  const gross = lines
    .reduce((s, l) => s.plus(l.amount), new Decimal(0))
    .plus(vat.filter((v) => !v.reverseCharge).reduce((s, v) => s.plus(v.amount), new Decimal(0)));
  if (!gross.eq(fiscal.totals.documentTotal)) {
    const [sum, total] = [gross.toString(), fiscal.totals.documentTotal];
    const messages = {
      en: `invoice lines + IVA = ${sum} but the fiscal result's document total is ${total}`,
      it: `righe della fattura + IVA = ${sum}, ma il totale del documento nel risultato fiscale è ${total}`,
    };
    throw new ValidationError([{ record: header.invoiceNumber, field: 'totals.documentTotal', message: messages.en, messages }]);
  }
  return {
    invoiceNumber: header.invoiceNumber,
    ...(header.reference ? { reference: header.reference } : {}),
    ...(header.runId ? { runId: header.runId } : {}),
    periodId: fiscal.period,
    partnerId: fiscal.partnerId,
    ...(header.companyCode ? { companyCode: header.companyCode } : {}),
    documentDate: header.documentDate,
    postingDate: header.postingDate,
    currency: fiscal.currency,
    lines,
    vat,
    withholdings,
  };
}

/**
 * A result the pack marks unusable (an error issue, `invoiceable: false`) still balances, but lacks an item (e.g. the
 * Enasarco of a year with no table row): posted, SAP would pay the partner what should be withheld. Refused as the
 * documents package refuses it, naming partner, period and the pack's errors.
 */
function refuseUnusable(header: InvoiceHeader, fiscal: FiscalResultLike): void {
  const errors = (fiscal.issues ?? []).filter((i) => i.severity === 'error').map(issueTexts);
  if (errors.length === 0 && fiscal.invoiceable !== false) return;
  const [p, period] = [fiscal.partnerId, fiscal.period];
  const list = (lang: 'en' | 'it') => (errors.length > 0 ? `: ${errors.map((t) => t[lang]).join('; ')}` : '');
  const [en, it] = [list('en'), list('it')];
  const messages = {
    en: `partner ${p}, period ${period}: the fiscal result has errors and is not invoiceable${en}`,
    it: `partner ${p}, periodo ${period}: il risultato fiscale contiene errori e non è fatturabile${it}`,
  };
  throw new ValidationError([{ record: header.invoiceNumber, field: 'fiscal.issues', message: messages.en, messages }]);
}

export interface AccrualRowLike {
  period: string;
  partnerId: string;
  currency: string;
  payable: string;
  paid: string;
}

/** Accrual per partner = payable − paid (earned in the period, not yet paid); zero rows are left out. */
export function accrualLinesFromRows(rows: readonly AccrualRowLike[]): AccrualLine[] {
  return rows
    .map((r) => ({ partnerId: r.partnerId, amount: new Decimal(r.payable).minus(r.paid).toFixed() }))
    .filter((l) => !new Decimal(l.amount).isZero());
}

/** The refusal of an accrual set for `periodId`: one issue on `field`. */
function accrualRefusal(periodId: string, field: string, messages: BothLanguages): ValidationError {
  return new ValidationError([{ record: periodId, field, message: messages.en, messages }]);
}

/**
 * An accrual set for one period from the ledger's accrual rows (`provvigo accruals --format json` → `rows`):
 * payable − paid per partner, posted on `postingDate` (default: the last day of a `YYYY-MM` period) and, with
 * `reverse`, reversed the day after. Rows of other periods are left out; one currency per set.
 */
export function accrualSetFromRows(
  rows: readonly AccrualRowLike[],
  options: { periodId: string; postingDate?: string | undefined; reverse?: boolean | undefined; accrualId?: string | undefined },
): AccrualSetInput {
  const mine = rows.filter((r) => r.period === options.periodId);
  const currencies = [...new Set(mine.map((r) => r.currency))];
  if (currencies.length > 1) {
    const list = currencies.join(', ');
    throw accrualRefusal(options.periodId, 'currency', {
      en: `accrual rows in several currencies (${list}): one set per currency`,
      it: `righe di rateo in più valute (${list}): serve un insieme di ratei per valuta`,
    });
  }
  let postingDate = options.postingDate;
  if (postingDate === undefined) {
    const m = /^(\d{4})-(\d{2})$/.exec(options.periodId);
    if (!m) {
      throw accrualRefusal(options.periodId, 'postingDate', {
        en: 'give a posting date (the period id is not YYYY-MM)',
        it: 'indica una data di registrazione (il codice del periodo non è nel formato AAAA-MM)',
      });
    }
    postingDate = new Date(Date.UTC(Number(m[1]), Number(m[2]), 0)).toISOString().slice(0, 10);
  }
  // The currency comes from the ledger rows; with none for the period there is nothing to accrue in any currency.
  const currency = currencies[0];
  if (currency === undefined) {
    throw accrualRefusal(options.periodId, 'rows', { en: `no accrual rows for period ${options.periodId}`, it: `nessuna riga di rateo per il periodo ${options.periodId}` });
  }
  const next = new Date(Date.parse(`${postingDate}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  return {
    accrualId: options.accrualId ?? `ACC-${options.periodId}`.slice(0, 16),
    periodId: options.periodId,
    postingDate,
    ...(options.reverse ? { reversalDate: next } : {}),
    currency,
    lines: accrualLinesFromRows(mine),
  };
}
