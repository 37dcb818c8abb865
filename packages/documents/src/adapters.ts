import { currencyScale, formatMoney, roundMoney, statementScale, type BothLanguages, type FiscalResult, type Locale, type PeriodStatement } from '@provvigo/core';
import { payoutGroup } from './payoutGroup.js';
import { DocumentError } from './errors.js';
import { fiscalErrorsRefusal } from './fiscalErrorsRefusal.js';
import { formatRate } from './format.js';
import { amountAt, dec, sum } from './money.js';
import type { CassaContribution, ComponentSummary, DocumentFiscalInput, DocumentTotals, PrincipalCharge, StatementSummary, SummaryLine, Withholding } from './schema.js';
import { CausalePagamentoSchema, NaturaSchema, RegimeFiscaleSchema, TipoRitenutaSchema, type VatTreatment } from './schema.js';
import { treatmentKey } from './vatGroups.js';

/**
 * A jurisdiction pack's result (core `FiscalResult`, e.g. from `@provvigo/fiscal-it`) in the shape the renderers
 * need, plus the pack's totals so `buildInvoiceDocument` cross-checks them to the cent. The FatturaPA codes come
 * from each item's `codes` (tipoRitenuta, causalePagamento, tipoCassa, natura…), never guessed from labels.
 */
export function documentFiscalFromResult(result: FiscalResult, locale: Locale): { fiscal: DocumentFiscalInput; expectedTotals: Partial<DocumentTotals> } {
  const who = { en: `partner ${result.partnerId}, period ${result.period}`, it: `partner ${result.partnerId}, periodo ${result.period}` };
  const where = { en: `${who.en}: fiscal result`, it: `${who.it}: risultato fiscale` };
  if (result.issues.some((i) => i.severity === 'error')) throw fiscalErrorsRefusal(result.partnerId, result.period, result.issues);
  if (result.invoiceable === false) {
    throw new DocumentError({ en: `${where.en} is marked not invoiceable by the pack`, it: `${who.it}: il calcolo fiscale ha segnato il risultato come non fatturabile` }, ['fiscal', 'invoiceable']);
  }
  const { vat, vatByComponent } = treatmentsOf(result, where);
  const text = (t: { it: string; en: string }) => t[locale];
  // The pack's amounts are in its currency's minor units; written as they are, never re-rounded.
  const scale = currencyScale(result.currency);
  const fix = (v: string | ReturnType<typeof dec>) => amountAt(v, scale);

  const withholdings: Withholding[] = result.items
    // An item of 0.00 (e.g. Enasarco above the cap) stays in the explanation but is no DatiRitenuta block.
    .filter((i) => i.effect === 'withheld' && !dec(i.amount).isZero())
    .map((i) => {
      const type = TipoRitenutaSchema.safeParse(i.codes.tipoRitenuta);
      const causale = CausalePagamentoSchema.safeParse(i.codes.causalePagamento);
      if (!type.success || !causale.success) {
        throw new DocumentError(
          { en: `${where.en}: item ${i.id} is withheld but has no valid tipoRitenuta/causalePagamento codes`, it: `${where.it}: la voce ${i.id} è una ritenuta ma non ha codici tipoRitenuta/causalePagamento validi` },
          ['fiscal', 'items', i.id, 'codes'],
        );
      }
      const share = i.baseSharePercent;
      return {
        code: i.code,
        type: type.data,
        label: share && !dec(share).eq(100) ? `${text(i.label)} (${share}% ${locale === 'it' ? 'della base' : 'of the base'})` : text(i.label),
        base: share ? fix(roundMoney(dec(i.base).times(share).div(100), scale, 'halfUp')) : fix(i.base),
        rate: i.codes.aliquotaRitenuta ?? i.ratePercent,
        amount: fix(i.amount),
        causale: causale.data,
        citation: i.citation,
      };
    });
  const cassa: CassaContribution[] = result.items
    .filter((i) => i.effect === 'addsToDocument' && i.codes.tipoCassa)
    .map((i) => ({ code: i.code, type: i.codes.tipoCassa!, label: text(i.label), base: fix(i.codes.imponibileCassa ?? i.base), rate: i.codes.aliquotaCassa ?? i.ratePercent, amount: fix(i.amount), withholding: i.codes.ritenuta === 'SI', citation: i.citation }));
  const principalCharges: PrincipalCharge[] = result.items
    .filter((i) => i.effect === 'principalCost')
    .map((i) => ({ code: i.code, label: text(i.label), ...(i.fixedAmount ? {} : { base: fix(i.base), rate: i.ratePercent }), amount: fix(i.amount), citation: i.citation }));
  const t = result.totals;
  refuseNegativeStamp(t.stampDuty, where);
  const fiscal: DocumentFiscalInput = {
    ...regimeOf(result.document.codes.regimeFiscale, where),
    vat,
    vatByComponent,
    vatAmount: fix(t.vatTotal),
    cassa,
    withholdings,
    // `charged` by any non-zero recharge: one of another sign is the credit note's, refused when the document is built
    ...(dec(t.stampDuty).gt(0) ? { stampDuty: { amount: fix(t.stampDuty), charged: !dec(t.stampDutyCharged).isZero() } } : {}),
    principalCharges,
    notes: result.document.notes.map(text),
  };
  return {
    fiscal,
    expectedTotals: { taxable: t.taxable, vat: t.vatTotal, stampDuty: t.stampDutyCharged, documentTotal: t.documentTotal, withholdings: t.withholdingsTotal, netToPay: t.netToPay, splitPaymentVat: t.splitPaymentVat },
  };
}

