import { BillingDataSchema, currencyScale, formatDate, schemaIssueTexts, statementMoney, type BothLanguages, type FiscalResult, type Issue, type Locale, type PartnerInput, type Period, type Statement } from '@provvigo/core';
import { documentFiscalFromResult } from './adapters.js';
import type { z } from 'zod';
import { DocumentError } from './errors.js';
import { codiceFiscaleProblems, italianVatIdProblems } from './einvoice/taxIds.js';
import { amountAt, dec, sum } from './money.js';
import { payoutGroup } from './payoutGroup.js';
import { refuseItalianPostcode } from './postcode.js';
import { vatGroupsOf } from './vatGroups.js';
import {
  DOCUMENT_SCHEMA_MESSAGES_IT,
  DocumentFiscalSchema,
  InvoiceDocumentSchema,
  PrincipalSchema,
  StatementSummarySchema,
  SummaryLineSchema,
  type ComponentSummary,
  type DocumentFiscalInput,
  type InvoiceDocument,
  type DocumentTotals,
  type PrincipalInput,
  type StatementSummary,
  type SummaryLine,
} from './schema.js';

export interface SummarizeOptions {
  /** Labels per payout id, overriding the plan's payout label the lines carry (e.g. a shorter one for the invoice). */
  payoutLabels?: Record<string, string>;
  /** Which components are adjustments from recalculated past periods (default: ids starting with "adjust"). */
  isAdjustment?: (component: string) => boolean;
  /** Which components are clawbacks (default: ids starting with "clawback"). */
  isClawback?: (component: string) => boolean;
}

/**
 * Groups a core statement's lines by payout, in first-seen order, each group labelled with the plan's payout label
 * (two payouts sharing a component, e.g. an efficiency bonus and a volume bonus, are two groups, never one group
 * named after its first line), and splits adjustments and clawbacks out. Every line lands in exactly one place, so
 * the summary's total equals the statement's. Amounts keep the statement's scale.
 */
export function summarizeStatement(statement: Statement, options: SummarizeOptions = {}): StatementSummary {
  const isAdjustment = options.isAdjustment ?? ((c: string) => /^adjust/i.test(c));
  const isClawback = options.isClawback ?? ((c: string) => /^clawback/i.test(c));
  const { currency, scale } = statementMoney(statement);
  const groups = new Map<string, ComponentSummary>();
  const adjustments: SummaryLine[] = [];
  const clawbacks: SummaryLine[] = [];
  for (const line of statement.lines) {
    const reference = line.source ? `${line.source.system}:${line.source.id}` : undefined;
    const item: SummaryLine = { label: line.label, amount: amountAt(line.amount, scale), ...(reference ? { reference } : {}) };
    if (isAdjustment(line.component)) adjustments.push(item);
    else if (isClawback(line.component)) clawbacks.push(item);
    else payoutGroup(groups, line, options.payoutLabels).lines.push(item);
  }
  const components = [...groups.values()].map((g) => ({ ...g, amount: amountAt(sum(g.lines.map((l) => l.amount)), scale) }));
  const commissions = sum([...statement.lines.map((l) => l.amount)]);
  return StatementSummarySchema.parse({ components, adjustments, clawbacks, commissions: amountAt(commissions, scale), currency, scale });
}

export interface BuildInvoiceInput {
  principal: PrincipalInput;
  /**
   * The partner as the caller holds it: core's `PartnerInput` (as written) or `Partner` (as parsed); billing data
   * (VAT id or tax code, address, IBAN) is required and validated here.
   */
  partner: Pick<PartnerInput, 'id' | 'name' | 'kind' | 'billing'> & { language?: Locale };
  period: Period;
  /** A core statement (summarised by component) or a ready summary (e.g. from a period statement). */
  statement: Statement | StatementSummary;
  summarize?: SummarizeOptions;
  /** Extra adjustment and clawback lines from the ledger (H3a's period statement), added to the summary. */
  adjustments?: SummaryLine[];
  clawbacks?: SummaryLine[];
  /** The fiscal items: a jurisdiction pack's `FiscalResult` (its totals are then cross-checked), or the document shape. */
  fiscal: DocumentFiscalInput | FiscalResult;
  /** Totals as the jurisdiction pack computed them: cross-checked to the cent, a mismatch is an error. */
  expectedTotals?: Partial<DocumentTotals>;
  number: string;
  date: string;
  /** `proforma` (before payment, PDF only) or `einvoice` (at payment; the default). */
  kind?: 'proforma' | 'einvoice';
  /** Invoices a credit note corrects (DatiFattureCollegate). */
  related?: Array<{ number: string; date: string }>;
  /** Forces the document type (the issue step splits corrections into a TD04); default: TD04 when the total is negative. */
  documentType?: 'TD01' | 'TD04';
  locale?: Locale;
  selfBilling?: boolean;
  /**
   * The SdI file progressive (ProgressivoInvio and the file name `IT<code>_<progressive>.xml`): 1–5 letters or digits,
   * unique per transmitter, taken from the transmitter's register (`nextProgressive`). Never guessed: without it the
   * PDFs build, but `renderFatturaPA` and `sdiFileName` refuse the document.
   */
  transmissionId?: string;
  payment?: { dueDate?: string; days?: number; iban?: string; bank?: string };
  description?: string;
  /** Occasional work: a receipt, not an invoice (set automatically from a FiscalResult of kind "receipt"). */
  receipt?: boolean;
}

