import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Decimal, interpret, parseFormula, prepareTables, type FormulaValue as Value } from '../src/index.js';
import { compileFormula, type CompiledScope } from '../src/formula/compile.js';
import { toScaled } from '../src/formula/decimalWords.js';
import { fromScaled } from '../src/formula/scaledNumber.js';
import type { TraceBand, TraceLookup } from '../src/schema/trace.js';
import * as tiny from './fixtures/tiny.js';

/**
 * The scaled-integer fast path (formula/scaled.ts) against the reference interpreter: random formulas × random rows,
 * with amounts and rates of every size — small ones the fast path takes, 12-digit amounts × 6-decimal rates that leave
 * the safe integers and must fall back — negatives, zeros, blanks, text, booleans and errors. The interpreter is the
 * oracle; a Decimal is compared by its representation (sign, exponent, digits), so even −0 against 0 would fail.
 */

const tables = prepareTables(tiny.plan as never);

/** A decimal n × 10^−k for a random integer n of up to `digits` digits and k ≤ `places`, either sign. */
const decimal = (digits: number, places: number) =>
  fc.tuple(fc.bigInt({ min: -(10n ** BigInt(digits)) + 1n, max: 10n ** BigInt(digits) - 1n }), fc.integer({ min: 0, max: places })).map(([n, k]) => new Decimal(`${n}e-${k}`));

const number = fc.oneof(
  decimal(7, 2),
  decimal(5, 4),
  decimal(2, 6),
  // Beyond the safe integers once multiplied: 12-digit amounts, and values with more decimals than MAX_SCALE.
  decimal(14, 2),
  decimal(16, 6),
  decimal(3, 18),
  fc.constantFrom(new Decimal(0), new Decimal(-0), new Decimal('9007199254740991'), new Decimal('-900719925474099.1')),
);

const cellValue = fc.oneof(
  { weight: 6, arbitrary: number.map((d) => d as Value) },
  { weight: 1, arbitrary: fc.constantFrom<Value>(null, '', 'LUCE_CASA', 'Lazio', 'abc', '12.5', true, false, { error: '#N/A', message: 'missing' }) },
);

const literal = fc.oneof(
  fc.integer({ min: 0, max: 5000 }).map(String),
  fc.integer({ min: 0, max: 99_999 }).map((n) => (n / 100).toFixed(2)),
  fc.constantFrom('0.000001', '123456789012.34', '0.5', '100', '0.0000000000000001'),
);

const expr = fc.letrec<{ num: string; cond: string }>((tie) => ({
  num: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom('[@kWh]', '[@Rate]', '[@category]', '[@ee]', 'EeBonus', 'Cap', 'Missing', 'RATE(Rates[Rate], [@category], [@territory])', 'TIER.AMOUNT(Tiers, [@kWh])'),
    literal,
    fc.tuple(tie('num'), fc.constantFrom('+', '-', '*', '*', '/', '&'), tie('num')).map(([a, op, b]) => `(${a}${op}${b})`),
    tie('num').map((a) => `-${a}`),
    tie('num').map((a) => `(${a})%`),
    fc.tuple(tie('cond'), tie('num'), tie('num')).map(([c, a, b]) => `IF(${c}, ${a}, ${b})`),
    fc.tuple(tie('cond'), tie('num')).map(([c, a]) => `IF(${c}, ${a})`),
    fc.tuple(fc.constantFrom('MIN', 'MAX'), fc.array(tie('num'), { minLength: 1, maxLength: 3 })).map(([f, a]) => `${f}(${a.join(', ')})`),
    fc.tuple(tie('num'), fc.integer({ min: 0, max: 3 })).map(([a, d]) => `ROUND(${a}, ${d})`),
    fc.tuple(tie('num'), tie('num')).map(([a, b]) => `IFERROR(${a}, ${b})`),
  ),
  cond: fc.oneof(
    { depthSize: 'small' },
    fc.tuple(tie('num'), fc.constantFrom('=', '<>', '<', '>', '<=', '>='), tie('num')).map(([a, op, b]) => `${a}${op}${b}`),
    fc.constantFrom('[@ee]', '[@category]="LUCE_CASA"'),
    tie('num'),
  ),
})).num;

/** A value as comparable data: a Decimal by its representation, so equal values written differently differ. */
const shape = (v: Value) => (v instanceof Decimal ? { decimal: v.toString(), s: v.s, e: v.e, d: v.d ? [...v.d] : v.d } : v);

type Row = Record<string, Value>;

function scopeFor(compiled: ReturnType<typeof compileFormula>, rows: Row[], params: Map<string, Value>, r: number, seen: { bands: TraceBand[]; lookups: TraceLookup[] }): CompiledScope {
  return {
    r,
    cols: compiled.rows.map((n) => rows.map((x) => x[n] ?? null)),
    names: compiled.names.map((n) => params.get(n) ?? null),
    row: () => null,
    column: (_: string, name: string) => ({ range: rows.map((x) => x[name] ?? null) }),
    name: (n) => params.get(n) ?? null,
    onBand: (b) => seen.bands.push(b),
    onLookup: (l) => seen.lookups.push(l),
  };
}

