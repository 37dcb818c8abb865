import {
  LedgerEntrySchema,
  PeriodStatementSchema,
  RunRecordSchema,
  StatementSchema,
  hash,
  nextPlanVersion,
  normalizeActorId,
  runStateName,
  type AuditEntry,
  type AuditInput,
  type LedgerEntry,
  type Period,
  type PeriodStatement,
  type Plan,
  type PlanVersion,
  type PlanVersionRef,
  type RunRecord,
  type Statement,
  type StatementLine,
} from '@provvigo/core';
import { appendAuditTx, MAX_AUDIT_PAGE, readAuditHead, readAuditLog, readAuditPage, type AuditPageFilter } from './audit.js';
import type { Db, Queryable } from './db.js';
import { StoreError } from './errors.js';
import { appendLedgerTx, ledgerColumnMismatches, ledgerEntryOf, ledgerHeadTx, readLedger } from './ledger.js';
import { migrate } from './migrate.js';
import { STORE_MIGRATIONS } from './migrations.js';
import { insertPeriod, markPeriodClosed, periodEndingFrom, readPeriod, readPeriods, type PeriodRecord } from './periods.js';
import {
  deletePlanVersionTx,
  insertPlanVersionTx,
  pinRunPlansTx,
  readLatestPlans,
  readPlanHistory,
  readPlanVersion,
  readRunPlans,
} from './plans.js';
import { insertRun, lockRun, readRun, readRuns, writeCalculatedRun, writeRunState, type StoredRun } from './runs.js';
import {
  clearRunOutput,
  insertProposed,
  insertStatements,
  readProposed,
  readStatementHeaders,
  readLinesWithoutTraces,
  readStatementRows,
  readTrace,
  evaluatedHash,
  type StatementHeader,
} from './statements.js';
import { writeSnapshotTx } from './snapshots.js';
import { readStatementEntries } from './statementEntries.js';
import type { SaveCalculationInput, StoreSession, TransitionOutcome } from './storeInputs.js';
import { LOCK_NAMESPACE, WRITE_LOCK, storableText } from './sql.js';
import { pauseAfterStatement, pausing } from './testHook.js';
import { storableDates, storableRunTimes, storableTimes } from './timestamps.js';

export { StoreError } from './errors.js';
export type { PeriodRecord } from './periods.js';
export type { RunSummaryData, StoredRun } from './runs.js';
export type { StatementHeader } from './statements.js';
export { evaluatedHash } from './statements.js';

export type { NewPlanVersion, SaveCalculationInput, StoreSession, TransitionOutcome } from './storeInputs.js';

/** The largest entry number an audit page's cursor may name: the `seq` column is a PostgreSQL integer. */
const MAX_SEQ = 2_147_483_647;

/**
 * Persistence of plan versions, periods, runs, statements, traces, ledger and audit log over a `Db` (PGlite or
 * PostgreSQL). Every mutating method is one transaction, which also appends its audit entry. Ledger and audit are
 * append-only, plan versions immutable, and an approved run and its statements frozen: database triggers refuse
 * the changes, so not even SQL typed by hand can rewrite history without dropping the triggers first — and
 * `verifyStore` detects it when someone does. Each aggregate's SQL lives in its own module (periods, runs,
 * statements, ledger, audit, plans); this class composes them into transactions.
 */
export class Store {
  private constructor(
    readonly db: Db,
    private readonly session: StoreSession,
  ) {}

  /**
   * Wraps `db` and applies the store migrations (idempotent). `session.osUser`: the operating-system user running
   * the process (the CLI passes it): every audit entry records it, and on PostgreSQL the database role too, next to
   * the declared actor.
   */
  static async open(db: Db, session: StoreSession = {}): Promise<Store> {
    // every write transaction passes it to the database (set_config)
    storableText({ 'the session\'s operating-system user': session.osUser });
    await migrate(db, STORE_MIGRATIONS);
    return new Store(db, session);
  }

  // ------------------------------------------------------------------------------------------- plans

