/**
 * The static types of a plan's formulas: every reference resolved (unknown ones reported with their position), the
 * dependencies between cells recorded, and each formula's value kind inferred, so a plan that would compute text
 * where money is declared is refused before any run.
 */
import type { Node } from '../formula/ast.js';
import { walk } from '../formula/ast.js';
import { FUNCTIONS, type ArgKind, type ValueKind } from '../formula/functions.js';
import { bilingualIssue } from '../issues.js';
import type { BothLanguages } from '../schema/common.js';
import type { FactSchema } from '../schema/facts.js';
import type { Issue } from '../schema/issue.js';
import type { Plan } from '../schema/plan.js';
import { didYouMean } from './closestName.js';
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

/** Reports a problem at `node`, its text in English and Italian, with the character it starts at. */
function report(ctx: TypeContext, code: Issue['code'], text: BothLanguages, node: Node) {
  if (code === 'unknown_reference') (ctx.unresolved ??= new WeakSet()).add(node);
  const at = node.start + 1;
  ctx.issues.push(
    bilingualIssue(code, { en: `${text.en} (at character ${at})`, it: `${text.it} (al carattere ${at})` }, ctx.path, {
      planId: ctx.planId,
      sheet: ctx.sheetName,
      column: ctx.columnName,
      position: { start: node.start, end: node.end },
    }),
  );
}

const WHOLE_COLUMN_HERE: BothLanguages = {
  en: 'a whole column cannot be used here; aggregate it with SUM, COUNT…',
  it: 'qui non si può usare una colonna intera: aggregala con SOMMA, CONTA.NUMERI…',
};

/** "SUM takes 1 to many arguments, found 0", in both languages. */
function argumentCountText(fn: string, min: number, max: number, found: number): BothLanguages {
  const en = `${fn} takes ${min === max ? min : `${min} to ${max === 255 ? 'many' : max}`} arguments, found ${found}`;
  const wanted = min === max ? `${min} ${min === 1 ? 'argomento' : 'argomenti'}` : max === 255 ? `almeno ${min} ${min === 1 ? 'argomento' : 'argomenti'}` : `da ${min} a ${max} argomenti`;
  return { en, it: `${fn} richiede ${wanted}, ${found === 1 ? 'trovato' : 'trovati'} ${found}` };
}

/** "table "Rates" has 2 key(s) (a, b); RATE was given 1", in both languages. */
function keyCountText(table: string, keys: readonly string[], fn: string, given: number): BothLanguages {
  return {
    en: `table "${table}" has ${keys.length} key(s) (${keys.join(', ')}); ${fn} was given ${given}`,
    it: `la tabella "${table}" ha ${keys.length} ${keys.length === 1 ? 'chiave' : 'chiavi'} (${keys.join(', ')}); ${fn} ne ha ${given === 1 ? 'ricevuta' : 'ricevute'} ${given}`,
  };
}

/** The columns a line sheet's row offers: its fact table's, then those it computes (the names a formula may read). */
function columnsOf(ctx: TypeContext, sheet: LineSheetDef): string[] {
  const computed = declared(ctx.plan.sheets, sheet.name);
  return [...Object.keys(sheet.table?.columns ?? {}), ...sheet.columns.map((c) => c.name), ...(computed?.kind === 'lines' ? Object.keys(computed.columns) : [])];
}

