import { compileBatch, textCell, type RawCell, type Unit } from './engine/compile.js';
import { checkRecord, type CheckedRecord } from './engine/facts.js';
import { assertLicensed, evaluateWorkbook, type EngineValue } from './engine/workbook.js';
import type { Node } from './formula/ast.js';
import { walk } from './formula/ast.js';
import {
  interpret,
  isDecimal,
  isError,
  prepareTables,
  serialToDate,
  toJson,
  type PlanTables,
  type Range,
  type Value,
} from './formula/interpret.js';
import { canonicalJson, createSha256, hash, type Hasher } from './hash.js';
import { issue, sortIssues, sortKeys } from './issues.js';
import { Decimal, formatAmount, roundMoney } from './money.js';
import { kindOfType, parsePlan, type AnalyzedPlan, type CellDef, type PayoutDef } from './plan/parsePlan.js';
import type { EvaluateOptions, RunInput, RunSummary, StatementSink } from './evaluateTypes.js';
import type { LocalizedText } from './schema/common.js';
import type { Issue } from './schema/issue.js';
import { PartnerSchema, type Partner } from './schema/partner.js';
import type { Plan } from './schema/plan.js';
import type { RunResult, Statement, StatementLine, TableCounts } from './schema/result.js';
import type { TraceBand, TraceCell, TraceInput, TraceLookup } from './schema/trace.js';

/** Half a cent: beyond this the formula engine and the exact decimal evaluation disagree for real (§3 invariant 4). */
const TOLERANCE = new Decimal('0.005');
const MAX_BATCH_ROWS = 25_000;

type RecordStatus = { status: 'used' } | { status: 'excluded'; reason: string } | { status: 'rejected' };

interface PreparedPlan {
  analyzed: AnalyzedPlan;
  index: number;
  tables: PlanTables;
  /** Distinct references of every cell, computed once for the trace. */
  refs: Map<string, Node[]>;
}

interface UnitWork {
  partner: Partner;
  plan: PreparedPlan;
  unit: Unit;
  /** Checked records per line sheet, in row order. */
  records: CheckedRecord[][];
}

/** Evaluates a period and returns every statement. For large periods prefer `evaluateStream`. */
export function evaluate(input: RunInput, options: EvaluateOptions): RunResult {
  const statements: Statement[] = [];
  const summary = evaluateStream(input, options, (s) => statements.push(s));
  const { statementCount: _s, lineCount: _l, statementDigests: _d, ...rest } = summary;
  return { ...rest, statements };
}

/**
 * Evaluates a period, handing each partner's statement to `sink` as soon as its batch is done, in partner-id order,
 * so memory stays bounded by one batch. Pure: the result depends only on the input (never on record order, batch
 * size or partitioning).
 */
