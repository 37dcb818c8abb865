import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Decimal, evaluate, evaluateStream, parseFactSchema, parseFormula, prepareTables, interpret, readStatement, sha256, statementJson, type PlanInput, type RunInput, type FormulaValue as Value } from '../src/index.js';
import { compileFormula, type CompiledScope } from '../src/formula/compile.js';
import type { TraceBand, TraceLookup } from '../src/schema/trace.js';
import { hyperFormulaEngine } from '../src/hyperformula/index.js';
import * as tiny from './fixtures/tiny.js';

/**
 * Differential tests of the compiled evaluation path (formula/compile.ts) against the reference interpreter
 * (formula/interpret.ts) and HyperFormula: random formulas × random rows, then random plans × random data through
 * `evaluate`. The expected values are never written here: each engine is the other's oracle.
 */

const factSchema = (() => {
  const r = parseFactSchema(tiny.factSchema);
  if (!r.ok) throw new Error('bad fixture');
  return r.factSchema;
})();
const basePlan = tiny.plan as PlanInput & { tables: NonNullable<PlanInput['tables']> };

// Literals with bounded decimals, as plans write them (rates to 4 places, amounts to 2).
const literal = fc.oneof(
  fc.integer({ min: 0, max: 5000 }).map(String),
  fc.integer({ min: 0, max: 99_999 }).map((n) => (n / 100).toFixed(2)),
  fc.integer({ min: 1, max: 9_999 }).map((n) => (n / 10_000).toFixed(4)),
);

/** Numeric expressions over one contract line (the tiny fixture's columns) and the plan's parameters. */
const lineNumber = (leaves: fc.Arbitrary<string>[]) =>
  fc.letrec<{ num: string; cond: string }>((tie) => ({
    num: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      ...leaves,
      literal,
      fc.tuple(tie('num'), fc.constantFrom('+', '-', '*'), tie('num')).map(([a, op, b]) => `(${a}${op}${b})`),
      fc.tuple(tie('num'), tie('num')).map(([a, b]) => `(${a}/${b})`),
      fc.tuple(tie('cond'), tie('num'), tie('num')).map(([c, a, b]) => `IF(${c}, ${a}, ${b})`),
      fc.tuple(fc.constantFrom('MIN', 'MAX'), tie('num'), tie('num')).map(([f, a, b]) => `${f}(${a}, ${b})`),
      fc.tuple(fc.constantFrom('ROUND', 'ROUNDUP', 'ROUNDDOWN'), tie('num'), fc.integer({ min: 0, max: 3 })).map(([f, a, d]) => `${f}(${a}, ${d})`),
      tie('num').map((a) => `ABS(-${a})`),
      tie('num').map((a) => `IFERROR(${a}, 0)`),
    ),
    cond: fc.oneof(
      { depthSize: 'small' },
      fc.tuple(tie('num'), fc.constantFrom('=', '<>', '<', '>', '<=', '>='), tie('num')).map(([a, op, b]) => `${a}${op}${b}`),
      fc.constantFrom('[@ee]', '[@category]="LUCE_CASA"', '[@territory]<>"Lazio"', 'ISBLANK([@ee])'),
      fc.tuple(fc.constantFrom('AND', 'OR'), tie('cond'), tie('cond')).map(([f, a, b]) => `${f}(${a}, ${b})`),
      tie('cond').map((c) => `NOT(${c})`),
    ),
  }));

const lineLeaves = [fc.constantFrom('[@kWh]', '[@Rate]', 'EeBonus', 'Cap')];
const lineExpr = lineNumber(lineLeaves).num;

