import type { Issue } from '../schema/issue.js';
import { METRIC_TAG_PREFIX, MetricTagSchema } from '../schema/metrics.js';
import type { MetricTag } from '../schema/metrics.js';
import { PlanSchema } from '../schema/plan.js';
import type { Computed, Plan, Sheet } from '../schema/plan.js';
import { findReferences, isNameTaken } from '../planOps/planOps.js';
import type { PlanNodeRef, PlanOpResult } from '../planOps/planOps.js';
import { sameName } from '../planOps/formulaRefs.js';
import type { MetricExpansion } from './defineMetric.js';
import { getMetric } from './library.js';
import { declared } from '../plan/declared.js';
import type { BothLanguages } from '../schema/common.js';
import { schemaText } from '../plan/schemaMessages.js';

/** A metric found in a plan by its tags, collapsed back to its parameters. */
export interface MetricInstance {
  metricId: string;
  instance: string;
  params: Record<string, unknown>;
  /** Every node the metric expanded into. */
  nodes: PlanNodeRef[];
  /** True when the plan content no longer matches the metric's expansion (edited by hand): edit it as formulas. */
  detached: boolean;
}

export function formatMetricTag(tag: MetricTag): string {
  return METRIC_TAG_PREFIX + JSON.stringify(tag);
}

