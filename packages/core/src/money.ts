import { Decimal as DecimalJs } from 'decimal.js';
import { z } from 'zod';
import { POW10, toScaled } from './formula/decimalWords.js';
import { BilingualError } from './bilingualError.js';
import { DecimalStringSchema, RoundingModeSchema, type RoundingMode } from './schema/common.js';

/**
 * Money as data. An amount never travels alone: its currency, its scale (decimal places) and the rounding mode that
 * produced it come from the plan and go with it to the statement, the ledger, the fiscal pack, the documents and
 * the SAP mapping. This is the one module that rounds, sums and splits money; every package imports it from here.
 */

/**
 * The engine's private Decimal constructor: a clone, so the host's global decimal.js settings are never touched
 * and ours never leak. 40 significant digits covers any commission amount times any rate exactly.
 */
export const Decimal = DecimalJs.clone({ precision: 40, rounding: DecimalJs.ROUND_HALF_UP, toExpNeg: -40, toExpPos: 40 });
export type Decimal = InstanceType<typeof Decimal>;

/** An ISO 4217 alphabetic code such as EUR, JPY, KWD. */
export const CurrencyCodeSchema = z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as EUR');

/** How amounts of one plan are denominated: currency, decimal places and the rounding that reaches them. */
export const MoneySpecSchema = z
  .object({
    currency: CurrencyCodeSchema,
    scale: z.number().int().min(0).max(6),
    rounding: RoundingModeSchema,
  })
  .strict();
export type MoneySpec = z.infer<typeof MoneySpecSchema>;

/** One amount with its denomination. `amount` is an exact decimal string with exactly `scale` decimals. */
export const MoneySchema = MoneySpecSchema.extend({ amount: DecimalStringSchema }).strict();
export type Money = z.infer<typeof MoneySchema>;

/** A money operation that would silently mix currencies or lose digits; core words it in both languages. */
export class MoneyError extends BilingualError {
  override name = 'MoneyError';
}

const MODES: Record<RoundingMode, DecimalJs.Rounding> = {
  halfUp: DecimalJs.ROUND_HALF_UP,
  halfEven: DecimalJs.ROUND_HALF_EVEN,
  down: DecimalJs.ROUND_DOWN,
  up: DecimalJs.ROUND_UP,
};

/** Converts an engine double to the decimal it stands for: the shortest decimal that round-trips to it. */
export function fromDouble(value: number): Decimal {
  return new Decimal(String(value));
}

/** Parses a decimal string or number into a Decimal; throws on anything else (callers validate first). */
export function toDecimal(value: string | number | Decimal): Decimal {
  if (typeof value === 'number') return fromDouble(value);
  return new Decimal(value);
}

/** Rounds to `scale` decimals with a named mode (halfUp is "commercial" rounding, halfEven is banker's). */
export function roundMoney(value: Decimal, scale: number, mode: RoundingMode): Decimal {
  return value.toDecimalPlaces(scale, MODES[mode]);
}

/** A fixed-scale decimal string, the wire format of money ("12.50", "-3.00", "7" at scale 0). Never "-0.00". */
export function formatAmount(value: Decimal, scale: number): string {
  // A value with at most `scale` decimals (every amount once rounded) is written from its digits as a safe integer:
  // toFixed builds several strings per call, and a run formats every line's amount.
  const n = toScaled(value, scale);
  if (!Number.isNaN(n)) return scaledText(n, scale);
  const s = value.toFixed(scale);
  return /^-0(\.0+)?$/.test(s) ? s.slice(1) : s;
}

/**
 * `value` rounded to `scale` as `mode` says, as money's wire text: `formatAmount(roundMoney(value, scale, mode), scale)`.
 * A run rounds every line's exact value: one with at most 15 decimals that fits a safe integer is rounded in integer
 * arithmetic and written from its digits, with no Decimal or string made on the way.
 */
export function roundAmount(value: Decimal, scale: number, mode: RoundingMode): string {
  const places = value.decimalPlaces();
  if (places <= scale) return formatAmount(value, scale);
  if (places <= 15) {
    const n = toScaled(value, places);
    if (!Number.isNaN(n)) return scaledText(roundScaled(n, places - scale, mode), scale);
  }
  return formatAmount(roundMoney(value, scale, mode), scale);
}

/** The integer `n` divided by 10^k (k ≤ 15), rounded as `mode` says; exact, as `n % 10^k` is for a safe integer. */
function roundScaled(n: number, k: number, mode: RoundingMode): number {
  const p = POW10[k]!;
  const m = n < 0 ? -n : n;
  const r = m % p;
  let q = (m - r) / p;
  if (r !== 0 && mode !== 'down') {
    const twice = 2 * r;
    if (mode === 'up' || twice > p || (twice === p && (mode === 'halfUp' || q % 2 === 1))) q++;
  }
  return n < 0 ? -q : q;
}