function isFiscalResult(value: DocumentFiscalInput | FiscalResult): value is FiscalResult {
  return 'pack' in value && 'items' in value && 'totals' in value;
}

function isStatement(value: Statement | StatementSummary): value is Statement {
  return Array.isArray((value as Statement).lines);
}

/** The one result contract: the document, or the data problem that stops it (one error issue naming partner and field). */
export type InvoiceDocumentResult = { ok: true; document: InvoiceDocument; issues: [] } | { ok: false; issues: Issue[] };

/**
 * Assembles and validates an invoice document (see `buildInvoiceDocumentOrThrow`). A problem in the data — a total
 * that does not add up, missing billing data, an invalid tax id — is returned as `{ ok: false, issues }`: one error
 * issue with the partner, the field path and a message naming partner and period. Anything else (a bug) still throws.
 */
export function buildInvoiceDocument(input: BuildInvoiceInput): InvoiceDocumentResult {
  try {
    return { ok: true, document: buildInvoiceDocumentOrThrow(input), issues: [] };
  } catch (error) {
    if (!(error instanceof DocumentError)) throw error;
    // the issue keeps both languages of the refusal, so a caller can show it in its user's language
    const issue: Issue = { code: 'invalid_input', severity: 'error', message: error.message, ...(error.messages ? { messages: error.messages } : {}), path: error.path, partnerId: input.partner?.id };
    return { ok: false, issues: [issue] };
  }
}

/**
 * Assembles and validates an invoice document: sums the summary, adds cassa contributions to the VAT base, checks
 * the VAT and every total against the pack's figures, and derives the net to pay. Throws a DocumentError naming
 * the partner and the field when anything does not add up.
 */