export function evaluateStream(input: RunInput, options: EvaluateOptions, sink: StatementSink): RunSummary {
  const issues: Issue[] = [];
  const { period, factSchema } = input;
  const partition = options.partition;

  // 1. Plans: validate; an invalid plan computes nothing but the others still run.
  const prepared: PreparedPlan[] = [];
  const invalidPlans = new Set<string>();
  input.plans.forEach((raw) => {
    const r = parsePlan(raw, { factSchema });
    if (!r.ok) {
      const id = typeof (raw as { id?: unknown })?.id === 'string' ? (raw as { id: string }).id : `#${prepared.length + invalidPlans.size}`;
      invalidPlans.add(id);
      issues.push(...r.issues.map((i) => sortKeys({ ...i, planId: id, path: ['plans', id, ...i.path] })));
      return;
    }
    issues.push(...r.issues);
    prepared.push({ analyzed: r.analyzed, index: prepared.length, tables: prepareTables(r.plan), refs: referencesOf(r.analyzed) });
  });
  const planVersions = selectVersions(prepared, period);

  // 2. Partners.
  const partners = new Map<string, Partner>();
  input.partners.forEach((raw, i) => {
    const r = PartnerSchema.safeParse(raw);
    if (!r.success) {
      const id = typeof (raw as { id?: unknown })?.id === 'string' ? (raw as { id: string }).id : `#${i + 1}`;
      issues.push(...r.error.issues.map((z) => issue('invalid_input', `partner ${id}: ${z.message}`, ['partners', i, ...z.path.filter((k): k is string | number => typeof k !== 'symbol')], { partnerId: id })));
      return;
    }
    if (partners.has(r.data.id)) {
      issues.push(issue('duplicate_record', `partner ${r.data.id} appears twice; the first is used`, ['partners', i], { partnerId: r.data.id }));
      return;
    }
    partners.set(r.data.id, r.data);
  });
  const partnerIds = [...partners.keys()].sort();
  const inPartition = new Set(partition ? partnerIds.filter((_, i) => i % partition.count === partition.index) : partnerIds);
  const countsUnassigned = !partition || partition.index === 0;

  // 3. Facts: validate every record; each ends used, excluded (with the reason) or rejected (with an issue).
  const counts: Record<string, TableCounts> = {};
  const status = new Map<string, RecordStatus[]>();
  const byPartner = new Map<string, Map<string, CheckedRecord[]>>();
  for (const [tableName, records] of Object.entries(input.facts)) {
    const table = factSchema.tables[tableName];
    const statuses: RecordStatus[] = new Array(records.length);
    status.set(tableName, statuses);
    if (!table) {
      if (countsUnassigned) issues.push(issue('unknown_reference', `facts for unknown table "${tableName}" were ignored`, ['facts', tableName]));
      statuses.fill({ status: 'rejected' });
      continue;
    }
    const seen = new Set<string>();
    records.forEach((raw, i) => {
      const checked = checkRecord(tableName, table, raw, i);
      const partnerRaw = (raw as Record<string, unknown> | null)?.[table.partner];
      const mine = partnerRaw !== undefined && inPartition.has(String(partnerRaw));
      const report = mine || (countsUnassigned && !partners.has(String(partnerRaw)));
      if (!report) {
        statuses[i] = { status: 'excluded', reason: 'other_partition' };
        return;
      }
      if (!checked.ok) {
        statuses[i] = { status: 'rejected' };
        issues.push(...checked.issues.map((x) => sortKeys({ ...x, partnerId: partnerRaw === undefined ? undefined : String(partnerRaw) })));
        return;
      }
      const rec = checked.record;
      if (seen.has(rec.id)) {
        statuses[i] = { status: 'rejected' };
        issues.push(issue('duplicate_record', `record ${tableName}/${rec.id} appears more than once; the first is used`, ['facts', tableName, i, table.key], { record: { table: tableName, id: rec.id }, field: table.key, partnerId: rec.partnerId }));
        return;
      }
      seen.add(rec.id);
      if (!partners.has(rec.partnerId)) {
        statuses[i] = { status: 'rejected' };
        issues.push(issue('unknown_partner', `record ${tableName}/${rec.id} names partner "${rec.partnerId}", who is not in the partner list`, ['facts', tableName, i, table.partner], { record: { table: tableName, id: rec.id }, field: table.partner }));
        return;
      }
      if (rec.date < period.start || rec.date > period.end) {
        statuses[i] = { status: 'excluded', reason: 'out_of_period' };
        return;
      }
      statuses[i] = { status: 'excluded', reason: 'not_read_by_any_plan' };
      let perTable = byPartner.get(rec.partnerId);
      if (!perTable) byPartner.set(rec.partnerId, (perTable = new Map()));
      let list = perTable.get(tableName);
      if (!list) perTable.set(tableName, (list = []));
      list.push(Object.assign(rec, { index: i }));
    });
  }
  const recordIndex = (r: CheckedRecord) => (r as CheckedRecord & { index: number }).index;

  // 4. Units: one per (partner, applicable plan), records filtered in order of record id.
  const units: UnitWork[] = [];
  for (const partnerId of partnerIds) {
    if (!inPartition.has(partnerId)) continue;
    const partner = partners.get(partnerId)!;
    const plans = planVersions.filter((p) => selects(p.analyzed.plan, partner));
    const perTable = byPartner.get(partnerId);
    if (plans.length === 0) {
      for (const [t, list] of perTable ?? []) for (const r of list) status.get(t)![recordIndex(r)] = { status: 'excluded', reason: 'no_plan_for_partner' };
      continue;
    }
    for (const plan of plans) {
      const params = resolveParams(plan.analyzed.plan, partnerId);
      const sheets: Unit['sheets'] = [];
      const records: CheckedRecord[][] = [];
      for (const def of plan.analyzed.lineSheets) {
        const candidates = [...(perTable?.get(def.source) ?? [])].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
        const kept: CheckedRecord[] = [];
        for (const rec of candidates) {
          const st = status.get(def.source)!;
          const idx = recordIndex(rec);
          if (def.filter) {
            const v = interpret(def.filter, filterScope(rec, params.exact), plan.tables);
            if (isError(v)) {
              if (st[idx]!.status !== 'used') st[idx] = { status: 'rejected' };
              issues.push(issue('formula_error', `the filter of ${def.name} gives ${v.error} for this record: ${v.message}`, ['plans', plan.analyzed.plan.id, 'sheets', def.name, 'filter'], { partnerId, planId: plan.analyzed.plan.id, sheet: def.name, record: { table: def.source, id: rec.id }, error: v.error }));
              continue;
            }
            if (v !== true && !(isDecimal(v) && !v.isZero())) {
              if (st[idx]!.status === 'excluded') st[idx] = { status: 'excluded', reason: `filter:${plan.analyzed.plan.id}/${def.name}` };
              continue;
            }
          }
          st[idx] = { status: 'used' };
          kept.push(rec);
        }
        records.push(kept);
        sheets.push({
          def,
          ids: kept.map((r) => r.id),
          rows: kept.map((r) => def.factColumns.map((c) => toRaw(r.values.get(c) ?? null))),
        });
      }
      units.push({ partner, plan, records, unit: { plan: plan.analyzed, planIndex: plan.index, params: params.raw, sheets } });
    }
  }
  for (const [partnerId, perTable] of byPartner) {
    if (!inPartition.has(partnerId)) continue;
    for (const [t, list] of perTable) {
      for (const r of list) {
        const st = status.get(t)![recordIndex(r)]!;
        if (st.status === 'excluded' && st.reason === 'not_read_by_any_plan' && !planVersions.some((p) => selects(p.analyzed.plan, partners.get(partnerId)!))) {
          status.get(t)![recordIndex(r)] = { status: 'excluded', reason: 'no_plan_for_partner' };
        }
      }
    }
  }

  // 5. Licence and functions, once, before any batch.
  const functions = new Set<string>();
  for (const u of units.slice(0, Math.min(units.length, 1))) compileBatch([u.unit]).functions.forEach((f) => functions.add(f));
  for (const p of prepared) {
    for (const cell of p.analyzed.cells.values()) {
      walk(cell.ast, (n) => {
        if (n.k === 'call' && n.fn !== 'RATE' && !n.fn.startsWith('TIER.')) functions.add(n.fn);
      });
    }
  }
  if (units.length > 0) assertLicensed(options.licenseKey, functions);

  // 6. Batches: evaluate in HyperFormula, finalise in decimal, emit statements in partner order.
  const createHash = options.createHash ?? createSha256;
  const statementDigests: RunSummary['statementDigests'] = [];
  const totals = new Map<string, Decimal>();
  let statementCount = 0;
  let lineCount = 0;
  const batchSize = Math.max(1, options.batchSize ?? 250);
  let start = 0;
  let done = 0;
  const keepTrace = options.keepTrace !== false;
  while (start < units.length) {
    // A batch never splits a partner, and holds at most batchSize units or MAX_BATCH_ROWS rows.
    let end = start;
    let rows = 0;
    while (end < units.length) {
      const partnerId = units[end]!.partner.id;
      let j = end;
      let r = 0;
      while (j < units.length && units[j]!.partner.id === partnerId) {
        r += units[j]!.records.reduce((s, l) => s + l.length, 0);
        j++;
      }
      if (end > start && (j - start > batchSize || rows + r > MAX_BATCH_ROWS)) break;
      rows += r;
      end = j;
    }
    const batch = units.slice(start, end);
    const compiled = compileBatch(batch.map((u) => u.unit));
    const engine = evaluateWorkbook(compiled.sheets, compiled.maxRows, options.licenseKey);
    let current: { partner: Partner; lines: StatementLine[] } | undefined;
    const flush = () => {
      if (!current) return;
      const statement = buildStatement(current.partner, current.lines, period.id, planVersions, issues);
      const json = JSON.stringify(statement);
      const h = createHash();
      h.update(json);
      const digest = h.digest();
      statementDigests.push({ partnerId: statement.partnerId, hash: digest });
      statementCount++;
      lineCount += statement.lines.length;
      totals.set(statement.currency, (totals.get(statement.currency) ?? new Decimal(0)).plus(statement.total));
      sink(statement, digest, json);
      current = undefined;
    };
    batch.forEach((work, u) => {
      if (current && current.partner.id !== work.partner.id) flush();
      current ??= { partner: work.partner, lines: [] };
      current.lines.push(...finaliseUnit(work, compiled.layout[u]!, engine, period.id, keepTrace));
    });
    flush();
    done += batch.length;
    options.onProgress?.(done, units.length);
    start = end;
  }

  // 7. Counts: in = used + excluded + rejected, per table.
  for (const [tableName, statuses] of status) {
    const c: TableCounts = { in: 0, used: 0, excluded: 0, rejected: 0, excludedBy: {} };
    for (const s of statuses) {
      if (s.status === 'excluded' && s.reason === 'other_partition') continue;
      c.in++;
      if (s.status === 'used') c.used++;
      else if (s.status === 'rejected') c.rejected++;
      else {
        c.excluded++;
        c.excludedBy[s.reason] = (c.excludedBy[s.reason] ?? 0) + 1;
      }
    }
    counts[tableName] = c;
  }

  const totalsOut = Object.fromEntries([...totals].sort(([a], [b]) => (a < b ? -1 : 1)).map(([cur, v]) => [cur, formatAmount(v)]));
  return {
    period,
    plans: prepared.map((p) => ({ id: p.analyzed.plan.id, version: p.analyzed.plan.version, hash: p.analyzed.hash })),
    issues: sortIssues(issues),
    counts,
    totals: totalsOut,
    inputHash: inputHash(input, createHash),
    outputHash: outputHash(statementDigests, counts, totalsOut, createHash),
    statementCount,
    lineCount,
    statementDigests,
  };
}

