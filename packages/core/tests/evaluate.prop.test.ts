import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Decimal, canonicalJson, evaluate, evaluateStream, mergeRunResults, mergeRunSummaries, parseFactSchema, type RunInput, type RunResult } from '../src/index.js';
import { hyperFormulaEngine } from '../src/hyperformula/index.js';
import * as tiny from './fixtures/tiny.js';

const factSchema = (() => {
  const r = parseFactSchema(tiny.factSchema);
  if (!r.ok) throw new Error('bad fixture');
  return r.factSchema;
})();

const partnerIds = ['P1', 'P2', 'P3', 'P4'];
const partners = partnerIds.map((id, i) => ({ id, name: `Partner ${id}`, kind: 'agency' as const, territory: i % 2 ? 'Lazio' : 'Lombardia' }));

/** Records: mostly valid, some out of period, unknown partner, non-numeric kWh, or with no matching rate. */
const recordArb = fc.record({
  partnerId: fc.constantFrom(...partnerIds, 'PX'),
  day: fc.integer({ min: 25, max: 62 }),
  category: fc.constantFrom('LUCE_CASA', 'LUCE_CASA', 'GAS_CASA'),
  territory: fc.constantFrom('Lombardia', 'Lazio'),
  kWh: fc.oneof(
    { weight: 8, arbitrary: fc.integer({ min: 0, max: 9_000_000 }).map((n) => (n / 1000).toFixed(3)) },
    { weight: 1, arbitrary: fc.constant('n/a') },
  ),
  ee: fc.boolean(),
});

const inputArb = fc.array(recordArb, { minLength: 1, maxLength: 60 }).map((recs): RunInput => ({
  period: tiny.period,
  plans: [tiny.plan as never],
  partners: partners as never,
  factSchema,
  facts: {
    contracts: recs.map((r, i) => {
      const d = new Date(Date.UTC(2026, 8, r.day));
      return { id: `C${i}`, partnerId: r.partnerId, signedDate: d.toISOString().slice(0, 10), category: r.category, territory: r.territory, kWh: r.kWh, ee: r.ee };
    }),
  },
}));

const shuffle = <T>(items: T[], seed: number): T[] => {
  const out = [...items];
  let s = seed >>> 0 || 1;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) >>> 0;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
};

const opts = { formulaEngine: hyperFormulaEngine({ licenseKey: 'gpl-v3' }), verify: 'full' as const };
// An evaluation costs about 20 ms of CPU, nearly all of it building the HyperFormula workbook that cross-checks a batch,
// whatever the number of records (1 or 60: the same), so smaller inputs would not buy more cases. Every property runs
// 100 cases except two that evaluate each input again: determinism (50: three evaluations a case) and batches and
// partitions (25: about ten, a workbook per batch and per partition). Both run on Node 24 and 22 in CI, whose budget
// they share with every other test.
const params = { numRuns: 100, seed: 20261127 };

/**
 * `evaluate(input, opts)`, computed once per input. Every property draws its inputs from the same seed, so one that
 * only reads the result of an input (money conserved, nothing lost, the exact commission, the clean run of failure
 * isolation) reads the result an earlier property computed. The determinism this relies on is the first property's,
 * which evaluates each of its inputs a second time, never through here.
 */
const evaluated = new Map<string, RunResult>();
function evaluateOnce(input: RunInput): RunResult {
  const key = JSON.stringify(input);
  let result = evaluated.get(key);
  if (!result) {
    result = evaluate(input, opts);
    evaluated.set(key, result);
  }
  return result;
}