/**
 * A negative stamp duty from a pack is refused, not dropped: the imposta di bollo is a duty paid (ImportoBollo 2.00),
 * the same on an invoice and on a credit note (art. 13 n. 1 Tariffa DPR 642/72 names "note … recanti accreditamenti";
 * a TD04's amounts are positive), so a signed one would leave the XML without the DatiBollo it owes.
 */
function refuseNegativeStamp(stampDuty: string, where: BothLanguages): void {
  if (!dec(stampDuty).isNegative()) return;
  throw new DocumentError(
    {
      en: `${where.en}: totals.stampDuty is ${stampDuty}: the stamp duty is a positive amount paid (ImportoBollo), on credit notes too`,
      it: `${where.it}: totals.stampDuty vale ${stampDuty}: l'imposta di bollo è un importo positivo versato (ImportoBollo), anche sulle note di credito`,
    },
    ['fiscal', 'totals', 'stampDuty'],
  );
}

/** The ledger movements of a period statement (core `fiscalLinesFromPeriodStatement`): the summary's "adjustment" block. */
const MOVEMENTS = new Set(['adjustment', 'released', 'reserve_withheld', 'reserve_released', 'brought_forward', 'advance_recovery', 'carried_forward']);

/**
 * The VAT treatment of each of the pack's lines (with the Esigibilita and legal reference of its vatSummary group):
 * the default is the contributions' treatment, else the most frequent among the fee lines; every other treatment
 * goes to `vatByComponent` under the line's component, the ledger movements under "adjustment" (the summary prints
 * them in one block, so they must share a treatment).
 */
