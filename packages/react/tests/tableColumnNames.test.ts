import { describe, expect, it } from 'vitest';
import type { LookupTable } from '@provvigo/core';
import { applyGrid, gridColumns, readGrid, tableToGrid } from '../src/index.js';

/**
 * A lookup table's columns are named by the plan's author (`toString`, `valueOf` are valid names). The grid editor
 * read a row's value with `row[column]`: a row with no value for a column named `toString` showed
 * "function toString() { [native code] }" in its cell, text that Apply then saved into the table. Reading the grid
 * back built each row with `record[column] = value`, which for a column named `__proto__` (a plan the host did not
 * validate) set no entry, so its values were lost and every row's key read as Object.prototype (all "duplicates").
 */
const table: LookupTable = {
  kind: 'lookup',
  keys: ['code'],
  // through entries: TypeScript reads an object literal's `toString` key against Object's method
  columns: Object.fromEntries([
    ['code', { type: 'text' }],
    ['toString', { type: 'number' }],
    ['valueOf', { type: 'text' }],
    ['rate', { type: 'number' }],
  ] as const),
  rows: [
    { code: 'A', toString: '1.5', valueOf: 'x', rate: '2' },
    { code: 'B', rate: '3' },
  ],
};

describe('table grid columns, whatever they are called', () => {
  it('shows an empty cell for a row without a value for a column named toString or valueOf', () => {
    const grid = tableToGrid(table, 'it');
    expect(grid).toEqual([
      ['A', '1,5', 'x', '2'],
      ['B', '', '', '3'],
    ]);
    expect(JSON.stringify(grid)).not.toContain('native code');
    // the grid as shown, applied unchanged: the missing numbers are reported missing, not saved as a function's text
    expect(applyGrid(table, grid, 'it')).toEqual({ ok: false, issues: [{ row: 1, column: 1, problem: 'required' }, { row: 1, column: 2, problem: 'required' }] });
  });

  it('reads the values of a column named __proto__ back as own entries, and its keys as they are', () => {
    const columns = [
      { name: '__proto__', type: 'text' as const, key: true },
      { name: 'rate', type: 'number' as const, key: false },
    ];
    const { values, issues } = readGrid(columns, [['A', '1'], ['B', '2']], 'en');
    expect(issues).toEqual([]);
    expect(values.map((v) => Object.getOwnPropertyDescriptor(v, '__proto__')?.value)).toEqual(['A', 'B']);
    expect(values.map((v) => Object.getPrototypeOf(v))).toEqual([Object.prototype, Object.prototype]);
    expect(values.map((v) => Object.keys(v))).toEqual([['__proto__', 'rate'], ['__proto__', 'rate']]);
  });

  it('reads and shows ordinary tables as before, keys first and in column order', () => {
    const ordinary: LookupTable = { kind: 'lookup', keys: ['zone'], columns: { rate: { type: 'number' }, zone: { type: 'text' } }, rows: [{ zone: 'N', rate: '0.5' }] };
    expect(gridColumns(ordinary).map((c) => c.name)).toEqual(['zone', 'rate']);
    expect(tableToGrid(ordinary, 'en')).toEqual([['N', '0.5']]);
    const applied = applyGrid(ordinary, [['N', '0.5'], ['S', '0.75'], ['N', '1']], 'en');
    expect(applied).toEqual({ ok: false, issues: [{ row: 2, column: 0, problem: 'duplicateKey' }] });
    const ok = applyGrid(ordinary, [['N', '0.5'], ['S', '0.75']], 'en');
    expect(ok.ok && ok.table.kind === 'lookup' ? ok.table.rows.map((r) => Object.keys(r)) : null).toEqual([['zone', 'rate'], ['zone', 'rate']]);
  });
});
