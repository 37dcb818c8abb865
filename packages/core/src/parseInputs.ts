import { PlanError, issue } from './issues.js';
import { patternRegExp } from './facts/checkField.js';
import { isCalendarDate } from './schema/common.js';
import { FactSchemaSchema, type FactColumn, type FactSchema, type FactTable } from './schema/facts.js';
import type { Issue } from './schema/issue.js';
import { checkPartner } from './facts/checkPartner.js';
import type { Partner } from './schema/partner.js';

const zPath = (p: PropertyKey[]) => p.filter((k): k is string | number => typeof k !== 'symbol');

/** Validates the fact-table configuration: the zod schema, then that every name a table or constraint uses exists. */
export function parseFactSchema(input: unknown): { ok: true; factSchema: FactSchema } | { ok: false; issues: Issue[] } {
  const r = FactSchemaSchema.safeParse(input);
  if (!r.success) return { ok: false, issues: r.error.issues.map((z) => issue('invalid_schema', z.message, zPath(z.path))) };
  const issues: Issue[] = [];
  const tables = new Map(Object.entries(r.data.tables));
  for (const [name, t] of tables) {
    const columns = new Map(Object.entries(t.columns));
    for (const col of [t.key, t.partner, t.date] as const) {
      if (!columns.has(col)) issues.push(issue('unknown_reference', `"${col}" is not a declared column of table "${name}"`, ['tables', name]));
    }
    if (columns.has(t.date) && columns.get(t.date)!.type !== 'date')
      issues.push(issue('type_mismatch', `the date column "${t.date}" must have type "date"`, ['tables', name, 'columns', t.date, 'type']));
    for (const [col, spec] of columns) checkConstraints(spec, ['tables', name, 'columns', col], columns, tables, issues);
    (t.unique ?? []).forEach((key, k) =>
      key.forEach((col, j) => {
        if (!columns.has(col)) issues.push(issue('unknown_reference', `unique key: "${col}" is not a declared column of table "${name}"`, ['tables', name, 'unique', k, j]));
      }),
    );
  }
  for (const [name, spec] of Object.entries(r.data.partnerAttributes ?? {})) checkConstraints(spec, ['partnerAttributes', name], undefined, tables, issues);
  return issues.length ? { ok: false, issues } : { ok: true, factSchema: r.data };
}

const NUMERIC = new Set(['number', 'integer', 'money', 'percent']);

/** The constraints of one column make sense for its type and name existing columns and tables. */
function checkConstraints(spec: FactColumn, path: Issue['path'], columns: Map<string, FactColumn> | undefined, tables: Map<string, FactTable>, issues: Issue[]) {
  for (const key of ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum'] as const) {
    const bound = spec[key];
    if (bound === undefined) continue;
    const numeric = typeof bound === 'number' || /^-?\d+(\.\d+)?$/.test(bound);
    if (NUMERIC.has(spec.type) ? !numeric : spec.type === 'date' ? typeof bound !== 'string' || !isCalendarDate(bound) : true)
      issues.push(issue('type_mismatch', `${key} does not fit a column of type "${spec.type}" (a decimal for numbers, a date YYYY-MM-DD for dates)`, [...path, key]));
  }
  if (spec.pattern !== undefined) {
    try {
      patternRegExp(spec.pattern);
    } catch (e) {
      issues.push(issue('invalid_schema', `pattern is not a valid regular expression: ${(e as Error).message}`, [...path, 'pattern']));
    }
  }
  if (spec.requiredIf) {
    if (!columns) issues.push(issue('invalid_schema', 'requiredIf applies to fact columns only', [...path, 'requiredIf']));
    else if (!columns.has(spec.requiredIf.column)) issues.push(issue('unknown_reference', `requiredIf: "${spec.requiredIf.column}" is not a declared column`, [...path, 'requiredIf', 'column']));
  }
  const ref = spec.references;
  if (ref && ref !== 'partners') {
    const target = tables.get(ref.table);
    if (!target) issues.push(issue('unknown_reference', `references: "${ref.table}" is not a fact table`, [...path, 'references', 'table']));
    else if (ref.column !== undefined && !Object.hasOwn(target.columns, ref.column))
      issues.push(issue('unknown_reference', `references: "${ref.column}" is not a column of fact table "${ref.table}"`, [...path, 'references', 'column']));
  }
}

/**
 * What `parsePartners` returns. On failure `partners` still holds the valid ones, so a run can go on for them while
 * the issues block the others.
 */
export type ParsePartnersResult = { ok: true; partners: Partner[] } | { ok: false; issues: Issue[]; partners: Partner[] };

/**
 * Validates a partner list (against the declared partner attributes when a fact schema is given); valid partners are
 * returned even when others fail, each failure an issue naming partner and field.
 */
export function parsePartners(input: unknown, factSchema?: FactSchema): ParsePartnersResult {
  if (!Array.isArray(input)) return { ok: false, partners: [], issues: [issue('invalid_schema', 'partners must be an array', [])] };
  const partners: Partner[] = [];
  const issues: Issue[] = [];
  const ids = new Set(input.map((p: unknown) => (typeof p === 'object' && p !== null && typeof (p as { id?: unknown }).id === 'string' ? (p as { id: string }).id : '')));
  input.forEach((raw, i) => {
    const r = checkPartner(raw, i, factSchema, (id) => ids.has(id));
    if (r.ok) partners.push(r.partner);
    else issues.push(...r.issues);
  });
  return issues.length ? { ok: false, issues, partners } : { ok: true, partners };
}

/** `parsePartners` for callers that prefer an exception: every partner valid, or a `PlanError` with the issues. */
export function parsePartnersOrThrow(input: unknown, factSchema?: FactSchema): Partner[] {
  const r = parsePartners(input, factSchema);
  if (!r.ok) throw new PlanError(r.issues);
  return r.partners;
}

/** `parseFactSchema` for callers that prefer an exception. */
export function parseFactSchemaOrThrow(input: unknown): FactSchema {
  const r = parseFactSchema(input);
  if (!r.ok) throw new PlanError(r.issues);
  return r.factSchema;
}
