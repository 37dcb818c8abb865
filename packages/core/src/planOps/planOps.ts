import { PlanSchema } from '../schema/plan.js';
import type { Computed, Parameter, Payout, Plan, Sheet, Table } from '../schema/plan.js';
import type { Issue } from '../schema/issue.js';
import { NameSchema } from '../schema/common.js';
import { collectReferences, LITERAL_NAMES, rewriteFormula, sameName } from './formulaRefs.js';
import { METRIC_TAG_PREFIX, MetricTagSchema } from '../schema/metrics.js';
import { getMetric } from '../metrics/library.js';
import { ownValue } from '../ownValue.js';
import type { BothLanguages } from '../schema/common.js';
import { schemaText } from '../plan/schemaMessages.js';

/**
 * Pure plan edits (ARCHITECTURE §2, style-anchors §7.3): every function takes a plan and returns a new one, never
 * mutating its input. The React builder only turns drag-and-drop events into these calls.
 */

/** Addresses one node of a plan. */
export type PlanNodeRef =
  | { kind: 'parameter'; name: string }
  | { kind: 'table'; name: string }
  | { kind: 'sheet'; name: string }
  | { kind: 'column'; sheet: string; name: string }
  | { kind: 'cell'; sheet: string; name: string }
  | { kind: 'payout'; name: string };

/** The value stored at a node. */
export type PlanNodeValue<R extends PlanNodeRef = PlanNodeRef> = R extends { kind: 'parameter' }
  ? Parameter
  : R extends { kind: 'table' }
    ? Table
    : R extends { kind: 'sheet' }
      ? Sheet
      : R extends { kind: 'column' | 'cell' }
        ? Computed
        : Payout;

export type PlanOpResult = { ok: true; plan: Plan } | { ok: false; issues: Issue[] };

export const PLAN_OP_MESSAGES = {
  nodeNotFound: 'no such node in the plan',
  nameTaken: 'the name is already used in the plan',
  inUse: 'the node is still referenced; remove or change the references first',
  sheetKind: 'the sheet is not of the kind this node needs',
  invalidName: 'a name starts with a letter or _ and holds only letters, digits and _',
} as const;

/** The Italian of PLAN_OP_MESSAGES, the same key for the same refusal. */
const PLAN_OP_MESSAGES_IT: Record<keyof typeof PLAN_OP_MESSAGES, string> = {
  nodeNotFound: 'questo elemento non esiste nel piano',
  nameTaken: 'il nome è già usato nel piano',
  inUse: "l'elemento è ancora usato altrove: rimuovi o modifica prima i riferimenti",
  sheetKind: 'il foglio non è del tipo che serve a questo elemento',
  invalidName: 'un nome inizia con una lettera o _ e contiene solo lettere, cifre e _',
};

/** A refusal of PLAN_OP_MESSAGES in both languages, with an optional name after it (`: Rate`, ` (Rate)`). */
function opText(key: keyof typeof PLAN_OP_MESSAGES, suffix = ''): BothLanguages {
  return { en: `${PLAN_OP_MESSAGES[key]}${suffix}`, it: `${PLAN_OP_MESSAGES_IT[key]}${suffix}` };
}

function issue(text: BothLanguages, path: (string | number)[], code: Issue['code'] = 'invalid_input'): Issue {
  return { code, severity: 'error', message: text.en, messages: { it: text.it, en: text.en }, path };
}

function fail(text: BothLanguages, path: (string | number)[], code?: Issue['code']): PlanOpResult {
  return { ok: false, issues: [issue(text, path, code)] };
}

/** The JSON path of a node inside the plan (the same paths core's issues use). */
export function nodePath(ref: PlanNodeRef): (string | number)[] {
  switch (ref.kind) {
    case 'parameter':
      return ['parameters', ref.name];
    case 'table':
      return ['tables', ref.name];
    case 'sheet':
      return ['sheets', ref.name];
    case 'column':
      return ['sheets', ref.sheet, 'columns', ref.name];
    case 'cell':
      return ['sheets', ref.sheet, 'cells', ref.name];
    case 'payout':
      return ['payouts', ref.name];
  }
}

