/**
 * The cross-check of one line (§3 invariant 4): does the formula engine's double disagree with the exact decimal
 * value by more than the plan's tolerance (half a unit of its last place)? The definition is exact decimal
 * arithmetic on the double's shortest text (`String(checked)`) and the exact value; `verify: 'full'` asks it of every
 * line, so the common answer ("they agree") is first sought in doubles, where a bound makes it certain.
 */
import { Decimal } from '../money.js';

/**
 * The largest scale whose tolerance leaves room for the doubles' error below: at scale 4 the tolerance is 5e-5 and
 * the fast path accepts differences up to half of it, 2.5e-5, against at most ~2e-7 of rounding error.
 */
const FAST_SCALE = 4;
/** Magnitudes past this go the exact way (a double's unit in the last place grows with the value). */
const FAST_LIMIT = 1e9;

export interface PrecisionCheck {
  /** True when `checked` differs from `exact` (whose `toString()` is `exactText`) by more than the tolerance. */
  disagrees(checked: number, exact: Decimal, exactText: string): boolean;
}

/**
 * The check for a plan's scale and tolerance (`amountTolerance(scale)`).
 *
 * Why the fast path is exact: for |c| < 1e9 (c the engine's double, x = Number(exactText), the exact value v):
 * |String(c) − c| ≤ ulp(c)/2 ≤ 6e-8 and |x − v| ≤ ulp(v)/2 ≤ 6e-8 (|v| < 1e9 + 1 whenever the fast test passes),
 * and |c − x| is computed with an error far below 1e-15 when it is at most 2.5e-5. So a computed difference within
 * half the tolerance means a true difference within half the tolerance plus 2e-7: below the tolerance at any scale up
 * to FAST_SCALE. Every other case (a larger difference, a larger value, a finer scale, a non-finite double) takes the
 * exact decimal comparison, which is the definition.
 */
export function precisionCheck(scale: number, tolerance: Decimal): PrecisionCheck {
  const fastHalf = scale <= FAST_SCALE ? tolerance.toNumber() / 2 : -1;
  return {
    disagrees(checked, exact, exactText) {
      if (fastHalf > 0 && Math.abs(checked) < FAST_LIMIT && Math.abs(checked - Number(exactText)) <= fastHalf) return false;
      return new Decimal(String(checked)).minus(exact).abs().gt(tolerance);
    },
  };
}
