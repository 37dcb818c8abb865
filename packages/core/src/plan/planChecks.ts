/**
 * The checks of a plan's parts that hold no formula: its lookup and tier tables, its parameters and their per-partner
 * overrides, and its payment conditions' references to the fact schema.
 */
import { declared } from './declared.js';
import { lookupKey } from './lookupKey.js';
import type { ValueType } from '../schema/common.js';
import type { FactSchema } from '../schema/facts.js';
import type { Issue } from '../schema/issue.js';
import type { LookupTable, Plan, TierTable } from '../schema/plan.js';
import type { LineSheetDef } from './parsePlan.js';
import { kindOfType } from './valueKind.js';
import { ownValue } from '../ownValue.js';

/** Reports one issue of the plan being checked (its plan id added). */
export type Err = (code: Issue['code'], message: string, path: Issue['path'], extra?: Partial<Issue>) => void;

export function checkTables(plan: Plan, err: Err) {
  for (const [name, table] of Object.entries(plan.tables)) {
    if (table.kind === 'lookup') checkLookup(name, table, err);
    else checkTiers(name, table, err);
  }
}

function checkLookup(name: string, table: LookupTable, err: Err) {
  const path = ['tables', name];
  for (const key of table.keys) if (!declared(table.columns, key)) err('unknown_reference', `key "${key}" is not a column of the table`, [...path, 'keys']);
  const seen = new Map<string, number>();
  table.rows.forEach((row, i) => {
    // Own values only: a row without a column named e.g. `toString` has no value, not Object.prototype's method.
    for (const [col, spec] of Object.entries(table.columns)) {
      const v = ownValue(row, col);
      if (v === undefined || v === null) {
        err('missing_input', `row ${i + 1} has no value for "${col}"`, [...path, 'rows', i, col]);
        continue;
      }
      if (kindOfType(spec.type) === 'number' && !(typeof v === 'number' || (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v))))
        err('type_mismatch', `"${col}" must be a number, found ${JSON.stringify(v)}`, [...path, 'rows', i, col]);
    }
    for (const col of Object.keys(row)) if (!declared(table.columns, col)) err('unknown_reference', `"${col}" is not a declared column`, [...path, 'rows', i, col]);
    const key = lookupKey(table.keys.map((k) => ownValue(row, k) ?? null));
    const prev = seen.get(key);
    if (prev !== undefined) err('invalid_schema', `row ${i + 1} repeats the keys of row ${prev + 1}`, [...path, 'rows', i]);
    else seen.set(key, i);
  });
}

function checkTiers(name: string, table: TierTable, err: Err) {
  for (let i = 1; i < table.bands.length; i++) {
    if (Number(table.bands[i]!.from) <= Number(table.bands[i - 1]!.from))
      err('invalid_schema', 'bands must be in ascending order of "from"', ['tables', name, 'bands', i, 'from']);
  }
}

export function checkParameters(plan: Plan, err: Err) {
  const check = (type: ValueType, value: unknown, path: Issue['path']) => {
    if (kindOfType(type) === 'number' && !(typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value)))
      err('type_mismatch', `must be a decimal string such as "12.50", found ${JSON.stringify(value)}`, path);
    if (type === 'boolean' && typeof value !== 'boolean') err('type_mismatch', 'must be true or false', path);
  };
  for (const [name, p] of Object.entries(plan.parameters)) check(p.type, p.value, ['parameters', name, 'value']);
  for (const [partner, values] of Object.entries(plan.overrides)) {
    for (const [name, value] of Object.entries(values)) {
      const p = declared(plan.parameters, name);
      if (!p) err('unknown_reference', `unknown parameter "${name}"`, ['overrides', partner, name]);
      else if (!p.overridable) err('invalid_schema', `parameter "${name}" is not overridable`, ['overrides', partner, name]);
      else check(p.type, value, ['overrides', partner, name]);
    }
  }
}

export function checkConditions(plan: Plan, factSchema: FactSchema | undefined, lineSheets: LineSheetDef[], err: Err) {
  const c = plan.conditions;
  if (!c || !factSchema) return;
  for (const key of ['release', 'clawback'] as const) {
    const cond = c[key];
    if (!cond) continue;
    if (!declared(factSchema.tables, cond.events)) err('unknown_reference', `unknown fact table "${cond.events}"`, ['conditions', key, 'events']);
    if (!lineSheets.some((s) => declared(s.table?.columns, cond.link)))
      err('unknown_reference', `"${cond.link}" is not a column of any line sheet's source table`, ['conditions', key, 'link']);
  }
}
