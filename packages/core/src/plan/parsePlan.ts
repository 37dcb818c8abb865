import type { Node } from '../formula/ast.js';
import { walk } from '../formula/ast.js';
import { FUNCTIONS, type ArgKind, type ValueKind } from '../formula/functions.js';
import { FormulaSyntaxError, parseFormula } from '../formula/parse.js';
import { hash } from '../hash.js';
import { issue } from '../issues.js';
import { declared } from './declared.js';
import { PARTNER_TABLE, callsPayouts, expandPayouts, partnerFieldKind, partnerFieldOf, partnerRefsAsNames } from './formulaScope.js';
import { lookupKey } from './lookupKey.js';
import type { ValueType } from '../schema/common.js';
import { FactSchemaSchema, type FactSchema, type FactSchemaInput, type FactTable } from '../schema/facts.js';
import type { Issue } from '../schema/issue.js';
import { LIMITS, PlanSchema, type Computed, type LookupTable, type Plan, type TierTable } from '../schema/plan.js';

/** A computed column (line sheet) or cell (summary sheet), parsed and resolved. */
export interface CellDef {
  /** `Sheet.Name`, unique in the plan. */
  id: string;
  sheet: string;
  name: string;
  kind: 'column' | 'cell';
  def: Computed;
  ast: Node;
  /** Ids of the computed cells this one reads. */
  deps: string[];
  type: ValueKind;
  /** True when the formula reads this row's values (line columns only). */
  rowLevel: boolean;
  path: Issue['path'];
}

export interface LineSheetDef {
  name: string;
  source: string;
  table: FactTable | undefined;
  filter: Node | undefined;
  columns: CellDef[];
  /** Fact columns any formula of the plan reads from this sheet's rows, in a stable order. */
  factColumns: string[];
}

export interface PayoutDef {
  id: string;
  label: Plan['payouts'][string]['label'];
  component: string;
  cell: CellDef;
  /** Ids of every computed cell the payout depends on, in evaluation order (the payout's own cell last). */
  closure: string[];
}

/** A plan after schema validation and semantic analysis: what the compiler and interpreter work from. */
export interface AnalyzedPlan {
  plan: Plan;
  hash: string;
  lineSheets: LineSheetDef[];
  summaryCells: CellDef[];
  cells: Map<string, CellDef>;
  /** Every computed cell in dependency order. */
  order: string[];
  payouts: PayoutDef[];
  /** The partner fields the formulas read, as input names (`Partner[territory]`): per-partner values, like parameters. */
  partnerFields: string[];
}

export type ParsePlanResult =
  | { ok: true; plan: Plan; analyzed: AnalyzedPlan; issues: Issue[] }
  | { ok: false; issues: Issue[] };

export interface ParsePlanOptions {
  /** The fact tables the line sheets read; without it, row references to fact columns are not checked. */
  factSchema?: FactSchemaInput;
}

const NUMERIC_TYPES = new Set<ValueType>(['number', 'integer', 'money', 'percent', 'date']);

/** The formula value kind of a declared column or parameter type. */
export function kindOfType(type: ValueType): ValueKind {
  if (type === 'text') return 'text';
  if (type === 'boolean') return 'boolean';
  return 'number';
}

/**
 * Validates a plan: schema, then references, cycles, types, functions and limits. Never throws; every problem is an
 * issue with an exact path such as `sheets.Lines.columns.Commission.formula`.
 */
