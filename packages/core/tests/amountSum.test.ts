import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AmountSum, Decimal, exactAmount } from '../src/money.js';

/** The reference: every amount added with decimal.js (40 digits), written at the scale. */
const reference = (amounts: readonly string[], scale: number) => exactAmount(amounts.reduce((t, a) => t.plus(a), new Decimal(0)), scale);

const sumOf = (amounts: readonly string[], scale: number) => {
  const sum = new AmountSum(scale);
  for (const a of amounts) sum.add(a);
  return sum.toString();
};

describe('AmountSum', () => {
  it('stays exact when an amount past 2^53 units follows a negative one (the integer path would round it)', () => {
    // 90,071,992,547,409.93 is 9,007,199,254,740,993 cents: one more than 2^53, not a double
    const amounts = ['-10.00', '90071992547409.93'];
    expect(sumOf(amounts, 2)).toBe('90071992547399.93');
    expect(sumOf(amounts, 2)).toBe(reference(amounts, 2));
  });

  it('equals the decimal.js sum for any amounts at or under the scale, large ones included', () => {
    const amount = (scale: number) =>
      fc
        .tuple(fc.boolean(), fc.bigInt({ min: 0n, max: 10n ** 15n - 1n }), fc.integer({ min: 0, max: scale }))
        .map(([neg, units, decimals]) => {
          const digits = units.toString().padStart(decimals + 1, '0');
          const text = decimals === 0 ? digits : `${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`;
          return `${neg ? '-' : ''}${text}`;
        });
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 4 }).chain((scale) => fc.tuple(fc.constant(scale), fc.array(amount(scale), { maxLength: 12 }))),
        ([scale, amounts]) => {
          expect(sumOf(amounts, scale)).toBe(reference(amounts, scale));
        },
      ),
      { seed: 20261204, numRuns: 1000 },
    );
  });

  it('equals decimal.js for amounts written any way: more decimals, exponents, signs, long or malformed digits', () => {
    const digits = fc.string({ unit: fc.constantFrom('0', '1', '5', '9'), maxLength: 18 });
    const text = fc
      .tuple(fc.constantFrom('', '-', '+', ' '), digits, fc.constantFrom('', '.'), digits, fc.constantFrom('', 'e2', 'e-3', 'x'))
      .map((parts) => parts.join(''));
    const outcome = (fn: () => string) => {
      try {
        return fn();
      } catch {
        return 'throws';
      }
    };
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4 }), fc.array(text, { maxLength: 6 }), (scale, amounts) => {
        expect(outcome(() => sumOf(amounts, scale))).toBe(outcome(() => reference(amounts, scale)));
      }),
      { seed: 20261205, numRuns: 3000 },
    );
  });
});