/** SHA-256 of a statement's canonical JSON (statements are built with sorted keys, so JSON.stringify is canonical). */
export function statementDigest(statement: Statement, createHash: () => Hasher = createSha256): string {
  const h = createHash();
  h.update(JSON.stringify(statement));
  return h.digest();
}

/**
 * The run's output hash: over the statements' digests in partner order, the counts and the totals. Defined on digests
 * so partitions computed apart (worker threads, other machines) merge without moving the statements.
 */
export function outputHash(
  digests: ReadonlyArray<{ partnerId: string; hash: string }>,
  counts: Record<string, TableCounts>,
  totals: Record<string, string>,
  createHash: () => Hasher = createSha256,
): string {
  const h = createHash();
  for (const d of digests) h.update(`${d.partnerId}\u0000${d.hash}\n`);
  h.update(canonicalJson({ counts, totals }));
  return h.digest();
}

/** Hash of the inputs that does not depend on the order of plans, partners or records. */
export function inputHash(input: RunInput, createHash: () => Hasher = createSha256): string {
  const h = createHash();
  const sortBy = <T>(items: T[], key: (t: T) => string) =>
    items
      .map((item) => ({ item, k: key(item) }))
      .sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0))
      .map((x) => x.item);
  h.update(canonicalJson({ period: input.period, factSchema: input.factSchema }));
  for (const p of sortBy(input.plans.map((p) => hash(p)), (x) => x)) h.update(p);
  for (const p of sortBy(input.partners, (p) => canonicalJson(p))) h.update(canonicalJson(p));
  for (const table of Object.keys(input.facts).sort()) {
    h.update(`\u0000${table}`);
    const key = input.factSchema.tables[table]?.key;
    const records = sortBy(input.facts[table]!, (r) => `${key ? String((r as Record<string, unknown>)[key] ?? '') : ''}\u0000${canonicalJson(r)}`);
    for (const r of records) h.update(canonicalJson(r));
  }
  return h.digest();
}

