import type { CheckedRecord } from './engine/facts.js';
import type { RunFactsContext } from './facts/checkRunFacts.js';
import { REJECTED, USED, excluded } from './facts/recordStatus.js';
import { KeyOrders } from './facts/keyOrder.js';
import { memoisedRunFacts } from './facts/runFactsMemo.js';
import { partnerFieldKind, partnerFieldOf, partnerFieldValue } from './plan/formulaScope.js';
import { checkPartner } from './facts/checkPartner.js';
import { buildStatement, finaliseUnit, type FreshLines } from './engine/finalise.js';
import { attachTraces, type TraceRef } from './engine/lazyLines.js';
import { inputHashWith, outputHash } from './engine/hashes.js';
import { freshStatementJson } from './engine/statementJson.js';
import { verifySample } from './engine/formulaEngine.js';
import { crossCheck } from './engine/crossCheck.js';
import { filterScope, referencesOf, resolveParams, selects, selectVersions, type PreparedPlan, type UnitWork } from './engine/units.js';
import { interpret, isDecimal, isError } from './formula/interpret.js';
import { memoisedCompilePlan, memoisedTables } from './plan/compiledPlanMemo.js';
import { createSha256 } from './hash.js';
import { PlanError, formatIssues, issue, sortIssues, sortKeys } from './issues.js';
import { parseFactSchema } from './parseInputs.js';
import { sumAmounts } from './money.js';
import { parsePlan } from './plan/parsePlan.js';
import type { EvaluateOptions, RunInput, RunSummary, StatementSink } from './evaluateTypes.js';
import type { Issue } from './schema/issue.js';
import type { Partner } from './schema/partner.js';
import type { RunResult, Statement, TableCounts, VerifySummary } from './schema/result.js';

export { inputHash, outputHash, statementDigest } from './engine/hashes.js';
export { selects } from './engine/units.js';

const MAX_BATCH_ROWS = 25_000;

/**
 * A partner's rejected records as its statement lists them: addressed by table and record id (not by position in
 * the input, so the statement does not depend on record order), sorted.
 */
