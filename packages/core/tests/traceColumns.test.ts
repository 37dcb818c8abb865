import { describe, expect, it } from 'vitest';
import { traceAt, TraceGroupBuilder } from '../src/engine/traceColumns.js';
import type { TraceLookup } from '../src/schema/trace.js';
import { commissionSkeleton } from './fixtures/traceSkeleton.js';

// The group builder on its own: what a few lines set through it become as columns, with expected values written
// out by hand from the form `docs/trace.md` §5 describes.
const skeleton = commissionSkeleton([{ formula: '=RATE(Rates, Product)', name: 'Rate', sheet: 'Lines', inputs: [{ kind: 'fact', name: 'Product' }] }]);
const rule = { mode: 'halfUp' as const, scale: 2, what: 'Lines.Commission' };
const lookup = (product: string, row: number): TraceLookup => ({ column: 'Rate', keys: [product], row, table: 'Rates', value: '0.1' });

describe('TraceGroupBuilder', () => {
  it('engine lines without an exact value under a rule: every line rounded by nothing, no hole', () => {
    const b = new TraceGroupBuilder(skeleton, 3, rule);
    for (let i = 0; i < 3; i++) {
      b.engineLine(i, '0.00', i, null, null, [], null);
      b.cell(i, 0, null);
      b.input(i, 0, 0, null);
    }
    const { group } = b.finish();
    // three empty lists, each present: a hole would be written as null in the statement's JSON
    expect(JSON.parse(JSON.stringify(group.rounding))).toEqual([[], [], []]);
    expect(Object.keys(group.rounding)).toEqual(['0', '1', '2']);
    expect(traceAt(group, 1, { amount: '0.00', row: 1, source: null }).rounding).toEqual([]);
  });

  it('engine lines with an exact value: the rule once, and each line rounded from its exact value to its amount', () => {
    const b = new TraceGroupBuilder(skeleton, 2, rule);
    b.engineLine(0, '1.24', 0, null, '1.235', [], null);
    b.engineLine(1, '0.00', 1, null, null, [], null);
    for (let i = 0; i < 2; i++) b.cell(i, 0, '0.1');
    const { group } = b.finish();
    expect(group.rounding).toEqual(rule);
    expect(traceAt(group, 0, { amount: '1.24', row: 0, source: null }).rounding).toEqual([{ from: '1.235', mode: 'halfUp', scale: 2, to: '1.24', what: 'Lines.Commission' }]);
    expect(traceAt(group, 1, { amount: '0.00', row: 1, source: null }).rounding).toEqual([]);
  });

  it('lookups equal by value share one entry, lines without one are null, whatever object each line was given', () => {
    const b = new TraceGroupBuilder(skeleton, 4, rule);
    const lists = [[lookup('gas', 3)], undefined, [lookup('power', 1)], [lookup('gas', 3)]];
    lists.forEach((lookups, i) => {
      b.engineLine(i, '0.00', i, null, null, [], null);
      b.cell(i, 0, '0.1', lookups ? { lookups } : undefined);
    });
    const { group } = b.finish();
    expect(group.cells[0]!.lookups).toEqual({ distinct: [[lookup('gas', 3)], [lookup('power', 1)]], index: [0, null, 1, 0] });
    expect(traceAt(group, 3, { amount: '0.00', row: 3, source: null }).cells[0]!.lookups).toEqual([lookup('gas', 3)]);
    expect(traceAt(group, 1, { amount: '0.00', row: 1, source: null }).cells[0]!.lookups).toBeUndefined();
  });

  it('a cell no line looked anything up with has no lookups column, even after lines set with none', () => {
    const b = new TraceGroupBuilder(skeleton, 2, rule);
    for (let i = 0; i < 2; i++) {
      b.engineLine(i, '0.00', i, null, null, [], null);
      b.cell(i, 0, '0.1', { lookups: undefined });
    }
    expect('lookups' in b.finish().group.cells[0]!).toBe(false);
  });
});