function treatmentsOf(result: FiscalResult, where: BothLanguages): { vat: VatTreatment; vatByComponent: Record<string, VatTreatment> } {
  const groups = new Map(result.totals.vatSummary.map((g) => [treatmentKey({ rate: g.vatRatePercent, natura: g.natura }), g]));
  const treatment = (line: { vatRatePercent: string; natura?: string | undefined; component?: string }): VatTreatment => {
    const g = groups.get(treatmentKey({ rate: line.vatRatePercent, natura: line.natura }));
    const natura = line.natura ? naturaOf(line.natura, line.component ?? 'vatSummary', where) : undefined;
    return {
      rate: line.vatRatePercent,
      ...(natura ? { natura } : {}),
      esigibilita: g?.esigibilita ?? 'I',
      ...(g?.legalReference ? { legalReference: g.legalReference } : {}),
    };
  };
  const fees = result.invoiceLines.filter((l) => l.kind === 'fee');
  const contribution = result.invoiceLines.find((l) => l.kind === 'contribution');
  const counts = new Map<string, { line: (typeof fees)[number]; n: number }>();
  for (const l of fees) {
    const k = treatmentKey({ rate: l.vatRatePercent, natura: l.natura });
    counts.set(k, { line: counts.get(k)?.line ?? l, n: (counts.get(k)?.n ?? 0) + 1 });
  }
  const common = [...counts.values()].sort((a, b) => b.n - a.n)[0]?.line;
  const fallback = result.totals.vatSummary.find((g) => g.natura !== 'N1');
  const vat = treatment(contribution ?? common ?? { vatRatePercent: fallback?.vatRatePercent ?? '22', natura: fallback?.natura });
  // By component in a Map: components are the plans' names, and one named "__proto__" must be an entry, not a prototype.
  const byComponent = new Map<string, VatTreatment>();
  let movement: VatTreatment | undefined;
  for (const l of fees) {
    const t = treatment(l);
    if (MOVEMENTS.has(l.component)) {
      if (movement && treatmentKey(movement) !== treatmentKey(t)) {
        const both = `${treatmentKey(movement)}, ${treatmentKey(t)}`;
        throw new DocumentError(
          {
            en: `${where.en}: the adjustments and ledger movements have different VAT treatments (${both}); they are printed as one block`,
            it: `${where.it}: le rettifiche e i movimenti del registro contabile hanno trattamenti IVA diversi (${both}); sono stampati in un unico blocco`,
          },
          ['fiscal', 'invoiceLines', l.component],
        );
      }
      movement = t;
    }
    if (treatmentKey(t) !== treatmentKey(vat)) byComponent.set(MOVEMENTS.has(l.component) ? 'adjustment' : l.component, t);
  }
  return { vat, vatByComponent: Object.fromEntries(byComponent) };
}

/**
 * A line's VAT nature as a FatturaPA Natura code, or a refusal naming the line: another pack's nature (core's EU
 * pack says "REVERSE_CHARGE") has no code these documents could print or SdI would accept, and is never guessed.
 */
function naturaOf(natura: string, component: string, where: BothLanguages): VatTreatment['natura'] {
  const parsed = NaturaSchema.safeParse(natura);
  if (parsed.success) return parsed.data;
  const codes = NaturaSchema.options.join(', ');
  throw new DocumentError(
    {
      en: `${where.en}: line "${component}" has VAT nature "${natura}", which is not a FatturaPA Natura code (${codes})`,
      it: `${where.it}: la riga "${component}" ha natura IVA "${natura}", che non è un codice Natura della FatturaPA (${codes})`,
    },
    ['fiscal', 'invoiceLines', component, 'natura'],
  );
}

/**
 * The pack's RegimeFiscale code, or a refusal naming it: a code outside the XSD's list would be rejected by SdI,
 * and replacing it would declare the partner under a regime it is not in. An absent code is left to the document
 * schema's documented default (RF01).
 */
function regimeOf(code: string | undefined, where: BothLanguages): Pick<DocumentFiscalInput, 'regime'> {
  if (code === undefined) return {};
  const parsed = RegimeFiscaleSchema.safeParse(code);
  if (parsed.success) return { regime: parsed.data };
  const codes = RegimeFiscaleSchema.options.join(', ');
  throw new DocumentError(
    {
      en: `${where.en}: regimeFiscale "${code}" is not a FatturaPA RegimeFiscale code (${codes})`,
      it: `${where.it}: regimeFiscale "${code}" non è un codice RegimeFiscale della FatturaPA (${codes})`,
    },
    ['fiscal', 'document', 'codes', 'regimeFiscale'],
  );
}