export function parsePlan(input: unknown, options: ParsePlanOptions = {}): ParsePlanResult {
  const schema = options.factSchema === undefined ? undefined : FactSchemaSchema.safeParse(options.factSchema);
  if (schema && !schema.success) {
    return { ok: false, issues: schema.error.issues.map((z) => issue('invalid_schema', `fact schema: ${z.message}`, ['factSchema', ...z.path.filter((k): k is string | number => typeof k !== 'symbol')])) };
  }
  options = { factSchema: schema?.data };
  const parsed = PlanSchema.safeParse(input);
  if (!parsed.success) {
    return {
      ok: false,
      issues: parsed.error.issues.map((z) =>
        issue('invalid_schema', z.message, z.path.filter((k): k is string | number => typeof k !== 'symbol')),
      ),
    };
  }
  const plan = parsed.data;
  const issues: Issue[] = [];
  const planId = plan.id;
  const err = (code: Issue['code'], message: string, path: Issue['path'], extra: Partial<Issue> = {}) =>
    issues.push(issue(code, message, path, { planId, ...extra }));

  checkTables(plan, err);
  checkParameters(plan, err);

  if (declared(plan.sheets, PARTNER_TABLE) || declared(plan.tables, PARTNER_TABLE))
    err('invalid_schema', `"${PARTNER_TABLE}" is reserved: formulas read the partner's fields as ${PARTNER_TABLE}[field]`, declared(plan.sheets, PARTNER_TABLE) ? ['sheets', PARTNER_TABLE] : ['tables', PARTNER_TABLE]);
  const partnerFields = new Set<string>();
  const sheetNames = Object.keys(plan.sheets);
  if (sheetNames.length > LIMITS.maxSheets) err('limit_exceeded', `a plan may have at most ${LIMITS.maxSheets} sheets`, ['sheets']);

  // Names visible as bare names: parameters and summary cells (one namespace), and tables (as TIER arguments).
  const scalarNames = new Map<string, { kind: 'parameter' | 'cell'; id?: string; type: ValueKind }>();
  for (const [name, p] of Object.entries(plan.parameters)) scalarNames.set(name, { kind: 'parameter', type: kindOfType(p.type) });
  const cells = new Map<string, CellDef>();
  /** Ids of cells whose formula does not parse (already reported as formula_syntax). */
  const unparsed = new Set<string>();
  const lineSheets: LineSheetDef[] = [];
  const summaryCells: CellDef[] = [];
  const parseCell = (sheet: string, name: string, kind: 'column' | 'cell', def: Computed, path: Issue['path']) => {
    let ast: Node;
    try {
      ast = partnerRefsAsNames(parseFormula(def.formula));
    } catch (e) {
      const pos = e instanceof FormulaSyntaxError ? e.position : 0;
      err('formula_syntax', `${e instanceof Error ? e.message : String(e)} (at character ${pos + 1})`, [...path, 'formula'], {
        sheet,
        column: name,
        position: { start: pos, end: Math.min(pos + 1, def.formula.length) },
      });
      // The cell still exists: what reads it (other formulas, payouts) must not add "unknown …" to the real cause.
      unparsed.add(`${sheet}.${name}`);
      return;
    }
    const cell: CellDef = { id: `${sheet}.${name}`, sheet, name, kind, def, ast, deps: [], type: 'any', rowLevel: false, path: [...path, 'formula'] };
    cells.set(cell.id, cell);
    return cell;
  };

  for (const [sheetName, sheet] of Object.entries(plan.sheets)) {
    if (sheet.kind === 'lines') {
      const table = declared((options.factSchema as FactSchema | undefined)?.tables, sheet.source);
      if (options.factSchema && !table)
        err('unknown_reference', `unknown fact table "${sheet.source}"`, ['sheets', sheetName, 'source'], { sheet: sheetName });
      const names = Object.keys(sheet.columns);
      if (names.length > LIMITS.maxColumnsPerSheet)
        err('limit_exceeded', `a sheet may have at most ${LIMITS.maxColumnsPerSheet} columns`, ['sheets', sheetName, 'columns']);
      const def: LineSheetDef = { name: sheetName, source: sheet.source, table, filter: undefined, columns: [], factColumns: [] };
      if (sheet.filter) {
        try {
          def.filter = partnerRefsAsNames(parseFormula(sheet.filter));
        } catch (e) {
          err('formula_syntax', e instanceof Error ? e.message : String(e), ['sheets', sheetName, 'filter'], { sheet: sheetName });
        }
      }
      for (const [colName, col] of Object.entries(sheet.columns)) {
        if (declared(table?.columns, colName))
          err('invalid_schema', `computed column "${colName}" has the name of a column of fact table "${sheet.source}"`, ['sheets', sheetName, 'columns', colName], { sheet: sheetName });
        const c = parseCell(sheetName, colName, 'column', col, ['sheets', sheetName, 'columns', colName]);
        if (c) def.columns.push(c);
      }
      lineSheets.push(def);
    } else {
      for (const [cellName, c] of Object.entries(sheet.cells)) {
        if (scalarNames.has(cellName)) {
          err('invalid_schema', `"${cellName}" is already the name of a parameter or another summary cell`, ['sheets', sheetName, 'cells', cellName], { sheet: sheetName });
          continue;
        }
        const cell = parseCell(sheetName, cellName, 'cell', c, ['sheets', sheetName, 'cells', cellName]);
        if (cell) summaryCells.push(cell);
        scalarNames.set(cellName, { kind: 'cell', id: `${sheetName}.${cellName}`, type: kindOfType(c.type) });
      }
    }
  }

  const lineSheetByName = new Map(lineSheets.map((s) => [s.name, s]));

  // Resolve references and infer types, cell by cell, in dependency order (types of referenced cells first).
  const resolveCell = (cell: CellDef, sheet: LineSheetDef | undefined) => {
    const deps = new Set<string>();
    const factRefs = new Set<string>();
    let rowLevel = false;
    const ctx: TypeContext = {
      plan,
      issues,
      path: cell.path,
      planId,
      sheetName: cell.sheet,
      columnName: cell.name,
      lineSheet: sheet,
      lineSheets: lineSheetByName,
      scalarNames,
      cellType: (id) => cells.get(id)?.type ?? 'any',
      onRow: (name, isFact) => {
        rowLevel = true;
        if (isFact) factRefs.add(name);
        else deps.add(`${cell.sheet}.${name}`);
      },
      onColumn: (sheetName, name, isFact) => {
        if (isFact) lineSheetByName.get(sheetName)?.factColumns.push(name);
        else deps.add(`${sheetName}.${name}`);
      },
      onScalar: (id) => deps.add(id),
      allowRow: cell.kind === 'column',
      factOnly: false,
      factSchema: options.factSchema as FactSchema | undefined,
      partnerFields,
    };
    return { ctx, deps, factRefs, get rowLevel() { return rowLevel; } };
  };

  // Dependencies first (syntactic), then cycle check, then types in topological order.
  const pending = new Map<string, ReturnType<typeof resolveCell>>();
  for (const cell of cells.values()) {
    const sheet = cell.kind === 'column' ? lineSheetByName.get(cell.sheet) : undefined;
    const r = resolveCell(cell, sheet);
    collectRefs(cell.ast, r.ctx);
    pending.set(cell.id, r);
    cell.deps = [...r.deps].filter((d) => cells.has(d));
    cell.rowLevel = r.rowLevel;
    if (sheet) for (const f of r.factRefs) sheet.factColumns.push(f);
  }
  expandPayoutSums(plan, cells, pending);
  for (const sheet of lineSheets) {
    if (sheet.filter) {
      const ctx: TypeContext = {
        plan, issues, planId, path: ['sheets', sheet.name, 'filter'], sheetName: sheet.name, columnName: 'filter',
        lineSheet: sheet, lineSheets: lineSheetByName, scalarNames, cellType: () => 'any',
        onRow: (name) => sheet.factColumns.push(name), onColumn: () => undefined, onScalar: () => undefined,
        allowRow: true, factOnly: true, factSchema: options.factSchema as FactSchema | undefined, partnerFields,
      };
      collectRefs(sheet.filter, ctx);
      const t = inferType(sheet.filter, ctx);
      if (t === 'text') err('type_mismatch', 'a filter must be a condition (TRUE or FALSE), not text', ['sheets', sheet.name, 'filter'], { sheet: sheet.name });
    }
  }

  const order = topologicalOrder(cells, (cycle) =>
    err('circular_reference', `circular reference: ${[...cycle, cycle[0]].join(' → ')}`, cells.get(cycle[0]!)!.path, {
      sheet: cells.get(cycle[0]!)!.sheet,
      column: cells.get(cycle[0]!)!.name,
    }),
  );

  // Row-level-ness propagates through [@Column] references to other computed columns.
  for (const id of order) {
    const cell = cells.get(id)!;
    if (cell.kind === 'column' && cell.deps.some((d) => cells.get(d)?.rowLevel && cells.get(d)?.sheet === cell.sheet)) cell.rowLevel = true;
  }
  for (const id of order) {
    const cell = cells.get(id)!;
    const r = pending.get(id)!;
    const t = inferType(cell.ast, r.ctx);
    cell.type = t === 'any' ? kindOfType(cell.def.type) : t;
    const declared = cell.def.type;
    if (t === 'range')
      err('type_mismatch', 'the formula gives a whole column; aggregate it, e.g. SUM(...) or COUNT(...)', cell.path, { sheet: cell.sheet, column: cell.name });
    else if (t === 'text' && NUMERIC_TYPES.has(declared))
      err('type_mismatch', `the formula gives text but the ${cell.kind} is declared "${declared}"`, cell.path, { sheet: cell.sheet, column: cell.name });
    else if (t === 'text' && declared === 'boolean')
      err('type_mismatch', 'the formula gives text but the cell is declared "boolean"', cell.path, { sheet: cell.sheet, column: cell.name });
    if (cell.def.role === 'gate' && t === 'text')
      err('type_mismatch', 'a gate must be a condition (TRUE or FALSE)', cell.path, { sheet: cell.sheet, column: cell.name });
  }

  for (const sheet of lineSheets) sheet.factColumns = [...new Set(sheet.factColumns)].sort();

  // Payouts.
  const payouts: PayoutDef[] = [];
  for (const [id, p] of Object.entries(plan.payouts)) {
    const sheet = declared(plan.sheets, p.sheet);
    const path = ['payouts', id];
    if (!sheet) {
      err('unknown_reference', `unknown sheet "${p.sheet}"`, [...path, 'sheet']);
      continue;
    }
    if (p.column !== undefined && sheet.kind !== 'lines') {
      err('invalid_schema', `sheet "${p.sheet}" is a summary sheet: name a cell, not a column`, [...path, 'column']);
      continue;
    }
    if (p.cell !== undefined && sheet.kind !== 'summary') {
      err('invalid_schema', `sheet "${p.sheet}" is a line sheet: name a column, not a cell`, [...path, 'cell']);
      continue;
    }
    const cell = cells.get(`${p.sheet}.${p.column ?? p.cell}`);
    if (unparsed.has(`${p.sheet}.${p.column ?? p.cell}`)) continue;
    if (!cell) {
      err('unknown_reference', `unknown ${p.column ? 'column' : 'cell'} "${p.column ?? p.cell}" in sheet "${p.sheet}"`, [...path, p.column ? 'column' : 'cell']);
      continue;
    }
    if (cell.type === 'text' || cell.type === 'boolean')
      err('type_mismatch', `a payout must be a number; ${cell.id} gives ${cell.type}`, [...path, p.column ? 'column' : 'cell']);
    payouts.push({ id, label: p.label, component: p.component ?? id, cell, closure: closureOf(cell.id, cells, order) });
  }
  if (payouts.length === 0 && Object.keys(plan.payouts).length === 0) err('invalid_schema', 'a plan needs at least one payout', ['payouts']);

  checkConditions(plan, options.factSchema as FactSchema | undefined, lineSheets, err);

  if (issues.some((i) => i.severity === 'error')) return { ok: false, issues };
  const analyzed: AnalyzedPlan = { plan, hash: hash(plan), lineSheets, summaryCells, cells, order, payouts, partnerFields: [...partnerFields].sort() };
  return { ok: true, plan, analyzed, issues };
}

