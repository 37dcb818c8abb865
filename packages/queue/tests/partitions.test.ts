// Partitioning of a run's input: every record lands in exactly one partition (with its original position), the
// split never depends on input order, and evaluating the partitions apart and merging them gives the run one
// process computes (core's evaluate on the whole input is the independent reference).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluate, mergeRunResults, readStatement, type FactRecord, type RunInput } from '@provvigo/core';
import { evaluatePartition, nativeSha256 } from '../src/evaluatePartition.js';
import { mergePartitions } from '../src/mergePartitions.js';
import { defaultPartitionCount, partitionOfPartners, splitInput } from '../src/partitions.js';
import { factSchema, plan } from './tinyPlan.js';


/** A run of `partners` partners and their sales, some naming unknown partners, some with a bad kWh. */
const inputArb = fc
  .record({
    partners: fc.uniqueArray(fc.integer({ min: 1, max: 60 }), { minLength: 1, maxLength: 25 }),
    sales: fc.array(fc.record({ partner: fc.integer({ min: 0, max: 70 }), kWh: fc.oneof(fc.integer({ min: 0, max: 9000 }), fc.constant('abc')), day: fc.integer({ min: 1, max: 28 }) }), { maxLength: 80 }),
  })
  .map(({ partners, sales }): RunInput => ({
    period: { id: '2026-10', start: '2026-10-01', end: '2026-10-31' },
    plans: [plan],
    factSchema,
    partners: partners.map((n) => ({ id: `P${String(n).padStart(3, '0')}`, name: `Partner ${n}`, kind: 'agent' as const, territory: 'Lazio' })),
    facts: {
      sales: sales.map((s, i): FactRecord => ({ id: `S${i}`, partnerId: `P${String(s.partner).padStart(3, '0')}`, date: `2026-10-${String(s.day).padStart(2, '0')}`, kWh: s.kWh })),
    },
  }));

describe('splitInput', () => {
  it('puts every record in exactly one partition and remembers where it came from', () => {
    fc.assert(
      fc.property(inputArb, fc.integer({ min: 1, max: 7 }), (input, count) => {
        const parts = splitInput(input, count);
        const seen = parts.flatMap((p) => p.positions['sales']!.map((pos, i) => ({ pos, record: p.input.facts['sales']![i] })));
        expect(seen.map((s) => s.pos).sort((a, b) => a - b)).toEqual(input.facts['sales']!.map((_, i) => i));
        for (const s of seen) expect(s.record).toBe(input.facts['sales']![s.pos]);
        // each known partner's records sit in its partition; records of unknown partners in partition 0
        const of = partitionOfPartners(input.partners.map((p) => (p as { id: string }).id), count);
        parts.forEach((p, index) => {
          for (const r of p.input.facts['sales']!) expect(of.get(String(r['partnerId'])) ?? 0).toBe(index);
        });
      }),
      { seed: 20261203, numRuns: 200 },
    );
  });

  it('deals sorted partner ids round-robin, whatever the input order', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string({ minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 40 }), fc.integer({ min: 1, max: 9 }), (ids, count) => {
        const sorted = [...ids].sort();
        const a = partitionOfPartners(ids, count);
        const b = partitionOfPartners([...ids].reverse(), count);
        for (const [i, id] of sorted.entries()) {
          expect(a.get(id)).toBe(i % count);
          expect(b.get(id)).toBe(i % count);
        }
      }),
      { seed: 31122026, numRuns: 200 },
    );
  });

  it('evaluated apart and merged, the partitions give the single-process run (statements, issues, hashes)', () => {
    fc.assert(
      fc.property(inputArb, fc.integer({ min: 1, max: 5 }), (input, count) => {
        const whole = evaluate(input, { hashInputs: false });
        const parts = splitInput(input, count).map((p) => {
          const { summary, statements } = evaluatePartition(p, { licenseKey: 'gpl-v3' });
          const { statementCount: _c, lineCount: _l, statementDigests: _d, ...rest } = summary;
          return { ...rest, statements: statements.map((s) => readStatement(s.json)) };
        });
        const merged = mergeRunResults(parts, nativeSha256);
        expect(merged.outputHash).toBe(whole.outputHash);
        expect(JSON.stringify(merged.statements)).toBe(JSON.stringify(whole.statements));
        expect(merged.issues).toEqual(whole.issues);
        expect(merged.counts).toEqual(whole.counts);
      }),
      { seed: 1203, numRuns: 100 },
    );
  });

  it("merged as the coordinator does (digests from the stored JSON, partitions in any order), they give the single-process run", () => {
    fc.assert(
      fc.property(inputArb, fc.integer({ min: 1, max: 5 }), (input, count) => {
        const whole = evaluate(input, { hashInputs: false });
        const written = splitInput(input, count).map((p) => ({ partition: p.index, ...evaluatePartition(p, { licenseKey: 'gpl-v3' }) }));
        const merged = mergePartitions(written.reverse());
        expect(merged.outputHash).toBe(whole.outputHash);
        expect(JSON.stringify(merged.statements)).toBe(JSON.stringify(whole.statements));
        expect(merged.issues).toEqual(whole.issues);
        expect(merged.counts).toEqual(whole.counts);
        expect(merged.totals).toEqual(whole.totals);
      }),
      { seed: 1204, numRuns: 100 },
    );
  });

  it('refuses a partition whose stored statements are not the ones its worker evaluated', () => {
    const input = fc.sample(inputArb, { seed: 7, numRuns: 40 }).find((i) => i.partners.length >= 2)!;
    const written = splitInput(input, 1).map((p) => ({ partition: p.index, ...evaluatePartition(p, { licenseKey: 'gpl-v3' }) }));
    const first = written[0]!.statements[0]!;
    const changed = [{ ...written[0]!, statements: [{ ...first, json: first.json.replace(/"blocked":(true|false)/, (_, b) => `"blocked":${b === 'true' ? 'false' : 'true'}`) }, ...written[0]!.statements.slice(1)] }];
    expect(changed[0]!.statements[0]!.json).not.toBe(first.json);
    expect(() => mergePartitions(changed)).toThrow(`partition 0: the stored statement of ${first.partnerId} is not the one its worker evaluated`);
    expect(() => mergePartitions([{ ...written[0]!, statements: written[0]!.statements.slice(1) }])).toThrow(/partition 0: \d+ statement\(s\) stored, its worker evaluated \d+/);
  });

  it('chooses at least four partitions, one per 50,000 records beyond that, never more than the partners', () => {
    const input = (partners: number, records: number): RunInput => ({
      period: { id: '2026-10', start: '2026-10-01', end: '2026-10-31' },
      plans: [],
      factSchema,
      partners: Array.from({ length: partners }, (_, i) => ({ id: `P${i}`, name: `P${i}`, kind: 'agent' as const, territory: 'Lazio' })),
      facts: { sales: Array.from({ length: records }, () => ({})) },
    });
    expect(defaultPartitionCount(input(100, 10))).toBe(4);
    expect(defaultPartitionCount(input(100, 1_000_000))).toBe(20); // 1,000,000 / 50,000
    expect(defaultPartitionCount(input(3, 1_000_000))).toBe(3);
    expect(() => splitInput(input(3, 0), 0)).toThrow(/positive integer/);
  });
});