export function buildInvoiceDocumentOrThrow(input: BuildInvoiceInput): InvoiceDocument {
  const where = { en: `partner ${input.partner.id}, period ${input.period.id}`, it: `partner ${input.partner.id}, periodo ${input.period.id}` };
  const principal = parseOr(PrincipalSchema, input.principal, { en: `${where.en}: principal`, it: `${where.it}: committente` });
  const locale = input.locale ?? input.partner.language ?? 'it';
  let expected = input.expectedTotals ?? {};
  let fiscalInput: DocumentFiscalInput;
  if (isFiscalResult(input.fiscal)) {
    const adapted = documentFiscalFromResult(input.fiscal, locale);
    fiscalInput = adapted.fiscal;
    expected = { ...adapted.expectedTotals, ...expected };
  } else fiscalInput = input.fiscal;
  const fiscal = parseOr(DocumentFiscalSchema, fiscalInput, { en: `${where.en}: fiscal`, it: `${where.it}: dati fiscali` });
  const base = isStatement(input.statement) ? summarizeStatement(input.statement, input.summarize) : StatementSummarySchema.parse(input.statement);
  const adjustments = [...base.adjustments, ...(input.adjustments ?? []).map((l) => SummaryLineSchema.parse(l))];
  const clawbacks = [...base.clawbacks, ...(input.clawbacks ?? []).map((l) => SummaryLineSchema.parse(l))];
  const commissions = sum([...base.components.map((c) => c.amount), ...adjustments.map((l) => l.amount), ...clawbacks.map((l) => l.amount)]);
  // The statement's denomination, else the fiscal pack's currency at its ISO minor units.
  const currency = base.currency ?? (isFiscalResult(input.fiscal) ? input.fiscal.currency : undefined);
  if (!currency) throw new DocumentError({ en: `${where.en}: the statement summary has no currency`, it: `${where.it}: il riepilogo del rendiconto non indica la valuta` }, ['statement', 'currency']);
  const scale = base.scale ?? currencyScale(currency);
  const amt = (v: string | ReturnType<typeof dec>) => amountAt(v, scale);
  const summary: StatementSummary = {
    components: base.components.map((c) => ({ ...c, amount: amt(c.amount) })),
    adjustments: adjustments.map((l) => ({ ...l, amount: amt(l.amount) })),
    clawbacks: clawbacks.map((l) => ({ ...l, amount: amt(l.amount) })),
    commissions: amt(commissions),
    currency,
    scale,
  };
  for (const c of base.components) {
    if (c.lines.length > 0 && !sum(c.lines.map((l) => l.amount)).eq(c.amount)) {
      throw new DocumentError(
        { en: `${where.en}: component "${c.component}" total ${c.amount} is not the sum of its lines`, it: `${where.it}: il totale ${c.amount} della componente "${c.component}" non è la somma delle sue righe` },
        ['summary', 'components', c.component],
      );
    }
  }

  const taxable = commissions.plus(sum(fiscal.cassa.map((c) => c.amount)));
  const vatGroups = vatGroupsOf(summary, fiscal, currency, scale, where);
  const expectedVat = sum(vatGroups.map((g) => g.vat));
  if (!expectedVat.eq(fiscal.vatAmount)) {
    const parts = (ofTaxable: string) => vatGroups.map((g) => `${g.treatment.rate}% ${ofTaxable} ${g.taxable}${vatGroups.length > 1 ? ` = ${g.vat}` : ''}`).join(' + ');
    throw new DocumentError(
      { en: `${where.en}: VAT ${fiscal.vatAmount} is not ${parts('of the taxable')} (${amt(expectedVat)})`, it: `${where.it}: l'IVA ${fiscal.vatAmount} non è ${parts("dell'imponibile")} (${amt(expectedVat)})` },
      ['fiscal', 'vatAmount'],
    );
  }
  const documentType = input.documentType ?? (commissions.isNegative() ? 'TD04' : 'TD01');
  refuseStampRechargedOnCreditNote(fiscal, documentType, where);
  const stampDuty = fiscal.stampDuty?.charged ? dec(fiscal.stampDuty.amount) : dec('0');
  const documentTotal = taxable.plus(fiscal.vatAmount).plus(stampDuty);
  const withholdings = sum(fiscal.withholdings.map((w) => w.amount));
  const splitPaymentVat = sum(vatGroups.filter((g) => g.treatment.esigibilita === 'S').map((g) => g.vat));
  const totals: DocumentTotals = {
    taxable: amt(taxable),
    vat: amt(fiscal.vatAmount),
    stampDuty: amt(stampDuty),
    documentTotal: amt(documentTotal),
    withholdings: amt(withholdings),
    splitPaymentVat: amt(splitPaymentVat),
    netToPay: amt(documentTotal.minus(withholdings).minus(splitPaymentVat)),
  };
  for (const [key, value] of Object.entries(expected)) {
    const ours = totals[key as keyof DocumentTotals];
    if (value !== undefined && ours !== undefined && !dec(ours).eq(value)) {
      throw new DocumentError(
        { en: `${where.en}: totals.${key} is ${ours} from the statement but ${value} from the fiscal pack`, it: `${where.it}: totals.${key} è ${ours} secondo il rendiconto ma ${value} secondo il calcolo fiscale` },
        ['totals', key],
      );
    }
  }

  if (!input.partner.billing) throw new DocumentError({ en: `${where.en}: the partner has no billing data`, it: `${where.it}: il partner non ha dati di fatturazione` }, ['partner', 'billing']);
  const billing = parseOr(BillingDataSchema, input.partner.billing, { en: `${where.en}: partner billing`, it: `${where.it}: dati di fatturazione del partner` });
  checkTaxIds(where, principal, billing);
  // Checked here, not only in the XML, so one partner's bad CAP is its own { ok: false } and the others still build.
  refuseItalianPostcode(principal.address, ['principal', 'address', 'zip'], where, principal.legalName);
  refuseItalianPostcode(billing.address, ['partner', 'billing', 'address', 'zip'], where);
  const iban = (input.payment?.iban ?? billing.iban ?? '').replace(/\s+/g, '').toUpperCase();
  if (!iban) throw new DocumentError({ en: `${where.en}: no IBAN (partner.billing.iban or payment.iban)`, it: `${where.it}: manca l'IBAN (partner.billing.iban o payment.iban)` }, ['partner', 'billing', 'iban']);
  const doc = {
    kind: input.kind ?? 'einvoice',
    number: input.number,
    date: input.date,
    documentType,
    related: input.related ?? [],
    receipt: input.receipt ?? (isFiscalResult(input.fiscal) && input.fiscal.document.kind === 'receipt'),
    locale,
    currency,
    scale,
    selfBilling: input.selfBilling ?? true,
    // no default: the invoice number's last characters broke the 5-character file name rule and repeated across
    // partners whose numbers end alike (two files to SdI under one name); only the register makes unique ones
    ...(input.transmissionId !== undefined ? { transmissionId: input.transmissionId } : {}),
    principal,
    partner: { id: input.partner.id, name: input.partner.name, kind: input.partner.kind, language: input.partner.language ?? 'it', billing },
    period: input.period,
    summary,
    fiscal,
    totals,
    vatGroups,
    payment: {
      method: 'MP05',
      iban,
      ...(input.payment?.dueDate ? { dueDate: input.payment.dueDate } : {}),
      ...(input.payment?.days !== undefined ? { days: input.payment.days } : {}),
      ...(input.payment?.bank ? { bank: input.payment.bank } : {}),
    },
    description: input.description ?? defaultDescription(locale, input.period),
  };
  return parseOr(InvoiceDocumentSchema, doc, where);
}