  /**
   * Saves a plan as its next version (latest + 1; the first is 1) with an audit entry, in one transaction. Content
   * identical to the latest version saves nothing and returns that version (`created: false`).
   */
  async savePlan(plan: Plan, by: { actor: string; at: string }): Promise<{ version: PlanVersion; created: boolean }> {
    storableText({ 'the plan id': plan.id, 'the actor id': by.actor });
    storableTimes({ at: by.at });
    return this.write(async (tx) => {
      const next = nextPlanVersion(plan, await readPlanHistory(tx, plan.id));
      if (!next.isNew) return { version: (await readPlanVersion(tx, plan.id, next.ref.version))!, created: false };
      return insertPlanVersionTx(tx, { plan: next.plan, expected: next.ref, actor: by.actor, at: by.at });
    });
  }

  /** Every version of a plan, oldest first (empty when the plan was never saved). */
  async planHistory(planId: string): Promise<PlanVersion[]> {
    storableText({ 'the plan id': planId });
    return readPlanHistory(this.db, planId);
  }

  /** One version of a plan, or its latest when `version` is omitted. */
  async getPlanVersion(planId: string, version?: number): Promise<PlanVersion | null> {
    storableText({ 'the plan id': planId });
    return readPlanVersion(this.db, planId, version);
  }

  /** The latest version of every stored plan. */
  async latestPlans(): Promise<PlanVersion[]> {
    return readLatestPlans(this.db);
  }

  /** Deletes a version that no run pins; a pinned one is refused (`plan_version_in_use`). */
  async deletePlanVersion(input: { planId: string; version: number; actor: string; at: string }): Promise<void> {
    storableText({ 'the plan id': input.planId, 'the actor id': input.actor });
    storableTimes({ at: input.at });
    await this.write((tx) => deletePlanVersionTx(tx, input));
  }

  /** The plan versions (id, version, hash) a run pinned when it was calculated. */
  async runPlans(runId: string): Promise<PlanVersionRef[]> {
    storableText({ 'the run id': runId });
    return readRunPlans(this.db, runId);
  }

  // ------------------------------------------------------------------------------------------- periods

  /**
   * Opens a period with its audit entry and, when given, its first run (a draft from core's `openRun`) with that
   * run's audit entry: all in ONE transaction, so a period never exists without its run.
   */
  async openPeriod(input: {
    period: Period;
    actor: string;
    at: string;
    audit?: AuditInput;
    run?: { record: RunRecord; audit: AuditInput };
  }): Promise<PeriodRecord> {
    const { period, at } = input;
    storableText({ 'the period id': period.id, 'the actor id': input.actor, 'the run id': input.run?.record.id });
    storableTimes({ at, 'audit.at': input.audit?.at, 'run.audit.at': input.run?.audit.at });
    storableDates({ 'period.start': period.start, 'period.end': period.end });
    const actor = normalizeActorId(input.actor);
    const run = input.run ? RunRecordSchema.parse(input.run.record) : null;
    if (run) storableRunTimes(run, 'run.record');
    return this.write(async (tx) => {
      const existing = await readPeriod(tx, period.id);
      if (existing) {
        throw new StoreError('period_exists', {
          en: `period ${period.id} already exists (${existing.state})`,
          it: `il periodo ${period.id} esiste già (stato ${existing.state})`,
        });
      }
      if (period.end < period.start) {
        throw new StoreError('period_order', {
          en: `period ${period.id} ends (${period.end}) before it starts (${period.start})`,
          it: `il periodo ${period.id} finisce (${period.end}) prima di iniziare (${period.start})`,
        });
      }
      // periods follow each other: the ledger books them in this order
      const later = await periodEndingFrom(tx, period.start);
      if (later) {
        throw new StoreError('period_order', {
          en: `period ${period.id} starts on ${period.start}, before period ${later.id} ends (${later.end}): periods must follow each other`,
          it: `il periodo ${period.id} inizia il ${period.start}, prima che finisca il periodo ${later.id} (${later.end}): i periodi devono susseguirsi senza sovrapporsi`,
        });
      }
      await insertPeriod(tx, period, actor, at);
      // the entry carries the period's dates: `verifyStore` re-derives the period row from it
      const audit = input.audit ?? { at, actor, action: 'period.open' };
      await appendAuditTx(tx, { ...audit, details: { ...audit.details, period: period.id, start: period.start, end: period.end } });
      if (run) {
        if (run.period.id !== period.id) {
          throw new StoreError('invalid_data', {
            en: `run ${run.id} is for period ${run.period.id}, not ${period.id}`,
            it: `l'esecuzione ${run.id} è del periodo ${run.period.id}, non di ${period.id}`,
          });
        }
        await insertRun(tx, run);
        await appendAuditTx(tx, recording(input.run!.audit, run));
      }
      return (await readPeriod(tx, period.id))!;
    });
  }

