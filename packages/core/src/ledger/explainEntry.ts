import { formatMoney } from '../moneyFormat.js';
import type { Locale } from '../schema/common.js';
import type { LedgerEntry } from '../schema/ledger.js';
import { dec } from './util.js';

/** Service-event types of the utility sample, in both languages; other types are shown as written. */
const EVENT_NAMES: Record<string, { it: string; en: string }> = {
  activated: { it: 'attivazione della fornitura', en: 'supply activation' },
  first_invoice_paid: { it: 'pagamento della prima fattura', en: 'first invoice paid' },
  terminated: { it: 'cessazione del contratto', en: 'contract termination' },
  switched_out: { it: 'passaggio ad altro fornitore', en: 'switch to another supplier' },
  ee_order_delivered: { it: "consegna dell'ordine di efficienza energetica", en: 'energy-efficiency order delivered' },
};

/** A service event's name in the reader's language (the portal's held-amount reasons use the same words). */
export function ledgerEventName(type: string | undefined, locale: Locale): string {
  if (!type) return locale === 'it' ? 'evento' : 'event';
  return EVENT_NAMES[type]?.[locale] ?? type;
}

function date(d: string | null | undefined, locale: Locale): string {
  if (!d) return '';
  if (locale === 'en') return d;
  const [y, m, day] = d.split('-');
  return `${day}/${m}/${y}`;
}

function percent(share: string | undefined, locale: Locale): string {
  if (!share) return '';
  const p = dec(share).times(100).toString();
  return locale === 'it' ? `${p.replace('.', ',')}%` : `${p}%`;
}

/**
 * One sentence, in the partner's language, saying why a ledger entry exists: for the portal, the statement PDF and
 * dispute tickets. Built from the entry's structured fields, so it never depends on the English `explanation`.
 */