function selectVersions(plans: PreparedPlan[], period: RunInput['period']): PreparedPlan[] {
  const best = new Map<string, PreparedPlan>();
  for (const p of plans) {
    const plan = p.analyzed.plan;
    if (plan.effectiveFrom > period.end) continue;
    if (plan.effectiveTo && plan.effectiveTo < period.start) continue;
    const cur = best.get(plan.id);
    if (!cur || cur.analyzed.plan.version < plan.version) best.set(plan.id, p);
  }
  return [...best.values()].sort((a, b) => (a.analyzed.plan.id < b.analyzed.plan.id ? -1 : 1));
}

/** Whether a plan's selector picks a partner. */
export function selects(plan: Plan, partner: Partner): boolean {
  const s = plan.selector;
  if (s.excludePartners?.includes(partner.id)) return false;
  if (s.partners && !s.partners.includes(partner.id)) return false;
  if (s.kinds && !s.kinds.includes(partner.kind)) return false;
  if (s.territories && !s.territories.includes(partner.territory)) return false;
  return true;
}

function resolveParams(plan: Plan, partnerId: string): { raw: Map<string, RawCell>; exact: Map<string, Value> } {
  const raw = new Map<string, RawCell>();
  const exact = new Map<string, Value>();
  for (const [name, p] of Object.entries(plan.parameters)) {
    const value = plan.overrides[partnerId]?.[name] ?? p.value;
    if (typeof value === 'boolean') {
      raw.set(name, value);
      exact.set(name, value);
    } else if (kindOfType(p.type) === 'number') {
      const d = new Decimal(value);
      raw.set(name, d.toNumber());
      exact.set(name, d);
    } else {
      raw.set(name, textCell(value));
      exact.set(name, value);
    }
  }
  return { raw, exact };
}

