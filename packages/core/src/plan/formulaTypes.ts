/**
 * The static types of a plan's formulas: every reference resolved (unknown ones reported with their position), the
 * dependencies between cells recorded, and each formula's value kind inferred, so a plan that would compute text
 * where money is declared is refused before any run.
 */
import type { Node } from '../formula/ast.js';
import { walk } from '../formula/ast.js';
import { FUNCTIONS, type ArgKind, type ValueKind } from '../formula/functions.js';
import { issue } from '../issues.js';
import type { FactSchema } from '../schema/facts.js';
import type { Issue } from '../schema/issue.js';
import type { Plan } from '../schema/plan.js';
import { declared } from './declared.js';
import { partnerFieldKind, partnerFieldOf } from './formulaScope.js';
import type { LineSheetDef } from './parsePlan.js';
import { kindOfType } from './valueKind.js';

export interface TypeContext {
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
export function collectRefs(root: Node, ctx: TypeContext) {
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
export function inferType(node: Node, ctx: TypeContext): ValueKind {
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
