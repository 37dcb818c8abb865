import type { BothLanguages } from '../schema/common.js';
import { MOVEMENT_COLUMNS, type MovementKey, type StatementMovements } from './reconcile.js';
import { Decimal, dec } from './util.js';

/** Which identity of a statement's movements fails: the payable bridge, or the roll-forward of one balance. */
export type ReconciliationCheck = 'payable_bridge' | 'held_roll_forward' | 'reserve_roll_forward' | 'advance_roll_forward';

/** One identity a statement's movements do not satisfy, worded in both languages (`messages.en === message`). */
export interface ReconciliationProblem {
  code: ReconciliationCheck;
  /** The English text, as `reconciliationProblems` gives it. */
  message: string;
  messages: BothLanguages;
}

/** Each identity in the words a finance team reads it with; the Italian in the statement's own vocabulary. */
const IDENTITIES: Record<ReconciliationCheck, BothLanguages> = {
  payable_bridge: {
    en: 'payable = earned + adjust − held + released − reserve + reserve released − clawback − brought forward − advance recovered + carried',
    it:
      'da pagare = maturato + rettifiche − trattenuto in attesa + sbloccato − riserva trattenuta + riserva svincolata − storni ' +
      '− saldo negativo riportato − recupero anticipo + saldo negativo rinviato',
  },
  held_roll_forward: {
    en: 'held at start + held − released − lapsed = held at end',
    it: 'in attesa a inizio periodo + trattenuto in attesa − sbloccato − decaduto = in attesa a fine periodo',
  },
  reserve_roll_forward: {
    en: 'reserve at start + withheld − released = reserve at end',
    it: 'riserva a inizio periodo + trattenuta − svincolata = riserva a fine periodo',
  },
  advance_roll_forward: {
    en: 'advance at start + paid − recovered = advance at end',
    it: 'anticipo da recuperare a inizio periodo + pagato − recuperato = anticipo da recuperare a fine periodo',
  },
};

/**
 * Every identity the movements must satisfy and do not, each with its code and its text in Italian and English; an
 * empty list when the statement reconciles. The amounts stay exact decimals in both languages: they are there to be
 * checked against the statement, not read as prose.
 */
export function reconciliationFailures(mv: StatementMovements): ReconciliationProblem[] {
  const d = (k: MovementKey): Decimal => dec(mv[k]);
  const bridge = MOVEMENT_COLUMNS.filter((c) => c.sign !== 0).reduce((acc, c) => acc.plus(d(c.key).times(c.sign)), new Decimal(0));
  const checks: Array<[ReconciliationCheck, Decimal, Decimal]> = [
    ['payable_bridge', bridge, d('payable')],
    ['held_roll_forward', d('heldBefore').plus(d('held')).minus(d('released')).minus(d('lapsed')), d('heldAfter')],
    ['reserve_roll_forward', d('reserveBefore').plus(d('reserveWithheld')).minus(d('reserveReleased')), d('reserveAfter')],
    ['advance_roll_forward', d('advanceBefore').plus(d('advancePaid')).minus(d('advanceRecovered')), d('advanceAfter')],
  ];
  return checks
    .filter(([, got, want]) => !got.equals(want))
    .map(([code, got, want]) => {
      const what = IDENTITIES[code];
      const [g, w] = [got.toString(), want.toString()];
      const messages = {
        en: `${mv.partnerId} ${mv.period}: ${what.en} fails (${g} ≠ ${w})`,
        it: `${mv.partnerId} ${mv.period}: la quadratura ${what.it} non torna (${g} ≠ ${w})`,
      };
      return { code, message: messages.en, messages };
    });
}

/** Every identity the movements must satisfy, in English; an empty list when the statement reconciles. */
export function reconciliationProblems(mv: StatementMovements): string[] {
  return reconciliationFailures(mv).map((p) => p.message);
}