/**
 * Expands PAYOUTS() in every cell into the sum of the payouts that do not depend on that cell, and records the new
 * dependencies (the references of the expansion are declared cells, so they need no further checks).
 */
function expandPayoutSums(plan: Plan, cells: Map<string, CellDef>, pending: Map<string, { ctx: TypeContext; deps: Set<string> }>) {
  const refs = Object.values(plan.payouts).map((p) => ({ sheet: p.sheet, column: p.column, cell: p.cell, id: `${p.sheet}.${p.column ?? p.cell}` }));
  const payouts = refs.filter((p) => cells.has(p.id));
  const dependsOn = (from: string, target: string): boolean => {
    const seen = new Set<string>();
    const stack = [from];
    while (stack.length) {
      const cur = stack.pop()!;
      if (cur === target) return true;
      if (seen.has(cur)) continue;
      seen.add(cur);
      stack.push(...(cells.get(cur)?.deps ?? []));
    }
    return false;
  };
  for (const cell of cells.values()) {
    if (!callsPayouts(cell.ast)) continue;
    const others = payouts.filter((p) => !dependsOn(p.id, cell.id));
    cell.ast = expandPayouts(cell.ast, others);
    const r = pending.get(cell.id)!;
    for (const p of others) {
      const at = { start: 0, end: 0 };
      collectRefs(p.column !== undefined ? { k: 'col', table: p.sheet, name: p.column, ...at } : { k: 'name', name: p.cell!, ...at }, r.ctx);
    }
    cell.deps = [...r.deps].filter((d) => cells.has(d));
  }
}

