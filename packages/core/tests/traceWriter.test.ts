import { describe, expect, it } from 'vitest';
import { TraceGroupBuilder } from '../src/engine/traceColumns.js';
import { jsonColumns, writeTraceColumns, type ShownCell, type UnitValues } from '../src/engine/traceWriter.js';
import type { Node } from '../src/formula/ast.js';
import { err, type Value } from '../src/formula/interpret.js';
import { Decimal } from '../src/money.js';
import type { CellDef, LineSheetDef } from '../src/plan/parsePlan.js';
import type { TraceBand, TraceLookup } from '../src/schema/trace.js';
import { commissionSkeleton } from './fixtures/traceSkeleton.js';

/**
 * A payout's trace values, written a column at a time (engine/traceWriter.ts), over a unit with every kind of shown
 * cell and input — a gate, an error, details on some rows, a date fact, a summary cell with its row reference, a
 * parameter, a whole-column reference — for a payout on a sheet (a line per row) and a summary payout (one line).
 * Every expected value is written by hand from the unit below.
 */
const D = (v: number | string) => new Decimal(v);
const cellDef = (sheet: string, name: string, kind: CellDef['kind'], role?: string): CellDef =>
  ({ id: `${sheet}.${name}`, sheet, name, kind, def: { formula: `=${name}`, ...(role ? { role } : {}) } }) as unknown as CellDef;
const row = (name: string): Node => ({ k: 'row', name }) as unknown as Node;
const named = (name: string): Node => ({ k: 'name', name }) as unknown as Node;
const col = (table: string, name: string): Node => ({ k: 'col', table, name }) as unknown as Node;

const gate = cellDef('Lines', 'Ok', 'column', 'gate');
const amount = cellDef('Lines', 'Amount', 'column');
const target = cellDef('Summary', 'Target', 'cell');
const band: TraceBand = { from: '0', to: '10', rate: '0.1' } as unknown as TraceBand;
const lookup: TraceLookup = { column: 'Rate', keys: ['A'], row: 0, table: 'Rates', value: 0.1 };

const unit = (): UnitValues => {
  const facts = new Map<string, Value[]>([
    ['signed', [D(46000), D(46001), null, D(46003)]],
    ['units', [D(1), D('2.5'), D(0), null]],
  ]);
  return {
    cells: new Map<string, Value>([['Target', D(5)]]),
    columns: [new Map<string, Value[]>([
      ['Ok', [true, D(0), err('#N/A', 'no rate'), D(3)]],
      ['Amount', [D('10.5'), D(0), err('#DIV/0!', 'divided by zero'), D('-1')]],
    ])],
    details: new Map([
      ['Lines.Ok', [undefined, { bands: [band] }, undefined, undefined]],
      ['Lines.Amount', [{ lookups: [lookup] }, undefined, undefined, { lookups: [lookup] }]],
      ['Summary.Target', [{ lookups: [lookup] }]],
    ]),
    sheetIndex: new Map([['Lines', 0]]),
    lineSheets: [{ name: 'Lines', table: { columns: { signed: { type: 'date' }, units: { type: 'number' } } } } as unknown as LineSheetDef],
    params: new Map<string, Value>([['Share', D('0.25')]]),
    factColumn: (_k, name) => facts.get(name)!,
    jsonOf: jsonColumns(),
  };
};

const shown: ShownCell[] = [
  { cell: gate, perRow: true, refs: [{ n: row('units'), computed: undefined }] },
  {
    cell: amount,
    perRow: true,
    refs: [
      { n: row('signed'), computed: undefined },
      { n: row('Ok'), computed: gate },
      { n: row('Target'), computed: target },
      { n: named('Share'), computed: undefined },
      { n: col('Lines', 'Amount'), computed: undefined },
    ],
  },
  { cell: target, perRow: false, refs: [{ n: row('units'), computed: undefined }, { n: named('Share'), computed: undefined }] },
];
const skeleton = commissionSkeleton(
  shown.map(({ cell, refs }) => ({ formula: cell.def.formula, name: cell.name, sheet: cell.sheet, inputs: refs.map(() => ({ kind: 'fact' as const, name: 'x' })) })),
);