function toRaw(v: Value): RawCell {
  if (v === null || typeof v === 'boolean') return v;
  if (typeof v === 'string') return textCell(v);
  if (isDecimal(v)) return v.toNumber();
  return null;
}

function filterScope(rec: CheckedRecord, params: Map<string, Value>) {
  return {
    row: (name: string) => rec.values.get(name) ?? null,
    column: (): Range => ({ range: [] }),
    name: (name: string) => params.get(name) ?? null,
  };
}

function referencesOf(plan: AnalyzedPlan): Map<string, Node[]> {
  const refs = new Map<string, Node[]>();
  for (const cell of plan.cells.values()) {
    const seen = new Set<string>();
    const list: Node[] = [];
    walk(cell.ast, (n) => {
      if (n.k !== 'row' && n.k !== 'col' && n.k !== 'name') return;
      const key = n.k === 'row' ? `@${n.name}` : n.k === 'col' ? `${n.table}[${n.name}]` : n.name;
      if (n.k === 'name' && plan.plan.tables[n.name]) return;
      if (n.k === 'col' && plan.plan.tables[n.table]) return;
      if (seen.has(key)) return;
      seen.add(key);
      list.push(n);
    });
    refs.set(cell.id, list);
  }
  return refs;
}

function localized(text: LocalizedText, language: 'it' | 'en'): string {
  if (typeof text === 'string') return text;
  return text[language] ?? text.it ?? text.en ?? '';
}

interface Details {
  bands?: TraceBand[];
  lookups?: TraceLookup[];
}

