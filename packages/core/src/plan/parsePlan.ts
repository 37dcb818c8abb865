import type { Node } from '../formula/ast.js';
import type { ValueKind } from '../formula/functions.js';
import { hash } from '../hash.js';
import { bilingualIssue } from '../issues.js';
import type { ValueType } from '../schema/common.js';
import { FactSchemaSchema, type FactSchema, type FactSchemaInput, type FactTable } from '../schema/facts.js';
import type { Issue } from '../schema/issue.js';
import { LIMITS, PlanSchema, StoredPlanSchema, type Computed, type Plan } from '../schema/plan.js';
import { expandPayoutSums, topologicalOrder } from './cellGraph.js';
import { declareCells, type DeclaredCells } from './declareCells.js';
import { declared } from './declared.js';
import { PARTNER_TABLE } from './formulaScope.js';
import { collectRefs, inferType, type TypeContext } from './formulaTypes.js';
import { payoutDefs } from './payoutDefs.js';
import { checkConditions, checkParameters, checkTables, type Err } from './planChecks.js';
import { kindOfType } from './valueKind.js';
import { schemaText } from './schemaMessages.js';

export { kindOfType } from './valueKind.js';

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
  /**
   * The plan is a saved version computed again (a run, an approved run's workbook or explanation): the bounds on its
   * id and name, which saving enforces, are not checked, so versions saved before them still compute (`StoredPlanSchema`).
   */
  stored?: boolean;
}

const NUMERIC_TYPES = new Set<ValueType>(['number', 'integer', 'money', 'percent', 'date']);

const WHOLE_COLUMN_RESULT = {
  en: 'the formula gives a whole column; aggregate it, e.g. SUM(...) or COUNT(...)',
  it: 'la formula restituisce una colonna intera: aggregala, ad es. SOMMA(...) o CONTA.NUMERI(...)',
};

/**
 * Validates a plan: schema, then references, cycles, types, functions and limits. Never throws; every problem is an
 * issue with an exact path such as `sheets.Lines.columns.Commission.formula`.
 */
export function parsePlan(input: unknown, options: ParsePlanOptions = {}): ParsePlanResult {
  const schema = options.factSchema === undefined ? undefined : FactSchemaSchema.safeParse(options.factSchema);
  if (schema && !schema.success) {
    return {
      ok: false,
      issues: schema.error.issues.map((z) =>
        bilingualIssue('invalid_schema', schemaText(z.message, 'fact schema: ', 'schema dei dati: '), ['factSchema', ...z.path.filter((k): k is string | number => typeof k !== 'symbol')]),
      ),
    };
  }
  const factSchema = schema?.data;
  const parsed = (options.stored ? StoredPlanSchema : PlanSchema).safeParse(input);
  if (!parsed.success) {
    return {
      ok: false,
      issues: parsed.error.issues.map((z) =>
        bilingualIssue('invalid_schema', schemaText(z.message), z.path.filter((k): k is string | number => typeof k !== 'symbol')),
      ),
    };
  }
  const plan = parsed.data;
  const issues: Issue[] = [];
  const planId = plan.id;
  const err: Err = (code, text, path, extra = {}) => {
    issues.push(bilingualIssue(code, text, path, { planId, ...extra }));
  };

  checkTables(plan, err);
  checkParameters(plan, err);
  if (declared(plan.sheets, PARTNER_TABLE) || declared(plan.tables, PARTNER_TABLE))
    err(
      'invalid_schema',
      {
        en: `"${PARTNER_TABLE}" is reserved: formulas read the partner's fields as ${PARTNER_TABLE}[field]`,
        it: `"${PARTNER_TABLE}" è un nome riservato: le formule leggono i campi del partner come ${PARTNER_TABLE}[campo]`,
      },
      declared(plan.sheets, PARTNER_TABLE) ? ['sheets', PARTNER_TABLE] : ['tables', PARTNER_TABLE],
    );
  if (Object.keys(plan.sheets).length > LIMITS.maxSheets)
    err('limit_exceeded', { en: `a plan may have at most ${LIMITS.maxSheets} sheets`, it: `un piano può avere al massimo ${LIMITS.maxSheets} fogli` }, ['sheets']);

  const cells = declareCells(plan, factSchema, err);
  const scope: Scope = { plan, planId, issues, factSchema, partnerFields: new Set(), lineSheetByName: new Map(cells.lineSheets.map((s) => [s.name, s])), ...cells };
  // Dependencies first (syntactic), then cycle check, then types in topological order.
  const pending = resolveCells(scope);
  checkFilters(scope, err);
  const order = topologicalOrder(cells.cells, (cycle) => {
    const first = cells.cells.get(cycle[0]!)!;
    const chain = [...cycle, cycle[0]].join(' → ');
    err('circular_reference', { en: `circular reference: ${chain}`, it: `riferimento circolare: ${chain}` }, first.path, { sheet: first.sheet, column: first.name });
  });
  typeCells(cells.cells, order, pending, err);
  for (const sheet of cells.lineSheets) sheet.factColumns = [...new Set(sheet.factColumns)].sort();
  const payouts = payoutDefs(plan, cells.cells, cells.unparsed, order, err);
  checkConditions(plan, factSchema, cells.lineSheets, err);

  if (issues.some((i) => i.severity === 'error')) return { ok: false, issues };
  const { lineSheets, summaryCells } = cells;
  const analyzed: AnalyzedPlan = { plan, hash: hash(plan), lineSheets, summaryCells, cells: cells.cells, order, payouts, partnerFields: [...scope.partnerFields].sort() };
  return { ok: true, plan, analyzed, issues };
}

