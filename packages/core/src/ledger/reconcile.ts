import type { Locale } from '../schema/common.js';
import type { PeriodStatement } from '../schema/ledger.js';
import { type Decimal, dec, fmt, sum } from './util.js';

/**
 * The movements of a period statement, as columns that add up: how the period went from what was earned to what is
 * payable, and how each balance (held, reserve, advances, carried) rolled forward. The calculate summary, the text
 * statement and the accruals report show these columns; `reconciliationFailures` (reconciliationProblems.ts) checks
 * every identity.
 */
export interface StatementMovements {
  partnerId: string;
  period: string;
  currency: string;
  /** The payable bridge: payable = Σ signed bridge columns (see MOVEMENT_COLUMNS). */
  earned: string;
  adjustments: string;
  held: string;
  released: string;
  reserveWithheld: string;
  reserveReleased: string;
  clawbacks: string;
  broughtForward: string;
  advanceRecovered: string;
  carriedForward: string;
  payable: string;
  /** Roll-forwards (memo: they do not enter the payable bridge). */
  heldBefore: string;
  lapsed: string;
  heldAfter: string;
  reserveBefore: string;
  reserveAfter: string;
  advanceBefore: string;
  advancePaid: string;
  advanceAfter: string;
  carriedBefore: string;
  carriedAfter: string;
}

export type MovementKey = Exclude<keyof StatementMovements, 'partnerId' | 'period' | 'currency'>;

export interface MovementColumn {
  key: MovementKey;
  /** Short header for terminal tables and CSV, in English (what every caller read before `headers`). */
  header: string;
  /**
   * The short header in each language (`headers.en === header`): one or two words, single spaces only, so a terminal
   * table whose columns are split at two or more spaces still splits.
   */
  headers: Record<Locale, string>;
  label: Record<Locale, string>;
  /** Sign in the payable bridge: +1 adds, −1 subtracts, 0 is the result or a memo column. */
  sign: 1 | -1 | 0;
}