describe('compiled formulas = the interpreter, formula by formula', () => {
  // Any value a row may hold, errors and blanks included, and any function of the subset the compiler handles itself.
  const cellValue = fc.oneof(
    literal.map((s) => new Decimal(s) as Value),
    fc.constantFrom<Value>(null, '', 'LUCE_CASA', 'Lazio', 'abc', '12.5', true, false, { error: '#N/A', message: 'missing' }),
  );
  const anyExpr = lineNumber([
    fc.constantFrom('[@kWh]', '[@Rate]', '[@category]', '[@territory]', '[@ee]', 'EeBonus', 'Cap', 'Missing'),
    fc.constantFrom(
      'RATE(Rates[Rate], [@category], [@territory])',
      'TIER.AMOUNT(Tiers, [@kWh])',
      'TIER.RATE(Tiers, [@Rate])',
      'TIER.BAND(Tiers, [@kWh])',
      'COUNT(Lines[kWh])',
      'SUM(Lines[kWh])',
      'SUMIFS(Lines[kWh], Lines[category], "LUCE_CASA")',
      'COUNTIFS(Lines[territory], "<>Lazio")',
      'AVERAGEIF(Lines[kWh], ">10")',
      'COUNT(Rates[Rate])',
      'SUM(Rates[Rate], [@kWh])',
      '-[@kWh]%',
      '[@category]&[@kWh]',
    ),
  ]).num;
  const rowArb = fc.record({ kWh: cellValue, Rate: cellValue, category: cellValue, territory: cellValue, ee: cellValue });
  const tables = prepareTables(basePlan as never);

  it('gives the same value, bands and lookups on every row', () => {
    fc.assert(
      fc.property(anyExpr, fc.array(rowArb, { minLength: 1, maxLength: 6 }), (text, rows) => {
        const ast = parseFormula(`=${text}`);
        const compiled = compileFormula(ast, tables);
        const params = new Map<string, Value>([['EeBonus', new Decimal(25)], ['Cap', new Decimal('1000')]]);
        const column = (_: string, name: string) => ({ range: rows.map((r) => (r as Record<string, Value>)[name] ?? null) });
        for (let r = 0; r < rows.length; r++) {
          const seen = { bands: [] as TraceBand[], lookups: [] as TraceLookup[] };
          const seenC = { bands: [] as TraceBand[], lookups: [] as TraceLookup[] };
          const row = rows[r] as Record<string, Value>;
          const expected = interpret(ast, { row: (n) => row[n] ?? null, column, name: (n) => params.get(n) ?? null, onBand: (b) => seen.bands.push(b), onLookup: (l) => seen.lookups.push(l) }, tables);
          const s: CompiledScope = {
            r,
            cols: compiled.rows.map((n) => rows.map((x) => (x as Record<string, Value>)[n] ?? null)),
            names: compiled.names.map((n) => params.get(n) ?? null),
            row: () => null,
            column,
            name: (n) => params.get(n) ?? null,
            onBand: (b) => seenC.bands.push(b),
            onLookup: (l) => seenC.lookups.push(l),
          };
          const actual = compiled.run(s);
          // Decimals compare by value and exponent (toString), everything else structurally.
          expect(actual instanceof Decimal ? `D${actual.toString()}` : actual).toEqual(expected instanceof Decimal ? `D${expected.toString()}` : expected);
          expect(seenC).toEqual(seen);
        }
      }),
      { numRuns: 400, seed: 20261204 },
    );
  });
});

describe('a compiled RATE run over many rows', () => {
  it('stays the interpreter, past the number of distinct keys it remembers (it forgets them all, then goes on)', () => {
    const tables = prepareTables(basePlan as never);
    const ast = parseFormula('=RATE(Rates[Rate], [@category], [@territory])');
    const compiled = compileFormula(ast, tables);
    // 12,000 distinct unknown categories (more than the 10,000 remembered), each followed by a known key
    const rows: Array<Record<string, Value>> = [];
    for (let i = 0; i < 12_000; i++) rows.push({ category: `X${i}`, territory: 'Lazio' }, { category: i % 2 ? 'LUCE_CASA' : 'luce_casa', territory: 'Lombardia' });
    const cols = compiled.rows.map((n) => rows.map((x) => x[n] ?? null));
    const never = () => ({ range: [] });
    for (let r = 0; r < rows.length; r++) {
      const seen: TraceLookup[] = [];
      const seenC: TraceLookup[] = [];
      const row = rows[r]!;
      const expected = interpret(ast, { row: (n) => row[n] ?? null, column: never, name: () => null, onLookup: (l) => seen.push(l) }, tables);
      const actual = compiled.run({ r, cols, names: [], row: () => null, column: never, name: () => null, onLookup: (l) => seenC.push(l) });
      if (r % 2 === 1) expect(actual).toBeInstanceOf(Decimal);
      expect(actual instanceof Decimal ? `D${actual.toString()}` : actual).toEqual(expected instanceof Decimal ? `D${expected.toString()}` : expected);
      expect(seenC).toEqual(seen);
    }
  });
});