/** Exact values of every computed cell of a unit, with the bands and lookups each used. */
function interpretUnit(work: UnitWork, params: Map<string, Value>) {
  const plan = work.plan.analyzed;
  const columns = plan.lineSheets.map(() => new Map<string, Value[]>());
  const cells = new Map<string, Value>();
  const details = new Map<string, Array<Details | undefined>>();
  const sheetIndex = new Map(plan.lineSheets.map((s, k) => [s.name, k]));
  const columnRange = (sheet: string, name: string): Range => {
    const k = sheetIndex.get(sheet)!;
    const computed = columns[k]!.get(name);
    if (computed) return { range: computed };
    return { range: work.records[k]!.map((r) => r.values.get(name) ?? null) };
  };
  const scalar = (name: string): Value => (cells.has(name) ? cells.get(name)! : params.get(name) ?? null);
  for (const id of plan.order) {
    const cell = plan.cells.get(id)!;
    if (cell.kind === 'cell') {
      const d: Details = {};
      const v = interpret(cell.ast, { row: () => null, column: columnRange, name: scalar, onBand: (b) => (d.bands ??= []).push(b), onLookup: (l) => (d.lookups ??= []).push(l) }, work.plan.tables);
      cells.set(cell.name, v);
      details.set(id, [d.bands || d.lookups ? d : undefined]);
      continue;
    }
    const k = sheetIndex.get(cell.sheet)!;
    const recs = work.records[k]!;
    const values: Value[] = new Array(recs.length);
    const det: Array<Details | undefined> = new Array(recs.length);
    const own = columns[k]!;
    // One scope object for all rows (the row number moves), so evaluating a column allocates no closures per row.
    let r = 0;
    let d: Details | undefined;
    const rowScope = {
      row: (name: string): Value => {
        const c = own.get(name);
        return c ? c[r]! : recs[r]!.values.get(name) ?? null;
      },
      column: columnRange,
      name: scalar,
      onBand: (b: TraceBand) => ((d ??= {}).bands ??= []).push(b),
      onLookup: (l: TraceLookup) => ((d ??= {}).lookups ??= []).push(l),
    };
    for (r = 0; r < recs.length; r++) {
      d = undefined;
      values[r] = interpret(cell.ast, rowScope, work.plan.tables);
      det[r] = d;
    }
    own.set(cell.name, values);
    details.set(id, det);
  }
  return { columns, cells, details, sheetIndex };
}

function engineJson(v: EngineValue): string | number | boolean | null {
  return v !== null && typeof v === 'object' ? v.error : v;
}