export interface PeriodSummaryOptions {
  /** Labels per payout id, overriding the plan's payout label the lines carry. */
  payoutLabels?: Record<string, string>;
  locale?: Locale;
}

/**
 * The invoice summary of a period statement (core `PeriodStatement`, from the ledger): payable earned lines by
 * component, then adjustments, releases, reserve movements, clawbacks, brought-forward balance, advance recovery
 * and carry-forward, so the summary's total equals the statement's `payable` exactly (checked).
 */
export function summarizePeriodStatement(ps: PeriodStatement, options: PeriodSummaryOptions = {}): StatementSummary {
  const it = (options.locale ?? 'it') === 'it';
  const scale = statementScale(ps);
  const fix = (v: string | ReturnType<typeof dec>) => amountAt(v, scale);
  const lineById = new Map(ps.lines.map((l) => [l.id, l]));
  const groups = new Map<string, ComponentSummary>();
  const adjustments: SummaryLine[] = [];
  const clawbacks: SummaryLine[] = [];
  // `earned` holds this period's line units and the adjustment units of recalculated past periods (unitId = adjustment id).
  const adjustmentById = new Map(ps.adjustments.map((a) => [a.id, a]));
  for (const e of ps.earned) {
    if (e.status !== 'payable') continue;
    const adjustment = adjustmentById.get(e.unitId);
    const line = !adjustment && e.lineId ? lineById.get(e.lineId) : undefined;
    if (!line) {
      const label = adjustment
        ? `${it ? 'Rettifica' : 'Adjustment'} ${adjustment.originalPeriod}: ${adjustment.label}`
        : (e.subject ?? (it ? 'Rettifica' : 'Adjustment'));
      const reference = adjustment?.source ? `${adjustment.source.system}:${adjustment.source.id}` : undefined;
      adjustments.push({ label, amount: fix(e.amount), ...(reference ? { reference } : {}), ...(adjustment?.originalPeriod ? { originalPeriod: adjustment.originalPeriod } : {}) });
      continue;
    }
    const reference = line.source ? `${line.source.system}:${line.source.id}` : undefined;
    payoutGroup(groups, line, options.payoutLabels).lines.push({ label: line.label, amount: fix(e.amount), ...(reference ? { reference } : {}) });
  }
  const add = (label: string, amount: string, into: SummaryLine[] = adjustments, originalPeriod?: string | null) => {
    if (!dec(amount).isZero()) into.push({ label, amount: fix(amount), ...(originalPeriod ? { originalPeriod } : {}) });
  };
  // Labels from the entries' fields in the document's language, never the ledger's English explanations.
  const w = it ? LEDGER_WORDS.it : LEDGER_WORDS.en;
  for (const r of ps.released) add(w.released(r), r.amount);
  for (const r of ps.reserve.withheld) add(w.reserveWithheld(r), fix(dec(r.amount).neg()));
  for (const r of ps.reserve.released) add(w.reserveReleased(r), r.amount);
  for (const c of ps.clawbacks) add(w.clawback(c, ps.currency), fix(dec(c.amount).neg()), clawbacks, c.originalPeriod);
  add(w.broughtForward, fix(dec(ps.totals.broughtForward).neg()));
  add(w.advanceRecovered, fix(dec(ps.totals.advanceRecovered).neg()));
  add(w.carriedForward, ps.totals.carriedForward);
  const components = [...groups.values()].map((g) => ({ ...g, amount: fix(sum(g.lines.map((l) => l.amount))) }));
  const total = sum([...components.map((c) => c.amount), ...adjustments.map((a) => a.amount), ...clawbacks.map((c) => c.amount)]);
  if (!total.eq(ps.payable)) {
    throw new DocumentError(
      {
        en: `partner ${ps.partnerId}, period ${ps.period}: the period statement's parts sum to ${fix(total)}, not its payable ${ps.payable}`,
        it: `partner ${ps.partnerId}, periodo ${ps.period}: la somma delle parti del rendiconto del periodo è ${fix(total)}, non il suo importo da pagare ${ps.payable}`,
      },
      ['statement', 'payable'],
    );
  }
  return { components, adjustments, clawbacks, commissions: fix(total), currency: ps.currency, scale };
}