describe('the scaled-integer path = the interpreter, formula by formula', () => {
  const rowArb = fc.record({ kWh: cellValue, Rate: cellValue, category: fc.constantFrom<Value>('LUCE_CASA', 'GAS_CASA', 'x', null), territory: fc.constantFrom<Value>('Lazio', 'Lombardia'), ee: cellValue });

  it('gives the same values (to the sign of zero), errors, bands and lookups on every row', () => {
    let fast = 0;
    let fellBack = 0;
    fc.assert(
      fc.property(expr, fc.array(rowArb, { minLength: 1, maxLength: 6 }), number, number, (text, generated, bonus, cap) => {
        const rows = generated as Row[];
        const ast = parseFormula(`=${text}`);
        const compiled = compileFormula(ast, tables);
        const params = new Map<string, Value>([['EeBonus', bonus], ['Cap', cap]]);
        // One scope for all rows, as the engine has: the row number moves.
        const seenC = { bands: [] as TraceBand[], lookups: [] as TraceLookup[] };
        const s = scopeFor(compiled, rows, params, 0, seenC);
        const run = compiled.prepare(s);
        for (let r = 0; r < rows.length; r++) {
          const seen = { bands: [] as TraceBand[], lookups: [] as TraceLookup[] };
          const row = rows[r] as Row;
          const expected = interpret(ast, { row: (n) => row[n] ?? null, column: s.column, name: (n) => params.get(n) ?? null, onBand: (b) => seen.bands.push(b), onLookup: (l) => seen.lookups.push(l) }, tables);
          seenC.bands.length = 0;
          seenC.lookups.length = 0;
          s.r = r;
          const actual = run(s);
          expect(shape(actual)).toEqual(shape(expected));
          expect(seenC).toEqual(seen);
          // Which way it went, to show both are exercised (the root is evaluated again: no trace is checked here).
          if (typeof compiled.fastRoot(s).ev(s) === 'number') fast++;
          else if (expected instanceof Decimal) fellBack++;
        }
      }),
      { numRuns: 600, seed: 15_2026 },
    );
    expect(fast).toBeGreaterThan(100);
    expect(fellBack).toBeGreaterThan(100);
  });
});

describe('when the fast path is taken', () => {
  const root = (text: string, kWh: string, bonus: string) => {
    const compiled = compileFormula(parseFormula(`=${text}`), tables);
    const s = scopeFor(compiled, [{ kWh: new Decimal(kWh) }], new Map([['EeBonus', new Decimal(bonus)]]), 0, { bands: [], lookups: [] });
    const fast = compiled.fastRoot(s);
    return { fast, raw: fast.ev(s), value: compiled.prepare(s)(s) };
  };

  it('multiplies an amount by a rate as integers at the sum of their scales', () => {
    const { fast, raw, value } = root('[@kWh]*EeBonus', '1234.56', '0.0125');
    expect(fast.k).toBe(6);
    // 1234.56 × 0.0125 = 15.432, held as 15.432000 × 10^6.
    expect(raw).toBe(15_432_000);
    expect(value).toEqual(new Decimal('15.432'));
  });

  it('keeps division on decimals', () => {
    const { fast, raw, value } = root('[@kWh]/EeBonus', '1234.56', '0.0125');
    expect(fast.k).toBe(-1);
    expect(raw).toEqual(new Decimal('98764.8'));
    expect(value).toEqual(new Decimal('98764.8'));
  });

  it('falls back when a product would leave the safe integers, with the exact product', () => {
    // 12345678901234 × 123456 ≈ 1.5 × 10^18, beyond 2^53: the product is decimal.js's.
    const { fast, raw } = root('[@kWh]*EeBonus', '123456789012.34', '0.123456');
    expect(fast.k).toBe(8);
    expect(raw).toEqual(new Decimal('15241481344.30744704'));
  });
});

describe('scaled integers ↔ decimal.js', () => {
  it('converts to the representation decimal.js parses, and back', () => {
    fc.assert(
      fc.property(fc.maxSafeInteger(), fc.integer({ min: 0, max: 15 }), (n, k) => {
        const parsed = new Decimal(`${n}e-${k}`);
        expect(shape(fromScaled(n, k))).toEqual(shape(parsed));
        expect(toScaled(parsed, k)).toBe(n);
        // One place fewer fits only when the last digit is 0.
        if (k > 0) expect(Number.isNaN(toScaled(parsed, k - 1))).toBe(n % 10 !== 0);
      }),
      { numRuns: 1000, seed: 15_2026 },
    );
  });
});
