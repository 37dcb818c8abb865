import type { FiscalItem, FiscalResult } from '../schema/fiscal.js';
import type { Locale } from '../schema/common.js';
import { formatMoney } from '../moneyFormat.js';
import { toDecimal as dec } from '../money.js';

/** "23%", "8,5%" (it) / "8.5%" (en). */
export function formatFiscalPercent(percent: string, locale: Locale): string {
  const s = dec(percent).toFixed();
  return `${locale === 'it' ? s.replace('.', ',') : s}%`;
}

/**
 * One sentence explaining a fiscal item, e.g.
 * "Ritenuta d'acconto 23% su 50% di 1.000,00 € = 115,00 € (art. 25-bis DPR 600/73)".
 */
export function explainFiscalItem(item: FiscalItem, locale: Locale): string {
  const m = (a: string) => formatMoney(a, item.currency, locale);
  const label = item.label[locale];
  if (item.fixedAmount) {
    const on = locale === 'it' ? 'su' : 'on';
    const what = item.baseLabel ? `${item.baseLabel[locale]} ` : '';
    return `${label} ${m(item.amount)} ${on} ${what}${m(item.base)} (${item.citation})`;
  }
  if (item.bands && item.bands.length > 0) {
    const on = locale === 'it' ? 'su' : 'on';
    const parts = item.bands.map((b) => `${formatFiscalPercent(b.ratePercent, locale)} ${on} ${m(b.base)} = ${m(b.amount)}`);
    return `${label} ${on} ${m(item.base)}: ${parts.join(' + ')}${parts.length > 1 ? ` = ${m(item.amount)}` : ''} (${item.citation})`;
  }
  const rate = formatFiscalPercent(item.ratePercent, locale);
  if (item.baseSharePercent !== undefined && !dec(item.baseSharePercent).equals(100)) {
    const share = formatFiscalPercent(item.baseSharePercent, locale);
    return locale === 'it'
      ? `${label} ${rate} su ${share} di ${m(item.base)} = ${m(item.amount)} (${item.citation})`
      : `${label} ${rate} on ${share} of ${m(item.base)} = ${m(item.amount)} (${item.citation})`;
  }
  return locale === 'it'
    ? `${label} ${rate} su ${m(item.base)} = ${m(item.amount)} (${item.citation})`
    : `${label} ${rate} on ${m(item.base)} = ${m(item.amount)} (${item.citation})`;
}

const EFFECT: Record<FiscalItem['effect'], { it: string; en: string }> = {
  addsToDocument: { it: 'aggiunto al totale documento', en: 'added to the document total' },
  withheld: { it: 'trattenuto dal pagamento e versato dal committente', en: 'withheld from the payment and paid over by the principal' },
  principalCost: { it: 'a carico del solo committente, non in fattura', en: 'borne by the principal only, not on the invoice' },
  informational: { it: 'indicato, non modifica gli importi', en: 'shown only, moves no money' },
};

/** Every item of a result as sentences, with its effect on the payment, then the net-to-pay identity. */
export function explainFiscalResult(result: FiscalResult, locale: Locale): string[] {
  const m = (a: string) => formatMoney(a, result.currency, locale);
  const out = result.items.map((i) => `${explainFiscalItem(i, locale)}: ${EFFECT[i.effect][locale]}.`);
  const t = result.totals;
  const split = dec(t.splitPaymentVat).isZero() ? '' : ` − ${m(t.splitPaymentVat)} (split payment)`;
  out.push(
    locale === 'it'
      ? `Netto a pagare = totale documento ${m(t.documentTotal)} − ritenute ${m(t.withholdingsTotal)}${split} = ${m(t.netToPay)}.`
      : `Net to pay = document total ${m(t.documentTotal)} − withholdings ${m(t.withholdingsTotal)}${split} = ${m(t.netToPay)}.`,
  );
  return out;
}
