import type { AdjustmentLine, LedgerEntry, LedgerEntryKind, PeriodLedgerLine, PeriodStatement } from '../schema/ledger.js';
import type { Statement } from '../schema/result.js';
import { maxDecimals, statementMoney } from '../money.js';
import { LedgerError } from './ledgerError.js';
import { byString, Decimal, fmt, sum } from './util.js';

export interface BuildPeriodStatementInput {
  partnerId: string;
  period: string;
  runId: string;
  currency: string;
  /** The partner's evaluated statement of the period (null when only ledger activity happened). */
  statement: Statement | null;
  /** Adjustment lines booked in the period for this partner. */
  adjustments: AdjustmentLine[];
  /** The partner's ledger entries booked in this period. */
  entries: LedgerEntry[];
  /** The partner's ledger entries of earlier periods (for balances). */
  prior: LedgerEntry[];
  floorAtZero: boolean;
  /** Decimal places of the amounts (the plan's scale; exact sums never lose a digit beyond it). */
  scale: number;
}

const toLine = (e: LedgerEntry): PeriodLedgerLine => ({
  entryId: e.id,
  unitId: e.unitId,
  lineId: e.lineId,
  originalPeriod: e.originalPeriod,
  amount: e.amount,
  subject: e.subject,
  event: e.event,
  explanation: e.explanation,
});

/**
 * The partner's period statement, derived only from ledger entries (plus the evaluated lines and adjustments for
 * display), so the store can rebuild it at any time from what it persisted. Checks that the figures add up.
 */
export function buildPeriodStatement(input: BuildPeriodStatementInput): PeriodStatement {
  const { scale } = input;
  const entries = [...input.entries].sort(byString((e) => e.id));
  const all = [...input.prior, ...entries];
  const of = (kinds: LedgerEntryKind[], list: LedgerEntry[] = entries): LedgerEntry[] => list.filter((e) => kinds.includes(e.kind));
  const tot = (kinds: LedgerEntryKind[], list: LedgerEntry[] = entries): Decimal => sum(of(kinds, list).map((e) => e.amount));
  const m = (d: Decimal): string => fmt(d, scale);

  const heldNow = of(['held']);
  const heldUnits = new Set(heldNow.map((e) => e.unitId));
  const earnedEntries = of(['earned', 'adjustment']);
  const earned = tot(['earned']);
  const adjustments = tot(['adjustment']);
  const kindOfUnit = new Map(earnedEntries.map((e) => [e.unitId, e.kind]));
  const heldEarned = sum(heldNow.filter((h) => kindOfUnit.get(h.unitId) === 'earned').map((e) => e.amount));
  const heldAdj = sum(heldNow.filter((h) => kindOfUnit.get(h.unitId) === 'adjustment').map((e) => e.amount));
  const earnedPayable = earned.minus(heldEarned);
  const adjustmentsPayable = adjustments.minus(heldAdj);
  const released = tot(['released']);
  const reserveWithheld = tot(['reserved']);
  const reserveReleased = tot(['reserve_released']);
  const clawbacks = tot(['clawback']);
  const cf = of(['carry_forward']);
  const broughtForward = sum(cf.filter((e) => e.amount.startsWith('-')).map((e) => e.amount)).negated();
  const carriedForward = sum(cf.filter((e) => !e.amount.startsWith('-')).map((e) => e.amount));
  const beforeAdvance = earnedPayable.plus(adjustmentsPayable).plus(released).minus(reserveWithheld).plus(reserveReleased).minus(clawbacks).minus(broughtForward);
  const advanceRecovered = tot(['advance_recovered', 'advance_recovery_on_termination']);
  const beforeFloor = beforeAdvance.minus(advanceRecovered);
  const payable = beforeFloor.plus(carriedForward);
  const paidEntries = of(['paid']);
  if (paidEntries.length > 0 && !sum(paidEntries.map((e) => e.amount)).equals(payable)) {
    throw new Error(`period statement ${input.partnerId} ${input.period}: lines give ${m(payable)}, the paid entry says ${paidEntries[0]!.amount}`);
  }

  // commission by component: + payable units, + released, − reserved, + reserve released, − clawbacks
  const sign: Partial<Record<LedgerEntryKind, 1 | -1>> = { earned: 1, adjustment: 1, held: -1, released: 1, reserved: -1, reserve_released: 1, clawback: -1 };
  const comp = new Map<string, Decimal>();
  for (const e of entries) {
    const sg = sign[e.kind];
    if (sg === undefined) continue;
    const k = e.component ?? e.payout ?? 'commission';
    comp.set(k, (comp.get(k) ?? new Decimal(0)).plus(sg === 1 ? e.amount : new Decimal(e.amount).negated()));
  }
  const byComponent = Object.fromEntries([...comp.entries()].sort(byString(([k]) => k)).map(([k, v]) => [k, m(v)]));

  const settledIds = new Set(of(['released', 'lapsed'], all).map((e) => e.originalEntryId));
  const heldOutstanding = of(['held'], all).filter((e) => !settledIds.has(e.id)).sort(byString((e) => e.id));

  const agreementIds = [...new Set(all.filter((e) => e.agreementId).map((e) => e.agreementId!))].sort();
  const advances = agreementIds.map((agreementId) => {
    const before = input.prior.filter((e) => e.agreementId === agreementId);
    const now = entries.filter((e) => e.agreementId === agreementId);
    const bal = (list: LedgerEntry[]): Decimal => tot(['advance_paid'], list).minus(tot(['advance_recovered', 'advance_recovery_on_termination'], list));
    const balanceBefore = bal(before);
    return {
      agreementId,
      balanceBefore: m(balanceBefore),
      paid: m(tot(['advance_paid'], now)),
      recovered: m(tot(['advance_recovered'], now)),
      recoveredOnTermination: m(tot(['advance_recovery_on_termination'], now)),
      balance: m(balanceBefore.plus(bal(now))),
    };
  });
  const advanceBalance = sum(advances.map((a) => a.balance));

  return {
    partnerId: input.partnerId,
    period: input.period,
    currency: input.currency,
    runId: input.runId,
    lines: input.statement?.lines ?? [],
    earned: earnedEntries.map((e) => ({
      kind: e.kind === 'adjustment' ? ('adjustment' as const) : ('earned' as const),
      unitId: e.unitId ?? e.id,
      lineId: e.lineId,
      component: e.component,
      amount: e.amount,
      status: heldUnits.has(e.unitId) ? ('held' as const) : ('payable' as const),
      subject: e.subject,
    })),
    adjustments: [...input.adjustments].sort(byString((a) => a.id)),
    held: heldNow.map(toLine),
    heldOutstanding: heldOutstanding.map(toLine),
    released: of(['released']).map(toLine),
    lapsed: of(['lapsed']).map(toLine),
    reserve: {
      withheld: of(['reserved']).map(toLine),
      released: of(['reserve_released']).map(toLine),
      balance: m(tot(['reserved'], all).minus(tot(['reserve_released'], all))),
    },
    clawbacks: of(['clawback']).map((e) => ({
      ...toLine(e),
      paidAmount: e.details['paidAmount'] ?? e.amount,
      mode: e.details['mode'] === 'proRata' ? ('proRata' as const) : ('full' as const),
      fraction: e.details['fraction'] ?? '1',
      windowStart: e.windowStart,
    })),
    advances,
    carryForward: { floorAtZero: input.floorAtZero, broughtForward: m(broughtForward), carriedForward: m(carriedForward) },
    totals: {
      earned: m(earned),
      adjustments: m(adjustments),
      earnedPayable: m(earnedPayable),
      adjustmentsPayable: m(adjustmentsPayable),
      held: m(tot(['held'])),
      released: m(released),
      lapsed: m(tot(['lapsed'])),
      reserveWithheld: m(reserveWithheld),
      reserveReleased: m(reserveReleased),
      clawbacks: m(clawbacks),
      broughtForward: m(broughtForward),
      beforeAdvance: m(beforeAdvance),
      advanceRecovered: m(advanceRecovered),
      advanceBalance: m(advanceBalance),
      beforeFloor: m(beforeFloor),
      carriedForward: m(carriedForward),
      heldBalance: m(tot(['held'], all).minus(tot(['released', 'lapsed'], all))),
      heldBalanceBefore: m(tot(['held'], input.prior).minus(tot(['released', 'lapsed'], input.prior))),
      reserveBalanceBefore: m(tot(['reserved'], input.prior).minus(tot(['reserve_released'], input.prior))),
      advanceBalanceBefore: m(sum(advances.map((a) => a.balanceBefore))),
      carriedBalanceBefore: m(tot(['carry_forward'], input.prior)),
    },
    byComponent,
    payable: m(payable),
  };
}

