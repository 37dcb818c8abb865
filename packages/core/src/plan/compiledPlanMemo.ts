/**
 * A plan's prepared tables and compiled formulas, kept for the plans seen last: a live preview evaluates the plan
 * again after each edit, and an edit usually changes one formula. Keyed by content, never by the caller's objects:
 * the tables by their JSON, each formula by its syntax tree's JSON (with the tables it was compiled against), so an
 * edited table or formula is prepared or compiled afresh.
 *
 * Sharing them between runs is sound because both are read-only once made: runs only read prepared tables, and a
 * compiled formula keeps what it caches for a run in the scope it is handed (`CompiledFormula.prepare`). A change
 * that gave either state of its own would have to drop this memo.
 */
import type { Node } from '../formula/ast.js';
import { compileFormula, type CompiledFormula } from '../formula/compile.js';
import { prepareTables, type PlanTables } from '../formula/interpret.js';
import type { Plan } from '../schema/plan.js';
import type { AnalyzedPlan } from './parsePlan.js';

/** Distinct table sets kept (a plan's versions, a few plans side by side). */
const KEEP_TABLES = 8;
/** Compiled formulas kept per table set (an edit adds one; all are dropped past this). */
const KEEP_FORMULAS = 2_000;

interface Entry {
  tables: PlanTables;
  formulas: Map<string, CompiledFormula>;
}

// Insertion order is recency order: an entry used is moved to the end, the first is the one dropped.
const memo = new Map<string, Entry>();

/** How often a prepared table set or compiled formula was reused, and how often made afresh (for the tests). */
export const compiledPlanMemoStats = { tableHits: 0, tableMisses: 0, formulaHits: 0, formulaMisses: 0 };

/** The plan's tables, prepared (`prepareTables`), the same object for plans with the same tables. */
export function memoisedTables(plan: Plan): PlanTables {
  return entryOf(plan).tables;
}

function entryOf(plan: Plan): Entry {
  const key = JSON.stringify(plan.tables);
  let entry = memo.get(key);
  if (entry) {
    compiledPlanMemoStats.tableHits++;
    memo.delete(key);
  } else {
    compiledPlanMemoStats.tableMisses++;
    entry = { tables: prepareTables(plan), formulas: new Map() };
    if (memo.size >= KEEP_TABLES) memo.delete(memo.keys().next().value!);
  }
  memo.set(key, entry);
  return entry;
}

/**
 * Every cell's formula compiled (as `compilePlan`), against `tables` as given by `memoisedTables` for this plan:
 * formulas compiled before against the same tables are reused.
 */
export function memoisedCompilePlan(plan: AnalyzedPlan, tables: PlanTables): Map<string, CompiledFormula> {
  const entry = [...memo.values()].find((e) => e.tables === tables);
  const out = new Map<string, CompiledFormula>();
  for (const id of plan.order) {
    const ast: Node = plan.cells.get(id)!.ast;
    if (!entry) {
      out.set(id, compileFormula(ast, tables));
      continue;
    }
    const key = JSON.stringify(ast);
    let compiled = entry.formulas.get(key);
    if (compiled) compiledPlanMemoStats.formulaHits++;
    else {
      compiledPlanMemoStats.formulaMisses++;
      if (entry.formulas.size >= KEEP_FORMULAS) entry.formulas.clear();
      entry.formulas.set(key, (compiled = compileFormula(ast, tables)));
    }
    out.set(id, compiled);
  }
  return out;
}