  async getPeriod(id: string): Promise<PeriodRecord | null> {
    storableText({ 'the period id': id });
    return readPeriod(this.db, id);
  }

  async listPeriods(): Promise<PeriodRecord[]> {
    return readPeriods(this.db);
  }

  /**
   * Closes a period. `check` runs inside the transaction with the period's runs and may throw to refuse (the CLI
   * requires an approved run); the close and its audit entry commit together.
   */
  async closePeriod(input: {
    periodId: string;
    actor: string;
    at: string;
    check?: (runs: StoredRun[]) => void;
    details?: Record<string, unknown>;
  }): Promise<PeriodRecord> {
    storableText({ 'the period id': input.periodId, 'the actor id': input.actor });
    storableTimes({ at: input.at });
    return this.write(async (tx) => {
      const period = await readPeriod(tx, input.periodId, true);
      if (!period) throw new StoreError('period_unknown', { en: `period ${input.periodId} does not exist`, it: `il periodo ${input.periodId} non esiste` });
      if (period.state === 'closed') {
        throw new StoreError('period_closed', {
          en: `period ${input.periodId} was already closed by ${period.closedBy} at ${period.closedAt}`,
          it: `il periodo ${input.periodId} è già stato chiuso da ${period.closedBy} il ${period.closedAt}`,
        });
      }
      input.check?.(await readRuns(tx, input.periodId));
      const actor = normalizeActorId(input.actor);
      await markPeriodClosed(tx, input.periodId, actor, input.at);
      await appendAuditTx(tx, { at: input.at, actor, action: 'period.close', details: { period: input.periodId, ...input.details } });
      return (await readPeriod(tx, input.periodId))!;
    });
  }

  // ---------------------------------------------------------------------------------------------- runs

  /** Inserts a new run (usually a draft from core's `openRun`), with its audit entry. */
  async createRun(record: RunRecord, audit: AuditInput): Promise<StoredRun> {
    const rec = RunRecordSchema.parse(record);
    storableText({ 'the run id': rec.id, 'the period id': rec.period.id });
    storableRunTimes(rec, 'record');
    storableTimes({ 'audit.at': audit.at });
    return this.write(async (tx) => {
      const period = await readPeriod(tx, rec.period.id, true);
      if (!period) {
        throw new StoreError('period_unknown', {
          en: `period ${rec.period.id} does not exist: open it first`,
          it: `il periodo ${rec.period.id} non esiste: aprilo prima`,
        });
      }
      if (period.state === 'closed') throw new StoreError('period_closed', { en: `period ${rec.period.id} is closed`, it: `il periodo ${rec.period.id} è chiuso` });
      await insertRun(tx, rec);
      await appendAuditTx(tx, recording(audit, rec));
      return { record: rec, summary: null, ledgerSeq: 0 };
    });
  }

  async getRun(runId: string): Promise<StoredRun | null> {
    storableText({ 'the run id': runId });
    return readRun(this.db, runId);
  }

  async listRuns(periodId?: string): Promise<StoredRun[]> {
    storableText({ 'the period id': periodId });
    return readRuns(this.db, periodId);
  }