export function explainLedgerEntry(entry: LedgerEntry, locale: Locale = 'en'): string {
  const it = locale === 'it';
  const money = formatMoney(entry.amount, entry.currency, locale);
  const subject = entry.subject ? (it ? ` (contratto ${entry.subject})` : ` (contract ${entry.subject})`) : '';
  const ev = entry.event;
  const d = entry.details;
  switch (entry.kind) {
    case 'earned':
      return it
        ? `Provvigione di ${money} maturata nel periodo ${entry.originalPeriod}${subject}${ev ? `, pagabile subito: ${ledgerEventName(ev.type, locale)} del ${date(ev.date, locale)}` : ''}.`
        : `Commission of ${money} earned in ${entry.originalPeriod}${subject}${ev ? `, payable now: ${ledgerEventName(ev.type, locale)} on ${date(ev.date, locale)}` : ''}.`;
    case 'adjustment':
      return it
        ? `Rettifica di ${money} della provvigione del periodo ${entry.originalPeriod}${subject}, ricalcolata.`
        : `Adjustment of ${money} to the commission of ${entry.originalPeriod}${subject}, recalculated.`;
    case 'held':
      return it
        ? `${money} in attesa di ${ledgerEventName(d['on'], locale)}${subject}${entry.dueDate ? `; decade se non avviene entro il ${date(entry.dueDate, locale)}` : ''}.`
        : `${money} held until ${ledgerEventName(d['on'], locale)}${subject}${entry.dueDate ? `; lapses if not met by ${date(entry.dueDate, locale)}` : ''}.`;
    case 'released':
      return it
        ? `${money} sbloccati: ${ledgerEventName(ev?.type, locale)} del ${date(ev?.date, locale)}${subject} (in attesa dal periodo ${d['heldSince'] ?? entry.originalPeriod}).`
        : `${money} released: ${ledgerEventName(ev?.type, locale)} on ${date(ev?.date, locale)}${subject} (held since ${d['heldSince'] ?? entry.originalPeriod}).`;
    case 'lapsed':
      return d['reason'] === 'terminated'
        ? it
          ? `${money} decaduti: ${ledgerEventName(ev?.type, locale)} del ${date(ev?.date, locale)}${subject} prima dello sblocco.`
          : `${money} lapsed: ${ledgerEventName(ev?.type, locale)} on ${date(ev?.date, locale)}${subject} before release.`
        : it
          ? `${money} decaduti: condizione non verificata entro il ${date(d['deadline'], locale)}${subject}.`
          : `${money} lapsed: condition not met by ${date(d['deadline'], locale)}${subject}.`;
    case 'reserved':
      return it
        ? `Riserva del ${percent(d['share'], locale)} trattenuta: ${money}${subject}, svincolata dal ${date(entry.dueDate, locale)}.`
        : `Reserve of ${percent(d['share'], locale)} withheld: ${money}${subject}, released from ${date(entry.dueDate, locale)}.`;
    case 'reserve_released':
      return it
        ? `Riserva di ${money} trattenuta nel periodo ${d['withheldIn'] ?? ''} svincolata${subject}.`
        : `Reserve of ${money} withheld in ${d['withheldIn'] ?? ''} released${subject}.`;
    case 'clawback': {
      const paid = d['paidAmount'] ? formatMoney(d['paidAmount'], entry.currency, locale) : money;
      const when = `${ledgerEventName(ev?.type, locale)} ${it ? 'del' : 'on'} ${date(ev?.date, locale)}`;
      if (d['mode'] === 'proRata') {
        const share = percent(dec(d['fraction'] ?? '1').toDecimalPlaces(6).toString(), locale);
        return it
          ? `Storno pro rata di ${money} (${share} di ${paid} pagati nel periodo ${entry.originalPeriod})${subject}: ${when}, entro il periodo di garanzia dal ${date(d['windowStart'], locale)} al ${date(d['windowEnd'], locale)}.`
          : `Pro-rata clawback of ${money} (${share} of ${paid} paid for ${entry.originalPeriod})${subject}: ${when}, within the window ${date(d['windowStart'], locale)} – ${date(d['windowEnd'], locale)}.`;
      }
      return it
        ? `Storno integrale di ${money} pagati nel periodo ${entry.originalPeriod}${subject}: ${when}, entro il periodo di garanzia dal ${date(d['windowStart'], locale)}.`
        : `Full clawback of ${money} paid for ${entry.originalPeriod}${subject}: ${when}, within the window from ${date(d['windowStart'], locale)}.`;
    }
    case 'advance_paid':
      return it
        ? `Anticipo di ${money} dell'accordo ${entry.agreementId} pagato alla firma (${date(d['signedOn'], locale)}), recuperato dagli estratti conto successivi.`
        : `Advance of ${money} under agreement ${entry.agreementId} paid at signing (${date(d['signedOn'], locale)}), recovered from later statements.`;
    case 'advance_recovered':
      return it
        ? `Recupero anticipo dell'accordo ${entry.agreementId}: ${money}${d['maxShare'] ? ` (al massimo il ${percent(d['maxShare'], locale)} dell'estratto conto)` : ''}.`
        : `Advance recovery under agreement ${entry.agreementId}: ${money}${d['maxShare'] ? ` (at most ${percent(d['maxShare'], locale)} of the statement)` : ''}.`;
    case 'advance_recovery_on_termination':
      return d['reason'] === 'terminated'
        ? it
          ? `Accordo ${entry.agreementId} cessato anticipatamente il ${date(d['endedOn'], locale)}: recuperato il residuo dell'anticipo, ${money}.`
          : `Agreement ${entry.agreementId} ended early on ${date(d['endedOn'], locale)}: the rest of the advance, ${money}, is recovered.`
        : it
          ? `Accordo ${entry.agreementId} scaduto il ${date(d['endedOn'], locale)}: recuperato il residuo dell'anticipo, ${money}.`
          : `Agreement ${entry.agreementId} ended on ${date(d['endedOn'], locale)}: the rest of the advance, ${money}, is recovered.`;
    case 'carry_forward': {
      const abs = formatMoney(dec(entry.amount).abs().toString(), entry.currency, locale);
      return dec(entry.amount).isNegative()
        ? it
          ? `Saldo negativo di ${abs} riportato dagli estratti conto precedenti.`
          : `Negative balance of ${abs} brought forward from earlier statements.`
        : it
          ? `Saldo negativo: importo da pagare portato a zero, ${abs} riportati al prossimo estratto conto.`
          : `Negative balance: payable set to zero, ${abs} carried forward to the next statement.`;
    }
    case 'paid':
      return it ? `Importo da liquidare per il periodo ${entry.period}: ${money}.` : `Payable for ${entry.period}: ${money}.`;
  }
}