/** Ids of the cells `id` depends on, transitively, in evaluation order, ending with `id`. */
function closureOf(id: string, cells: Map<string, CellDef>, order: string[]): string[] {
  const seen = new Set<string>();
  const stack = [id];
  while (stack.length) {
    const cur = stack.pop()!;
    if (seen.has(cur)) continue;
    seen.add(cur);
    for (const d of cells.get(cur)?.deps ?? []) stack.push(d);
  }
  return order.filter((o) => seen.has(o));
}

function topologicalOrder(cells: Map<string, CellDef>, onCycle: (cycle: string[]) => void): string[] {
  const state = new Map<string, 'visiting' | 'done'>();
  const order: string[] = [];
  const reported = new Set<string>();
  const visit = (id: string, trail: string[]) => {
    const s = state.get(id);
    if (s === 'done') return;
    if (s === 'visiting') {
      const cycle = trail.slice(trail.indexOf(id));
      const key = [...cycle].sort().join('|');
      if (!reported.has(key)) {
        reported.add(key);
        onCycle(cycle);
      }
      return;
    }
    state.set(id, 'visiting');
    for (const d of cells.get(id)!.deps) visit(d, [...trail, id]);
    state.set(id, 'done');
    order.push(id);
  };
  for (const id of [...cells.keys()].sort()) visit(id, []);
  return order;
}

