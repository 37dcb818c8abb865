import { currencyScale, Decimal, exactAmount, maxDecimals, roundMoney, statementMoney } from '../money.js';
import type { RoundingMode } from '../schema/common.js';
import type { AdjustmentLine, Agreement, LedgerEntry } from '../schema/ledger.js';
import type { Statement, StatementLine } from '../schema/result.js';

export { Decimal };

export function dec(value: string | Decimal): Decimal {
  return new Decimal(value);
}

/** An exact decimal string with at least `scale` decimals and never fewer than the value needs (nothing lost). */
export function fmt(value: Decimal, scale: number): string {
  return exactAmount(value, scale);
}

/** The scale amounts of these statements are written at: the largest plan scale among them (nothing lost). */
export function scaleOf(...statements: ReadonlyArray<Statement | undefined>): number {
  return Math.max(0, ...statements.filter((s) => s !== undefined).map((s) => statementMoney(s).scale));
}

/**
 * Each partner's scale, the one its amounts are booked and reported at: the plan's, as the partner's statement
 * carries it; with no statement, the decimals its booked amounts and adjustments were written at; with neither, its
 * agreement currency's ISO minor units. Partners never share one: a yen partner stays at 0 beside a euro one at 2.
 */
export function partnerScales(input: {
  statements?: readonly Statement[];
  ledger?: readonly LedgerEntry[];
  adjustments?: readonly AdjustmentLine[];
  agreements?: readonly Agreement[];
}): Map<string, number> {
  const scales = new Map<string, number>();
  for (const s of input.statements ?? []) scales.set(s.partnerId, Math.max(scales.get(s.partnerId) ?? 0, statementMoney(s).scale));
  const written = new Map<string, string[]>();
  const add = (partnerId: string, amount: string): void => {
    if (scales.has(partnerId)) return;
    const list = written.get(partnerId);
    if (list) list.push(amount);
    else written.set(partnerId, [amount]);
  };
  for (const e of input.ledger ?? []) add(e.partnerId, e.amount);
  for (const a of input.adjustments ?? []) add(a.partnerId, a.delta);
  for (const [partnerId, amounts] of written) scales.set(partnerId, maxDecimals(amounts));
  for (const a of input.agreements ?? []) if (!scales.has(a.partnerId)) scales.set(a.partnerId, currencyScale(a.currency));
  return scales;
}

export function round(value: Decimal, scale: number, mode: RoundingMode): Decimal {
  return roundMoney(value, scale, mode);
}

export function sum(values: Iterable<string | Decimal>): Decimal {
  let total = new Decimal(0);
  for (const v of values) total = total.plus(v);
  return total;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

function parts(date: string): [number, number, number] {
  const m = ISO.exec(date);
  if (!m) throw new Error(`not a date YYYY-MM-DD: "${date}"`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

/** Adds calendar months, clamping to the month's last day (31 Jan + 1 month = 28/29 Feb). Pure: no clock. */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = parts(date);
  const index = y * 12 + (m - 1) + months;
  const ny = Math.floor(index / 12);
  const nm = (index % 12) + 1;
  const last = new Date(Date.UTC(ny, nm, 0)).getUTCDate();
  const nd = Math.min(d, last);
  return `${String(ny).padStart(4, '0')}-${String(nm).padStart(2, '0')}-${String(nd).padStart(2, '0')}`;
}

/** Whole days from a to b (b − a). */
export function daysBetween(a: string, b: string): number {
  const [ya, ma, da] = parts(a);
  const [yb, mb, db] = parts(b);
  return Math.round((Date.UTC(yb, mb - 1, db) - Date.UTC(ya, ma - 1, da)) / 86_400_000);
}

/**
 * A line's identity across recalculations and plan versions: plan, payout and source record (or the partner for
 * summary lines). Recalculations and what-if diffs match lines by this key.
 */
export function lineKey(line: Pick<StatementLine, 'planId' | 'payout' | 'partnerId' | 'source'>): string {
  const src = line.source ? `${line.source.system}/${line.source.table}/${line.source.id}` : `partner/${line.partnerId}`;
  return `${line.planId}|${line.payout}|${src}`;
}

/**
 * Lines keyed by `lineKey`, disambiguating repeats of a key with #2, #3… in line-id order (deterministic): the keys an
 * adjustment line carries (`AdjustmentLine.lineKey`), so a caller finds the adjustments of a line of an approved run.
 */
export function keyLines<T extends StatementLine>(lines: readonly T[]): Map<string, T> {
  const sorted = [...lines].sort((a, b) => {
    const ka = lineKey(a);
    const kb = lineKey(b);
    return ka < kb ? -1 : ka > kb ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  });
  const out = new Map<string, T>();
  const seen = new Map<string, number>();
  for (const line of sorted) {
    const k = lineKey(line);
    const n = (seen.get(k) ?? 0) + 1;
    seen.set(k, n);
    out.set(n === 1 ? k : `${k}#${n}`, line);
  }
  return out;
}

export function byString<T>(key: (t: T) => string): (a: T, b: T) => number {
  return (a, b) => {
    const ka = key(a);
    const kb = key(b);
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  };
}