/** Returns the record (ordered object) holding the node, or undefined when its container does not exist. */
function containerOf(plan: Plan, ref: PlanNodeRef): Record<string, unknown> | undefined {
  switch (ref.kind) {
    case 'parameter':
      return plan.parameters;
    case 'table':
      return plan.tables;
    case 'sheet':
      return plan.sheets;
    case 'payout':
      return plan.payouts;
    case 'column': {
      const s = ownValue(plan.sheets, ref.sheet);
      return s?.kind === 'lines' ? s.columns : undefined;
    }
    case 'cell': {
      const s = ownValue(plan.sheets, ref.sheet);
      return s?.kind === 'summary' ? s.cells : undefined;
    }
  }
}

function withContainer(plan: Plan, ref: PlanNodeRef, next: Record<string, unknown>): Plan {
  switch (ref.kind) {
    case 'parameter':
      return { ...plan, parameters: next as Plan['parameters'] };
    case 'table':
      return { ...plan, tables: next as Plan['tables'] };
    case 'sheet':
      return { ...plan, sheets: next as Plan['sheets'] };
    case 'payout':
      return { ...plan, payouts: next as Plan['payouts'] };
    case 'column': {
      const s = plan.sheets[ref.sheet]!;
      return { ...plan, sheets: { ...plan.sheets, [ref.sheet]: { ...s, columns: next } as Sheet } };
    }
    case 'cell': {
      const s = plan.sheets[ref.sheet]!;
      return { ...plan, sheets: { ...plan.sheets, [ref.sheet]: { ...s, cells: next } as Sheet } };
    }
  }
}

/** Reads a node, or undefined. */
export function getNode<R extends PlanNodeRef>(plan: Plan, ref: R): PlanNodeValue<R> | undefined {
  const c = containerOf(plan, ref);
  return c ? (ownValue(c, ref.name) as PlanNodeValue<R> | undefined) : undefined;
}

/** Inserts `value` under `key` at `index` (clamped; default: the end), keeping the order of the other keys. */
export function insertAt<T>(record: Record<string, T>, key: string, value: T, index?: number): Record<string, T> {
  const entries = Object.entries(record).filter(([k]) => k !== key);
  const at = index === undefined ? entries.length : Math.max(0, Math.min(index, entries.length));
  entries.splice(at, 0, [key, value]);
  return Object.fromEntries(entries);
}

/** Names in the bare-name namespace of formulas: parameters, summary cells and tables. */
export function globalNames(plan: Plan): string[] {
  const names = [...Object.keys(plan.parameters), ...Object.keys(plan.tables)];
  for (const s of Object.values(plan.sheets)) if (s.kind === 'summary') names.push(...Object.keys(s.cells));
  return names;
}

/** True when `name` would clash with an existing node that formulas reach by the same syntax. */
export function isNameTaken(plan: Plan, ref: PlanNodeRef, name: string): boolean {
  const clash = (names: Iterable<string>) => [...names].some((n) => sameName(n, name));
  switch (ref.kind) {
    case 'parameter':
    case 'table':
    case 'cell':
      return clash(globalNames(plan)) || (ref.kind === 'table' && clash(Object.keys(plan.sheets)));
    case 'sheet':
      return clash(Object.keys(plan.sheets)) || clash(Object.keys(plan.tables));
    case 'column': {
      const c = containerOf(plan, ref);
      return c ? clash(Object.keys(c)) : false;
    }
    case 'payout':
      return clash(Object.keys(plan.payouts));
  }
}

function validated(plan: Plan): PlanOpResult {
  const parsed = PlanSchema.safeParse(plan);
  if (parsed.success) return { ok: true, plan: parsed.data };
  return {
    ok: false,
    issues: parsed.error.issues.map((i) => issue(schemaText(i.message), i.path as (string | number)[], 'invalid_schema')),
  };
}

