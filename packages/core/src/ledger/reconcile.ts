import type { Locale } from '../schema/common.js';
import type { PeriodStatement } from '../schema/ledger.js';
import { Decimal, dec, fmt, sum } from './util.js';

/**
 * The movements of a period statement, as columns that add up: how the period went from what was earned to what is
 * payable, and how each balance (held, reserve, advances, carried) rolled forward. The calculate summary, the text
 * statement and the accruals report show these columns; `reconciliationProblems` checks every identity.
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
  /** Short header for terminal tables and CSV. */
  header: string;
  label: Record<Locale, string>;
  /** Sign in the payable bridge: +1 adds, −1 subtracts, 0 is the result or a memo column. */
  sign: 1 | -1 | 0;
}

/** The bridge, in order, then `payable`, then the memo roll-forwards. */
export const MOVEMENT_COLUMNS: readonly MovementColumn[] = [
  { key: 'earned', header: 'earned', label: { it: 'Maturato', en: 'Earned' }, sign: 1 },
  { key: 'adjustments', header: 'adjust', label: { it: 'Rettifiche', en: 'Adjustments' }, sign: 1 },
  { key: 'held', header: 'held', label: { it: 'Trattenuto in attesa', en: 'Held' }, sign: -1 },
  { key: 'released', header: 'released', label: { it: 'Sbloccato', en: 'Released' }, sign: 1 },
  { key: 'reserveWithheld', header: 'reserve', label: { it: 'Riserva trattenuta', en: 'Reserve withheld' }, sign: -1 },
  { key: 'reserveReleased', header: 'res.rel', label: { it: 'Riserva svincolata', en: 'Reserve released' }, sign: 1 },
  { key: 'clawbacks', header: 'clawback', label: { it: 'Storni', en: 'Clawbacks' }, sign: -1 },
  { key: 'broughtForward', header: 'b/fwd', label: { it: 'Saldo negativo riportato', en: 'Brought forward' }, sign: -1 },
  { key: 'advanceRecovered', header: 'adv.rec', label: { it: 'Recupero anticipo', en: 'Advance recovered' }, sign: -1 },
  { key: 'carriedForward', header: 'carried', label: { it: 'Saldo negativo rinviato', en: 'Carried forward' }, sign: 1 },
  { key: 'payable', header: 'payable', label: { it: 'Da pagare', en: 'Payable' }, sign: 0 },
  { key: 'heldBefore', header: 'held b/f', label: { it: 'In attesa a inizio periodo', en: 'Held at start' }, sign: 0 },
  { key: 'lapsed', header: 'lapsed', label: { it: 'Decaduto', en: 'Lapsed' }, sign: 0 },
  { key: 'heldAfter', header: 'held c/f', label: { it: 'In attesa a fine periodo', en: 'Held at end' }, sign: 0 },
  { key: 'reserveBefore', header: 'res b/f', label: { it: 'Riserva a inizio periodo', en: 'Reserve at start' }, sign: 0 },
  { key: 'reserveAfter', header: 'res c/f', label: { it: 'Riserva a fine periodo', en: 'Reserve at end' }, sign: 0 },
  { key: 'advanceBefore', header: 'adv b/f', label: { it: 'Anticipo da recuperare a inizio periodo', en: 'Advance to recover at start' }, sign: 0 },
  { key: 'advancePaid', header: 'adv.paid', label: { it: 'Anticipo pagato', en: 'Advance paid' }, sign: 0 },
  { key: 'advanceAfter', header: 'adv c/f', label: { it: 'Anticipo da recuperare a fine periodo', en: 'Advance to recover at end' }, sign: 0 },
  { key: 'carriedBefore', header: 'carry b/f', label: { it: 'Saldo negativo a inizio periodo', en: 'Carried balance at start' }, sign: 0 },
  { key: 'carriedAfter', header: 'carry c/f', label: { it: 'Saldo negativo a fine periodo', en: 'Carried balance at end' }, sign: 0 },
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

/** Every identity the movements must satisfy; an empty list when the statement reconciles. */
export function reconciliationProblems(mv: StatementMovements): string[] {
  const d = (k: MovementKey): Decimal => dec(mv[k]);
  const bridge = MOVEMENT_COLUMNS.filter((c) => c.sign !== 0).reduce((acc, c) => acc.plus(d(c.key).times(c.sign)), new Decimal(0));
  const checks: Array<[string, Decimal, Decimal]> = [
    ['payable = earned + adjust − held + released − reserve + reserve released − clawback − brought forward − advance recovered + carried', bridge, d('payable')],
    ['held at start + held − released − lapsed = held at end', d('heldBefore').plus(d('held')).minus(d('released')).minus(d('lapsed')), d('heldAfter')],
    ['reserve at start + withheld − released = reserve at end', d('reserveBefore').plus(d('reserveWithheld')).minus(d('reserveReleased')), d('reserveAfter')],
    ['advance at start + paid − recovered = advance at end', d('advanceBefore').plus(d('advancePaid')).minus(d('advanceRecovered')), d('advanceAfter')],
  ];
  return checks.filter(([, got, want]) => !got.equals(want)).map(([what, got, want]) => `${mv.partnerId} ${mv.period}: ${what} fails (${got.toString()} ≠ ${want.toString()})`);
}