/** Reads a metric tag from a computed node's description, or undefined. */
export function parseMetricTag(description: string | undefined): MetricTag | undefined {
  if (!description?.startsWith(METRIC_TAG_PREFIX)) return undefined;
  try {
    const parsed = MetricTagSchema.safeParse(JSON.parse(description.slice(METRIC_TAG_PREFIX.length)));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** The nodes an expansion produces (sheets excluded: they are shared containers). */
export function expansionNodes(e: MetricExpansion): PlanNodeRef[] {
  const nodes: PlanNodeRef[] = [];
  for (const name of Object.keys(e.parameters)) nodes.push({ kind: 'parameter', name });
  for (const name of Object.keys(e.tables)) nodes.push({ kind: 'table', name });
  for (const [sheet, s] of Object.entries(e.lineSheets)) for (const name of Object.keys(s.columns)) nodes.push({ kind: 'column', sheet, name });
  for (const [sheet, cells] of Object.entries(e.summarySheets)) for (const name of Object.keys(cells)) nodes.push({ kind: 'cell', sheet, name });
  for (const name of Object.keys(e.payouts)) nodes.push({ kind: 'payout', name });
  return nodes;
}

function refKey(r: PlanNodeRef): string {
  return 'sheet' in r ? `${r.kind}:${r.sheet}:${r.name}` : `${r.kind}:${r.name}`;
}

type ExpandResult = { ok: true; expansion: MetricExpansion; params: Record<string, unknown> } | { ok: false; issues: Issue[] };

/** Validates parameters and expands a library metric (tags included). */
export function expandMetric(metricId: string, rawParams: unknown): ExpandResult {
  const def = getMetric(metricId);
  if (!def) return { ok: false, issues: [issue({ en: `no metric ${metricId}`, it: `la metrica ${metricId} non esiste` }, ['metric'], 'unknown_reference')] };
  const parsed = def.params.safeParse(rawParams ?? {});
  if (!parsed.success) {
    return {
      ok: false,
      issues: parsed.error.issues.map((i) => issue(schemaText(i.message), ['params', ...(i.path as (string | number)[])])),
    };
  }
  const params = parsed.data;
  const expansion = def.expand(params);
  const instance = String(params['name']);
  const description = formatMetricTag({ id: def.id, instance, params });
  const tag = (c: Computed): Computed => ({ ...c, description });
  for (const s of Object.values(expansion.lineSheets)) for (const k of Object.keys(s.columns)) s.columns[k] = tag(s.columns[k]!);
  for (const cells of Object.values(expansion.summarySheets)) for (const k of Object.keys(cells)) cells[k] = tag(cells[k]!);
  return { ok: true, expansion, params };
}

/** Rebuilds an ordered record: drops `drop` keys except those `add` replaces in place, then appends the rest of `add`. */
function mergeRecord<T>(record: Record<string, T>, drop: Set<string>, add: Record<string, T>, index?: number): Record<string, T> {
  const out: [string, T][] = [];
  const placed = new Set<string>();
  for (const [k, v] of Object.entries(record)) {
    if (Object.hasOwn(add, k) && drop.has(k)) {
      out.push([k, add[k]!]);
      placed.add(k);
    } else if (!drop.has(k)) out.push([k, v]);
  }
  const rest = Object.entries(add).filter(([k]) => !placed.has(k));
  const at = index === undefined ? out.length : Math.max(0, Math.min(index, out.length));
  out.splice(at, 0, ...rest);
  return Object.fromEntries(out);
}

function issue(text: BothLanguages, path: (string | number)[], code: Issue['code'] = 'invalid_input'): Issue {
  return { code, severity: 'error', message: text.en, messages: { it: text.it, en: text.en }, path };
}

/** Merges an expansion into a plan, replacing the nodes in `replacing` (an earlier expansion of the same instance). */
function mergeExpansion(plan: Plan, e: MetricExpansion, replacing: PlanNodeRef[], index?: number): PlanOpResult {
  const replaced = new Set(replacing.map(refKey));
  const issues: Issue[] = [];
  // A name collision with a node the instance does not own is refused, never overwritten.
  let probe: Plan = plan;
  for (const r of replacing) probe = dropNode(probe, r);
  for (const r of expansionNodes(e)) {
    if (replaced.has(refKey(r))) continue;
    const container = r.kind === 'column' || r.kind === 'cell' ? declared(probe.sheets, r.sheet) : undefined;
    if ((r.kind === 'column' || r.kind === 'cell') && !container) continue; // sheet will be created
    if (isNameTaken(probe, r, r.name)) issues.push(issue({ en: `the name ${r.name} is already used in the plan`, it: `il nome ${r.name} è già usato nel piano` }, ['params', 'name']));
  }
  for (const [sheet, s] of Object.entries(e.lineSheets)) {
    const existing = declared(plan.sheets, sheet);
    if (existing && (existing.kind !== 'lines' || existing.source !== s.source)) {
      const text = { en: `sheet ${sheet} exists and is not a line sheet over ${s.source}`, it: `il foglio ${sheet} esiste già e non è un foglio righe su ${s.source}` };
      issues.push(issue(text, ['params', 'lineSheet']));
    }
    if (!existing && Object.keys(plan.tables).some((t) => sameName(t, sheet)))
      issues.push(issue({ en: `the name ${sheet} is a table`, it: `il nome ${sheet} è già di una tabella` }, ['params', 'lineSheet']));
  }
  for (const sheet of Object.keys(e.summarySheets)) {
    const existing = declared(plan.sheets, sheet);
    if (existing && existing.kind !== 'summary')
      issues.push(issue({ en: `sheet ${sheet} exists and is not a summary sheet`, it: `il foglio ${sheet} esiste già e non è un foglio di riepilogo` }, ['params', 'summarySheet']));
  }
  if (issues.length > 0) return { ok: false, issues };

  const dropIn = (kind: PlanNodeRef['kind'], sheet?: string) =>
    new Set(replacing.filter((r) => r.kind === kind && (sheet === undefined || ('sheet' in r && r.sheet === sheet))).map((r) => r.name));

  // By sheet name in a Map, made an object by Object.fromEntries: the metric's sheets are named by its parameters,
  // and a new sheet named `toString` must be added, not taken for Object.prototype's method by `sheets[name] ??=`.
  const sheets = new Map<string, Sheet>();
  for (const [name, s] of Object.entries(plan.sheets)) {
    if (s.kind === 'lines') sheets.set(name, { ...s, columns: mergeRecord(s.columns, dropIn('column', name), declared(e.lineSheets, name)?.columns ?? {}, index) });
    else sheets.set(name, { ...s, cells: mergeRecord(s.cells, dropIn('cell', name), declared(e.summarySheets, name) ?? {}, index) });
  }
  for (const [name, s] of Object.entries(e.lineSheets)) if (!sheets.has(name)) sheets.set(name, { kind: 'lines', source: s.source, columns: s.columns });
  for (const [name, cells] of Object.entries(e.summarySheets)) if (!sheets.has(name)) sheets.set(name, { kind: 'summary', cells });

  const next: Plan = {
    ...plan,
    parameters: mergeRecord(plan.parameters, dropIn('parameter'), e.parameters),
    tables: mergeRecord(plan.tables, dropIn('table'), e.tables),
    sheets: Object.fromEntries(sheets),
    payouts: mergeRecord(plan.payouts, dropIn('payout'), e.payouts),
  };
  const parsed = PlanSchema.safeParse(next);
  if (!parsed.success) {
    return { ok: false, issues: parsed.error.issues.map((i) => issue(schemaText(i.message), i.path as (string | number)[], 'invalid_schema')) };
  }
  return { ok: true, plan: parsed.data };
}

function dropNode(plan: Plan, r: PlanNodeRef): Plan {
  const without = <T>(rec: Record<string, T>) => Object.fromEntries(Object.entries(rec).filter(([k]) => k !== r.name));
  switch (r.kind) {
    case 'parameter':
      return { ...plan, parameters: without(plan.parameters) };
    case 'table':
      return { ...plan, tables: without(plan.tables) };
    case 'payout':
      return { ...plan, payouts: without(plan.payouts) };
    case 'sheet':
      return { ...plan, sheets: without(plan.sheets) };
    case 'column':
    case 'cell': {
      const s = plan.sheets[r.sheet];
      if (!s) return plan;
      const next = s.kind === 'lines' ? { ...s, columns: without(s.columns) } : { ...s, cells: without(s.cells) };
      return { ...plan, sheets: { ...plan.sheets, [r.sheet]: next } };
    }
  }
}

/**
 * Adds a library metric to a plan with the given parameters (defaults fill the rest). `index` places its columns or
 * cells at that position of their sheet (default: the end). Refuses name clashes instead of overwriting.
 */
export function applyMetric(plan: Plan, metricId: string, params: unknown, index?: number): PlanOpResult {
  const r = expandMetric(metricId, params);
  if (!r.ok) return r;
  return mergeExpansion(plan, r.expansion, [], index);
}

/** Lists the metrics placed in a plan, collapsed back to their parameters. */
export function listMetricInstances(plan: Plan): MetricInstance[] {
  const tags = new Map<string, MetricTag>();
  for (const s of Object.values(plan.sheets)) {
    const nodes = s.kind === 'lines' ? s.columns : s.cells;
    for (const c of Object.values(nodes)) {
      const tag = parseMetricTag(c.description);
      if (tag && !tags.has(tag.instance)) tags.set(tag.instance, tag);
    }
  }
  const out: MetricInstance[] = [];
  for (const tag of tags.values()) {
    const r = expandMetric(tag.id, tag.params);
    if (!r.ok) {
      out.push({ metricId: tag.id, instance: tag.instance, params: tag.params, nodes: [], detached: true });
      continue;
    }
    const nodes = expansionNodes(r.expansion);
    out.push({ metricId: tag.id, instance: tag.instance, params: r.params, nodes, detached: !matches(plan, r.expansion) });
  }
  return out;
}

function matches(plan: Plan, e: MetricExpansion): boolean {
  for (const [sheet, s] of Object.entries(e.lineSheets)) {
    const p = plan.sheets[sheet];
    if (p?.kind !== 'lines') return false;
    for (const [k, c] of Object.entries(s.columns)) if (p.columns[k]?.formula !== c.formula) return false;
  }
  for (const [sheet, cells] of Object.entries(e.summarySheets)) {
    const p = plan.sheets[sheet];
    if (p?.kind !== 'summary') return false;
    for (const [k, c] of Object.entries(cells)) if (p.cells[k]?.formula !== c.formula) return false;
  }
  for (const k of Object.keys(e.parameters)) if (!Object.hasOwn(plan.parameters, k)) return false;
  for (const k of Object.keys(e.tables)) if (!Object.hasOwn(plan.tables, k)) return false;
  return true;
}

/** Re-applies a placed metric with new parameters, keeping the positions of the nodes it already had. */
export function updateMetric(plan: Plan, instance: string, params: unknown): PlanOpResult {
  const found = listMetricInstances(plan).find((m) => m.instance === instance);
  if (!found) return { ok: false, issues: [noInstance(instance)] };
  const r = expandMetric(found.metricId, params);
  if (!r.ok) return r;
  const present = found.nodes.filter((n) => nodeExists(plan, n));
  const result = mergeExpansion(plan, r.expansion, present);
  if (!result.ok) return result;
  // Nodes the old expansion had and the new one dropped must not be referenced from outside.
  const kept = new Set(expansionNodes(r.expansion).map(refKey));
  const gone = present.filter((n) => !kept.has(refKey(n)));
  const dangling = danglingUsers(plan, gone, present);
  return dangling.length > 0 ? { ok: false, issues: dangling } : result;
}

/** Removes a placed metric and everything it expanded into; refuses while other nodes still use its output. */
export function removeMetric(plan: Plan, instance: string): PlanOpResult {
  const found = listMetricInstances(plan).find((m) => m.instance === instance);
  if (!found) return { ok: false, issues: [noInstance(instance)] };
  const present = found.nodes.filter((n) => nodeExists(plan, n));
  const dangling = danglingUsers(plan, present, present);
  if (dangling.length > 0) return { ok: false, issues: dangling };
  let next = plan;
  for (const n of present) next = dropNode(next, n);
  const parsed = PlanSchema.safeParse(next);
  if (!parsed.success) return { ok: false, issues: parsed.error.issues.map((i) => issue(schemaText(i.message), i.path as (string | number)[], 'invalid_schema')) };
  return { ok: true, plan: parsed.data };
}

/** The refusal of an instance the plan does not hold. */
function noInstance(instance: string): Issue {
  return issue({ en: `no metric instance ${instance}`, it: `nel piano non c'è la metrica ${instance}` }, ['metric'], 'unknown_reference');
}

function nodeExists(plan: Plan, r: PlanNodeRef): boolean {
  switch (r.kind) {
    case 'parameter':
      return Object.hasOwn(plan.parameters, r.name);
    case 'table':
      return Object.hasOwn(plan.tables, r.name);
    case 'payout':
      return Object.hasOwn(plan.payouts, r.name);
    case 'sheet':
      return Object.hasOwn(plan.sheets, r.name);
    case 'column': {
      const s = plan.sheets[r.sheet];
      return s?.kind === 'lines' && Object.hasOwn(s.columns, r.name);
    }
    case 'cell': {
      const s = plan.sheets[r.sheet];
      return s?.kind === 'summary' && Object.hasOwn(s.cells, r.name);
    }
  }
}

/** Issues for references to `gone` nodes from nodes outside `own`. */
function danglingUsers(plan: Plan, gone: PlanNodeRef[], own: PlanNodeRef[]): Issue[] {
  const ownPaths = own.map((n) =>
    n.kind === 'column' ? ['sheets', n.sheet, 'columns', n.name] : n.kind === 'cell' ? ['sheets', n.sheet, 'cells', n.name] : n.kind === 'payout' ? ['payouts', n.name] : [n.kind === 'parameter' ? 'parameters' : 'tables', n.name],
  );
  const issues: Issue[] = [];
  for (const g of gone) {
    for (const p of findReferences(plan, g)) {
      if (p[0] === 'overrides') continue;
      if (ownPaths.some((op) => op.every((seg, i) => p[i] === seg))) continue;
      issues.push(issue({ en: `${g.name} is still used here; change that formula first`, it: `${g.name} è ancora usato qui: modifica prima questa formula` }, p));
    }
  }
  return issues;
}
