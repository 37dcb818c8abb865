import { describe, expect, it } from 'vitest';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import fc from 'fast-check';
import { diffPlans, PlanSchema } from '@provvigo/core';
import type { LookupTable, TierTable } from '@provvigo/core';
import { applyGrid, authoringMessages, dropDestination, dropOutcome, standInCell, gridColumns, groupChanges, isHeaderRow, parseClipboardTable, parseLocaleNumber, pasteBlock, PlanBuilder, readCell, sectionOf, tableToGrid } from '../src/index.js';
import { loadSample } from './sample.js';

const sample = loadSample();

describe('numbers as people type and paste them', () => {
  it('reads Italian and English spreadsheet numbers exactly', () => {
    // expected values written by hand from the locales' conventions (Italian: . groups, , decimals)
    const it: [string, string][] = [
      ['1.234,5', '1234.5'],
      ['1234,5', '1234.5'],
      ['0,0120', '0.0120'],
      ['-2,5', '-2.5'],
      ['1.234.567', '1234567'],
      ['20', '20'],
      ['€ 1.000,00', '1000.00'],
      ['8,5 %', '0.085'],
      ['0.012', '0.012'],
    ];
    for (const [text, value] of it) expect(parseLocaleNumber(text, 'it'), text).toEqual({ ok: true, value });
    expect(parseLocaleNumber('1,234.5', 'en')).toEqual({ ok: true, value: '1234.5' });
    expect(parseLocaleNumber('12%', 'en')).toEqual({ ok: true, value: '0.12' });
    for (const bad of ['abc', '1,2,3', '1.23,4.5', '12,34,5', '--1']) expect(parseLocaleNumber(bad, 'it'), bad).toEqual({ ok: false, reason: 'notANumber' });
    expect(parseLocaleNumber('  ', 'it')).toEqual({ ok: false, reason: 'empty' });
  });

  it('reads back every decimal it writes in Italian (round trip, fixed seed)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -10_000_000, max: 10_000_000 }), fc.integer({ min: 0, max: 4 }), (n, places) => {
        const value = places === 0 ? String(n) : `${n < 0 ? '-' : ''}${String(Math.abs(n)).padStart(places + 1, '0').replace(new RegExp(`(\\d{${places}})$`), '.$1')}`;
        const grouped = value.replace(/^(-?)(\d+)/, (_, s: string, int: string) => s + int.replace(/\B(?=(\d{3})+(?!\d))/g, '.')).replace(/\.(\d+)$/, (m0, d: string) => (value.includes('.') ? `,${d}` : m0));
        const r = parseLocaleNumber(grouped, 'it');
        return r.ok && r.value === value;
      }),
      { seed: 1103, numRuns: 300 },
    );
  });
});

describe('pasting from Excel or Calc', () => {
  it('splits tab-separated rows, quoted cells and CRLF, dropping the trailing new line', () => {
    expect(parseClipboardTable('a\tb\r\nc\td\r\n')).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
    expect(parseClipboardTable('"x\ty"\t"say ""hi"""\n"two\nlines"\t')).toEqual([
      ['x\ty', 'say "hi"'],
      ['two\nlines', ''],
    ]);
  });

  it('pastes a block at a cell, adding rows and counting what falls beyond the last column', () => {
    const grid = [['', '', '']];
    const r = pasteBlock(grid, 3, 0, 1, [
      ['1', '2', '3'],
      ['4', '5', '6'],
    ]);
    expect(r.grid).toEqual([
      ['', '1', '2'],
      ['', '4', '5'],
    ]);
    expect(r.dropped).toBe(2);
    expect(grid).toEqual([['', '', '']]);
    expect(isHeaderRow(['category', 'Territory', 'Rate'], ['category', 'territory', 'Rate'])).toBe(true);
    expect(isHeaderRow(['LUCE_CASA', 'Lazio', '0,01'], ['category', 'territory', 'Rate'])).toBe(false);
  });
});

