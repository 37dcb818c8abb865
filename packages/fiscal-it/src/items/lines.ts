/** The invoice's fee lines and their VAT treatment (rate or Natura). */
import type { BilingualText, FiscalInput, InvoiceLine } from '@provvigo/core';
import type { FiscalTraceRounding } from '@provvigo/core';
import { table, str, type Ctx, type TableRow } from '../context.js';
import { cents, dec, roundCent } from '../euro.js';
import type { ItSettings } from '../settings.js';

export interface VatTreatment {
  /** null = the standard rate of table it.iva. */
  rate: string | null;
  natura: string | undefined;
}

/** Forfettario and no-VAT work: N2.2 (never N2.1, italy-tax.md §3.3); installers on buildings: N6.7. */
export function vatTreatment(s: ItSettings): VatTreatment {
  if (s.regime === 'forfettario' || s.vat === 'none') return { rate: '0', natura: 'N2.2' };
  if (s.vat === 'reverseChargeN67') return { rate: '0', natura: 'N6.7' };
  return { rate: null, natura: undefined };
}

/** The ritenuta does not apply: forfettario, ritenuta none, or a principal that is an agricultural enterprise. */
export function ritenutaExcluded(ctx: Ctx): boolean {
  return ctx.s.regime === 'forfettario' || ctx.s.ritenuta === 'none' || ctx.principal.settings['agriculturalEnterprise'] === true;
}

export interface LineBuilder {
  standard: { table: TableRow; rate: string } | undefined;
  /** A line with the partner's treatment, or with the one given (e.g. N1 for a recharged stamp). */
  make(l: Omit<InvoiceLine, 'vatRatePercent' | 'natura'>, treatment?: { natura: string | undefined; rate: string }): InvoiceLine;
  /** The treatment of a fee line of `component` (reverse-charge partners may list standard-rate components). */
  forComponent(component: string): { natura: string | undefined; rate: string };
}

export function lineBuilder(ctx: Ctx): LineBuilder {
  const vt = vatTreatment(ctx.s);
  const standardComponents = new Set((ctx.s.vatStandardComponents ?? '').split(',').filter(Boolean));
  const needsStandard = vt.rate === null || (vt.natura === 'N6.7' && standardComponents.size > 0);
  const t = needsStandard ? table(ctx, 'it.iva') : undefined;
  const rate = t && str(ctx, t, 'standardPercent');
  const standard = t && rate ? { table: t, rate } : undefined;
  const lineRate = vt.rate ?? standard?.rate ?? '0';
  const forComponent = (component: string) =>
    vt.natura === 'N6.7' && standardComponents.has(component) && standard
      ? { natura: undefined, rate: standard.rate }
      : { natura: vt.natura, rate: lineRate };
  const make = (l: Omit<InvoiceLine, 'vatRatePercent' | 'natura'>, treatment = { natura: vt.natura, rate: lineRate }): InvoiceLine => {
    const line: InvoiceLine = { ...l, vatRatePercent: treatment.rate };
    if (treatment.natura) line.natura = treatment.natura;
    return line;
  };
  return { standard, make, forComponent };
}

/** One invoice line per statement line, rounded to the cent (statement lines normally already are). */
export function feeLines(ctx: Ctx, input: FiscalInput, lb: LineBuilder): InvoiceLine[] {
  const rounding: FiscalTraceRounding[] = [];
  const withholding = !ritenutaExcluded(ctx);
  return input.lines.map((l) => {
    const amount = roundCent(dec(l.amount), `line ${l.component}`, rounding);
    return lb.make({ component: l.component, description: l.description ?? componentLabel(l.component), amount: cents(amount), withholding, kind: 'fee' }, lb.forComponent(l.component));
  });
}

const COMPONENT_LABELS = new Map<string, BilingualText>([
  ['commission', { it: 'Provvigioni', en: 'Commissions' }],
  ['bonus', { it: 'Premi', en: 'Bonuses' }],
  ['adjustment', { it: 'Rettifiche periodi precedenti', en: 'Adjustments of past periods' }],
  ['clawback', { it: 'Storni provvigionali', en: 'Clawbacks' }],
  ['advance', { it: 'Anticipi', en: 'Advances' }],
  ['advance_recovery', { it: 'Recupero anticipi', en: 'Advance recovery' }],
  ['fee', { it: 'Compensi', en: 'Fees' }],
]);

export function componentLabel(component: string): BilingualText {
  return COMPONENT_LABELS.get(component) ?? { it: component, en: component };
}

export type { FiscalInput };
