import type { FormulaEngine, VerifyMode } from './engine/formulaEngine.js';
import type { Hasher } from './hash.js';
import type { FactRecord, FactSchemaInput } from './schema/facts.js';
import type { Partner, PartnerInput } from './schema/partner.js';
import type { PlanInput } from './schema/plan.js';
import type { Issue } from './schema/issue.js';
import type { Period, RunResult, Statement } from './schema/result.js';

/** Everything a period evaluation reads. Pure data: no IO, no clock. Validated by the run (zod at the boundary). */
export interface RunInput {
  period: Period;
  plans: PlanInput[];
  /** Partners as a caller writes them (typed profile ids and settings) or as `parsePartners` returned them. */
  partners: Array<PartnerInput | Partner>;
  factSchema: FactSchemaInput;
  /** Fact table name → records, as parsed from JSON or CSV (values may still be strings; the run coerces them). */
  facts: Record<string, FactRecord[]>;
  /**
   * Records rejected before the run, by a reader or an adapter (a CSV row with too many fields, a JSON Lines line
   * that is not JSON): one issue each, naming its table in `record.table`. They count as `in` and `rejected` of their
   * table, and appear on their partner's statement when the issue names a known `partnerId`. One without
   * `record.table` is reported (and listed) all the same, but counted in no table.
   */
  rejected?: Issue[];
  /**
   * Partners the caller validated and left out of `partners` (a bad attribute, a kind not allowed…), with the issues
   * that keep them out; the caller has reported those issues already. Each still gets a statement, blocked, with no
   * lines and those issues, listing the records rejected for it (issue 12 §3: partners without any valid record get
   * a statement that says why). Partners in `partners` that fail the run's own validation are treated the same way.
   */
  invalidPartners?: Array<{ id: string; issues: Issue[] }>;
}

export interface EvaluateOptions {
  /**
   * A second engine that recomputes the cells to cross-check the exact evaluation (which alone decides what is
   * paid): `hyperFormulaEngine({ licenseKey })` from `@provvigo/core/hyperformula`. Without one nothing is
   * cross-checked and HyperFormula is never loaded.
   */
  formulaEngine?: FormulaEngine;
  /**
   * How much the `formulaEngine` recomputes: `'full'` every partner, `'sample'` (the default when an engine is given)
   * a deterministic sample of partners, `'off'` none. A line where the engine and the exact value differ by more than
   * half a cent gets a `precision_mismatch` warning; the run summary's `verify` says what was checked.
   */
  verify?: VerifyMode;
  /** Partners per batch (default 250): a cross-checking engine gets one batch at a time. Results never depend on it. */
  batchSize?: number;
  /**
   * Which exact-decimal evaluator computes the cells: `'compiled'` (the default: each formula compiled once per plan
   * to closures over columns) or `'interpreter'` (the tree-walking reference the compiled path is tested against).
   * Both give the same statements, traces and hashes.
   */
  exactEngine?: 'compiled' | 'interpreter';
  /** Keep the trace on every line (default true). */
  keepTrace?: boolean;
  /** Called once per partner-batch, for progress bars. */
  onProgress?: (done: number, total: number) => void;
  /**
   * Computes only the partners of one partition (the i-th of `count`, round-robin over sorted partner ids), so
   * workers can split a period; merge the parts with `mergeRunResults`. Records of unknown partners are counted by
   * partition 0.
   */
  partition?: { index: number; count: number };
  /**
   * When `input` is one share of a run's input (`splitRunInput`, which gives each share's `positions`): where each of
   * its records sits in the whole input, per table (`positions[table][i]` for the share's i-th record). Issues, and the
   * ids of records without a key (`#12`), then name each record by its place in the whole input, so the merged shares
   * give the statements and the output hash of one evaluation of the whole input.
   */
  positions?: Readonly<Record<string, ArrayLike<number>>>;
  /**
   * SHA-256 hasher factory for the run hashes. Core's pure-JavaScript one by default (browsers); Node hosts may pass
   * a native one (`() => { const h = createHash('sha256'); return { update: (t) => h.update(t), digest: () => h.digest('hex') }; }`):
   * the digests are identical, only faster.
   */
  createHash?: () => Hasher;
  /** Compute the input hash (default true). A worker of a pool skips it: the pool hashes the whole input once. */
  hashInputs?: boolean;
  /**
   * Compute statement digests and the output hash (default true). A live preview, which records nothing, skips them;
   * its hashes are then empty strings.
   */
  hashOutputs?: boolean;
}

/** A run summary without statements, for streaming callers that receive statements one by one. */
export type RunSummary = Omit<RunResult, 'statements'> & {
  statementCount: number;
  lineCount: number;
  /** SHA-256 of each statement's canonical JSON, in partner order: the output hash is the hash of these. */
  statementDigests: Array<{ partnerId: string; hash: string }>;
};

/**
 * Receives each statement as it is finished, with its SHA-256 and its canonical JSON (already computed for the hash:
 * writers can use it instead of serialising again; both are empty strings when `hashOutputs` is false).
 */
export type StatementSink = (statement: Statement, hash: string, json: string) => void;