const rates: LookupTable = {
  kind: 'lookup',
  keys: ['category', 'territory'],
  columns: { category: { type: 'text' }, territory: { type: 'text' }, Rate: { type: 'money' } },
  rows: [],
};

describe('the table grid', () => {
  it('turns a pasted category × territory block into rows, Italian decimals read exactly', () => {
    const block = parseClipboardTable('LUCE_CASA\tLazio\t1.234,5\nEMOBILITY\tLazio\t50\n\t\t\n');
    const r = applyGrid(rates, block, 'it');
    expect(r).toEqual({
      ok: true,
      table: {
        ...rates,
        rows: [
          { category: 'LUCE_CASA', territory: 'Lazio', Rate: '1234.5' },
          { category: 'EMOBILITY', territory: 'Lazio', Rate: '50' },
        ],
      },
    });
    if (r.ok) expect(PlanSchema.shape.tables.parse({ Rates: r.table })).toBeTruthy();
  });

  it('names every bad cell: empty key, not a number, a key repeated on a later row', () => {
    const grid = [
      ['LUCE_CASA', 'Lazio', '0,5'],
      ['', 'Lazio', 'abc'],
      ['LUCE_CASA', 'Lazio', '1'],
    ];
    const r = applyGrid(rates, grid, 'it');
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.issues).toEqual([
        { row: 1, column: 0, problem: 'required' },
        { row: 1, column: 2, problem: 'notANumber' },
        { row: 2, column: 0, problem: 'duplicateKey' },
        { row: 2, column: 1, problem: 'duplicateKey' },
      ]);
  });

  it('edits tier bands: ascending starts, labels in both languages, shown with Italian commas', () => {
    const tiers = sample.plans['agency-agents']!.tables['VolumeTiers'] as TierTable;
    const grid = tableToGrid(tiers, 'it');
    expect(grid[1]).toEqual(['20', '4,00', 'Argento', 'Silver']);
    expect(applyGrid(tiers, grid, 'it')).toEqual({ ok: true, table: tiers });
    const swapped = [grid[0]!, grid[2]!, grid[1]!, grid[3]!];
    const r = applyGrid(tiers, swapped, 'it');
    expect(r.ok === false && r.issues).toEqual([{ row: 2, column: 0, problem: 'notAscending' }]);
    expect(gridColumns(tiers).map((c) => c.name)).toEqual(['from', 'rate', 'label.it', 'label.en']);
  });

  it('reads booleans, integers and dates in the user language', () => {
    expect(readCell('VERO', { name: 'x', type: 'boolean', key: false }, 'it')).toEqual({ value: true });
    expect(readCell('3,0', { name: 'x', type: 'integer', key: false }, 'it')).toEqual({ value: '3' });
    expect(readCell('3,5', { name: 'x', type: 'integer', key: false }, 'it')).toEqual({ problem: 'notAnInteger' });
    expect(readCell('31/12/2026', { name: 'x', type: 'date', key: false }, 'it')).toEqual({ value: '2026-12-31' });
    expect(readCell('31/02/2026', { name: 'x', type: 'date', key: false }, 'it')).toEqual({ problem: 'notADate' });
  });
});

describe('the diff by section', () => {
  it('files each change under formulas, tables, conditions…', () => {
    const plan = sample.plans['agency-agents']!;
    const edited = structuredClone(plan);
    (edited.sheets['Lines'] as { columns: Record<string, { formula: string }> }).columns['Commission']!.formula = '=[@Units] * [@Rate]';
    (edited.tables['Rates'] as LookupTable).rows[0]!['Rate'] = '0.0130';
    edited.conditions!.clawback!.withinMonths = undefined;
    edited.conditions!.clawback!.withinDays = 30;
    edited.selector = { kinds: ['agent'] };
    const groups = groupChanges(diffPlans(plan, edited));
    expect(groups.map((g) => g.section)).toEqual(['eligibility', 'tables', 'formulas', 'conditions']);
    expect(groups.find((g) => g.section === 'formulas')!.changes[0]).toMatchObject({ path: 'sheets.Lines.columns.Commission.formula', kind: 'changed', after: '=[@Units] * [@Rate]' });
    expect(sectionOf('overrides.AGY-0001.BonusTarget')).toBe('parameters');
  });
});