/** Adds a node (a new name) at `index` within its container. Sheets for columns/cells must exist. */
export function insertNode<R extends PlanNodeRef>(
  plan: Plan,
  ref: R,
  value: PlanNodeValue<R>,
  index?: number,
): PlanOpResult {
  if (!NameSchema.safeParse(ref.name).success) return fail(opText('invalidName'), nodePath(ref));
  const c = containerOf(plan, ref);
  if (!c) return fail(opText('sheetKind'), nodePath(ref), 'unknown_reference');
  if (isNameTaken(plan, ref, ref.name)) return fail(opText('nameTaken', `: ${ref.name}`), nodePath(ref));
  return validated(withContainer(plan, ref, insertAt(c, ref.name, value, index)));
}

/** Every place that refers to a node, as JSON paths (formulas, payouts, overrides). */
export function findReferences(plan: Plan, ref: PlanNodeRef): (string | number)[][] {
  const found: (string | number)[][] = [];
  forEachFormula(plan, (formula, path, sheetName) => {
    if (formulaRefersTo(formula, sheetName, ref, plan)) found.push(path);
  });
  for (const [pName, p] of Object.entries(plan.payouts)) {
    if (ref.kind === 'sheet' && p.sheet === ref.name) found.push(['payouts', pName, 'sheet']);
    if (ref.kind === 'column' && p.sheet === ref.sheet && p.column === ref.name) found.push(['payouts', pName, 'column']);
    if (ref.kind === 'cell' && p.sheet === ref.sheet && p.cell === ref.name) found.push(['payouts', pName, 'cell']);
  }
  if (ref.kind === 'parameter') {
    for (const [partner, o] of Object.entries(plan.overrides)) {
      if (Object.hasOwn(o, ref.name)) found.push(['overrides', partner, ref.name]);
    }
  }
  return found;
}

/** Calls `fn` for every formula of the plan with its path and the sheet it belongs to. */
export function forEachFormula(plan: Plan, fn: (formula: string, path: (string | number)[], sheet: string) => void): void {
  for (const [sheetName, sheet] of Object.entries(plan.sheets)) {
    if (sheet.kind === 'lines') {
      if (sheet.filter !== undefined) fn(sheet.filter, ['sheets', sheetName, 'filter'], sheetName);
      for (const [col, c] of Object.entries(sheet.columns)) fn(c.formula, ['sheets', sheetName, 'columns', col, 'formula'], sheetName);
    } else {
      for (const [cell, c] of Object.entries(sheet.cells)) fn(c.formula, ['sheets', sheetName, 'cells', cell, 'formula'], sheetName);
    }
  }
}

function formulaRefersTo(formula: string, sheetName: string, ref: PlanNodeRef, plan: Plan): boolean {
  const refs = collectReferences(formula);
  switch (ref.kind) {
    case 'parameter':
    case 'cell':
      return refs.names.some((n) => sameName(n, ref.name));
    case 'table':
      return refs.names.some((n) => sameName(n, ref.name)) || refs.structuredRefs.some((s) => sameName(s.table, ref.name));
    case 'sheet':
      return refs.structuredRefs.some((s) => sameName(s.table, ref.name)) ||
        // a summary sheet is not named in formulas, but its cells are
        (plan.sheets[ref.name]?.kind === 'summary' &&
          Object.keys((plan.sheets[ref.name] as { cells: object }).cells).some((c) => refs.names.some((n) => sameName(n, c))));
    case 'column':
      return (
        refs.structuredRefs.some((s) => sameName(s.table, ref.sheet) && sameName(s.column, ref.name)) ||
        (sheetName === ref.sheet && refs.rowRefs.some((r) => sameName(r, ref.name)))
      );
    case 'payout':
      return false;
  }
}

/** Removes a node. Refuses while other parts of the plan still refer to it (so the plan stays valid). */
export function removeNode(plan: Plan, ref: PlanNodeRef): PlanOpResult {
  const c = containerOf(plan, ref);
  if (!c || !Object.hasOwn(c, ref.name)) return fail(opText('nodeNotFound'), nodePath(ref), 'unknown_reference');
  const selfPrefix = nodePath(ref);
  const users = findReferences(plan, ref).filter(
    (p) => !selfPrefix.every((seg, i) => p[i] === seg) && !(ref.kind === 'parameter' && p[0] === 'overrides'),
  );
  if (users.length > 0) {
    return { ok: false, issues: users.map((p) => issue(opText('inUse', ` (${ref.name})`), p)) };
  }
  const next = Object.fromEntries(Object.entries(c).filter(([k]) => k !== ref.name));
  let out = withContainer(plan, ref, next);
  if (ref.kind === 'parameter') {
    // Partner overrides of a removed parameter would be dangling: drop them with it.
    out = {
      ...out,
      overrides: Object.fromEntries(
        Object.entries(out.overrides).map(([p, o]) => [p, Object.fromEntries(Object.entries(o).filter(([k]) => k !== ref.name))]),
      ),
    };
  }
  return validated(out);
}