/** First pass: resolves every reference, reports unknown ones, records dependencies. */
export function collectRefs(root: Node, ctx: TypeContext) {
  walk(root, (node) => {
    switch (node.k) {
      case 'row': {
        if (!ctx.allowRow || !ctx.lineSheet) {
          report(
            ctx,
            'unknown_reference',
            {
              en: `[@${node.name}] reads a row, but summary cells have no row; use ${'Sheet'}[${node.name}] with an aggregate`,
              it: `[@${node.name}] legge una riga, ma le celle di riepilogo non hanno righe: usa Foglio[${node.name}] con un'aggregazione`,
            },
            node,
          );
          return;
        }
        const sheet = ctx.lineSheet;
        const isComputed = sheet.columns.some((c) => c.name === node.name) || (declared(ctx.plan.sheets, sheet.name)?.kind === 'lines' && declared((declared(ctx.plan.sheets, sheet.name) as { columns: Record<string, unknown> }).columns, node.name) !== undefined);
        if (isComputed) {
          if (ctx.factOnly)
            report(
              ctx,
              'unknown_reference',
              {
                en: `a filter may read fact columns only, not the computed column "${node.name}"`,
                it: `un filtro può leggere solo le colonne della tabella dati, non la colonna calcolata "${node.name}"`,
              },
              node,
            );
          else ctx.onRow(node.name, false);
        } else if (!sheet.table || declared(sheet.table.columns, node.name)) ctx.onRow(node.name, true);
        else {
          const hint = didYouMean(node.name, columnsOf(ctx, sheet));
          report(
            ctx,
            'unknown_reference',
            {
              en: `unknown column "${node.name}" (not in fact table "${sheet.source}" nor computed in ${sheet.name})${hint.en}`,
              it: `colonna sconosciuta "${node.name}" (non è nella tabella dati "${sheet.source}" né calcolata in ${sheet.name})${hint.it}`,
            },
            node,
          );
        }
        return;
      }
      case 'col': {
        const table = declared(ctx.plan.tables, node.table);
        if (table) {
          if (table.kind !== 'lookup' || !declared(table.columns, node.name)) {
            const hint = didYouMean(node.name, table.kind === 'lookup' ? Object.keys(table.columns) : []);
            report(ctx, 'unknown_reference', { en: `unknown column "${node.name}" of table "${node.table}"${hint.en}`, it: `colonna sconosciuta "${node.name}" della tabella "${node.table}"${hint.it}` }, node);
          }
          return;
        }
        const sheet = ctx.lineSheets.get(node.table);
        if (!sheet) {
          const hint = didYouMean(node.table, [...Object.keys(ctx.plan.tables), ...ctx.lineSheets.keys()]);
          report(ctx, 'unknown_reference', { en: `unknown table or line sheet "${node.table}"${hint.en}`, it: `tabella o foglio righe sconosciuto "${node.table}"${hint.it}` }, node);
          return;
        }
        if (ctx.factOnly) {
          report(
            ctx,
            'unknown_reference',
            { en: "a filter may read this row's fact columns and parameters only", it: 'un filtro può leggere solo le colonne della tabella dati di questa riga e i parametri' },
            node,
          );
          return;
        }
        const computed = declared((declared(ctx.plan.sheets, sheet.name) as { columns: Record<string, unknown> }).columns, node.name) !== undefined;
        if (computed) ctx.onColumn(sheet.name, node.name, false);
        else if (!sheet.table || declared(sheet.table.columns, node.name)) ctx.onColumn(sheet.name, node.name, true);
        else {
          const hint = didYouMean(node.name, columnsOf(ctx, sheet));
          report(ctx, 'unknown_reference', { en: `unknown column "${node.name}" of line sheet "${node.table}"${hint.en}`, it: `colonna sconosciuta "${node.name}" del foglio righe "${node.table}"${hint.it}` }, node);
        }
        return;
      }
      case 'name': {
        const scalar = ctx.scalarNames.get(node.name);
        if (scalar) {
          if (scalar.kind === 'cell') {
            if (ctx.factOnly)
              report(ctx, 'unknown_reference', { en: `a filter may not read the summary cell "${node.name}"`, it: `un filtro non può leggere la cella di riepilogo "${node.name}"` }, node);
            else ctx.onScalar(scalar.id!);
          }
          return;
        }
        if (declared(ctx.plan.tables, node.name)) return; // checked where used (TIER.* arguments)
        const field = partnerFieldOf(node.name);
        if (field !== undefined) {
          if (partnerFieldKind(field, ctx.factSchema) === undefined)
            report(
              ctx,
              'unknown_reference',
              {
                en: `unknown partner field "${field}" (id, name, kind, territory, parent, language, fiscalProfile, or an attribute declared in the fact schema's partnerAttributes)`,
                it: `campo del partner sconosciuto "${field}" (id, name, kind, territory, parent, language, fiscalProfile o un attributo dichiarato in partnerAttributes dello schema dei dati)`,
              },
              node,
            );
          else ctx.partnerFields.add(node.name);
          return;
        }
        const hint = didYouMean(node.name, [...ctx.scalarNames.keys(), ...Object.keys(ctx.plan.tables)]);
        report(
          ctx,
          'unknown_reference',
          {
            en: `unknown name "${node.name}" (not a parameter, summary cell or table)${hint.en}`,
            it: `nome sconosciuto "${node.name}" (non è un parametro, una cella di riepilogo o una tabella)${hint.it}`,
          },
          node,
        );
        return;
      }
      case 'call': {
        const spec = FUNCTIONS[node.fn];
        if (!spec) {
          // a formula is written with English or Italian function names (SUM or SOMMA): the nearer of either
          const hint = didYouMean(node.fn, Object.entries(FUNCTIONS).flatMap(([en, f]) => (f.it ? [en, f.it] : [en])));
          report(ctx, 'unknown_function', { en: `unknown or unsupported function ${node.fn}${hint.en}`, it: `funzione sconosciuta o non ammessa ${node.fn}${hint.it}` }, node);
          return;
        }
        if (node.fn === 'PAYOUTS' && ctx.factOnly) {
          report(
            ctx,
            'unknown_reference',
            { en: 'a filter may not read PAYOUTS(): it runs before anything is computed', it: 'un filtro non può leggere PAYOUTS(): viene applicato prima di qualsiasi calcolo' },
            node,
          );
          return;
        }
        if (node.args.length < spec.min || node.args.length > spec.max)
          report(ctx, 'formula_syntax', argumentCountText(node.fn, spec.min, spec.max, node.args.length), node);
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
      if (t === 'text' || t === 'range')
        report(
          ctx,
          'type_mismatch',
          { en: `a number is needed here, found ${t === 'range' ? 'a whole column' : 'text'}`, it: `qui serve un numero, trovato ${t === 'range' ? 'una colonna intera' : 'testo'}` },
          node.arg,
        );
      return 'number';
    }
    case 'binary': {
      const l = inferType(node.left, ctx);
      const r = inferType(node.right, ctx);
      for (const [t, side] of [[l, node.left], [r, node.right]] as const) {
        if (t === 'range') report(ctx, 'type_mismatch', WHOLE_COLUMN_HERE, side);
        else if (t === 'text' && '+-*/^'.includes(node.op))
          report(ctx, 'type_mismatch', { en: `"${node.op}" needs numbers, found text`, it: `"${node.op}" richiede numeri, trovato testo` }, side);
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
        // an argument already reported unknown gets no second issue for its type (one defect, one issue)
        if (ctx.unresolved?.has(a)) return 'any';
        if (kind === 'tiertable') {
          const t = a.k === 'name' ? declared(ctx.plan.tables, a.name) : undefined;
          if (!t || t.kind !== 'tier')
            report(ctx, 'type_mismatch', { en: `${node.fn} needs the name of a tier table here`, it: `${node.fn} richiede qui il nome di una tabella a scaglioni` }, a);
          return 'any';
        }
        if (kind === 'tablecolumn') {
          const t = a.k === 'col' ? declared(ctx.plan.tables, a.table) : undefined;
          if (!t || t.kind !== 'lookup') {
            report(
              ctx,
              'type_mismatch',
              { en: `${node.fn} needs a lookup-table column here, e.g. Rates[Rate]`, it: `${node.fn} richiede qui una colonna di una tabella di ricerca, ad es. Rates[Rate]` },
              a,
            );
            return 'any';
          }
          if (node.args.length - 1 !== t.keys.length)
            report(ctx, 'formula_syntax', keyCountText(a.k === 'col' ? a.table : '', t.keys, node.fn, node.args.length - 1), node);
          const col = a.k === 'col' ? declared(t.columns, a.name) : undefined;
          return col ? kindOfType(col.type) : 'any';
        }
        const t = inferType(a, ctx);
        if (kind === 'range' && a.k !== 'col')
          report(ctx, 'type_mismatch', { en: `${node.fn} needs a column here, e.g. Lines[Amount]`, it: `${node.fn} richiede qui una colonna, ad es. Lines[Amount]` }, a);
        if (kind === 'number' && t === 'text')
          report(ctx, 'type_mismatch', { en: `${node.fn} needs a number here, found text`, it: `${node.fn} richiede qui un numero, trovato testo` }, a);
        if (kind === 'boolean' && t === 'text')
          report(ctx, 'type_mismatch', { en: `${node.fn} needs a condition here, found text`, it: `${node.fn} richiede qui una condizione, trovato testo` }, a);
        if ((kind === 'criteria' || (kind === 'any' && !spec.aggregate) || (kind === 'boolean' && !spec.aggregate) || (kind === 'number' && !spec.aggregate)) && t === 'range')
          report(ctx, 'type_mismatch', { en: `${node.fn} needs a single value here, not a whole column`, it: `${node.fn} richiede qui un singolo valore, non una colonna intera` }, a);
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