describe('the builder tabs render without a browser, with no raw JSON outside the advanced view', () => {
  it('renders each section in Italian', () => {
    const plan = sample.plans['agency-agents']!;
    for (const [section, text] of [
      ['details', 'In vigore dal'],
      ['parameters', 'Valori per partner'],
      ['tables', 'Tabella Rates'],
      ['filters', 'Filtro'],
      ['payouts', 'Provvigione contratti'],
      ['conditions', 'Storna se il contratto cessa presto'],
    ] as const) {
      const html = renderToStaticMarkup(createElement(PlanBuilder, { plan, onChange: () => {}, factSchema: sample.input.factSchema, locale: 'it', initialSection: section }));
      expect(html, section).toContain(text);
      // the only JSON on the page is inside the collapsed advanced view
      const outside = html.replace(/<details class="pv-json">[\s\S]*<\/details>/, '');
      expect(outside, section).not.toMatch(/&quot;\w+&quot;:/);
      expect(html, section).toMatch(/&quot;\w+&quot;:/);
    }
  });
});

describe('drag and drop says what really happened', () => {
  it('names the sheet and position a drop lands on, and a refused drop', () => {
    const plan = sample.plans['agency-agents']!;
    // Units is the first column of Lines; dropped on Commission (the fourth) it becomes the fourth
    expect(dropOutcome(plan, { type: 'node', sheet: 'Lines', name: 'Units', kind: 'column' }, { type: 'node', sheet: 'Lines', name: 'Commission' })).toEqual({ kind: 'moved', sheet: 'Lines', position: 4 });
    expect(dropOutcome(plan, { type: 'metric', metricId: 'spif' }, { type: 'sheet', sheet: 'Lines' })).toMatchObject({ kind: 'added', sheet: 'Summary', name: 'Spif' });
    expect(dropOutcome(plan, { type: 'condition', condition: 'reserve' }, { type: 'conditions' })).toEqual({ kind: 'condition' });
    expect(dropOutcome(plan, { type: 'condition', condition: 'reserve' }, { type: 'sheet', sheet: 'Lines' })).toEqual({ kind: 'nothing' });
  });

  it('shows on the dragged item where it would go now, and the words change when another area comes under it', () => {
    const plan = sample.plans['agency-agents']!;
    const m = authoringMessages('it');
    const spif = { type: 'metric', metricId: 'spif' } as const;
    // the canvas auto-scrolls and the conditions area replaces the Lines sheet under the pointer: the text changes
    expect(dropDestination(plan, spif, { type: 'sheet', sheet: 'Lines' }, m, 'it')).toBe('→ va nel foglio Summary come Spif');
    expect(dropDestination(plan, spif, { type: 'conditions' }, m, 'it')).toBe('→ qui non cambia nulla');
    expect(dropDestination(plan, spif, undefined, m, 'it')).toBe('→ non è sopra un’area di rilascio');
    expect(dropDestination(plan, { type: 'node', sheet: 'Lines', name: 'Units', kind: 'column' }, { type: 'node', sheet: 'Lines', name: 'Commission' }, authoringMessages('en'), 'en')).toBe(
      '→ becomes number 4 of sheet Lines',
    );
  });

  it("a gated bonus's amount stands in with a money cell, never a count; a gate with a condition", () => {
    const cells = [
      { name: 'Activations', role: 'kpi', type: 'integer' },
      { name: 'TargetReached', role: 'gate', type: 'boolean' },
      { name: 'VolumeBonus', role: 'bonus', type: 'money' },
      { name: 'Tier', role: 'kpi', type: 'money' },
    ];
    expect(standInCell(cells, 'value')).toBe('Tier');
    expect(standInCell(cells.slice(0, 2), 'value')).toBeUndefined();
    expect(standInCell(cells, 'gate')).toBe('TargetReached');
    expect(standInCell(cells.slice(0, 1), 'kpi')).toBe('Activations');
  });
});
