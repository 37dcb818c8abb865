import { Decimal } from '../money.js';
import { POW10, toScaled } from './decimalWords.js';
import { isDecimal, type Value } from './interpret.js';

/**
 * Exact decimals as safe integers at a fixed scale: 12.34 at scale 3 is the JS number 12340. Every integer up to
 * Number.MAX_SAFE_INTEGER is exact in a double, and +, −, × of exact integers are exact as long as the true result
 * stays within that bound; decimal.js (precision 40) computes the same values exactly, so the two agree digit for digit.
 * Signed zeros agree too: IEEE 754 and decimal.js (rounding half up) give −0 and +0 in the same cases of +, −, × and
 * negation, so a zero is converted with its sign.
 */

/** The largest scale the fast path works at: beyond it almost no value fits in 2^53 anyway. */
export const MAX_SCALE = 15;

const ZERO = new Decimal(0);
const NEG_ZERO = new Decimal(-0);

/**
 * The Decimal a scaled integer stands for, with the representation decimal.js itself gives that value (its words
 * aligned on powers of 1e7, no trailing zero word): built directly, since parsing a string per cell would cost about
 * what the Decimal arithmetic it replaces did. tests/scaled.prop.test.ts holds it equal to decimal.js's own parse.
 */
export function fromScaled(n: number, scale: number): Decimal {
  if (n === 0) return Object.is(n, -0) ? NEG_ZERO : ZERO;
  let m = Math.abs(n);
  const digits = digitCount(m);
  // The lowest digit sits at 10^−scale; the word holding it starts at 10^(7·⌊−scale/7⌋).
  const shift = -scale - 7 * Math.floor(-scale / 7);
  const words: number[] = [];
  let p = POW10[7 - shift]!;
  let lift = POW10[shift]!;
  while (m > 0) {
    const low = m % p;
    // `| 0`: a small integer (Smi) as in decimal.js's own digit arrays; a double here (m % p of a large m is one)
    // would turn the array into a double array and every decimal.js function reading it polymorphic.
    words.push((low * lift) | 0);
    m = (m - low) / p;
    p = 1e7;
    lift = 1;
  }
  let start = 0;
  while (words[start] === 0) start++;
  // Made by the constructor (so it has decimal.js's own fields, in its order), then given the value's fields.
  const d = new Decimal(0);
  const fields = d as unknown as { s: number; e: number; d: number[] };
  fields.s = n < 0 ? -1 : 1;
  fields.e = digits - 1 - scale;
  fields.d = (start === 0 ? words : words.slice(start)).reverse();
  return d;
}

function digitCount(m: number): number {
  let c = 1;
  while (c < 16 && m >= POW10[c]!) c++;
  return c;
}

/** Decimal places of a Decimal, −1 for a value that is no Decimal. */
export function placesOf(v: Value): number {
  return isDecimal(v) ? v.decimalPlaces() : -1;
}

/** A column of a unit as scaled integers: `scale` is its largest number of decimals, −1 when no value is usable. */
export interface ScaledColumn {
  scale: number;
  /** One entry per row: the value × 10^scale, or NaN where the row holds no exact number at that scale. */
  ints: Float64Array;
}

const columns = new WeakMap<Value[], ScaledColumn>();

/** Built once per column array (so once per column per unit, whichever formulas read it), then shared. */
export function scaledColumn(values: Value[]): ScaledColumn {
  let col = columns.get(values);
  if (col) return col;
  let scale = 0;
  for (const v of values) if (isDecimal(v)) scale = Math.max(scale, v.decimalPlaces());
  const ints = new Float64Array(values.length);
  if (scale > MAX_SCALE) {
    ints.fill(Number.NaN);
    scale = -1;
  } else {
    for (let r = 0; r < values.length; r++) {
      const v = values[r]!;
      ints[r] = isDecimal(v) ? toScaled(v, scale) : Number.NaN;
    }
  }
  col = { scale, ints };
  columns.set(values, col);
  return col;
}
