/**
 * The checks of a plan's parts that hold no formula: its lookup and tier tables, its parameters and their per-partner
 * overrides, and its payment conditions' references to the fact schema.
 */
import { didYouMean } from './closestName.js';
import { declared } from './declared.js';
import { lookupKey } from './lookupKey.js';
import type { ValueType } from '../schema/common.js';
import type { FactSchema } from '../schema/facts.js';
import type { BothLanguages } from '../schema/common.js';
import type { Issue } from '../schema/issue.js';
import type { LookupTable, Plan, TierTable } from '../schema/plan.js';
import type { LineSheetDef } from './parsePlan.js';
import { kindOfType } from './valueKind.js';
import { ownValue } from '../ownValue.js';

/** Reports one issue of the plan being checked (its plan id added), its text in English and Italian. */
export type Err = (code: Issue['code'], text: BothLanguages, path: Issue['path'], extra?: Partial<Issue>) => void;

export function checkTables(plan: Plan, err: Err) {
  for (const [name, table] of Object.entries(plan.tables)) {
    if (table.kind === 'lookup') checkLookup(name, table, err);
    else checkTiers(name, table, err);
  }
}

function checkLookup(name: string, table: LookupTable, err: Err) {
  const path = ['tables', name];
  for (const key of table.keys)
    if (!declared(table.columns, key)) err('unknown_reference', { en: `key "${key}" is not a column of the table`, it: `la chiave "${key}" non è una colonna della tabella` }, [...path, 'keys']);
  const seen = new Map<string, number>();
  table.rows.forEach((row, i) => {
    // Own values only: a row without a column named e.g. `toString` has no value, not Object.prototype's method.
    for (const [col, spec] of Object.entries(table.columns)) {
      const v = ownValue(row, col);
      if (v === undefined || v === null) {
        err('missing_input', { en: `row ${i + 1} has no value for "${col}"`, it: `la riga ${i + 1} non ha un valore per "${col}"` }, [...path, 'rows', i, col]);
        continue;
      }
      if (kindOfType(spec.type) === 'number' && !(typeof v === 'number' || (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v))))
        err('type_mismatch', { en: `"${col}" must be a number, found ${JSON.stringify(v)}`, it: `"${col}" deve essere un numero, trovato ${JSON.stringify(v)}` }, [...path, 'rows', i, col]);
    }
    for (const col of Object.keys(row))
      if (!declared(table.columns, col)) err('unknown_reference', { en: `"${col}" is not a declared column`, it: `"${col}" non è una colonna dichiarata` }, [...path, 'rows', i, col]);
    const key = lookupKey(table.keys.map((k) => ownValue(row, k) ?? null));
    const prev = seen.get(key);
    if (prev !== undefined)
      err('invalid_schema', { en: `row ${i + 1} repeats the keys of row ${prev + 1}`, it: `la riga ${i + 1} ripete le chiavi della riga ${prev + 1}` }, [...path, 'rows', i]);
    else seen.set(key, i);
  });
}

function checkTiers(name: string, table: TierTable, err: Err) {
  for (let i = 1; i < table.bands.length; i++) {
    if (Number(table.bands[i]!.from) <= Number(table.bands[i - 1]!.from))
      err('invalid_schema', { en: 'bands must be in ascending order of "from"', it: 'gli scaglioni devono iniziare da quantità crescenti ("from")' }, ['tables', name, 'bands', i, 'from']);
  }
}

export function checkParameters(plan: Plan, err: Err) {
  const check = (type: ValueType, value: unknown, path: Issue['path']) => {
    if (kindOfType(type) === 'number' && !(typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value)))
      err(
        'type_mismatch',
        { en: `must be a decimal string such as "12.50", found ${JSON.stringify(value)}`, it: `deve essere un numero decimale scritto come testo, ad es. "12.50", trovato ${JSON.stringify(value)}` },
        path,
      );
    if (type === 'boolean' && typeof value !== 'boolean') err('type_mismatch', { en: 'must be true or false', it: 'deve essere true o false (vero o falso)' }, path);
  };
  for (const [name, p] of Object.entries(plan.parameters)) check(p.type, p.value, ['parameters', name, 'value']);
  for (const [partner, values] of Object.entries(plan.overrides)) {
    for (const [name, value] of Object.entries(values)) {
      const p = declared(plan.parameters, name);
      if (!p) {
        const hint = didYouMean(name, Object.keys(plan.parameters));
        err('unknown_reference', { en: `unknown parameter "${name}"${hint.en}`, it: `parametro sconosciuto "${name}"${hint.it}` }, ['overrides', partner, name]);
      }
      else if (!p.overridable)
        err('invalid_schema', { en: `parameter "${name}" is not overridable`, it: `il parametro "${name}" non ammette un valore diverso per partner` }, ['overrides', partner, name]);
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
    if (!declared(factSchema.tables, cond.events))
      err('unknown_reference', { en: `unknown fact table "${cond.events}"`, it: `tabella dati sconosciuta "${cond.events}"` }, ['conditions', key, 'events']);
    if (!lineSheets.some((s) => declared(s.table?.columns, cond.link)))
      err(
        'unknown_reference',
        { en: `"${cond.link}" is not a column of any line sheet's source table`, it: `"${cond.link}" non è una colonna della tabella dati di alcun foglio righe` },
        ['conditions', key, 'link'],
      );
  }
}