/** What resolving a plan's formulas reads and where it writes (issues, partner fields read, fact columns read). */
interface Scope extends DeclaredCells {
  plan: Plan;
  planId: string;
  issues: Issue[];
  factSchema: FactSchema | undefined;
  /** The `Partner[field]` inputs the formulas read, filled in as they are resolved. */
  partnerFields: Set<string>;
  lineSheetByName: Map<string, LineSheetDef>;
}

/** A cell's references as resolved: the cells it reads, the fact columns of its row, and its type context. */
interface Resolution {
  ctx: TypeContext;
  deps: Set<string>;
  factRefs: Set<string>;
  readonly rowLevel: boolean;
}

/** The type context of one cell, recording its dependencies and row reads as its references are resolved. */
function resolutionOf(cell: CellDef, sheet: LineSheetDef | undefined, scope: Scope): Resolution {
  const deps = new Set<string>();
  const factRefs = new Set<string>();
  let rowLevel = false;
  const ctx: TypeContext = {
    plan: scope.plan,
    issues: scope.issues,
    path: cell.path,
    planId: scope.planId,
    sheetName: cell.sheet,
    columnName: cell.name,
    lineSheet: sheet,
    lineSheets: scope.lineSheetByName,
    scalarNames: scope.scalarNames,
    cellType: (id) => scope.cells.get(id)?.type ?? 'any',
    onRow: (name, isFact) => {
      rowLevel = true;
      if (isFact) factRefs.add(name);
      else deps.add(`${cell.sheet}.${name}`);
    },
    onColumn: (sheetName, name, isFact) => {
      if (isFact) scope.lineSheetByName.get(sheetName)?.factColumns.push(name);
      else deps.add(`${sheetName}.${name}`);
    },
    onScalar: (id) => deps.add(id),
    allowRow: cell.kind === 'column',
    factOnly: false,
    factSchema: scope.factSchema,
    partnerFields: scope.partnerFields,
  };
  return {
    ctx,
    deps,
    factRefs,
    get rowLevel() {
      return rowLevel;
    },
  };
}

/** Every cell's references resolved, its dependencies and row-level-ness set, PAYOUTS() expanded. */
function resolveCells(scope: Scope): Map<string, Resolution> {
  const { cells, lineSheetByName } = scope;
  const pending = new Map<string, Resolution>();
  for (const cell of cells.values()) {
    const sheet = cell.kind === 'column' ? lineSheetByName.get(cell.sheet) : undefined;
    const r = resolutionOf(cell, sheet, scope);
    collectRefs(cell.ast, r.ctx);
    pending.set(cell.id, r);
    cell.deps = [...r.deps].filter((d) => cells.has(d));
    cell.rowLevel = r.rowLevel;
    if (sheet) for (const f of r.factRefs) sheet.factColumns.push(f);
  }
  expandPayoutSums(scope.plan, cells, pending);
  return pending;
}

/** Each line sheet's filter: fact columns and parameters only, and a condition, not text. */
function checkFilters(scope: Scope, err: Err): void {
  for (const sheet of scope.lineSheets) {
    if (!sheet.filter) continue;
    const ctx: TypeContext = {
      plan: scope.plan, issues: scope.issues, planId: scope.planId, path: ['sheets', sheet.name, 'filter'], sheetName: sheet.name, columnName: 'filter',
      lineSheet: sheet, lineSheets: scope.lineSheetByName, scalarNames: scope.scalarNames, cellType: () => 'any',
      onRow: (name) => sheet.factColumns.push(name), onColumn: () => undefined, onScalar: () => undefined,
      allowRow: true, factOnly: true, factSchema: scope.factSchema, partnerFields: scope.partnerFields,
    };
    collectRefs(sheet.filter, ctx);
    const t = inferType(sheet.filter, ctx);
    if (t === 'text')
      err('type_mismatch', { en: 'a filter must be a condition (TRUE or FALSE), not text', it: 'un filtro deve essere una condizione (VERO o FALSO), non un testo' }, ['sheets', sheet.name, 'filter'], {
        sheet: sheet.name,
      });
  }
}

/** Row-level-ness propagated, then each cell's type inferred in dependency order and held to its declared type. */
function typeCells(cells: Map<string, CellDef>, order: string[], pending: Map<string, Resolution>, err: Err): void {
  // Row-level-ness propagates through [@Column] references to other computed columns.
  for (const id of order) {
    const cell = cells.get(id)!;
    if (cell.kind === 'column' && cell.deps.some((d) => cells.get(d)?.rowLevel && cells.get(d)?.sheet === cell.sheet)) cell.rowLevel = true;
  }
  for (const id of order) {
    const cell = cells.get(id)!;
    const t = inferType(cell.ast, pending.get(id)!.ctx);
    cell.type = t === 'any' ? kindOfType(cell.def.type) : t;
    const declaredType = cell.def.type;
    const at = { sheet: cell.sheet, column: cell.name };
    if (t === 'range') err('type_mismatch', WHOLE_COLUMN_RESULT, cell.path, at);
    else if (t === 'text' && NUMERIC_TYPES.has(declaredType))
      err(
        'type_mismatch',
        { en: `the formula gives text but the ${cell.kind} is declared "${declaredType}"`, it: `la formula restituisce un testo, ma la ${cell.kind === 'column' ? 'colonna' : 'cella'} è dichiarata "${declaredType}"` },
        cell.path,
        at,
      );
    else if (t === 'text' && declaredType === 'boolean')
      err('type_mismatch', { en: 'the formula gives text but the cell is declared "boolean"', it: 'la formula restituisce un testo, ma la cella è dichiarata "boolean"' }, cell.path, at);
    if (cell.def.role === 'gate' && t === 'text')
      err('type_mismatch', { en: 'a gate must be a condition (TRUE or FALSE)', it: 'una soglia deve essere una condizione (VERO o FALSO)' }, cell.path, at);
  }
}