/**
 * The taxable lines for a jurisdiction pack, from the same summary the documents print: one line per component (the
 * payout groups of a component added up), then the adjustments and the clawbacks (and other ledger movements) as
 * one line each. Σ lines = commissions, exactly.
 */
export function fiscalLinesFromSummary(summary: StatementSummary): Array<{ component: string; amount: string }> {
  const byComponent = new Map<string, string[]>();
  for (const c of summary.components) byComponent.set(c.component, [...(byComponent.get(c.component) ?? []), c.amount]);
  const fix = (v: ReturnType<typeof dec>) => amountAt(v, summary.scale ?? 0);
  const lines = [...byComponent].map(([component, amounts]) => ({ component, amount: fix(sum(amounts)) }));
  const adj = sum(summary.adjustments.map((a) => a.amount));
  const claw = sum(summary.clawbacks.map((c) => c.amount));
  if (!adj.isZero()) lines.push({ component: 'adjustment', amount: fix(adj) });
  if (!claw.isZero()) lines.push({ component: 'clawback', amount: fix(claw) });
  return lines;
}

type LedgerLine = PeriodStatement['released'][number];
type ClawbackLine = PeriodStatement['clawbacks'][number];

const subjectOf = (l: LedgerLine) => l.subject ?? l.unitId ?? l.entryId;
/** A pro-rata share as a percentage with two decimals: "0.8465753425" → it "84,66%", en "84.66%". */
const share = (fraction: string, locale: 'it' | 'en') => formatRate(dec(fraction).times(100).toDecimalPlaces(2).toFixed(), locale);

/** Descriptions of the ledger's movements on the invoice and statement, in Italian and English. */
const LEDGER_WORDS = {
  it: {
    released: (l: LedgerLine) => `Provvigione rilasciata ${subjectOf(l)}${l.originalPeriod ? ` (maturata nel periodo ${l.originalPeriod})` : ''}`,
    reserveWithheld: (l: LedgerLine) => `Riserva trattenuta ${subjectOf(l)}`,
    reserveReleased: (l: LedgerLine) => `Riserva svincolata ${subjectOf(l)}${l.originalPeriod ? ` (periodo ${l.originalPeriod})` : ''}`,
    clawback: (c: ClawbackLine, currency: string) =>
      `Storno provvigione ${subjectOf(c)}${c.originalPeriod ? ` (periodo ${c.originalPeriod})` : ''}${c.mode === 'proRata' ? `, quota ${share(c.fraction, 'it')} di ${formatMoney(c.paidAmount, currency, 'it')}` : ''}`,
    broughtForward: 'Saldo negativo dal periodo precedente',
    advanceRecovered: 'Recupero anticipo',
    carriedForward: 'Saldo negativo riportato al periodo successivo',
  },
  en: {
    released: (l: LedgerLine) => `Released commission ${subjectOf(l)}${l.originalPeriod ? ` (earned in period ${l.originalPeriod})` : ''}`,
    reserveWithheld: (l: LedgerLine) => `Reserve withheld ${subjectOf(l)}`,
    reserveReleased: (l: LedgerLine) => `Reserve released ${subjectOf(l)}${l.originalPeriod ? ` (period ${l.originalPeriod})` : ''}`,
    clawback: (c: ClawbackLine, currency: string) =>
      `Clawback of commission ${subjectOf(c)}${c.originalPeriod ? ` (period ${c.originalPeriod})` : ''}${c.mode === 'proRata' ? `, ${share(c.fraction, 'en')} of ${formatMoney(c.paidAmount, currency, 'en')}` : ''}`,
    broughtForward: 'Negative balance brought forward',
    advanceRecovered: 'Advance recovery',
    carriedForward: 'Negative balance carried forward',
  },
} as const;