function statementRejections(list: Issue[] | undefined): Issue[] {
  if (!list) return [];
  const byId = list.map((i) => sortKeys({ ...i, path: i.record ? ['facts', i.record.table, i.record.id, ...(i.field === undefined ? [] : [i.field])] : i.path }));
  const key = (i: Issue) => JSON.stringify([i.record?.table, i.record?.id, i.field, i.message]);
  return byId.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** Evaluates a period and returns every statement. For large periods prefer `evaluateStream`. */
export function evaluate(input: RunInput, options: EvaluateOptions = {}): RunResult {
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
  // a JS caller who left the options out passed the sink in their place: say so rather than fail on `sink(...)`
  if (typeof options === 'function') throw new TypeError('evaluateStream(input, options, sink): pass an options object ({} for the defaults) before the sink');
  options ??= {};
  const issues: Issue[] = [];
  const { period } = input;
  const schemaResult = parseFactSchema(input.factSchema);
  if (!schemaResult.ok) throw new PlanError(schemaResult.issues, `[provvigo] the fact schema is invalid:\n${formatIssues(schemaResult.issues)}`);
  const factSchema = schemaResult.factSchema;
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
    // Kept between runs by content (plan/compiledPlanMemo.ts): a preview after a formula edit compiles that formula only.
    const tables = memoisedTables(r.plan);
    const compiled = options.exactEngine === 'interpreter' ? undefined : memoisedCompilePlan(r.analyzed, tables);
    prepared.push({ analyzed: r.analyzed, index: prepared.length, tables, refs: referencesOf(r.analyzed), ...(compiled ? { compiled } : {}) });
  });
  const planVersions = selectVersions(prepared, period);

  // 2. Partners.
  const partners = new Map<string, Partner>();
  const declaredIds = new Set(input.partners.map((p) => (typeof p === 'object' && p !== null && typeof (p as { id?: unknown }).id === 'string' ? (p as { id: string }).id : '')));
  // Partners that fail validation compute nothing but still get a statement saying why (blocked, with their issues).
  const invalidById = new Map<string, { raw: unknown; issues: Issue[] }>();
  input.partners.forEach((raw, i) => {
    const r = checkPartner(raw, i, factSchema, (id) => declaredIds.has(id));
    if (!r.ok) {
      issues.push(...r.issues);
      if (r.id !== undefined && !invalidById.has(r.id)) invalidById.set(r.id, { raw, issues: r.issues });
      return;
    }
    if (partners.has(r.partner.id)) {
      issues.push(issue('duplicate_record', `partner ${r.partner.id} appears twice; the first is used`, ['partners', i], { partnerId: r.partner.id, field: 'id', value: r.partner.id, rule: 'unique id', messages: { en: `partner ${r.partner.id} appears twice; the first is used`, it: `il partner ${r.partner.id} compare due volte; vale il primo` } }));
      return;
    }
    partners.set(r.partner.id, r.partner);
  });
  // Invalid partners the caller left out of `partners` (it reported their issues), unless a valid one has the id.
  for (const bad of input.invalidPartners ?? []) if (!invalidById.has(bad.id)) invalidById.set(bad.id, { raw: { id: bad.id }, issues: bad.issues });
  for (const id of partners.keys()) invalidById.delete(id);
  const partnerIds = [...partners.keys()].sort();
  // Partitions are round-robin over the sorted ids of every partner given, valid or not, as the callers that split
  // a run's records (the CLI's pool, the queue) assign them; ids they do not know belong to partition 0.
  const partitionIds = [...new Set(input.partners.map((p) => (p as { id?: unknown } | null)?.id).filter((id): id is string => typeof id === 'string'))].sort();
  const partitioned = new Set(partitionIds);
  const inPartition = new Set(partition ? partitionIds.filter((_, i) => i % partition.count === partition.index) : partitionIds);
  const countsUnassigned = !partition || partition.index === 0;
  /** Whether this partition reports a partner's records and statement. */
  const ownsHere = (id: string | undefined) => (id !== undefined && partitioned.has(id) ? inPartition.has(id) : countsUnassigned);
  const listsRejections = (id: string) => partners.has(id) || invalidById.has(id);

  // 3. Facts: validate every record; each ends used, excluded (with the reason) or rejected (with an issue).
  const counts: Record<string, TableCounts> = {};
  // The input hash first: the checks then reuse its key order of each table (facts/keyOrder.ts), and the sink, which
  // runs between here and the end, cannot change what the hash covers.
  const orders = new KeyOrders(input.facts);
  const createHash = options.createHash ?? createSha256;
  const digestOfInput = options.hashInputs === false ? '' : inputHashWith(input, createHash, orders);
  const factsContext: RunFactsContext = {
    period,
    isPartner: (id) => partners.has(id),
    invalidPartner: (id) => invalidById.get(id)?.issues,
    ownsHere,
    listsRejections,
    countsUnassigned,
    rejected: input.rejected,
    orders,
  };
  // A live preview evaluates the same small input again after each plan edit: its facts are checked once (see
  // facts/runFactsMemo.ts for what the memo compares before it answers).
  const runFacts = memoisedRunFacts(input, options.partition, factSchema, factsContext);
  orders.clear();
  const { status, rejectedByPartner } = runFacts;
  // Let go once the units hold the records they read (end of step 4): the records no plan reads are freed then.
  let byPartner: typeof runFacts.byPartner | undefined = runFacts.byPartner;
  issues.push(...runFacts.issues);
  const recordIndex = (r: CheckedRecord) => r.index;

  // 4. Units: one per (partner, applicable plan), records filtered in order of record id.
  // A batch's slots are emptied once it is done (step 6): a large run keeps only the records still to compute.
  const units: Array<UnitWork | undefined> = [];
  for (const partnerId of partnerIds) {
    if (!inPartition.has(partnerId)) continue;
    const partner = partners.get(partnerId)!;
    const plans = planVersions.filter((p) => selects(p.analyzed.plan, partner));
    const perTable = byPartner!.get(partnerId);
    if (plans.length === 0) {
      for (const [t, list] of perTable ?? []) for (const r of list) status.get(t)![recordIndex(r)] = excluded('no_plan_for_partner');
      continue;
    }
    for (const plan of plans) {
      const fields = new Map(
        plan.analyzed.partnerFields.map((name) => {
          const field = partnerFieldOf(name)!;
          const value = partnerFieldValue(partner, field);
          // A numeric attribute may be written as a decimal string in the partner file: it is a number in formulas.
          return [name, partnerFieldKind(field, factSchema) === 'number' && typeof value === 'string' ? Number(value) : value] as const;
        }),
      );
      const params = resolveParams(plan.analyzed.plan, partnerId, fields);
      const records: CheckedRecord[][] = [];
      for (const def of plan.analyzed.lineSheets) {
        // in order of record id already (facts/checkRunFacts.ts)
        const candidates = perTable?.get(def.source) ?? [];
        const kept: CheckedRecord[] = [];
        const scope = filterScope(params);
        for (const rec of candidates) {
          const st = status.get(def.source)!;
          const idx = recordIndex(rec);
          if (def.filter) {
            scope.rec = rec;
            const v = interpret(def.filter, scope, plan.tables);
            if (isError(v)) {
              if (st[idx]!.status !== 'used') st[idx] = REJECTED;
              issues.push(issue('formula_error', `the filter of ${def.name} gives ${v.error} for this record: ${v.message}`, ['plans', plan.analyzed.plan.id, 'sheets', def.name, 'filter'], { partnerId, planId: plan.analyzed.plan.id, sheet: def.name, record: { table: def.source, id: rec.id }, error: v.error }));
              continue;
            }
            if (v !== true && !(isDecimal(v) && !v.isZero())) {
              if (st[idx]!.status === 'excluded') st[idx] = excluded(`filter:${plan.analyzed.plan.id}/${def.name}`);
              continue;
            }
          }
          st[idx] = USED;
          kept.push(rec);
        }
        records.push(kept);
      }
      units.push({ partner, plan, records, params });
    }
  }
  byPartner = undefined;
  // Invalid partners of this partition, in id order: a statement each, blocked, with their issues and rejected records,
  // in the plans that would select them (all plans when none does, e.g. an unknown kind): the currency to show.
  const invalidHere = [...invalidById]
    .filter(([id]) => ownsHere(id))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([id, bad]) => {
      const raw = (typeof bad.raw === 'object' && bad.raw !== null ? bad.raw : {}) as Record<string, unknown>;
      const stub = { id, name: typeof raw['name'] === 'string' ? raw['name'] : id, kind: raw['kind'], territory: raw['territory'] } as Partner;
      const selected = planVersions.filter((p) => selects(p.analyzed.plan, stub));
      return { partner: stub, issues: bad.issues, plans: selected.length > 0 ? selected : planVersions };
    });

  // 5. Cross-check: which partners a second formula engine recomputes (the same in every partition of the run).
  const engine = options.formulaEngine;
  const mode = engine ? options.verify ?? 'sample' : 'off';
  const planned = partnerIds.filter((id) => planVersions.some((p) => selects(p.analyzed.plan, partners.get(id)!)));
  const checkedPartners = mode === 'full' ? new Set(planned) : mode === 'sample' ? verifySample(planned) : new Set<string>();
  const verify: VerifySummary = { mode, engine: engine?.name ?? null, partners: [...checkedPartners].filter((id) => inPartition.has(id)).sort(), lines: 0, mismatches: 0 };
  if (engine && checkedPartners.size > 0 && units.some((u) => checkedPartners.has(u!.partner.id))) {
    engine.prepare(planVersions.map((p) => p.analyzed));
  }
  // A sample is cross-checked ahead of the batches, in one workbook (engine/crossCheck.ts); `full` batch by batch.
  const sampled = engine && mode === 'sample' ? crossCheck(engine, units as UnitWork[], checkedPartners, true) : undefined;

  // 6. Batches: compute exactly (and cross-check the sampled units), emit statements in partner order.
  const statementDigests: RunSummary['statementDigests'] = [];
  // Per currency, the exact sum of statement totals, at the largest scale among them (sumAmounts never rounds).
  const totals = new Map<string, string>();
  let statementCount = 0;
  let lineCount = 0;
  const batchSize = Math.max(1, options.batchSize ?? 250);
  let start = 0;
  let done = 0;
  const keepTrace = options.keepTrace !== false;
  // `refs`: where the traces of the statement's lines are, for lines made here (finaliseUnit): they are attached once
  // the JSON is written, so writing it copies no line to leave its trace out.
  const emit = (statement: Statement, refs: readonly TraceRef[] = []) => {
    const hashing = options.hashOutputs !== false;
    const json = hashing ? freshStatementJson(statement, refs) : '';
    attachTraces(statement.lines, refs);
    let digest = '';
    if (hashing) {
      const h = createHash();
      h.update(json);
      digest = h.digest();
    }
    statementDigests.push({ partnerId: statement.partnerId, hash: digest });
    statementCount++;
    lineCount += statement.lines.length;
    totals.set(statement.currency, sumAmounts([totals.get(statement.currency) ?? '0', statement.total]));
    sink(statement, digest, json);
  };
  let nextInvalid = 0;
  /** Emits the invalid partners' statements that come before `id` in partner order (all the rest without one). */
  const emitInvalidBefore = (id?: string) => {
    while (nextInvalid < invalidHere.length && (id === undefined || invalidHere[nextInvalid]!.partner.id < id)) {
      const bad = invalidHere[nextInvalid++]!;
      if (bad.plans.length === 0) continue; // no plan at all: nothing can be shown, the run's issues say why
      const rejected = { issues: statementRejections(rejectedByPartner.get(bad.partner.id)), block: true };
      emit({ ...buildStatement(bad.partner, [], period.id, bad.plans, [], rejected), blocked: true, issues: bad.issues });
    }
  };
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
    const batch = units.slice(start, end) as UnitWork[];
    units.fill(undefined, start, end);
    const checked = sampled ?? (engine && mode === 'full' ? crossCheck(engine, batch, checkedPartners, start === 0 && end === units.length) : undefined);
    let current: { partner: Partner; block: boolean } & FreshLines | undefined;
    const flush = () => {
      if (!current) return;
      emitInvalidBefore(current.partner.id);
      const rejected = { issues: statementRejections(rejectedByPartner.get(current.partner.id)), block: current.block };
      emit(buildStatement(current.partner, current.lines, period.id, planVersions, issues, rejected), current.refs);
      current = undefined;
    };
    batch.forEach((work) => {
      if (current && current.partner.id !== work.partner.id) flush();
      current ??= { partner: work.partner, lines: [], refs: [], block: false };
      if (work.plan.analyzed.plan.rejectedRecords === 'block') current.block = true;
      const check = checked?.(work);
      // Mismatches are counted as the lines are made: reading `trace.formulaValue` here would build every lazy trace.
      const made = finaliseUnit(work, check, period.id, keepTrace, verify);
      if (check) verify.lines += made.lines.length;
      // a loop, not push(...): a partner's unit may hold more lines than a call takes arguments
      for (let i = 0; i < made.lines.length; i++) {
        current.lines.push(made.lines[i]!);
        current.refs.push(made.refs[i]!);
      }
    });
    flush();
    done += batch.length;
    options.onProgress?.(done, units.length);
    start = end;
  }
  emitInvalidBefore();

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

  const totalsOut = Object.fromEntries([...totals].sort(([a], [b]) => (a < b ? -1 : 1)));
  return {
    period,
    plans: prepared.map((p) => ({ id: p.analyzed.plan.id, version: p.analyzed.plan.version, hash: p.analyzed.hash })),
    issues: sortIssues(issues),
    counts,
    totals: totalsOut,
    inputHash: digestOfInput,
    outputHash: options.hashOutputs === false ? '' : outputHash(statementDigests, counts, totalsOut, createHash),
    verify,
    statementCount,
    lineCount,
    statementDigests,
  };
}