/** Rebuilds a partner's period statement from persisted ledger entries (what the store calls on read). */
export function periodStatementFromLedger(args: {
  partnerId: string;
  period: string;
  ledger: LedgerEntry[];
  statement?: Statement | null;
  adjustments?: AdjustmentLine[];
  floorAtZero?: boolean;
  scale?: number;
  /** Period ids in order, when they do not sort chronologically as strings. */
  periodOrder?: string[];
}): PeriodStatement {
  const rank = (p: string): string => (args.periodOrder ? String(args.periodOrder.indexOf(p)).padStart(8, '0') : p);
  const mine = args.ledger.filter((e) => e.partnerId === args.partnerId);
  const entries = mine.filter((e) => e.period === args.period);
  const prior = mine.filter((e) => rank(e.period) < rank(args.period));
  const runId = entries.find((e) => e.kind === 'paid')?.runId ?? entries[0]?.runId ?? '';
  const currency = entries[0]?.currency ?? args.statement?.currency;
  if (currency === undefined) {
    throw new LedgerError('invalid_input', {
      en: `partner ${args.partnerId} has neither ledger entries nor a statement in ${args.period}: no currency to state`,
      it: `il partner ${args.partnerId} non ha né movimenti del registro né un rendiconto nel periodo ${args.period}: manca la valuta del rendiconto`,
    });
  }
  return buildPeriodStatement({
    partnerId: args.partnerId,
    period: args.period,
    runId,
    currency,
    statement: args.statement ?? null,
    adjustments: args.adjustments ?? [],
    entries,
    prior,
    floorAtZero: args.floorAtZero ?? true,
    scale: args.scale ?? (args.statement ? statementMoney(args.statement).scale : maxDecimals(mine.map((e) => e.amount))),
  });
}