/** The bridge, in order, then `payable`, then the memo roll-forwards. */
export const MOVEMENT_COLUMNS: readonly MovementColumn[] = [
  { key: 'earned', header: 'earned', headers: { it: 'maturato', en: 'earned' }, label: { it: 'Maturato', en: 'Earned' }, sign: 1 },
  { key: 'adjustments', header: 'adjust', headers: { it: 'rettifiche', en: 'adjust' }, label: { it: 'Rettifiche', en: 'Adjustments' }, sign: 1 },
  { key: 'held', header: 'held', headers: { it: 'in attesa', en: 'held' }, label: { it: 'Trattenuto in attesa', en: 'Held' }, sign: -1 },
  { key: 'released', header: 'released', headers: { it: 'sbloccato', en: 'released' }, label: { it: 'Sbloccato', en: 'Released' }, sign: 1 },
  { key: 'reserveWithheld', header: 'reserve', headers: { it: 'riserva', en: 'reserve' }, label: { it: 'Riserva trattenuta', en: 'Reserve withheld' }, sign: -1 },
  { key: 'reserveReleased', header: 'res.rel', headers: { it: 'ris.sv.', en: 'res.rel' }, label: { it: 'Riserva svincolata', en: 'Reserve released' }, sign: 1 },
  { key: 'clawbacks', header: 'clawback', headers: { it: 'storno', en: 'clawback' }, label: { it: 'Storni', en: 'Clawbacks' }, sign: -1 },
  { key: 'broughtForward', header: 'b/fwd', headers: { it: 'riportato', en: 'b/fwd' }, label: { it: 'Saldo negativo riportato', en: 'Brought forward' }, sign: -1 },
  { key: 'advanceRecovered', header: 'adv.rec', headers: { it: 'rec.ant.', en: 'adv.rec' }, label: { it: 'Recupero anticipo', en: 'Advance recovered' }, sign: -1 },
  { key: 'carriedForward', header: 'carried', headers: { it: 'rinviato', en: 'carried' }, label: { it: 'Saldo negativo rinviato', en: 'Carried forward' }, sign: 1 },
  { key: 'payable', header: 'payable', headers: { it: 'da pagare', en: 'payable' }, label: { it: 'Da pagare', en: 'Payable' }, sign: 0 },
  { key: 'heldBefore', header: 'held b/f', headers: { it: 'att.iniz.', en: 'held b/f' }, label: { it: 'In attesa a inizio periodo', en: 'Held at start' }, sign: 0 },
  { key: 'lapsed', header: 'lapsed', headers: { it: 'decaduto', en: 'lapsed' }, label: { it: 'Decaduto', en: 'Lapsed' }, sign: 0 },
  { key: 'heldAfter', header: 'held c/f', headers: { it: 'att.fin.', en: 'held c/f' }, label: { it: 'In attesa a fine periodo', en: 'Held at end' }, sign: 0 },
  { key: 'reserveBefore', header: 'res b/f', headers: { it: 'ris.iniz.', en: 'res b/f' }, label: { it: 'Riserva a inizio periodo', en: 'Reserve at start' }, sign: 0 },
  { key: 'reserveAfter', header: 'res c/f', headers: { it: 'ris.fin.', en: 'res c/f' }, label: { it: 'Riserva a fine periodo', en: 'Reserve at end' }, sign: 0 },
  { key: 'advanceBefore', header: 'adv b/f', headers: { it: 'ant.iniz.', en: 'adv b/f' }, label: { it: 'Anticipo da recuperare a inizio periodo', en: 'Advance to recover at start' }, sign: 0 },
  { key: 'advancePaid', header: 'adv.paid', headers: { it: 'ant.pag.', en: 'adv.paid' }, label: { it: 'Anticipo pagato', en: 'Advance paid' }, sign: 0 },
  { key: 'advanceAfter', header: 'adv c/f', headers: { it: 'ant.fin.', en: 'adv c/f' }, label: { it: 'Anticipo da recuperare a fine periodo', en: 'Advance to recover at end' }, sign: 0 },
  { key: 'carriedBefore', header: 'carry b/f', headers: { it: 'neg.iniz.', en: 'carry b/f' }, label: { it: 'Saldo negativo a inizio periodo', en: 'Carried balance at start' }, sign: 0 },
  { key: 'carriedAfter', header: 'carry c/f', headers: { it: 'neg.fin.', en: 'carry c/f' }, label: { it: 'Saldo negativo a fine periodo', en: 'Carried balance at end' }, sign: 0 },
];

/** Decimal places of a statement's amounts (the ledger's scale), so sums print as the statement does. */
export function statementScale(s: PeriodStatement): number {
  // read from the strings: a decimal drops trailing zeros ("12.50" has 1 decimal place as a number, 2 as written)
  const places = (v: string | undefined): number => (v === undefined ? 0 : (v.split('.')[1] ?? '').length);
  return Math.max(0, ...Object.values(s.totals).map(places), places(s.payable));
}

export function statementMovements(s: PeriodStatement): StatementMovements {
  const t = s.totals;
  const scale = statementScale(s);
  const m = (d: Decimal | string): string => fmt(dec(d), scale);
  const advancePaid = sum(s.advances.map((a) => a.paid));
  const carriedBefore = dec(t.carriedBalanceBefore ?? '0');
  return {
    partnerId: s.partnerId,
    period: s.period,
    currency: s.currency,
    earned: m(t.earned),
    adjustments: m(t.adjustments),
    held: m(t.held),
    released: m(t.released),
    reserveWithheld: m(t.reserveWithheld),
    reserveReleased: m(t.reserveReleased),
    clawbacks: m(t.clawbacks),
    broughtForward: m(t.broughtForward),
    advanceRecovered: m(t.advanceRecovered),
    carriedForward: m(t.carriedForward),
    payable: m(s.payable),
    heldBefore: m(t.heldBalanceBefore ?? '0'),
    lapsed: m(t.lapsed),
    heldAfter: m(t.heldBalance),
    reserveBefore: m(t.reserveBalanceBefore ?? '0'),
    reserveAfter: m(s.reserve.balance),
    advanceBefore: m(t.advanceBalanceBefore ?? '0'),
    advancePaid: m(advancePaid),
    advanceAfter: m(t.advanceBalance),
    carriedBefore: m(carriedBefore),
    carriedAfter: m(carriedBefore.minus(t.broughtForward).plus(t.carriedForward)),
  };
}