  /**
   * Stores a calculation in one transaction: the plan versions it evaluated that are new, the run record (state
   * `calculated`) pinning its plan versions, its summary, statements, traces and proposed ledger entries, replacing
   * those of an earlier calculation of the same, not yet approved, run. `expectedState` guards against a concurrent
   * change between reading the run and saving it.
   */
  async saveCalculation(input: SaveCalculationInput, expectedState: RunRecord['state'][]): Promise<StoredRun> {
    const rec = RunRecordSchema.parse(input.record);
    // the rest is written as JSON documents, each checked as it becomes its parameter (jsonParam)
    storableText({ 'the run id': rec.id });
    storableTimes({ 'audit.at': input.audit.at });
    const statements = input.statements.map((s) => PeriodStatementSchema.parse(s));
    const evaluated = input.evaluated.map((s) => StatementSchema.parse(s));
    const proposed = input.proposed.map((e) => LedgerEntrySchema.parse(e));
    const actor = rec.calculatedBy ?? input.audit.actor;
    return this.write(async (tx) => {
      const current = await lockRun(tx, rec.id);
      if (!expectedState.includes(current.record.state)) {
        throw new StoreError('concurrent_change', {
          en: `run ${rec.id} is ${current.record.state} (expected ${expectedState.join(' or ')}): someone changed it meanwhile`,
          it: `l'esecuzione ${rec.id} è nello stato ${runStateName(current.record.state, 'it')} (atteso ${expectedState.map((s) => runStateName(s, 'it')).join(' o ')}): qualcun altro l'ha modificata nel frattempo`,
        });
      }
      // the times the calculation adds, checked against the record as stored before anything is written
      storableRunTimes(rec, 'record', current.record);
      for (const v of input.planVersions ?? []) await insertPlanVersionTx(tx, { ...v, expected: v.ref, actor, at: input.audit.at });
      await clearRunOutput(tx, rec.id);
      await writeCalculatedRun(tx, rec, input.summary, input.ledgerSeq);
      await this.pinPlans(tx, rec);
      await insertStatements(tx, rec.id, evaluated, statements);
      await insertProposed(tx, rec.id, proposed);
      const snapshot = await writeSnapshotTx(tx, rec.id, input.snapshot);
      const calculated = recording(input.audit, rec);
      await appendAuditTx(tx, {
        ...calculated,
        details: {
          ...calculated.details,
          summaryHash: hash(input.summary),
          evaluatedHash: evaluatedHash(evaluated),
          ledgerSeq: input.ledgerSeq,
          ...(snapshot ? { snapshot } : {}),
        },
      });
      return { record: rec, summary: input.summary, ledgerSeq: input.ledgerSeq };
    });
  }

  /**
   * Moves a run in ONE transaction: locks its row (SELECT … FOR UPDATE, so a concurrent transition waits and then
   * sees the new state), hands the current state to `decide` (core's transition functions: they throw on a refused
   * move), then writes the new record, appends the ledger entries and the audit entry. Two approvers at once:
   * the second one's `decide` sees `approved` and is refused by core. `decide` returning null writes nothing.
   * `ctx.tx` lets a caller write its own tables in the same transaction (e.g. SAP postings with the `posted` move).
   */
  async transitionRun<T = void>(
    runId: string,
    decide: (
      current: StoredRun,
      ctx: { proposed: () => Promise<LedgerEntry[]>; ledgerSeq: number; tx: Queryable },
    ) => TransitionOutcome<T> | null | Promise<TransitionOutcome<T> | null>,
  ): Promise<{ run: StoredRun; value: T | undefined; changed: boolean }> {
    storableText({ 'the run id': runId });
    return this.write(async (tx) => {
      const current = await lockRun(tx, runId);
      const ledgerSeq = await ledgerHeadTx(tx);
      const outcome = await decide(current, { ledgerSeq, tx, proposed: () => readProposed(tx, runId) });
      if (outcome === null) return { run: current, value: undefined, changed: false }; // nothing to do: commit nothing
      const rec = RunRecordSchema.parse(outcome.record);
      if (rec.id !== runId) throw new Error(`transition returned run ${rec.id} for ${runId}`);
      storableRunTimes(rec, 'record', current.record);
      storableTimes({ 'audit.at': outcome.audit.at });
      await writeRunState(tx, rec);
      if (outcome.ledger?.length) await appendLedgerTx(tx, outcome.ledger, ledgerEntryOf(rec.id));
      await appendAuditTx(tx, recording(outcome.audit, rec));
      return { run: { ...current, record: rec }, value: outcome.value, changed: true };
    });
  }

  // ------------------------------------------------------------------------------------------ statements

  /** Period statements of a run (lines with traces), sorted by partner. */
  async getStatements(runId: string, partnerId?: string): Promise<PeriodStatement[]> {
    storableText({ 'the run id': runId, 'the partner id': partnerId });
    const rows = await readStatementRows(this.db, runId, partnerId);
    return rows.filter((r) => r.statement !== null).map((r) => ({ ...r.statement!, lines: r.lines }));
  }

