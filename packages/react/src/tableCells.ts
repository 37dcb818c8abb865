import { Decimal, ownValue } from '@provvigo/core';
import type { LookupTable, Scalar, Table, TierTable, ValueType } from '@provvigo/core';
import type { UiLocale } from './i18n.js';
import { parseLocaleNumber, showLocaleNumber } from './localeNumber.js';

/** A column of the editable grid: the table column (or band field) it edits, its type, and whether it is a key. */
export interface GridColumn {
  name: string;
  type: ValueType;
  key: boolean;
  /** Empty cells are allowed (a band's label). */
  optional?: boolean;
}

/** Why a cell is refused; the grid words it in the user's language (authoringMessages). */
export type CellProblem = 'required' | 'notANumber' | 'notAnInteger' | 'notABoolean' | 'notADate' | 'duplicateKey' | 'notAscending';

export interface CellIssue {
  /** Row index in the grid (0-based; the user sees row + 1). */
  row: number;
  /** Column index in the grid. */
  column: number;
  problem: CellProblem;
}

const NUMERIC: ReadonlySet<ValueType> = new Set(['number', 'money', 'percent', 'integer']);

/** The columns of a table's grid: a lookup table's columns (keys first), or a tier table's band fields. */
export function gridColumns(table: Table): GridColumn[] {
  if (table.kind === 'tier') {
    return [
      { name: 'from', type: 'number', key: true },
      { name: 'rate', type: 'number', key: false },
      { name: 'label.it', type: 'text', key: false, optional: true },
      { name: 'label.en', type: 'text', key: false, optional: true },
    ];
  }
  const keys = table.keys.map((k) => ({ name: k, type: table.columns[k]?.type ?? 'text', key: true }));
  const values = Object.entries(table.columns)
    .filter(([name]) => !table.keys.includes(name))
    .map(([name, c]) => ({ name, type: c.type, key: false }));
  return [...keys, ...values];
}

function show(value: Scalar | undefined, type: ValueType, locale: UiLocale): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'boolean') return locale === 'it' ? (value ? 'VERO' : 'FALSO') : value ? 'TRUE' : 'FALSE';
  return NUMERIC.has(type) ? showLocaleNumber(String(value), locale) : String(value);
}

/** The table's content as the grid's text cells, written in `locale` (Italian decimal commas). */
export function tableToGrid(table: Table, locale: UiLocale): string[][] {
  const columns = gridColumns(table);
  if (table.kind === 'tier') {
    return table.bands.map((b) => {
      const label = typeof b.label === 'string' ? { it: b.label, en: b.label } : (b.label ?? {});
      return [show(b.from, 'number', locale), show(b.rate, 'number', locale), label.it ?? '', label.en ?? ''];
    });
  }
  // own entries only: a row without a value for a column named e.g. "toString" shows an empty cell, not the method's text
  return table.rows.map((r) => columns.map((c) => show(ownValue(r, c.name), c.type, locale)));
}

const TRUE_WORDS = new Set(['true', 'vero', 'sì', 'si', 'yes', '1']);
const FALSE_WORDS = new Set(['false', 'falso', 'no', '0']);

