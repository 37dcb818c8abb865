import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Decimal } from '../src/index.js';
import { amountTolerance } from '../src/money.js';
import { precisionCheck } from '../src/engine/precisionCheck.js';

/**
 * The line cross-check's fast path in doubles (engine/precisionCheck.ts) against its definition, written here on its
 * own: |Decimal(String(double)) − exact| > half a unit of the plan's last place. Doubles are drawn right at the
 * tolerance's edges (where a rounding error in doubles would flip the answer), near exact values of every size (past
 * the fast path's 1e9 limit too) and at every scale from 0 to 8 (past its scale limit of 4).
 */

const definition = (checked: number, exact: Decimal, scale: number): boolean => new Decimal(String(checked)).minus(exact).abs().gt(amountTolerance(scale));

/** An exact decimal n × 10^−k, n of up to `digits` digits, either sign. */
const exactValue = (digits: number, places: number) =>
  fc.tuple(fc.bigInt({ min: -(10n ** BigInt(digits)) + 1n, max: 10n ** BigInt(digits) - 1n }), fc.integer({ min: 0, max: places })).map(([n, k]) => new Decimal(`${n}e-${k}`));

const exact = fc.oneof(exactValue(6, 2), exactValue(9, 4), exactValue(12, 2), exactValue(4, 12), exactValue(16, 3));

/** A double near exact + offset × tolerance: offsets around ±1 (the edge), ±0.5 (the fast path's own edge) and 0. */
const offset = fc.oneof(
  fc.constantFrom(0, 0.5, -0.5, 1, -1, 0.999999, 1.000001, -0.999999, -1.000001, 0.4999999, 0.5000001, 2, -2),
  fc.double({ min: -3, max: 3, noNaN: true }),
);

/** Moves a double by a few units in its last place, where a decimal edge sits between neighbouring doubles. */
const nudge = (x: number, ulps: number): number => {
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, x);
  if (x === 0 || ulps === 0) return x;
  buf.setBigInt64(0, buf.getBigInt64(0) + BigInt(ulps));
  return buf.getFloat64(0);
};

describe('precisionCheck: the fast path agrees with the exact definition', () => {
  it('on doubles at the tolerance edges, at every scale 0–8 and every magnitude', () => {
    fc.assert(
      fc.property(exact, offset, fc.integer({ min: 0, max: 8 }), fc.integer({ min: -3, max: 3 }), (v, k, scale, ulps) => {
        const tolerance = amountTolerance(scale);
        const checked = nudge(v.plus(tolerance.times(k)).toNumber(), ulps);
        expect(precisionCheck(scale, tolerance).disagrees(checked, v, v.toString())).toBe(definition(checked, v, scale));
      }),
      { numRuns: 20_000, seed: 20261204 },
    );
  });

  it('takes the exact comparison for non-finite doubles and values past 1e9', () => {
    const check = precisionCheck(2, amountTolerance(2));
    const v = new Decimal('1000000000.004');
    // 1e9 + 0.004 is within 0.005 of 1e9 + 0.004 by the definition; both paths must say so
    expect(check.disagrees(1e9 + 0.004, v, v.toString())).toBe(definition(1e9 + 0.004, v, 2));
    expect(check.disagrees(1e9 + 0.01, v, v.toString())).toBe(true);
    expect(check.disagrees(Number.POSITIVE_INFINITY, v, v.toString())).toBe(definition(Number.POSITIVE_INFINITY, v, 2));
    expect(check.disagrees(Number.NaN, v, v.toString())).toBe(definition(Number.NaN, v, 2));
  });

  it('answers the plain cases as a reader expects', () => {
    const check = precisionCheck(2, amountTolerance(2));
    const v = new Decimal('12.345');
    expect(check.disagrees(12.345, v, '12.345')).toBe(false);
    expect(check.disagrees(12.349, v, '12.345')).toBe(false); // 0.004 apart: the same cent either way
    expect(check.disagrees(12.35, v, '12.345')).toBe(false); // exactly 0.005 apart: not more than the tolerance
    expect(check.disagrees(12.3501, v, '12.345')).toBe(true);
    expect(check.disagrees(12.3399, v, '12.345')).toBe(true);
  });
});