/** `n` × 10^−scale written with `scale` decimals (`n` a safe integer, which prints without an exponent). */
function scaledText(n: number, scale: number): string {
  const digits = String(n < 0 ? -n : n);
  // −0 and 0 alike: never "-0.00"
  const sign = n < 0 ? '-' : '';
  if (scale === 0) return sign + digits;
  const padded = digits.length > scale ? digits : '0'.repeat(scale + 1 - digits.length) + digits;
  return `${sign}${padded.slice(0, -scale)}.${padded.slice(-scale)}`;
}

/** The decimal string of a value with at least `scale` decimals and every decimal it has: nothing is ever lost. */
export function exactAmount(value: Decimal | string, scale = 0): string {
  const d = new Decimal(value);
  return formatAmount(d, Math.max(scale, d.decimalPlaces()));
}

/** Exact sum of decimal strings or Decimals, as a Decimal (for further arithmetic; nothing rounded). */
export function sumDecimals(values: Iterable<string | Decimal>): Decimal {
  let total = new Decimal(0);
  for (const v of values) total = total.plus(v);
  return total;
}

/**
 * An exact running sum of amount strings, written as `exactAmount(sum, scale)` writes it. Amounts with at most `scale`
 * decimals (every statement line's, rounded to its plan's scale) are added as integers of 10^-scale, which is exact
 * while the sum stays a safe integer: parsing each into a Decimal cost a statement more than its lines' formulas. Any
 * other amount (more decimals, an exponent, a sum beyond 2^53) moves the sum to decimal.js for good.
 */
export class AmountSum {
  private units = 0;
  private decimal: Decimal | undefined;
  constructor(private readonly scale: number) {}

  add(amount: string): void {
    if (this.decimal === undefined) {
      const u = unitsOf(amount, this.scale);
      const next = this.units + u;
      if (Math.abs(next) <= Number.MAX_SAFE_INTEGER) {
        this.units = next;
        return;
      }
      this.decimal = new Decimal(this.units).div(10 ** this.scale);
    }
    this.decimal = this.decimal.plus(amount);
  }

  /** The sum as `exactAmount(sum, scale)` writes it. */
  toString(): string {
    if (this.decimal !== undefined) return exactAmount(this.decimal, this.scale);
    const p = 10 ** this.scale;
    const abs = Math.abs(this.units);
    const whole = String(Math.floor(abs / p));
    const text = this.scale === 0 ? whole : `${whole}.${String(abs % p).padStart(this.scale, '0')}`;
    // as formatAmount: never "-0.00" (a zero sum is 0 whatever the signs of the amounts)
    return this.units < 0 ? `-${text}` : text;
  }
}

/** The value of an ASCII digit's char code, or -1. */
const digitAt = (text: string, i: number): number => {
  const d = text.charCodeAt(i) - 48;
  return d >= 0 && d <= 9 ? d : -1;
};

/**
 * `amount` × 10^scale as a safe integer, NaN when it has more decimals than `scale`, too many digits (over 15 before
 * the point), or is not written -?digits[.digits]. Read a character at a time: a statement adds each line twice.
 */
function unitsOf(amount: string, scale: number): number {
  const negative = amount.charCodeAt(0) === 45; // '-'
  let i = negative ? 1 : 0;
  let whole = 0;
  const start = i;
  for (let d = digitAt(amount, i); d >= 0; d = digitAt(amount, ++i)) whole = whole * 10 + d;
  if (i === start || i - start > 15) return Number.NaN;
  let frac = 0;
  let places = 0;
  if (i < amount.length) {
    if (amount.charCodeAt(i) !== 46 || i + 1 === amount.length) return Number.NaN; // '.' and at least one digit
    for (i++; i < amount.length; i++, places++) {
      const d = digitAt(amount, i);
      if (d < 0) return Number.NaN;
      frac = frac * 10 + d;
    }
  }
  if (places > scale) return Number.NaN;
  const u = whole * 10 ** scale + frac * 10 ** (scale - places);
  // Past 2^53 the product and sum above are rounded: such an amount goes to decimal.js (the running sum's own check
  // would miss it when an earlier negative amount brings the sum back under 2^53).
  if (!Number.isSafeInteger(u)) return Number.NaN;
  return negative ? -u : u;
}

/** Decimal places written in an amount string ("2.500" → 3, "7" → 0). */
export function decimalsOf(amount: string): number {
  const dot = amount.indexOf('.');
  return dot < 0 ? 0 : amount.length - dot - 1;
}

/** The most decimal places among amounts (0 for none): the scale they were written at. A loop, not a spread, so a
 * ledger of any length fits. */
export function maxDecimals(amounts: Iterable<string>): number {
  let places = 0;
  for (const a of amounts) places = Math.max(places, decimalsOf(a));
  return places;
}

/**
 * Exact sum of decimal strings, written with as many decimals as the most precise input (or `scale`, if more): a sum
 * of amounts at scale 3 is written at scale 3, of yen amounts at scale 0. Never rounds.
 */
export function sumAmounts(amounts: Iterable<string | Decimal>, scale = 0): string {
  let total = new Decimal(0);
  let places = scale;
  for (const a of amounts) {
    total = total.plus(a);
    places = Math.max(places, typeof a === 'string' ? decimalsOf(a) : a.decimalPlaces());
  }
  return formatAmount(total, places);
}

