import DecimalJs from 'decimal.js';
import type { RoundingMode } from './schema/common.js';

/**
 * The engine's private Decimal constructor: a clone, so the host's global decimal.js settings are never touched
 * and ours never leak. 40 significant digits covers any commission amount times any rate exactly.
 */
export const Decimal = DecimalJs.clone({ precision: 40, rounding: DecimalJs.ROUND_HALF_UP, toExpNeg: -40, toExpPos: 40 });
export type Decimal = InstanceType<typeof Decimal>;

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

/** A fixed-scale decimal string, the wire format of money ("12.50", "-3.00"). */
export function formatAmount(value: Decimal, scale = 2): string {
  const s = value.toFixed(scale);
  return s === `-${(0).toFixed(scale)}` ? (0).toFixed(scale) : s;
}

/** Exact sum of decimal strings. */
export function sumAmounts(amounts: Iterable<string | Decimal>, scale = 2): string {
  let total = new Decimal(0);
  for (const a of amounts) total = total.plus(a);
  return formatAmount(total, scale);
}