const builder = () => {
  const b = new TraceGroupBuilder(skeleton, 4, { mode: 'halfUp', scale: 2, what: 'Lines.Amount' });
  for (let i = 0; i < 4; i++) b.engineLine(i, '0.00', i + 1, null, null, [], null);
  return b;
};

describe('trace values written a column at a time', () => {
  it('hold each cell and input as the unit computed it', () => {
    const b = builder();
    writeTraceColumns(unit(), shown, 0, b);
    const [ok, amt, tgt] = b.finish().group.cells;
    expect(ok!.value).toEqual([true, 0, '#N/A', 3]);
    expect(ok!.gate).toEqual(['passed', 'failed', null, 'passed']);
    expect(ok!.error).toEqual([null, null, 'no rate', null]);
    expect(ok!.bands).toEqual({ distinct: [[band]], index: [null, 0, null, null] });
    expect(ok!.inputs.map((i) => i.value)).toEqual([[1, 2.5, 0, null]]);
    expect(amt!.value).toEqual([10.5, 0, '#DIV/0!', -1]);
    expect(amt!.lookups).toEqual({ distinct: [[lookup]], index: [0, null, null, 0] });
    expect(amt!.error).toEqual([null, null, 'divided by zero', null]);
    expect(amt!.gate).toBeUndefined();
    // a date fact is shown as a date; a summary cell and a parameter repeat on every line; a whole column is null
    expect(amt!.inputs.map((i) => i.value)).toEqual([
      ['2025-12-09', '2025-12-10', null, '2025-12-12'],
      [true, 0, '#N/A', 3],
      { all: 5 },
      { all: 0.25 },
      { all: null },
    ]);
    // a cell that is not the line's row: its value on every line, its row reference null
    expect(tgt!.value).toEqual({ all: 5 });
    expect(tgt!.lookups).toEqual({ distinct: [[lookup]], index: [0, 0, 0, 0] });
    expect(tgt!.inputs.map((i) => i.value)).toEqual([{ all: null }, { all: 0.25 }]);
  });

  it('show a summary payout on its one line, with the whole of each column its cells aggregate', () => {
    const summaryShown: ShownCell[] = [
      {
        cell: target,
        perRow: false,
        refs: [
          { n: row('units'), computed: undefined },
          { n: named('Share'), computed: undefined },
          { n: col('Lines', 'Amount'), computed: undefined },
          { n: col('Lines', 'units'), computed: undefined },
          { n: col('Rates', 'Rate'), computed: undefined },
        ],
      },
      // a line column shown on a summary line has no row: its value is null
      { cell: amount, perRow: false, refs: [{ n: row('Ok'), computed: gate }] },
    ];
    const b = new TraceGroupBuilder(
      commissionSkeleton(summaryShown.map(({ cell, refs }) => ({ formula: cell.def.formula, name: cell.name, sheet: cell.sheet, inputs: refs.map(() => ({ kind: 'fact' as const, name: 'x' })) }))),
      1,
      { mode: 'halfUp', scale: 2, what: 'Summary.Target' },
    );
    b.engineLine(0, '5.00', null, null, null, [], null);
    writeTraceColumns(unit(), summaryShown, undefined, b);
    const [tgt, amt] = b.finish().group.cells;
    expect(tgt!.value).toEqual([5]);
    expect(tgt!.lookups).toEqual({ distinct: [[lookup]], index: [0] });
    expect(tgt!.inputs.map((i) => i.value)).toEqual([[null], [0.25], [null], [null], [null]]);
    // a computed column and a fact column of the line sheet, whole; a lookup table's column is not a line sheet's
    expect(tgt!.inputs.map((i) => i.values)).toEqual([undefined, undefined, [[10.5, 0, '#DIV/0!', -1]], [[1, 2.5, 0, null]], undefined]);
    expect(amt!.value).toEqual([null]);
    expect(amt!.error).toBeUndefined();
    expect(amt!.inputs.map((i) => i.value)).toEqual([[null]]);
  });
});