  /** The statements `evaluate` produced for the run (lines with traces), sorted by partner: what approval checks. */
  async getEvaluated(runId: string, partnerId?: string): Promise<Statement[]> {
    storableText({ 'the run id': runId, 'the partner id': partnerId });
    const rows = await readStatementRows(this.db, runId, partnerId);
    return rows.filter((r) => r.evaluated !== null).map((r) => ({ ...r.evaluated!, lines: r.lines }));
  }

  /**
   * A partner's evaluated lines in the run without their traces, or null when the run has no statement for it: what a
   * check of a line id, or a list of the lines, needs without rebuilding every trace.
   */
  async statementLines(runId: string, partnerId: string): Promise<StatementLine[] | null> {
    storableText({ 'the run id': runId, 'the partner id': partnerId });
    return readLinesWithoutTraces(this.db, runId, partnerId);
  }

  async listStatementHeaders(runId: string): Promise<StatementHeader[]> {
    storableText({ 'the run id': runId });
    return readStatementHeaders(this.db, runId);
  }

  async getTrace(runId: string, lineId: string): Promise<unknown | null> {
    storableText({ 'the run id': runId, 'the line id': lineId });
    return readTrace(this.db, runId, lineId);
  }

  /** The ledger entries the run's approval books (for its approved partners), in booking order. */
  async proposedEntries(runId: string): Promise<LedgerEntry[]> {
    storableText({ 'the run id': runId });
    return readProposed(this.db, runId);
  }

  /**
   * The ledger entries a period statement of the run names (held, released, lapsed, reserve shares, clawbacks): the
   * run's own and, for amounts held in earlier periods, the partner's booked ones. Only that partner's.
   */
  async statementEntries(runId: string, statement: PeriodStatement): Promise<LedgerEntry[]> {
    storableText({ 'the run id': runId, 'the partner id': statement.partnerId });
    return readStatementEntries(this.db, runId, statement);
  }

  // ---------------------------------------------------------------------------------------------- ledger

  /** The ledger in append order, optionally for one partner and/or up to a sequence number. */
  async ledger(filter: { partnerId?: string; period?: string; uptoSeq?: number } = {}): Promise<LedgerEntry[]> {
    storableText({ 'the partner id': filter.partnerId, 'the period id': filter.period });
    return readLedger(this.db, filter);
  }

  /** Ledger rows whose SQL columns disagree with their entry document (edited behind the store's back). */
  async ledgerColumnMismatches(): Promise<string[]> {
    return ledgerColumnMismatches(this.db);
  }

  /** Sequence number of the last ledger entry (0 when empty). */
  async ledgerHead(): Promise<number> {
    return ledgerHeadTx(this.db);
  }

  // ----------------------------------------------------------------------------------------------- audit

  /** Appends one audit entry on its own (actions that change nothing else, e.g. an export). */
  async appendAudit(input: AuditInput): Promise<AuditEntry> {
    storableTimes({ at: input.at });
    return this.write((tx) => appendAuditTx(tx, input));
  }

  async auditLog(): Promise<AuditEntry[]> {
    return readAuditLog(this.db);
  }

  /**
   * A page of the log (`readAuditPage`), newest first or in chain order: `limit` from 1 to `MAX_AUDIT_PAGE`, `before`
   * (or `after`, in chain order) a seq from the previous page's `next`. A limit or seq out of range is refused as
   * `invalid_data`, in both languages.
   */
  async auditPage(filter: AuditPageFilter): Promise<{ entries: AuditEntry[]; next: number | null }> {
    storableText({ 'the audit action': filter.action, 'the actor id': filter.actor, 'the run id': filter.runId });
    const whole = (n: number | undefined, min: number, max: number) => n === undefined || (Number.isInteger(n) && n >= min && n <= max);
    if (!whole(filter.limit, 1, MAX_AUDIT_PAGE) || !whole(filter.before, 1, MAX_SEQ) || !whole(filter.after, 0, MAX_SEQ)) {
      throw new StoreError('invalid_data', {
        en: `an audit page holds 1 to ${MAX_AUDIT_PAGE} entries, before or after an entry number`,
        it: `una pagina del registro di audit contiene da 1 a ${MAX_AUDIT_PAGE} voci, prima o dopo un numero di voce`,
      });
    }
    return readAuditPage(this.db, filter);
  }