/** One cell's text as the table value of its column's type, or the problem with it. */
export function readCell(text: string, column: GridColumn, locale: UiLocale): { value: Scalar } | { problem: CellProblem } {
  const s = text.trim();
  if (s === '') return column.optional ? { value: null } : { problem: 'required' };
  if (NUMERIC.has(column.type)) {
    const n = parseLocaleNumber(s, locale);
    if (!n.ok) return { problem: 'notANumber' };
    if (column.type === 'integer' && n.value.includes('.')) return /^-?\d+\.0+$/.test(n.value) ? { value: n.value.split('.')[0]! } : { problem: 'notAnInteger' };
    return { value: n.value };
  }
  if (column.type === 'boolean') {
    const w = s.toLowerCase();
    if (TRUE_WORDS.has(w)) return { value: true };
    if (FALSE_WORDS.has(w)) return { value: false };
    return { problem: 'notABoolean' };
  }
  if (column.type === 'date') {
    const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
    const dmy = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(s);
    const [y, m, d] = iso ? [iso[1]!, iso[2]!, iso[3]!] : dmy ? (locale === 'it' ? [dmy[3]!, dmy[2]!, dmy[1]!] : [dmy[3]!, dmy[1]!, dmy[2]!]) : [];
    if (!y || !m || !d) return { problem: 'notADate' };
    const date = `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
    const check = new Date(`${date}T00:00:00Z`);
    return Number.isNaN(check.getTime()) || check.toISOString().slice(0, 10) !== date ? { problem: 'notADate' } : { value: date };
  }
  return { value: s };
}

const isBlankRow = (cells: readonly string[]) => cells.every((c) => c.trim() === '');

/**
 * Reads the grid back into table values, cell by cell: every problem found (not only the first), duplicate keys on
 * the later row, tier bands that do not ascend. Blank rows are skipped. `values` holds one entry per non-blank row.
 */
export function readGrid(columns: readonly GridColumn[], grid: readonly (readonly string[])[], locale: UiLocale): { values: Record<string, Scalar>[]; issues: CellIssue[] } {
  const issues: CellIssue[] = [];
  const values: Record<string, Scalar>[] = [];
  const seenKeys = new Map<string, number>();
  grid.forEach((cells, row) => {
    if (isBlankRow(cells)) return;
    // by column name through a Map: `record['__proto__'] = value` would set no entry at all
    const record = new Map<string, Scalar>();
    let keyComplete = true;
    columns.forEach((column, ci) => {
      const r = readCell(cells[ci] ?? '', column, locale);
      if ('problem' in r) {
        issues.push({ row, column: ci, problem: r.problem });
        if (column.key) keyComplete = false;
      } else record.set(column.name, r.value);
    });
    const keyCols = columns.map((c, ci) => ({ c, ci })).filter((x) => x.c.key);
    if (keyComplete && keyCols.length > 0) {
      const key = JSON.stringify(keyCols.map((x) => record.get(x.c.name)));
      if (seenKeys.has(key)) for (const x of keyCols) issues.push({ row, column: x.ci, problem: 'duplicateKey' });
      else seenKeys.set(key, row);
    }
    values.push(Object.fromEntries(record));
  });
  return { values, issues };
}

/** Tier bands must start at increasing quantities: the first `from` that does not exceed the one before is flagged. */
function ascendingIssues(grid: readonly (readonly string[])[], values: readonly Record<string, Scalar>[]): CellIssue[] {
  const rows = grid.map((cells, i) => ({ cells, i })).filter((r) => !isBlankRow(r.cells));
  const out: CellIssue[] = [];
  for (let k = 1; k < values.length; k += 1) {
    const prev = values[k - 1]!['from'];
    const cur = values[k]!['from'];
    // a band whose own "from" is unreadable is reported as such already
    if (typeof prev === 'string' && typeof cur === 'string' && new Decimal(cur).lte(prev)) out.push({ row: rows[k]!.i, column: 0, problem: 'notAscending' });
  }
  return out;
}

/**
 * The table with the grid's content, or the cell problems that keep it from being applied. A lookup table gets its
 * rows; a tier table its bands (a label in one language only is kept as that language).
 */
export function applyGrid(table: Table, grid: readonly (readonly string[])[], locale: UiLocale): { ok: true; table: Table } | { ok: false; issues: CellIssue[] } {
  const columns = gridColumns(table);
  const { values, issues } = readGrid(columns, grid, locale);
  if (table.kind === 'tier') {
    issues.push(...ascendingIssues(grid, values));
    if (values.length === 0) issues.push({ row: 0, column: 0, problem: 'required' });
    if (issues.length > 0) return { ok: false, issues };
    const bands: TierTable['bands'] = values.map((v) => {
      const it = v['label.it'];
      const en = v['label.en'];
      const label = typeof it === 'string' || typeof en === 'string' ? { ...(typeof it === 'string' ? { it } : {}), ...(typeof en === 'string' ? { en } : {}) } : undefined;
      return { from: String(v['from']), rate: String(v['rate']), ...(label ? { label } : {}) };
    });
    return { ok: true, table: { ...table, bands } };
  }
  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, table: { ...table, rows: values } as LookupTable };
}