describe('evaluation invariants (ARCHITECTURE §3)', () => {
  it('is deterministic and independent of record, partner and plan order (1, 2)', () => {
    fc.assert(
      fc.property(inputArb, fc.integer(), (input, seed) => {
        const a = evaluateOnce(input);
        const b = evaluate({ ...input, partners: shuffle(input.partners, seed), facts: { contracts: shuffle(input.facts.contracts!, seed + 1) } }, opts);
        expect(b.statements).toEqual(a.statements);
        expect(b.outputHash).toBe(a.outputHash);
        expect(b.inputHash).toBe(a.inputHash);
        expect(JSON.stringify(evaluate(input, opts))).toBe(JSON.stringify(a));
        // Statements are built with sorted keys, so their JSON is canonical: the output hash can use JSON.stringify,
        // and a statement read back from a database (keys in any order) hashes the same through canonicalJson.
        for (const s of a.statements) expect(JSON.stringify(s)).toBe(canonicalJson(JSON.parse(JSON.stringify(s))));
      }),
      { ...params, numRuns: 50 },
    );
  });

  it('gives the same result computed in batches of any size or in partitions merged (2)', () => {
    fc.assert(
      fc.property(inputArb, fc.integer({ min: 1, max: 3 }), fc.integer({ min: 2, max: 4 }), (input, batchSize, count) => {
        const whole = evaluateOnce(input);
        const batched = evaluate(input, { ...opts, batchSize });
        expect(batched.outputHash).toBe(whole.outputHash);
        const parts = Array.from({ length: count }, (_, index) => evaluate(input, { ...opts, partition: { index, count } }));
        const merged = mergeRunResults(parts);
        expect(merged.statements).toEqual(whole.statements);
        expect(merged.counts).toEqual(whole.counts);
        expect(merged.totals).toEqual(whole.totals);
        expect(merged.issues).toEqual(whole.issues);
        expect(merged.outputHash).toBe(whole.outputHash);
        // Summaries only (statements left where they were computed) merge to the same hash.
        const summaries = Array.from({ length: count }, (_, index) => evaluateStream(input, { ...opts, partition: { index, count } }, () => {}));
        expect(mergeRunSummaries(summaries).outputHash).toBe(whole.outputHash);
      }),
      { ...params, numRuns: 25 },
    );
  });

  it('conserves money exactly: statement total = Σ lines, run total = Σ statements (3, 4)', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const r = evaluateOnce(input);
        let run = new Decimal(0);
        for (const s of r.statements) {
          const sum = s.lines.reduce((acc, l) => acc.plus(l.amount), new Decimal(0));
          expect(sum.toFixed(2)).toBe(s.total);
          const components = Object.values(s.byComponent).reduce((acc, v) => acc.plus(v), new Decimal(0));
          expect(components.toFixed(2)).toBe(s.total);
          for (const l of s.lines) expect(l.amount).toMatch(/^-?\d+\.\d{2}$/);
          run = run.plus(s.total);
        }
        expect(run.toFixed(2)).toBe(r.totals.EUR ?? '0.00');
      }),
      params,
    );
  });

  it('loses nothing: in = used + excluded + rejected, and every rejection names record and field (6)', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const r = evaluateOnce(input);
        const c = r.counts.contracts!;
        expect(c.in).toBe(input.facts.contracts!.length);
        expect(c.used + c.excluded + c.rejected).toBe(c.in);
        expect(Object.values(c.excludedBy).reduce((a, b) => a + b, 0)).toBe(c.excluded);
        const usedLines = new Set(r.statements.flatMap((s) => s.lines.filter((l) => l.source).map((l) => l.source!.id)));
        expect(usedLines.size).toBe(c.used);
        const rejectedIds = new Set(r.issues.filter((i) => ['invalid_input', 'missing_input', 'unknown_partner', 'duplicate_record'].includes(i.code)).map((i) => i.record?.id));
        expect(rejectedIds.size).toBe(c.rejected);
        for (const i of r.issues.filter((x) => x.code === 'invalid_input')) expect(i.field).toBeDefined();
      }),
      params,
    );
  });

  it('pays the exact decimal commission, independent of binary floating point (4)', () => {
    const rates: Record<string, string> = { 'LUCE_CASA|Lombardia': '0.012', 'LUCE_CASA|Lazio': '0.011', 'GAS_CASA|Lombardia': '0.009' };
    fc.assert(
      fc.property(inputArb, (input) => {
        const r = evaluateOnce(input);
        for (const s of r.statements) {
          for (const l of s.lines.filter((x) => x.payout === 'commission' && x.status !== 'error')) {
            const rec = input.facts.contracts!.find((c) => c.id === l.source!.id)!;
            const rate = rates[`${rec.category}|${rec.territory}`]!;
            const expected = new Decimal(String(rec.kWh)).times(rate).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2);
            expect(l.amount).toBe(expected);
          }
        }
      }),
      params,
    );
  });

  it('isolates failures: one partner\'s bad data blocks only that partner (7)', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const clean = evaluateOnce(input);
        const bad = { id: 'BAD', partnerId: 'P1', signedDate: '2026-10-10', category: 'GAS_CASA', territory: 'Lazio', kWh: '10' };
        const dirty = evaluate({ ...input, facts: { contracts: [...input.facts.contracts!, bad] } }, opts);
        for (const s of dirty.statements.filter((x) => x.partnerId !== 'P1')) {
          expect(s).toEqual(clean.statements.find((x) => x.partnerId === s.partnerId));
        }
        const p1 = dirty.statements.find((x) => x.partnerId === 'P1')!;
        expect(p1.blocked).toBe(true);
        const line = p1.lines.find((l) => l.source?.id === 'BAD' && l.payout === 'commission')!;
        expect(line.status).toBe('error');
        expect(line.issues[0]).toMatchObject({ code: 'formula_error', partnerId: 'P1', sheet: 'Lines', column: 'Commission', record: { table: 'contracts', id: 'BAD' }, error: '#N/A' });
      }),
      params,
    );
  });
});
