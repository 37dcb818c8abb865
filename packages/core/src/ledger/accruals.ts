import { writeCsv, type CsvColumn } from '../csv/writeCsv.js';
import type { AccrualRow, LedgerEntry, LedgerEntryKind } from '../schema/ledger.js';
import type { RunState } from '../schema/run.js';
import { byString, Decimal, fmt, partnerScales, sum } from './util.js';

export interface AccrualOptions {
  /** Run id → state; `paid` counts the payable of runs in `paidStates` (default: posted). */
  runStates?: Record<string, RunState>;
  paidStates?: RunState[];
  /** Period ids in chronological order, when they do not sort as strings (e.g. "2026-01"). */
  periodOrder?: string[];
  /** Only these periods in the output (balances still use every earlier entry). */
  periods?: string[];
  /** One scale for every partner; default: each partner's own, the decimals its entries were booked at. */
  scale?: number;
}

/**
 * Accruals per period and partner, for finance: earned, adjustments, held, released, lapsed, reserved, clawed back,
 * advances, payable and paid, and the balances after each period. Derived from ledger entries only.
 */
export function accruals(ledger: LedgerEntry[], options: AccrualOptions = {}): AccrualRow[] {
  // Exact sums of booked amounts, each partner's written at its own plan's scale (the decimals its entries were
  // booked with, as bookPeriod books them): a yen partner's at 0 beside a euro partner's at 2.
  const scales = partnerScales({ ledger });
  const paidStates = new Set<RunState>(options.paidStates ?? ['posted']);
  const order = options.periodOrder;
  const rank = (p: string): string => (order ? String(order.indexOf(p)).padStart(8, '0') : p);
  const only = options.periods ? new Set(options.periods) : null;
  // partner → period → entries, in one pass (linear in the ledger)
  const byPartner = new Map<string, Map<string, LedgerEntry[]>>();
  for (const e of ledger) {
    let periods = byPartner.get(e.partnerId);
    if (!periods) byPartner.set(e.partnerId, (periods = new Map()));
    const list = periods.get(e.period);
    if (list) list.push(e);
    else periods.set(e.period, [e]);
  }
  const rows: AccrualRow[] = [];
  for (const partnerId of [...byPartner.keys()].sort()) {
    const periods = byPartner.get(partnerId)!;
    const scale = options.scale ?? scales.get(partnerId)!;
    const m = (d: Decimal): string => fmt(d, scale);
    let held = new Decimal(0);
    let reserve = new Decimal(0);
    let advance = new Decimal(0);
    let carried = new Decimal(0);
    for (const period of [...periods.keys()].sort(byString(rank))) {
      const now = periods.get(period)!;
      const t = (kinds: LedgerEntryKind[]): Decimal => sum(now.filter((e) => kinds.includes(e.kind)).map((e) => e.amount));
      held = held.plus(t(['held'])).minus(t(['released', 'lapsed']));
      reserve = reserve.plus(t(['reserved'])).minus(t(['reserve_released']));
      advance = advance.plus(t(['advance_paid'])).minus(t(['advance_recovered', 'advance_recovery_on_termination']));
      carried = carried.plus(t(['carry_forward']));
      if (only && !only.has(period)) continue;
      const paid = sum(
        now
          .filter((e) => e.kind === 'paid')
          .filter((e) => {
            const state = options.runStates?.[e.runId];
            return state !== undefined && paidStates.has(state);
          })
          .map((e) => e.amount),
      );
      rows.push({
        period,
        partnerId,
        currency: now[0]!.currency,
        earned: m(t(['earned'])),
        adjustments: m(t(['adjustment'])),
        held: m(t(['held'])),
        released: m(t(['released'])),
        lapsed: m(t(['lapsed'])),
        reserved: m(t(['reserved'])),
        reserveReleased: m(t(['reserve_released'])),
        clawedBack: m(t(['clawback'])),
        advancePaid: m(t(['advance_paid'])),
        advanceRecovered: m(t(['advance_recovered', 'advance_recovery_on_termination'])),
        payable: m(t(['paid'])),
        paid: m(paid),
        heldBalance: m(held),
        reserveBalance: m(reserve),
        advanceBalance: m(advance),
        carryForwardBalance: m(carried),
      });
    }
  }
  // period first, then partner: how finance reads an accrual report
  return rows.sort(byString((r) => `${rank(r.period)}\u0000${r.partnerId}`));
}

const ACCRUAL_COLUMNS: (keyof AccrualRow)[] = [
  'period', 'partnerId', 'currency', 'earned', 'adjustments', 'held', 'released', 'lapsed', 'reserved', 'reserveReleased',
  'clawedBack', 'advancePaid', 'advanceRecovered', 'payable', 'paid', 'heldBalance', 'reserveBalance', 'advanceBalance',
  'carryForwardBalance',
];

/** Text columns; every other column is a decimal amount, written as a number. */
const ACCRUAL_TEXT = new Set<keyof AccrualRow>(['period', 'partnerId', 'currency']);
const ACCRUAL_CSV: CsvColumn<AccrualRow>[] = ACCRUAL_COLUMNS.map((c) => ({
  header: c,
  kind: ACCRUAL_TEXT.has(c) ? 'text' : 'number',
  value: (r) => r[c],
}));

/** Accruals as CSV through the one CSV writer: UTF-8 BOM (Excel reads accents right), CRLF, injection-safe cells. */
export function accrualsToCsv(rows: AccrualRow[]): string {
  return writeCsv(rows, ACCRUAL_CSV);
}

/** Accruals as JSON (stable key order, amounts as decimal strings). */
export function accrualsToJson(rows: AccrualRow[]): string {
  return `${JSON.stringify({ columns: ACCRUAL_COLUMNS, rows }, null, 2)}\n`;
}
