/**
 * decimal.js's documented read-only representation (digits `d` in base 1e7 aligned on the decimal point, exponent
 * `e`, sign `s`), read without allocating: the engine's hot paths turn decimals into JS numbers and back millions of
 * times a run, and every decimal.js conversion builds strings or Decimals. Nothing here imports a value from the rest
 * of core, so the money module and the formula evaluators can both use it.
 */
import type { Decimal } from '../money.js';

export const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/** 10^0 … 10^22: every power here is an exact double. */
export const POW10: readonly number[] = Array.from({ length: 23 }, (_, i) => 10 ** i);

/** The power of ten of the last `coefficient` read: |d| = coefficient × 10^exponent. Kept here, not returned in an
 * object, so the hot paths that call it allocate nothing. */
let exponent = 0;

/**
 * |d| as an integer without trailing zeros (its coefficient), its power of ten left in `exponent`: value =
 * Σ d[i] × 10^(7·(⌊e/7⌋ − i)). `d` has 1–4 words and is not zero (callers check); beyond 2^53 the result is inexact,
 * and callers refuse it by its size.
 */
function coefficient(d: Decimal): number {
  const words = d.d;
  // The last word's trailing zeros are padding (words align on powers of 1e7): drop them before building the integer.
  const lastAt = words.length - 1;
  let last = words[lastAt]!;
  let zeros = 0;
  while (last % 10 === 0) {
    last /= 10;
    zeros++;
  }
  let c = 0;
  for (let i = 0; i < lastAt; i++) c = c * 1e7 + words[i]!;
  exponent = 7 * (Math.floor(d.e / 7) - lastAt) + zeros;
  return c * POW10[7 - zeros]! + last;
}

/**
 * `d` × 10^scale as a safe integer, or NaN when that is not exact (more decimals than `scale`, or beyond 2^53).
 * Reads decimal.js's documented read-only representation (digits `d` in base 1e7, exponent `e`, sign `s`) instead of
 * allocating.
 */
export function toScaled(d: Decimal, scale: number): number {
  const words = d.d;
  if (!words || words.length > 4) return Number.NaN;
  if (words[0] === 0) return d.s < 0 ? -0 : 0;
  const c = coefficient(d);
  if (c > MAX_SAFE) return Number.NaN;
  const shift = exponent + scale;
  let n: number;
  if (shift >= 0) {
    if (shift > 22) return Number.NaN;
    // c and 10^shift are exact, so the product is exact when it is at most 2^53 − 1, and beyond that when it is not.
    n = c * POW10[shift]!;
    if (n > MAX_SAFE) return Number.NaN;
  } else {
    if (-shift > 22) return Number.NaN;
    const p = POW10[-shift]!;
    if (c % p !== 0) return Number.NaN;
    n = c / p;
  }
  return d.s < 0 ? -n : n;
}

/**
 * A trace shows a decimal as a JSON number when the number prints back as the same digits (`toJson`), and as text
 * otherwise. Deciding that through `toString`, `Number` and `String` was the dearest part of writing a run's traces
 * (three conversions per value). This decides it from decimal.js's representation for the values traces are made
 * of: at most 15 significant digits, printed without an exponent by both. Such a decimal is c × 10^k with c < 10^15
 * and |k| ≤ 22, so the double computed from the exact c and 10^k is the one nearest it (one correctly rounded
 * operation), which is what `Number` of its text gives; and 15 digits always print back as themselves. Gives
 * undefined for zero, for anything else (the caller then takes the long way) and never a different answer.
 */
export function plainNumber(d: Decimal): number | undefined {
  const words = d.d;
  // Both print without an exponent for 10^-7 < |d| < 10^21 (JS always; decimal.js as money.ts configures it, wider).
  if (!words || words.length > 4 || words[0] === 0 || d.e <= -7 || d.e >= 21) return undefined;
  const c = coefficient(d);
  const k = exponent;
  if (c >= 1e15 || k > 22 || k < -22) return undefined;
  const n = k >= 0 ? c * POW10[k]! : c / POW10[-k]!;
  return d.s < 0 ? -n : n;
}
