import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { plainNumber } from '../src/formula/decimalWords.js';
import { toJson } from '../src/formula/interpret.js';
import { Decimal, formatAmount, roundAmount, roundMoney } from '../src/money.js';
import type { RoundingMode } from '../src/schema/common.js';

/**
 * `plainNumber` (formula/decimalWords.ts) is a shortcut of `toJson` for decimals: where it answers, it must give what
 * the definition gives — the number when `String(Number(text))` is the decimal's own text, else the text.
 */
const definition = (d: Decimal): string | number => {
  const text = d.toString();
  const n = Number(text);
  return String(n) === text ? n : text;
};

// Any sign, 1 to 22 digits (each length as likely), placed anywhere from 10^-30 to 10^30.
const digits = fc.integer({ min: 1, max: 22 }).chain((n) => fc.bigInt({ min: 10n ** BigInt(n - 1), max: 10n ** BigInt(n) - 1n }));
const decimal = fc
  .tuple(fc.boolean(), digits, fc.integer({ min: -30, max: 30 }))
  .map(([negative, digits, exp]) => new Decimal(`${negative ? '-' : ''}${digits}e${exp}`));

describe('plainNumber', () => {
  it('answers only as the definition does (the number it gives, never the text)', () => {
    let answered = 0;
    let runs = 0;
    fc.assert(
      fc.property(decimal, (d) => {
        runs++;
        const n = plainNumber(d);
        if (n === undefined) return;
        answered++;
        expect(Object.is(n, definition(d)), `${d.toString()} → ${n}`).toBe(true);
      }),
      { seed: 20261205, numRuns: 20_000 },
    );
    // The shortcut is taken for a good share of these (up to 15 digits, between 10^-7 and 10^21), so the check bites.
    expect(answered / runs).toBeGreaterThan(0.2);
  });

  it('the values traces are made of, and the edges where it leaves the answer to the long way', () => {
    for (const [text, expected] of [
      ['92.6068', 92.6068],
      ['0.0132', 0.0132],
      ['-27.5', -27.5],
      ['156542', 156542],
      ['0.000001', 0.000001],
      ['123456789012345', 123456789012345],
      ['99999999999999900000', 99999999999999900000],
    ] as const)
      expect(plainNumber(new Decimal(text)), text).toBe(expected);
    // 16 significant digits, beyond 10^21, below 10^-6, zero: not answered (toJson gives text, or handles zero itself).
    for (const text of ['1234567890123456', '0.30000000000000004', '1e21', '1e-7', '0', '-0'])
      expect(plainNumber(new Decimal(text)), text).toBeUndefined();
  });

  it('leaves toJson unchanged where the long way gives text', () => {
    expect(toJson(new Decimal('1234567890.123456789'))).toBe('1234567890.123456789');
    expect(toJson(new Decimal('1e21'))).toBe('1000000000000000000000');
    expect(Object.is(toJson(new Decimal('-0')), -0)).toBe(true);
  });

  it('formatAmount writes from the digits exactly what toFixed writes (never "-0.00")', () => {
    const fixed = (d: Decimal, scale: number) => {
      const t = d.toFixed(scale);
      return /^-0(\.0+)?$/.test(t) ? t.slice(1) : t;
    };
    fc.assert(
      fc.property(decimal, fc.integer({ min: 0, max: 8 }), (d, scale) => {
        expect(formatAmount(d, scale), `${d.toString()} at ${scale}`).toBe(fixed(d, scale));
        // the same value once rounded to the scale: the digits path
        const rounded = d.toDecimalPlaces(scale);
        expect(formatAmount(rounded, scale), `${rounded.toString()} at ${scale}`).toBe(fixed(rounded, scale));
      }),
      { seed: 20261205, numRuns: 20_000 },
    );
    for (const [text, scale, expected] of [['106.4', 2, '106.40'], ['-0.05', 2, '-0.05'], ['-0', 2, '0.00'], ['7', 0, '7'], ['0.001', 3, '0.001'], ['-12', 3, '-12.000']] as const)
      expect(formatAmount(new Decimal(text), scale), text).toBe(expected);
  });

  it('roundAmount gives the text of roundMoney then formatAmount, in every mode', () => {
    const modes: RoundingMode[] = ['halfUp', 'halfEven', 'down', 'up'];
    fc.assert(
      fc.property(decimal, fc.integer({ min: 0, max: 8 }), fc.constantFrom(...modes), (d, scale, mode) => {
        expect(roundAmount(d, scale, mode), `${d.toString()} at ${scale}, ${mode}`).toBe(formatAmount(roundMoney(d, scale, mode), scale));
      }),
      { seed: 20261205, numRuns: 20_000 },
    );
    // ties and their neighbours, where the modes differ
    for (const text of ['2.345', '2.355', '-2.345', '-2.355', '2.3450001', '-0.004', '-0.005', '0.005', '999999999999.995'])
      for (const mode of modes) expect(roundAmount(new Decimal(text), 2, mode), `${text} ${mode}`).toBe(formatAmount(roundMoney(new Decimal(text), 2, mode), 2));
  });
});