/**
 * Moves a node to position `toIndex` of its container; summary cells may also move to another summary sheet
 * (`toSheet`), since formulas reach them by bare name. Line columns stay in their sheet (their `[@x]` row
 * references are sheet-local).
 */
export function moveNode(plan: Plan, ref: PlanNodeRef, toIndex: number, toSheet?: string): PlanOpResult {
  const c = containerOf(plan, ref);
  if (!c || !Object.hasOwn(c, ref.name)) return fail(opText('nodeNotFound'), nodePath(ref), 'unknown_reference');
  if (toSheet !== undefined && 'sheet' in ref && toSheet !== ref.sheet) {
    if (ref.kind !== 'cell') return fail(opText('sheetKind'), nodePath(ref));
    const target = plan.sheets[toSheet];
    if (target?.kind !== 'summary') return fail(opText('sheetKind'), ['sheets', toSheet]);
    const value = c[ref.name] as Computed;
    const removed = withContainer(plan, ref, Object.fromEntries(Object.entries(c).filter(([k]) => k !== ref.name)));
    const dest: PlanNodeRef = { kind: 'cell', sheet: toSheet, name: ref.name };
    let out = withContainer(removed, dest, insertAt((removed.sheets[toSheet] as { cells: Record<string, Computed> }).cells, ref.name, value, toIndex));
    out = {
      ...out,
      payouts: Object.fromEntries(
        Object.entries(out.payouts).map(([k, p]) => [k, p.sheet === ref.sheet && p.cell === ref.name ? { ...p, sheet: toSheet } : p]),
      ),
    };
    return validated(out);
  }
  return validated(withContainer(plan, ref, insertAt(c, ref.name, c[ref.name], toIndex)));
}

/** Shallow-merges `patch` into a node (e.g. a new formula or label). The node keeps its name and position. */
export function updateNode<R extends PlanNodeRef>(plan: Plan, ref: R, patch: Partial<PlanNodeValue<R>>): PlanOpResult {
  const c = containerOf(plan, ref);
  if (!c || !Object.hasOwn(c, ref.name)) return fail(opText('nodeNotFound'), nodePath(ref), 'unknown_reference');
  const current = c[ref.name] as object;
  if (ref.kind === 'sheet' && 'kind' in patch && patch.kind !== (current as Sheet).kind) {
    return fail(opText('sheetKind'), nodePath(ref));
  }
  const next = { ...current, ...patch };
  return validated(withContainer(plan, ref, { ...c, [ref.name]: next }));
}