describe('compiled plans = the interpreter = HyperFormula, on every line (random plans × random data)', () => {
  const summary = lineNumber([fc.constantFrom('Activations', 'Total', 'Luce', 'TierBonus', 'EeBonus', 'Cap')]);
  const planArb = fc.record({
    rate: fc.constantFrom('RATE(Rates[Rate], [@category], [@territory])', 'IFERROR(RATE(Rates[Rate], [@category], [@territory]), 0)'),
    // A second RATE on the same table and keys shares the workbook's matched-row column with the first.
    // The same keys swapped match no row: their own column.
    fixed: fc.constantFrom(
      'RATE(Rates[Fixed], [@category], [@territory])',
      'IFERROR(RATE(Rates[Fixed], [@category], [@territory]), 0)',
      'IFERROR(RATE(Rates[Fixed], [@territory], [@category]), 7)',
      'EeBonus',
      '[@Rate]*1000',
    ),
    a: lineExpr,
    b: lineExpr,
    tier: fc.constantFrom('TIER.AMOUNT(Tiers, Activations)', 'TIER.RATE(Tiers, Activations)', 'TIER.AMOUNT(Tiers, Total)'),
    luce: fc.constantFrom('SUMIFS(Lines[A], Lines[category], "LUCE_CASA")', 'COUNTIFS(Lines[territory], "Lazio")', 'SUM(Lines[B])'),
    bonus: summary.num,
    mode: fc.constantFrom('marginal', 'retroactive'),
  });
  const recordArb = fc.record({
    partnerId: fc.constantFrom('P1', 'P2', 'P3'),
    day: fc.integer({ min: 1, max: 31 }),
    category: fc.constantFrom('LUCE_CASA', 'GAS_CASA'),
    territory: fc.constantFrom('Lombardia', 'Lazio'),
    kWh: fc.integer({ min: 0, max: 9_000_000 }).map((n) => (n / 1000).toFixed(3)),
    ee: fc.option(fc.boolean()),
  });
  type Generated = { rate: string; fixed: string; a: string; b: string; tier: string; luce: string; bonus: string; mode: string };
  const partners = ['P1', 'P2', 'P3'].map((id, i) => ({ id, name: `Partner ${id}`, kind: 'agency' as const, territory: i % 2 ? 'Lazio' : 'Lombardia' }));

  const toPlan = (g: Generated): PlanInput => ({
    ...basePlan,
    tables: {
      ...basePlan.tables,
      Rates: {
        ...basePlan.tables.Rates!,
        columns: { ...(basePlan.tables.Rates as { columns: object }).columns, Fixed: { type: 'money' } },
        rows: (basePlan.tables.Rates as { rows: Array<Record<string, string>> }).rows.map((r, i) => ({ ...r, Fixed: `${20 + i}.50` })),
      } as never,
      Tiers: { kind: 'tier', mode: g.mode as 'marginal', bands: [{ from: '0', rate: '5' }, { from: '3', rate: '8' }, { from: '1000', rate: '0.5' }] } },
    sheets: {
      Lines: {
        kind: 'lines',
        source: 'contracts',
        columns: {
          Rate: { formula: `=${g.rate}` },
          Fixed: { formula: `=${g.fixed}`, type: 'money' },
          A: { formula: `=${g.a}`, type: 'money' },
          B: { formula: `=${g.b}`, type: 'money' },
        },
      },
      Summary: {
        kind: 'summary',
        cells: {
          Activations: { formula: '=COUNT(Lines[A])', role: 'kpi' },
          Total: { formula: '=SUM(Lines[A])' },
          Luce: { formula: `=${g.luce}` },
          TierBonus: { formula: `=${g.tier}`, type: 'money', role: 'bonus' },
          Bonus: { formula: `=${g.bonus}`, type: 'money', role: 'bonus' },
        },
      },
    },
    payouts: {
      a: { label: 'A', sheet: 'Lines', column: 'A' },
      b: { label: 'B', sheet: 'Lines', column: 'B' },
      fixed: { label: 'Fixed', sheet: 'Lines', column: 'Fixed' },
      tier: { label: 'Tier', sheet: 'Summary', cell: 'TierBonus' },
      bonus: { label: 'Bonus', sheet: 'Summary', cell: 'Bonus' },
    },
  });

  it('gives the same statements, traces and hashes, and HyperFormula agrees on every line but binary-ROUND ones', () => {
    let checkedLines = 0;
    let roundArtefacts = 0;
    // How often the JSON's shortened forms came up: ids left out, and value columns written as { same }.
    let derivedIds = 0;
    let sameColumns = 0;
    fc.assert(
      fc.property(planArb, fc.array(recordArb, { minLength: 1, maxLength: 30, size: 'max' }), (g, recs) => {
        const input: RunInput = {
          period: tiny.period,
          plans: [toPlan(g) as never],
          partners: partners as never,
          factSchema,
          facts: { contracts: recs.map((r, i) => ({ id: `C${i}`, partnerId: r.partnerId, signedDate: `2026-10-${String(r.day).padStart(2, '0')}`, category: r.category, territory: r.territory, kWh: r.kWh, ...(r.ee === null ? {} : { ee: r.ee }) })) },
        };
        const opts = { formulaEngine: hyperFormulaEngine({ licenseKey: 'gpl-v3' }), verify: 'full' as const };
        const compiled = evaluate(input, opts);
        // A generated plan the validator rejects computes nothing: only valid ones count.
        fc.pre(compiled.statements.some((s) => s.lines.length > 0));
        const reference = evaluate(input, { ...opts, exactEngine: 'interpreter' });
        expect(JSON.stringify(compiled.statements)).toBe(JSON.stringify(reference.statements));
        expect(compiled.outputHash).toBe(reference.outputHash);
        expect(compiled.issues).toEqual(reference.issues);
        // The columnar form is one: the trace groups a run makes serialise to the bytes the same traces give when
        // built as objects (structuredClone reads every trace), and reading the JSON back gives the statement.
        // The bytes a run hashes and hands its sink (written before the lines get their traces) are those same bytes.
        const streamed = new Map<string, string>();
        evaluateStream(input, opts, (s, digest, json) => {
          expect(digest).toBe(sha256(json));
          streamed.set(s.partnerId, json);
        });
        for (const s of compiled.statements) {
          const json = statementJson(s);
          const plain = structuredClone(s);
          expect(statementJson(plain)).toBe(json);
          expect(streamed.get(s.partnerId)).toBe(json);
          expect(JSON.stringify(readStatement(json))).toBe(JSON.stringify(plain));
          derivedIds += json.split('{"derived":"lineId"}').length - 1;
          sameColumns += json.split('{"same":[').length - 1;
        }
        // HyperFormula recomputed every cell: a line it disagrees with by more than half a cent is flagged. The only
        // admissible cause is ROUND/ROUNDUP/ROUNDDOWN on binary doubles (hyperformula.md §2.2: the double of a
        // half-way or exact decimal lies just below or above it), so a flagged line must have one in its trace.
        for (const s of compiled.statements) {
          for (const l of s.lines) {
            checkedLines++;
            if (!l.trace.flags.includes('precision_mismatch')) continue;
            roundArtefacts++;
            expect(l.trace.cells.map((c) => c.formula).join(' ')).toMatch(/ROUND/);
          }
        }
      }),
      { numRuns: 60, seed: 20261204 },
    );
    // The property looked at real lines, not only at rejected plans.
    expect(checkedLines).toBeGreaterThan(200);
    expect(roundArtefacts).toBeLessThan(checkedLines / 10);
    // ...and the statements it round-tripped used both shortened forms of the canonical JSON.
    expect(derivedIds).toBeGreaterThan(10);
    expect(sameColumns).toBeGreaterThan(10);
  });
});