/**
 * Minor units of a currency from the runtime's ISO 4217 data (EUR 2, JPY 0, KWD 3). A malformed code is an error,
 * not a guess: amounts in it could not be written correctly.
 */
export function currencyScale(currency: string): number {
  let digits: number | undefined;
  try {
    digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits;
  } catch {
    throw new MoneyError({ en: `"${currency}" is not an ISO 4217 currency code`, it: `"${currency}" non è un codice valuta ISO 4217` });
  }
  if (digits === undefined) {
    throw new MoneyError({ en: `no minor units known for currency "${currency}"`, it: `le unità minori della valuta "${currency}" non sono note` });
  }
  return digits;
}

/**
 * Half a unit of the last place of `scale` (0.005 at scale 2, 0.5 at scale 0): two computations of the same amount
 * that differ by more than this round differently, so they disagree for real.
 */
export function amountTolerance(scale: number): Decimal {
  // Written as its literal: 10^-(scale+1) through pow() divides at 40 digits, which cost a run more than its formulas.
  // Decimals are immutable, so one per scale is shared.
  let t = tolerances.get(scale);
  if (!t) tolerances.set(scale, (t = new Decimal(`5e-${scale + 1}`)));
  return t;
}
const tolerances = new Map<number, Decimal>();

/** An amount in a denomination, rounded with its mode to its scale. */
export function money(amount: string | Decimal, spec: MoneySpec): Money {
  const value = roundMoney(new Decimal(amount), spec.scale, spec.rounding);
  return { amount: formatAmount(value, spec.scale), currency: spec.currency, scale: spec.scale, rounding: spec.rounding };
}

/** The denomination of an amount (its currency, scale and rounding), without the amount. */
export function specOf(m: MoneySpec): MoneySpec {
  return { currency: m.currency, scale: m.scale, rounding: m.rounding };
}

function sameCurrency(a: MoneySpec, b: MoneySpec): void {
  if (a.currency !== b.currency) {
    throw new MoneyError({ en: `cannot add ${b.currency} to ${a.currency}`, it: `impossibile sommare ${b.currency} a ${a.currency}` });
  }
}

/** a + b, exact; same currency required. The result keeps the larger scale (an exact sum needs no rounding). */
export function addMoney(a: Money, b: Money): Money {
  sameCurrency(a, b);
  const scale = Math.max(a.scale, b.scale);
  return { ...specOf(a), scale, amount: formatAmount(new Decimal(a.amount).plus(b.amount), scale) };
}

/** Σ amounts, exact, in `spec` (an empty sum is zero in it). Throws on a currency other than spec's. */
export function sumMoney(items: Iterable<Money>, spec: MoneySpec): Money {
  let total: Money = money('0', spec);
  for (const m of items) total = addMoney(total, m);
  return total;
}

/**
 * Splits `total` in proportion to `weights` so that the shares add up to the total exactly, each at the total's
 * scale: every share is first cut toward zero to the scale, then the units left over go one each to the shares
 * with the largest remainders (the earlier share on a tie). Weights are non-negative decimals, not all zero.
 */
export function allocateMoney(total: Money, weights: ReadonlyArray<string | number>): Money[] {
  const w = weights.map((x) => toDecimal(x));
  if (w.some((x) => x.isNegative())) {
    throw new MoneyError({ en: 'allocation weights must not be negative', it: 'i pesi della ripartizione non possono essere negativi' });
  }
  const sumW = w.reduce((a, x) => a.plus(x), new Decimal(0));
  if (sumW.isZero()) {
    throw new MoneyError({ en: 'allocation weights must not all be zero', it: 'i pesi della ripartizione non possono essere tutti zero' });
  }
  const unit = new Decimal(10).pow(-total.scale);
  const t = new Decimal(total.amount);
  const sign = t.isNegative() ? -1 : 1;
  const units = t.abs().div(unit);
  const raw = w.map((x) => units.times(x).div(sumW));
  const floor = raw.map((r) => r.floor());
  let left = units.minus(floor.reduce((a, x) => a.plus(x), new Decimal(0))).toNumber();
  const order = raw.map((r, i) => ({ i, rem: r.minus(floor[i]!) })).sort((a, b) => b.rem.comparedTo(a.rem) || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    floor[i] = floor[i]!.plus(1);
    left--;
  }
  return floor.map((u) => ({ ...specOf(total), amount: formatAmount(u.times(unit).times(sign), total.scale) }));
}

/**
 * The denomination of a statement's amounts. Statements record the plan's scale and rounding; one stored before they
 * did is read at its currency's ISO minor units, with the plan schema's default rounding (half up).
 */
export function statementMoney(statement: { currency: string; scale?: number | undefined; rounding?: RoundingMode | undefined }): MoneySpec {
  return { currency: statement.currency, scale: statement.scale ?? currencyScale(statement.currency), rounding: statement.rounding ?? 'halfUp' };
}