  /**
   * The entries `filter` selects, in chain order, read a page (`MAX_AUDIT_PAGE` entries) at a time: an export of a log
   * of any length holds one page in memory, not the log. Entries appended while it reads are read too.
   */
  async *auditEntries(filter: Pick<AuditPageFilter, 'action' | 'actor' | 'runId'> = {}): AsyncGenerator<AuditEntry> {
    let after: number | undefined = 0;
    while (after !== undefined) {
      const page = await this.auditPage({ ...filter, order: 'chain', after, limit: MAX_AUDIT_PAGE });
      yield* page.entries;
      after = page.next ?? undefined;
    }
  }

  /**
   * The entries of one run (of one action, with `action`), in chain order: what a page about the run shows. Read as
   * `auditEntries` reads any filter, through the index on (run_id, seq): a run's few entries, one page.
   */
  async runAudit(runId: string, action?: string): Promise<AuditEntry[]> {
    const entries: AuditEntry[] = [];
    for await (const e of this.auditEntries({ runId, action })) entries.push(e);
    return entries;
  }

  /**
   * One write transaction (holding the store's write lock) for writes of another module of this package, with the
   * audit entry appended in the same transaction.
   */
  async writeTx<T>(fn: (tx: Queryable, audit: (input: AuditInput) => Promise<AuditEntry>) => Promise<T>): Promise<T> {
    return this.write((tx) => fn(tx, (input) => appendAuditTx(tx, input)));
  }

  /** The audit log's recorded head (last seq and hash), kept with every append; null before the first entry. */
  async auditHead(): Promise<{ seq: number; hash: string } | null> {
    return readAuditHead(this.db);
  }

  async close(): Promise<void> {
    await this.db.close();
  }

  // ------------------------------------------------------------------------------------------- internals

  /** A write transaction holding the store's write lock (serialises sequence numbers across sessions). */
  private write<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    const pause = pauseAfterStatement();
    return this.db.transaction(async (tx) => {
      // the write lock, and the session identity the audit entries of this transaction record
      await tx.query(
        `SELECT pg_advisory_xact_lock($1, $2), set_config('provvigo.os_user', $3, true),
                set_config('provvigo.db_role', CASE WHEN $4 THEN current_user::text ELSE '' END, true)`,
        [LOCK_NAMESPACE, WRITE_LOCK, this.session.osUser ?? '', this.db.engine === 'postgres'],
      );
      if (pause === null) return fn(tx);
      const hooked = pausing(tx, pause); // crash tests only
      const result = await fn(hooked.tx);
      await hooked.beforeCommit();
      return result;
    });
  }

  /** Pins the run's plan versions; each must be stored with exactly the hash the run recorded. */
  private async pinPlans(tx: Queryable, rec: RunRecord): Promise<void> {
    for (const p of rec.plans) {
      const stored = await readPlanVersion(tx, p.id, p.version);
      if (!stored || stored.hash !== p.hash) {
        throw new StoreError('plan_unknown', {
          en: `run ${rec.id} evaluated plan ${p.id} version ${p.version} (hash ${p.hash.slice(0, 12)}…), which the store ${stored ? `holds with hash ${stored.hash.slice(0, 12)}…` : 'does not hold'}`,
          it: `l'esecuzione ${rec.id} ha valutato il piano ${p.id} versione ${p.version} (hash ${p.hash.slice(0, 12)}…), che l'archivio ${stored ? `conserva con hash ${stored.hash.slice(0, 12)}…` : 'non contiene'}`,
        });
      }
    }
    await pinRunPlansTx(tx, rec.id, rec.plans);
  }
}

/**
 * The audit entry of a change to a run, carrying the hash of the run record it leaves behind: the chain then vouches
 * for every field of the record (who approved, when, the partners approved…), and `verifyStore` re-derives it.
 */
function recording(audit: AuditInput, rec: RunRecord): AuditInput {
  return { ...audit, runId: audit.runId ?? rec.id, details: { ...audit.details, recordHash: hash(rec) } };
}