type Err = (code: Issue['code'], message: string, path: Issue['path'], extra?: Partial<Issue>) => void;

function checkTables(plan: Plan, err: Err) {
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
    for (const [col, spec] of Object.entries(table.columns)) {
      const v = row[col];
      if (v === undefined || v === null) {
        err('missing_input', `row ${i + 1} has no value for "${col}"`, [...path, 'rows', i, col]);
        continue;
      }
      if (kindOfType(spec.type) === 'number' && !(typeof v === 'number' || (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v))))
        err('type_mismatch', `"${col}" must be a number, found ${JSON.stringify(v)}`, [...path, 'rows', i, col]);
    }
    for (const col of Object.keys(row)) if (!declared(table.columns, col)) err('unknown_reference', `"${col}" is not a declared column`, [...path, 'rows', i, col]);
    const key = lookupKey(table.keys.map((k) => row[k] ?? null));
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

function checkParameters(plan: Plan, err: Err) {
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

function checkConditions(plan: Plan, factSchema: FactSchema | undefined, lineSheets: LineSheetDef[], err: Err) {
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

interface TypeContext {
  plan: Plan;
  issues: Issue[];
  planId: string;
  path: Issue['path'];
  sheetName: string;
  columnName: string;
  lineSheet: LineSheetDef | undefined;
  lineSheets: Map<string, LineSheetDef>;
  scalarNames: Map<string, { kind: 'parameter' | 'cell'; id?: string; type: ValueKind }>;
  cellType: (id: string) => ValueKind;
  onRow: (name: string, isFact: boolean) => void;
  onColumn: (sheet: string, name: string, isFact: boolean) => void;
  onScalar: (id: string) => void;
  allowRow: boolean;
  /** Filters read fact columns and parameters only (they run before anything is computed). */
  factOnly: boolean;
  factSchema: FactSchema | undefined;
  /** The `Partner[field]` inputs the plan reads. */
  partnerFields: Set<string>;
  /** References reported unknown: their type is unknown too, so one defect never gives a second, type issue. */
  unresolved?: WeakSet<Node>;
}

function report(ctx: TypeContext, code: Issue['code'], message: string, node: Node) {
  if (code === 'unknown_reference') (ctx.unresolved ??= new WeakSet()).add(node);
  ctx.issues.push(
    issue(code, `${message} (at character ${node.start + 1})`, ctx.path, {
      planId: ctx.planId,
      sheet: ctx.sheetName,
      column: ctx.columnName,
      position: { start: node.start, end: node.end },
    }),
  );
}

/** First pass: resolves every reference, reports unknown ones, records dependencies. */
function collectRefs(root: Node, ctx: TypeContext) {
  walk(root, (node) => {
    switch (node.k) {
      case 'row': {
        if (!ctx.allowRow || !ctx.lineSheet) {
          report(ctx, 'unknown_reference', `[@${node.name}] reads a row, but summary cells have no row; use ${'Sheet'}[${node.name}] with an aggregate`, node);
          return;
        }
        const sheet = ctx.lineSheet;
        const isComputed = sheet.columns.some((c) => c.name === node.name) || (declared(ctx.plan.sheets, sheet.name)?.kind === 'lines' && declared((declared(ctx.plan.sheets, sheet.name) as { columns: Record<string, unknown> }).columns, node.name) !== undefined);
        if (isComputed) {
          if (ctx.factOnly) report(ctx, 'unknown_reference', `a filter may read fact columns only, not the computed column "${node.name}"`, node);
          else ctx.onRow(node.name, false);
        } else if (!sheet.table || declared(sheet.table.columns, node.name)) ctx.onRow(node.name, true);
        else report(ctx, 'unknown_reference', `unknown column "${node.name}" (not in fact table "${sheet.source}" nor computed in ${sheet.name})`, node);
        return;
      }
      case 'col': {
        const table = declared(ctx.plan.tables, node.table);
        if (table) {
          if (table.kind !== 'lookup' || !declared(table.columns, node.name)) report(ctx, 'unknown_reference', `unknown column "${node.name}" of table "${node.table}"`, node);
          return;
        }
        const sheet = ctx.lineSheets.get(node.table);
        if (!sheet) {
          report(ctx, 'unknown_reference', `unknown table or line sheet "${node.table}"`, node);
          return;
        }
        if (ctx.factOnly) {
          report(ctx, 'unknown_reference', 'a filter may read this row\'s fact columns and parameters only', node);
          return;
        }
        const computed = declared((declared(ctx.plan.sheets, sheet.name) as { columns: Record<string, unknown> }).columns, node.name) !== undefined;
        if (computed) ctx.onColumn(sheet.name, node.name, false);
        else if (!sheet.table || declared(sheet.table.columns, node.name)) ctx.onColumn(sheet.name, node.name, true);
        else report(ctx, 'unknown_reference', `unknown column "${node.name}" of line sheet "${node.table}"`, node);
        return;
      }
      case 'name': {
        const scalar = ctx.scalarNames.get(node.name);
        if (scalar) {
          if (scalar.kind === 'cell') {
            if (ctx.factOnly) report(ctx, 'unknown_reference', `a filter may not read the summary cell "${node.name}"`, node);
            else ctx.onScalar(scalar.id!);
          }
          return;
        }
        if (declared(ctx.plan.tables, node.name)) return; // checked where used (TIER.* arguments)
        const field = partnerFieldOf(node.name);
        if (field !== undefined) {
          if (partnerFieldKind(field, ctx.factSchema) === undefined)
            report(ctx, 'unknown_reference', `unknown partner field "${field}" (id, name, kind, territory, parent, language, fiscalProfile, or an attribute declared in the fact schema's partnerAttributes)`, node);
          else ctx.partnerFields.add(node.name);
          return;
        }
        report(ctx, 'unknown_reference', `unknown name "${node.name}" (not a parameter, summary cell or table)`, node);
        return;
      }
      case 'call': {
        const spec = FUNCTIONS[node.fn];
        if (!spec) {
          report(ctx, 'unknown_function', `unknown or unsupported function ${node.fn}`, node);
          return;
        }
        if (node.fn === 'PAYOUTS' && ctx.factOnly) {
          report(ctx, 'unknown_reference', 'a filter may not read PAYOUTS(): it runs before anything is computed', node);
          return;
        }
        if (node.args.length < spec.min || node.args.length > spec.max)
          report(ctx, 'formula_syntax', `${node.fn} takes ${spec.min === spec.max ? spec.min : `${spec.min} to ${spec.max === 255 ? 'many' : spec.max}`} arguments, found ${node.args.length}`, node);
        return;
      }
      default:
        return;
    }
  });
}

function argKind(fn: string, index: number): ArgKind {
  const spec = FUNCTIONS[fn]!;
  if (fn === 'COUNTIFS') return index % 2 === 0 ? 'range' : 'criteria';
  if (fn === 'SUMIFS') return index === 0 ? 'range' : index % 2 === 1 ? 'range' : 'criteria';
  return spec.args[Math.min(index, spec.args.length - 1)]!;
}

/** Second pass: infers a value kind and reports type mismatches. */
function inferType(node: Node, ctx: TypeContext): ValueKind {
  if (ctx.unresolved?.has(node)) return 'any';
  switch (node.k) {
    case 'num':
      return 'number';
    case 'str':
      return 'text';
    case 'bool':
      return 'boolean';
    case 'row': {
      const sheet = ctx.lineSheet;
      if (!sheet) return 'any';
      const computed = sheet.columns.find((c) => c.name === node.name);
      if (computed) return ctx.cellType(computed.id);
      const col = declared(sheet.table?.columns, node.name);
      return col ? kindOfType(col.type) : 'any';
    }
    case 'col':
      return 'range';
    case 'name': {
      const scalar = ctx.scalarNames.get(node.name);
      if (scalar) return scalar.kind === 'cell' ? ctx.cellType(scalar.id!) : scalar.type;
      const field = partnerFieldOf(node.name);
      return field === undefined ? 'any' : (partnerFieldKind(field, ctx.factSchema) ?? 'any');
    }
    case 'unary':
    case 'percent': {
      const t = inferType(node.arg, ctx);
      if (t === 'text' || t === 'range') report(ctx, 'type_mismatch', `a number is needed here, found ${t === 'range' ? 'a whole column' : 'text'}`, node.arg);
      return 'number';
    }
    case 'binary': {
      const l = inferType(node.left, ctx);
      const r = inferType(node.right, ctx);
      for (const [t, side] of [[l, node.left], [r, node.right]] as const) {
        if (t === 'range') report(ctx, 'type_mismatch', 'a whole column cannot be used here; aggregate it with SUM, COUNT…', side);
        else if (t === 'text' && '+-*/^'.includes(node.op)) report(ctx, 'type_mismatch', `"${node.op}" needs numbers, found text`, side);
      }
      if (node.op === '&') return 'text';
      if (['=', '<>', '<', '>', '<=', '>='].includes(node.op)) return 'boolean';
      return 'number';
    }
    case 'call': {
      const spec = FUNCTIONS[node.fn];
      if (!spec) return 'any';
      const argTypes = node.args.map((a, i) => {
        const kind = argKind(node.fn, i);
        if (kind === 'tiertable') {
          const t = a.k === 'name' ? declared(ctx.plan.tables, a.name) : undefined;
          if (!t || t.kind !== 'tier') report(ctx, 'type_mismatch', `${node.fn} needs the name of a tier table here`, a);
          return 'any';
        }
        if (kind === 'tablecolumn') {
          const t = a.k === 'col' ? declared(ctx.plan.tables, a.table) : undefined;
          if (!t || t.kind !== 'lookup') {
            report(ctx, 'type_mismatch', `${node.fn} needs a lookup-table column here, e.g. Rates[Rate]`, a);
            return 'any';
          }
          if (node.args.length - 1 !== t.keys.length)
            report(ctx, 'formula_syntax', `table "${a.k === 'col' ? a.table : ''}" has ${t.keys.length} key(s) (${t.keys.join(', ')}); ${node.fn} was given ${node.args.length - 1}`, node);
          const col = a.k === 'col' ? declared(t.columns, a.name) : undefined;
          return col ? kindOfType(col.type) : 'any';
        }
        const t = inferType(a, ctx);
        if (kind === 'range' && a.k !== 'col') report(ctx, 'type_mismatch', `${node.fn} needs a column here, e.g. Lines[Amount]`, a);
        if (kind === 'number' && t === 'text') report(ctx, 'type_mismatch', `${node.fn} needs a number here, found text`, a);
        if (kind === 'boolean' && t === 'text') report(ctx, 'type_mismatch', `${node.fn} needs a condition here, found text`, a);
        if ((kind === 'criteria' || (kind === 'any' && !spec.aggregate) || (kind === 'boolean' && !spec.aggregate) || (kind === 'number' && !spec.aggregate)) && t === 'range')
          report(ctx, 'type_mismatch', `${node.fn} needs a single value here, not a whole column`, a);
        return t;
      });
      if (spec.returns === 'branches') {
        const branches = node.fn === 'IF' ? argTypes.slice(1) : argTypes;
        const known = branches.filter((t) => t !== 'any');
        return known.length > 0 && known.every((t) => t === known[0]) ? known[0]! : 'any';
      }
      if (spec.returns === 'tablecolumn') return argTypes[0] ?? 'any';
      return spec.returns;
    }
  }
}