/**
 * A stamp recharged on a credit note is refused: whether the recharge is −2.00 (the invoice's refund reversed) or
 * +2.00 (a new charge) is an open question for the principal's accountant, and the XML would write its N1 line and
 * its N1 DatiRiepilogo with opposite signs. fiscal-it never recharges on a credit note: it declares the stamp only.
 */
function refuseStampRechargedOnCreditNote(fiscal: DocumentFiscalInput, documentType: string, where: BothLanguages): void {
  if (documentType !== 'TD04' || !fiscal.stampDuty?.charged) return;
  throw new DocumentError(
    {
      en: `${where.en}: fiscal.stampDuty is recharged on a credit note (TD04): declare it without recharging it (charged false); the sign of a recharge on a credit note is for the accountant to decide`,
      it: `${where.it}: fiscal.stampDuty è riaddebitata su una nota di credito (TD04): dichiarala senza riaddebitarla (charged false); il segno di un riaddebito su una nota di credito lo decide il commercialista`,
    },
    ['fiscal', 'stampDuty', 'charged'],
  );
}

/** VAT numbers and codici fiscali of both parties, by their check digits: a wrong one is an error naming the field. */
function checkTaxIds(where: BothLanguages, principal: InvoiceDocument['principal'], billing: NonNullable<BuildInvoiceInput['partner']['billing']>): void {
  const problems: Array<[string[], BothLanguages | undefined]> = [
    [['principal', 'vatId'], italianVatIdProblems(principal.vatId, principal.address.country ?? 'IT')],
    [['principal', 'taxCode'], principal.taxCode ? codiceFiscaleProblems(principal.taxCode) : undefined],
    [['partner', 'billing', 'vatId'], billing.vatId ? italianVatIdProblems(billing.vatId, billing.address?.country ?? 'IT') : undefined],
    // a foreign partner's tax code is not a codice fiscale: the FatturaPA leaves it out (fatturapa.ts italianCodiceFiscale)
    [['partner', 'billing', 'taxCode'], billing.taxCode && (billing.address?.country ?? 'IT').toUpperCase() === 'IT' ? codiceFiscaleProblems(billing.taxCode) : undefined],
  ];
  for (const [path, problem] of problems) {
    if (problem) throw new DocumentError({ en: `${where.en}: ${path.join('.')}: ${problem.en}`, it: `${where.it}: ${path.join('.')}: ${problem.it}` }, path);
  }
}

function defaultDescription(locale: Locale, period: Period): string {
  return locale === 'en'
    ? `Commissions for period ${period.id} (${formatDate(period.start, 'en')} to ${formatDate(period.end, 'en')})`
    : `Provvigioni maturate nel periodo ${period.id} (dal ${formatDate(period.start, 'it')} al ${formatDate(period.end, 'it')})`;
}

/** The value parsed, or a DocumentError naming `where` and the field; zod's message is quoted as zod gave it. */
function parseOr<T extends z.ZodType>(schema: T, value: unknown, where: BothLanguages): z.infer<T> {
  const result = schema.safeParse(value);
  if (!result.success) {
    const first = result.error.issues[0]!;
    const path = first.path.map(String);
    // zod's and the schemas' own sentences worded in Italian too (core's schemaIssueTexts, with this package's own)
    const [why] = schemaIssueTexts([{ ...first, path }], DOCUMENT_SCHEMA_MESSAGES_IT);
    throw new DocumentError({ en: `${where.en}: ${why!.en}`, it: `${where.it}: ${why!.it}` }, path);
  }
  return result.data;
}
