import { runCrossCheck } from './engine/crossCheck.js';
import { buildUnits } from './engine/buildUnits.js';
import { inputHashWith, outputHash } from './engine/hashes.js';
import { InvalidStatements } from './engine/invalidStatements.js';
import { preparePlans } from './engine/preparePlans.js';
import { runBatches } from './engine/runBatches.js';
import { runPartners } from './engine/runPartners.js';
import { StatementEmitter } from './engine/statementEmitter.js';
import { tableCounts } from './engine/tableCounts.js';
import { selectVersions } from './engine/units.js';
import type { RunFactsContext } from './facts/checkRunFacts.js';
import { KeyOrders } from './facts/keyOrder.js';
import { memoisedRunFacts } from './facts/runFactsMemo.js';
import { createSha256 } from './hash.js';
import { PlanError, formatIssues, sortIssues } from './issues.js';
import { parseFactSchema } from './parseInputs.js';
import { periodIssues } from './engine/periodIssues.js';
import type { EvaluateOptions, RunInput, RunSummary, StatementSink } from './evaluateTypes.js';
import type { Issue } from './schema/issue.js';
import type { RunResult, Statement } from './schema/result.js';

export { inputHash, outputHash, statementDigest } from './engine/hashes.js';
export { selects } from './engine/units.js';

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
  const badPeriod = periodIssues(period);
  if (badPeriod.length > 0) throw new PlanError(badPeriod, `[provvigo] the period is invalid:\n${formatIssues(badPeriod)}`);
  const schemaResult = parseFactSchema(input.factSchema);
  if (!schemaResult.ok) throw new PlanError(schemaResult.issues, `[provvigo] the fact schema is invalid:\n${formatIssues(schemaResult.issues)}`);
  const factSchema = schemaResult.factSchema;

  // 1. Plans: validate; an invalid plan computes nothing but the others still run.
  const prepared = preparePlans(input.plans, factSchema, options.exactEngine, issues);
  const planVersions = selectVersions(prepared, period);

  // 2. Partners, and this partition's share of them.
  const partners = runPartners(input, factSchema, options.partition, issues);

  // 3. Facts: validate every record; each ends used, excluded (with the reason) or rejected (with an issue).
  // The input hash first: the checks then reuse its key order of each table (facts/keyOrder.ts), and the sink, which
  // runs between here and the end, cannot change what the hash covers.
  const orders = new KeyOrders(input.facts);
  const createHash = options.createHash ?? createSha256;
  const digestOfInput = options.hashInputs === false ? '' : inputHashWith(input, createHash, orders);
  const factsContext: RunFactsContext = {
    period,
    isPartner: (id) => partners.byId.has(id),
    invalidPartner: (id) => partners.invalidById.get(id)?.issues,
    ownsHere: partners.ownsHere,
    listsRejections: partners.listsRejections,
    countsUnassigned: partners.countsUnassigned,
    rejected: input.rejected,
    orders,
    ...(options.positions ? { positions: options.positions } : {}),
  };
  // A live preview evaluates the same small input again after each plan edit: its facts are checked once (see
  // facts/runFactsMemo.ts for what the memo compares before it answers).
  const runFacts = memoisedRunFacts(input, options.partition, factSchema, factsContext);
  orders.clear();
  const { status, rejectedByPartner } = runFacts;
  issues.push(...runFacts.issues);

  // 4. Units: one per (partner, applicable plan), records filtered in order of record id. `runFacts` is not read
  // after this step, so the records no plan reads can be freed while the batches run.
  const units = buildUnits(partners, planVersions, runFacts, factSchema, issues);

  // 5. Cross-check: which partners a second formula engine recomputes (the same in every partition of the run).
  const crossCheck = runCrossCheck(options.formulaEngine, options.verify, partners, planVersions, units);

  // 6. Batches: compute exactly (and cross-check the checked units), emit statements in partner order.
  const out = new StatementEmitter(sink, createHash, options.hashOutputs !== false);
  runBatches(units, {
    periodId: period.id,
    plans: planVersions,
    batchSize: Math.max(1, options.batchSize ?? 250),
    keepTrace: options.keepTrace !== false,
    crossCheck,
    rejectedByPartner,
    issues,
    invalid: new InvalidStatements(partners, planVersions, period.id, rejectedByPartner),
    out,
    onProgress: options.onProgress,
  });

  // 7. Counts: in = used + excluded + rejected, per table.
  const counts = tableCounts(status);
  const totals = Object.fromEntries([...out.totals].sort(([a], [b]) => (a < b ? -1 : 1)));
  return {
    period,
    plans: prepared.map((p) => ({ id: p.analyzed.plan.id, version: p.analyzed.plan.version, hash: p.analyzed.hash })),
    issues: sortIssues(issues),
    counts,
    totals,
    inputHash: digestOfInput,
    outputHash: options.hashOutputs === false ? '' : outputHash(out.statementDigests, counts, totals, createHash),
    verify: crossCheck.summary,
    statementCount: out.statementCount,
    lineCount: out.lineCount,
    statementDigests: out.statementDigests,
  };
}