/** Renames a node and rewrites every reference to it: formulas, payouts, overrides. */
export function renameNode(plan: Plan, ref: PlanNodeRef, newName: string): PlanOpResult {
  const c = containerOf(plan, ref);
  if (!c || !Object.hasOwn(c, ref.name)) return fail(opText('nodeNotFound'), nodePath(ref), 'unknown_reference');
  if (!NameSchema.safeParse(newName).success) return fail(opText('invalidName'), nodePath(ref));
  if (newName === ref.name) return { ok: true, plan };
  const others = { ...ref, name: '\u0000' } as PlanNodeRef;
  // A case-only rename must not clash with itself.
  const taken = isNameTaken(withContainer(plan, ref, Object.fromEntries(Object.entries(c).filter(([k]) => k !== ref.name))), others, newName);
  if (taken || LITERAL_NAMES.has(newName.toUpperCase())) return fail(opText('nameTaken', `: ${newName}`), nodePath(ref));

  const renamedKeys = Object.fromEntries(Object.entries(c).map(([k, v]) => [k === ref.name ? newName : k, v]));
  let out = withContainer(plan, ref, renamedKeys);
  const old = ref.name;

  // Rewrite formulas.
  const retag = (c: Computed): Computed => {
    const description = renameInMetricTag(c.description, ref, old, newName, plan);
    return description === c.description ? c : { ...c, description };
  };
  const rewriteIn = (formula: string, sheetName: string): string =>
    rewriteFormula(formula, (t) => {
      if (t.kind === 'name' && (ref.kind === 'parameter' || ref.kind === 'cell' || ref.kind === 'table') && sameName(t.name, old)) return newName;
      if (t.kind === 'structuredRef') {
        if ((ref.kind === 'table' || ref.kind === 'sheet') && sameName(t.table, old)) return `${newName}[${t.column}]`;
        if (ref.kind === 'column' && sameName(t.table, ref.sheet) && sameName(t.column, old)) return `${t.table}[${newName}]`;
      }
      if (t.kind === 'rowRef' && ref.kind === 'column' && sheetName === ref.sheet && sameName(t.column, old)) return `[@${newName}]`;
      return undefined;
    });
  const sheetNameAfter = (s: string) => (ref.kind === 'sheet' && s === old ? newName : s);
  const sheetNameBefore = (s: string) => (ref.kind === 'sheet' && s === newName ? old : s);
  out = {
    ...out,
    sheets: Object.fromEntries(
      Object.entries(out.sheets).map(([sName, s]) => {
        const ownSheet = sheetNameBefore(sName);
        if (s.kind === 'lines') {
          return [
            sName,
            {
              ...s,
              ...(s.filter !== undefined ? { filter: rewriteIn(s.filter, ownSheet) } : {}),
              columns: Object.fromEntries(Object.entries(s.columns).map(([k, v]) => [k, retag({ ...v, formula: rewriteIn(v.formula, ownSheet) })])),
            },
          ];
        }
        return [sName, { ...s, cells: Object.fromEntries(Object.entries(s.cells).map(([k, v]) => [k, retag({ ...v, formula: rewriteIn(v.formula, ownSheet) })])) }];
      }),
    ),
    payouts: Object.fromEntries(
      Object.entries(out.payouts).map(([k, p]) => {
        const q: Payout = { ...p, sheet: sheetNameAfter(p.sheet) };
        if (ref.kind === 'column' && p.sheet === ref.sheet && p.column === old) q.column = newName;
        if (ref.kind === 'cell' && p.sheet === ref.sheet && p.cell === old) q.cell = newName;
        return [k, q];
      }),
    ),
  };
  if (ref.kind === 'parameter') {
    out = {
      ...out,
      overrides: Object.fromEntries(
        Object.entries(out.overrides).map(([p, o]) => [p, Object.fromEntries(Object.entries(o).map(([k, v]) => [k === old ? newName : k, v]))]),
      ),
    };
  }
  return validated(out);
}

/** Keeps metric tags in step with a rename: parameters that name the renamed node follow it. */
function renameInMetricTag(description: string | undefined, ref: PlanNodeRef, old: string, newName: string, plan: Plan): string | undefined {
  if (!description?.startsWith(METRIC_TAG_PREFIX)) return description;
  let tag;
  try {
    tag = MetricTagSchema.parse(JSON.parse(description.slice(METRIC_TAG_PREFIX.length)));
  } catch {
    return description;
  }
  const def = getMetric(tag.id);
  if (!def) return description;
  const kinds: string[] =
    ref.kind === 'sheet' ? [plan.sheets[old]?.kind === 'lines' ? 'lineSheet' : 'summarySheet'] : ref.kind === 'parameter' || ref.kind === 'cell' || ref.kind === 'table' ? [ref.kind] : [];
  let changed = false;
  const params: Record<string, unknown> = { ...tag.params };
  for (const [key, kind] of Object.entries(def.refs)) {
    if (kind && kinds.includes(kind) && params[key] === old) {
      params[key] = newName;
      changed = true;
    }
  }
  if (!changed) return description;
  return METRIC_TAG_PREFIX + JSON.stringify({ ...tag, params });
}