function finaliseUnit(
  work: UnitWork,
  layout: ReturnType<typeof compileBatch>['layout'][number],
  engine: Map<string, EngineValue[][]>,
  periodId: string,
  keepTrace: boolean,
): StatementLine[] {
  const plan = work.plan.analyzed;
  const { exact: params } = resolveParams(plan.plan, work.partner.id);
  const exact = interpretUnit(work, params);
  const lines: StatementLine[] = [];
  const { mode, scale } = plan.plan.rounding;
  const planRef = { hash: plan.hash, id: plan.plan.id, version: plan.plan.version };
  const scalarValues = engine.get(layout.scalarSheet)?.[layout.scalarRow];

  const engineValueOf = (cell: CellDef, row: number | null): EngineValue => {
    if (cell.kind === 'cell') return scalarValues?.[layout.scalarColumn.get(cell.name)!] ?? null;
    const lay = layout.lineSheets[exact.sheetIndex.get(cell.sheet)!];
    if (!lay) return null;
    return engine.get(lay.sheet)?.[lay.start + row!]?.[lay.columnIndex.get(cell.name)!] ?? null;
  };
  const exactValueOf = (cell: CellDef, row: number | null): Value => {
    if (cell.kind === 'cell') return exact.cells.get(cell.name) ?? null;
    return exact.columns[exact.sheetIndex.get(cell.sheet)!]!.get(cell.name)![row!] ?? null;
  };

  // A line's trace holds the summary cells it depends on and, for line payouts, its own row's columns.
  const traceCells = (payout: PayoutDef, row: number | null, k: number | undefined): TraceCell[] =>
    payout.closure.filter((id) => {
      const c = plan.cells.get(id)!;
      return c.kind === 'cell' || (payout.cell.kind === 'column' && c.sheet === payout.cell.sheet);
    }).map((id) => {
      const cell = plan.cells.get(id)!;
      const r = cell.kind === 'column' && cell.sheet === payout.cell.sheet ? row : null;
      const value = cell.kind === 'cell' || r !== null ? exactValueOf(cell, r) : null;
      const rec = k !== undefined && r !== null ? work.records[k]![r] : undefined;
      const inputs: TraceInput[] = (work.plan.refs.get(id) ?? []).map((n) => traceInput(n, cell, r, rec, k));
      const d = exact.details.get(id)?.[cell.kind === 'cell' ? 0 : r ?? -1];
      const out: TraceCell = {
        ...(d?.bands ? { bands: d.bands } : {}),
        ...(isError(value) ? { error: value.message } : {}),
        formula: cell.def.formula,
        ...(cell.def.role === 'gate' && !isError(value) ? { gate: value === true || (isDecimal(value) && !value.isZero()) ? 'passed' : 'failed' } : {}),
        inputs,
        ...(cell.def.label ? { label: localized(cell.def.label, work.partner.language) } : {}),
        ...(d?.lookups ? { lookups: d.lookups } : {}),
        name: cell.name,
        role: cell.def.role,
        sheet: cell.sheet,
        value: toJson(value),
      };
      return out;
    });

  const traceInput = (n: Node, cell: CellDef, r: number | null, rec: CheckedRecord | undefined, k: number | undefined): TraceInput => {
    if (n.k === 'row') {
      const computed = plan.cells.get(`${cell.sheet}.${n.name}`);
      if (computed) return { kind: 'column', name: n.name, value: r === null ? null : toJson(exactValueOf(computed, r)) };
      const def = k !== undefined ? plan.lineSheets[k] : undefined;
      const raw = rec?.values.get(n.name) ?? null;
      const isDate = def?.table?.columns[n.name]?.type === 'date';
      const value = isDate && isDecimal(raw) ? serialToDate(raw.toNumber()) : toJson(raw);
      return {
        kind: 'fact',
        name: n.name,
        ...(rec && def ? { source: { id: rec.id, system: def.table?.system ?? 'file', table: def.source } } : {}),
        value,
      };
    }
    if (n.k === 'col') return { kind: 'column', name: `${n.table}[${n.name}]`, value: null };
    const name = (n as { name: string }).name;
    if (exact.cells.has(name)) return { kind: 'cell', name, value: toJson(exact.cells.get(name)!) };
    return { kind: 'parameter', name, value: toJson(params.get(name) ?? null) };
  };

  for (const payout of plan.payouts) {
    const label = localized(payout.label, work.partner.language);
    const cell = payout.cell;
    const k = cell.kind === 'column' ? exact.sheetIndex.get(cell.sheet)! : undefined;
    const rowCount = k === undefined ? 1 : work.records[k]!.length;
    const def = k === undefined ? undefined : plan.lineSheets[k]!;
    for (let i = 0; i < rowCount; i++) {
      const row = k === undefined ? null : i;
      const rec = k === undefined ? undefined : work.records[k]![i]!;
      const engineValue = engineValueOf(cell, row);
      const exactValue = exactValueOf(cell, row);
      const lineIssues: Issue[] = [];
      const flags: string[] = [];
      const where = {
        partnerId: work.partner.id,
        planId: plan.plan.id,
        sheet: cell.sheet,
        column: cell.name,
        ...(row !== null ? { row: row + 1 } : {}),
        ...(rec && def ? { record: { table: def.source, id: rec.id } } : {}),
      };
      const path = [...cell.path];
      let amount = new Decimal(0);
      let exactOut: string | null = null;
      let failed = false;
      const engineError = engineValue !== null && typeof engineValue === 'object';
      if (isError(exactValue) || engineError) {
        failed = true;
        const hf = engineError ? (engineValue as { error: string; message: string }) : undefined;
        const message = isError(exactValue)
          ? `${exactValue.error}: ${exactValue.message}${hf ? '' : ` (the formula engine gives ${engineJson(engineValue)})`}`
          : `${hf!.error}${hf!.message ? ` (${hf!.message})` : ''}; the exact evaluation gives ${JSON.stringify(toJson(exactValue))}`;
        lineIssues.push(
          issue('formula_error', `${cell.sheet}.${cell.name} gives ${message}`, path, {
            ...where,
            error: isError(exactValue) ? exactValue.error : hf?.error,
          }),
        );
      } else if (exactValue !== null && !isDecimal(exactValue)) {
        failed = true;
        lineIssues.push(issue('type_mismatch', `${cell.sheet}.${cell.name} gives ${JSON.stringify(toJson(exactValue))}, not an amount`, path, where));
      } else {
        const value = exactValue ?? new Decimal(0);
        exactOut = value.toString();
        amount = roundMoney(value, scale, mode);
        if (typeof engineValue === 'number' && new Decimal(String(engineValue)).minus(value).abs().gt(TOLERANCE)) {
          flags.push('precision_mismatch');
          lineIssues.push({
            ...issue('precision_mismatch', `the formula engine gives ${engineValue} but the exact decimal value is ${value.toString()}: check the formula (the exact value is paid)`, path, where),
            severity: 'warning',
          });
        }
      }
      const amountText = formatAmount(amount, scale);
      const source = rec && def ? { id: rec.id, system: def.table?.system ?? 'file', table: def.source } : null;
      // Keys in alphabetical order at every level: JSON.stringify of a statement is then its canonical JSON, which
      // the output hash needs, at native speed (a test holds the two equal).
      lines.push({
        amount: amountText,
        component: payout.component,
        currency: plan.plan.currency,
        id: `${plan.plan.id}:${payout.id}:${rec ? rec.id : work.partner.id}`,
        issues: lineIssues,
        label,
        partnerId: work.partner.id,
        payout: payout.id,
        planId: plan.plan.id,
        planVersion: plan.plan.version,
        row: row === null ? null : row + 1,
        sheet: cell.sheet,
        source,
        status: failed ? 'error' : amount.isZero() ? 'zero' : 'ok',
        trace: {
          amount: amountText,
          cells: keepTrace ? traceCells(payout, row, k) : [],
          exactValue: exactOut,
          flags,
          formulaValue: engineValue === null ? null : typeof engineValue === 'object' ? engineValue.error : String(engineValue),
          partnerId: work.partner.id,
          payout: payout.id,
          period: periodId,
          plan: planRef,
          rounding: failed ? [] : [{ from: exactOut!, mode, scale, to: amountText, what: `${cell.sheet}.${cell.name}` }],
          row: row === null ? null : row + 1,
          sheet: cell.sheet,
          source,
        },
      });
    }
  }
  return lines;
}

function buildStatement(partner: Partner, lines: StatementLine[], periodId: string, plans: PreparedPlan[], runIssues: Issue[]): Statement {
  const currency = lines[0]?.currency ?? plans[0]?.analyzed.plan.currency ?? 'EUR';
  const issues: Issue[] = [];
  let total = new Decimal(0);
  const byComponent = new Map<string, Decimal>();
  for (const line of lines) {
    issues.push(...line.issues);
    if (line.currency !== currency) {
      issues.push(issue('currency_mismatch', `line ${line.id} is in ${line.currency}, the statement in ${currency}`, ['statements', partner.id], { partnerId: partner.id }));
      continue;
    }
    total = total.plus(line.amount);
    byComponent.set(line.component, (byComponent.get(line.component) ?? new Decimal(0)).plus(line.amount));
  }
  runIssues.push(...issues);
  return {
    blocked: issues.some((i) => i.severity === 'error'),
    byComponent: Object.fromEntries([...byComponent].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => [k, formatAmount(v)])),
    currency,
    issues,
    lines,
    partnerId: partner.id,
    period: periodId,
    total: formatAmount(total),
  };
}
