import {
  AuditEntrySchema,
  createAuditEntry,
  LedgerEntrySchema,
  PeriodStatementSchema,
  RunRecordSchema,
  type AuditEntry,
  type AuditInput,
  type LedgerEntry,
  type Period,
  type PeriodStatement,
  type RunRecord,
  type RunResult,
  type Statement,
  type StatementLine,
  StatementSchema,
} from '@provvigo/core';
import type { Db, Queryable } from './db.js';
import { migrate } from './migrate.js';
import { STORE_MIGRATIONS } from './migrations.js';
import { writeSnapshotTx, type StoredSnapshot } from './snapshots.js';


/** A period's open/closed state. */
export interface PeriodRecord extends Period {
  state: 'open' | 'closed';
  openedBy: string;
  openedAt: string;
  closedBy: string | null;
  closedAt: string | null;
}

/** What `evaluate` reported besides the statements: kept with the run. */
export type RunSummaryData = Omit<RunResult, 'statements'>;

/** A run as stored: core's record, its evaluation summary and the ledger position it was calculated against. */
export interface StoredRun {
  record: RunRecord;
  /** Null while the run is a draft. */
  summary: RunSummaryData | null;
  /** Ledger sequence number the run's proposed entries were computed against. */
  ledgerSeq: number;
}

/** Statement without lines, for listings and totals. */
export interface StatementHeader {
  runId: string;
  partnerId: string;
  currency: string;
  /** The period statement's payable total; null when the run only has the evaluated statement. */
  payable: string | null;
  /** Evaluated total (sum of lines); null when the partner only has ledger activity this period. */
  total: string | null;
  blocked: boolean;
}

/** A refusal the store itself raises (as opposed to core's run-transition errors). */
export class StoreError extends Error {
  constructor(
    readonly code:
      | 'period_exists'
      | 'period_unknown'
      | 'period_closed'
      | 'run_unknown'
      | 'run_immutable'
      | 'ledger_moved'
      | 'not_approved'
      | 'counts_unbalanced'
      | 'invalid_data'
      | 'period_order'
      | 'concurrent_change',
    message: string,
  ) {
    super(message);
    this.name = 'StoreError';
  }
}

/** The result a transition callback returns: the new record, the ledger entries to append, the audit entry. */
export interface TransitionOutcome<T = void> {
  record: RunRecord;
  ledger?: readonly LedgerEntry[];
  audit: AuditInput;
  value?: T;
}

export interface SaveCalculationInput {
  record: RunRecord;
  summary: RunSummaryData;
  /** The statements `evaluate` returned (with traces). */
  evaluated: readonly Statement[];
  /** The period statements built by core's ledger rules; their `lines` must be the evaluated lines. */
  statements: readonly PeriodStatement[];
  /** Ledger entries that approval will append (computed against `ledgerSeq`). */
  proposed: readonly LedgerEntry[];
  ledgerSeq: number;
  audit: AuditInput;
  /** What the run keeps of its inputs and its fiscal results (`snapshots.ts`): replaced with the calculation. */
  snapshot?: StoredSnapshot;
}

/**
 * JSON text for a jsonb parameter. PostgreSQL's jsonb cannot hold the NUL character (\u0000), on either engine:
 * refuse it with a message naming what carried it instead of failing deep inside the INSERT.
 */
function jsonParam(value: unknown, what: string): string {
  const text = JSON.stringify(value);
  if (/(^|[^\\])(\\\\)*\\u0000/.test(text)) {
    throw new StoreError('invalid_data', `${what} contains a NUL character (\\u0000), which the store cannot keep: clean the source record`);
  }
  return text;
}

// Two keys of the same advisory-lock namespace as migrate(); every write transaction takes WRITE_LOCK so ledger and
// audit sequence numbers are assigned without gaps or races between connections and processes.
const LOCK_NAMESPACE = 0x70726f76;
const WRITE_LOCK = 2;

/** Rows per INSERT when writing statements and traces (one JSON parameter per batch). */
const BATCH = 500;

/**
 * Persistence of periods, runs, statements, traces, ledger and audit log over a `Db` (PGlite or PostgreSQL).
 * Every mutating method is one transaction. Ledger and audit are append-only (triggers refuse UPDATE, DELETE and
 * TRUNCATE); an approved run and its statements are frozen (triggers again), so not even SQL typed by hand can
 * rewrite history without dropping the triggers first.
 */
export class Store {
  private constructor(readonly db: Db) {}

  /** Wraps `db` and applies the store migrations (idempotent). */
  static async open(db: Db): Promise<Store> {
    await migrate(db, STORE_MIGRATIONS);
    return new Store(db);
  }

  // ------------------------------------------------------------------------------------------- periods

  async openPeriod(input: { period: Period; actor: string; at: string; audit?: AuditInput }): Promise<PeriodRecord> {
    const { period, actor, at } = input;
    return this.write(async (tx) => {
      const existing = await this.readPeriod(tx, period.id);
      if (existing) throw new StoreError('period_exists', `period ${period.id} already exists (${existing.state})`);
      if (period.end < period.start) throw new StoreError('period_order', `period ${period.id} ends (${period.end}) before it starts (${period.start})`);
      // periods follow each other: the ledger books them in this order
      const { rows: later } = await tx.query<{ id: string; end_date: string }>(
        `SELECT id, end_date FROM provvigo_periods WHERE end_date >= $1 ORDER BY start_date LIMIT 1`,
        [period.start],
      );
      if (later[0]) {
        throw new StoreError('period_order', `period ${period.id} starts on ${period.start}, before period ${later[0].id} ends (${later[0].end_date}): periods must follow each other`);
      }
      await tx.query(
        `INSERT INTO provvigo_periods (id, start_date, end_date, state, opened_by, opened_at) VALUES ($1, $2, $3, 'open', $4, $5)`,
        [period.id, period.start, period.end, actor, at],
      );
      await this.appendAuditTx(tx, input.audit ?? { at, actor, action: 'period.open', details: { period: period.id } });
      return (await this.readPeriod(tx, period.id))!;
    });
  }

  async getPeriod(id: string): Promise<PeriodRecord | null> {
    return this.readPeriod(this.db, id);
  }

  async listPeriods(): Promise<PeriodRecord[]> {
    const { rows } = await this.db.query<PeriodRow>(`SELECT * FROM provvigo_periods ORDER BY start_date, id`);
    return rows.map(toPeriod);
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
    return this.write(async (tx) => {
      const period = await this.readPeriod(tx, input.periodId, true);
      if (!period) throw new StoreError('period_unknown', `period ${input.periodId} does not exist`);
      if (period.state === 'closed') {
        throw new StoreError('period_closed', `period ${input.periodId} was already closed by ${period.closedBy} at ${period.closedAt}`);
      }
      input.check?.(await this.readRuns(tx, input.periodId));
      await tx.query(`UPDATE provvigo_periods SET state = 'closed', closed_by = $2, closed_at = $3 WHERE id = $1`, [
        input.periodId,
        input.actor,
        input.at,
      ]);
      await this.appendAuditTx(tx, {
        at: input.at,
        actor: input.actor,
        action: 'period.close',
        details: { period: input.periodId, ...input.details },
      });
      return (await this.readPeriod(tx, input.periodId))!;
    });
  }

  // ---------------------------------------------------------------------------------------------- runs

  /** Inserts a new run (usually a draft from core's `openRun`), with its audit entry. */
  async createRun(record: RunRecord, audit: AuditInput): Promise<StoredRun> {
    const rec = RunRecordSchema.parse(record);
    return this.write(async (tx) => {
      const period = await this.readPeriod(tx, rec.period.id, true);
      if (!period) throw new StoreError('period_unknown', `period ${rec.period.id} does not exist: open it first`);
      if (period.state === 'closed') throw new StoreError('period_closed', `period ${rec.period.id} is closed`);
      const { rows } = await tx.query<{ next: number }>(
        `SELECT coalesce(max(seq), 0) + 1 AS next FROM provvigo_runs WHERE period_id = $1`,
        [rec.period.id],
      );
      await tx.query(
        `INSERT INTO provvigo_runs (id, period_id, seq, state, input_hash, output_hash, ledger_seq, record, summary)
         VALUES ($1, $2, $3, $4, $5, $6, 0, $7, 'null'::jsonb)`,
        [rec.id, rec.period.id, rows[0]!.next, rec.state, rec.inputHash, rec.outputHash, JSON.stringify(rec)],
      );
      await this.appendAuditTx(tx, audit);
      return { record: rec, summary: null, ledgerSeq: 0 };
    });
  }

  async getRun(runId: string): Promise<StoredRun | null> {
    const { rows } = await this.db.query<RunRow>(`SELECT record, summary, ledger_seq FROM provvigo_runs WHERE id = $1`, [runId]);
    return rows[0] ? toRun(rows[0]) : null;
  }

  async listRuns(periodId?: string): Promise<StoredRun[]> {
    if (periodId !== undefined) return this.readRuns(this.db, periodId);
    const { rows } = await this.db.query<RunRow>(
      `SELECT r.record, r.summary, r.ledger_seq FROM provvigo_runs r JOIN provvigo_periods p ON p.id = r.period_id
       ORDER BY p.start_date, r.seq`,
    );
    return rows.map(toRun);
  }

  /**
   * Stores a calculation in one transaction: the run record (state `calculated`), its summary, statements, traces
   * and proposed ledger entries, replacing those of an earlier calculation of the same, not yet approved, run.
   * `expectedState` guards against a concurrent change between reading the run and saving it.
   */
  async saveCalculation(input: SaveCalculationInput, expectedState: RunRecord['state'][]): Promise<StoredRun> {
    const rec = RunRecordSchema.parse(input.record);
    const statements = input.statements.map((s) => PeriodStatementSchema.parse(s));
    const evaluated = input.evaluated.map((s) => StatementSchema.parse(s));
    const proposed = input.proposed.map((e) => LedgerEntrySchema.parse(e));
    return this.write(async (tx) => {
      const current = await this.lockRun(tx, rec.id);
      if (!expectedState.includes(current.record.state)) {
        throw new StoreError(
          'concurrent_change',
          `run ${rec.id} is ${current.record.state} (expected ${expectedState.join(' or ')}): someone changed it meanwhile`,
        );
      }
      await tx.query(`DELETE FROM provvigo_traces WHERE run_id = $1`, [rec.id]);
      await tx.query(`DELETE FROM provvigo_statements WHERE run_id = $1`, [rec.id]);
      await tx.query(`DELETE FROM provvigo_proposed_entries WHERE run_id = $1`, [rec.id]);
      await tx.query(
        `UPDATE provvigo_runs SET state = $2, input_hash = $3, output_hash = $4, ledger_seq = $5, record = $6, summary = $7
         WHERE id = $1`,
        [rec.id, rec.state, rec.inputHash, rec.outputHash, input.ledgerSeq, JSON.stringify(rec), JSON.stringify(input.summary)],
      );
      await this.insertStatements(tx, rec.id, evaluated, statements);
      await writeSnapshotTx(tx, rec.id, input.snapshot);
      for (let i = 0; i < proposed.length; i += BATCH) {
        const rows = proposed.slice(i, i + BATCH).map((entry, j) => ({ run_id: rec.id, ord: i + j, entry }));
        await tx.query(
          `INSERT INTO provvigo_proposed_entries (run_id, ord, entry)
           SELECT run_id, ord, entry FROM jsonb_to_recordset($1::jsonb) AS x(run_id text, ord integer, entry jsonb)`,
          [jsonParam(rows, `a ledger entry of run ${rec.id}`)],
        );
      }
      await this.appendAuditTx(tx, input.audit);
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
    return this.write(async (tx) => {
      const current = await this.lockRun(tx, runId);
      const ledgerSeq = await this.ledgerHeadTx(tx);
      const outcome = await decide(current, {
        ledgerSeq,
        tx,
        proposed: async () => {
          const { rows } = await tx.query<{ entry: LedgerEntry }>(
            `SELECT entry FROM provvigo_proposed_entries WHERE run_id = $1 ORDER BY ord`,
            [runId],
          );
          return rows.map((r) => r.entry);
        },
      });
      if (outcome === null) return { run: current, value: undefined, changed: false }; // nothing to do: commit nothing
      const rec = RunRecordSchema.parse(outcome.record);
      if (rec.id !== runId) throw new Error(`transition returned run ${rec.id} for ${runId}`);
      await tx.query(`UPDATE provvigo_runs SET state = $2, record = $3 WHERE id = $1`, [runId, rec.state, JSON.stringify(rec)]);
      if (outcome.ledger?.length) await this.appendLedgerTx(tx, outcome.ledger);
      await this.appendAuditTx(tx, outcome.audit);
      return { run: { ...current, record: rec }, value: outcome.value, changed: true };
    });
  }

  // ------------------------------------------------------------------------------------------ statements

  /** Period statements of a run (lines with traces), sorted by partner. */
  async getStatements(runId: string, partnerId?: string): Promise<PeriodStatement[]> {
    const rows = await this.readStatementRows(runId, partnerId);
    return rows.filter((r) => r.statement !== null).map((r) => ({ ...r.statement!, lines: r.lines }));
  }

  /** The statements `evaluate` produced for the run (lines with traces), sorted by partner: what approval checks. */
  async getEvaluated(runId: string, partnerId?: string): Promise<Statement[]> {
    const rows = await this.readStatementRows(runId, partnerId);
    return rows.filter((r) => r.evaluated !== null).map((r) => ({ ...r.evaluated!, lines: r.lines }));
  }

  async listStatementHeaders(runId: string): Promise<StatementHeader[]> {
    const { rows } = await this.db.query<{ partner_id: string; currency: string; payable: string | null; total: string | null; blocked: boolean }>(
      `SELECT partner_id, currency, payable::text AS payable, evaluated->>'total' AS total, blocked
       FROM provvigo_statements WHERE run_id = $1 ORDER BY partner_id`,
      [runId],
    );
    return rows.map((r) => ({ runId, partnerId: r.partner_id, currency: r.currency, payable: r.payable, total: r.total, blocked: r.blocked }));
  }

  async getTrace(runId: string, lineId: string): Promise<unknown | null> {
    const { rows } = await this.db.query<{ trace: unknown }>(`SELECT trace FROM provvigo_traces WHERE run_id = $1 AND line_id = $2`, [
      runId,
      lineId,
    ]);
    return rows[0]?.trace ?? null;
  }

  /** The ledger entries the run's approval books (for its approved partners), in booking order. */
  async proposedEntries(runId: string): Promise<LedgerEntry[]> {
    const { rows } = await this.db.query<{ entry: LedgerEntry }>(`SELECT entry FROM provvigo_proposed_entries WHERE run_id = $1 ORDER BY ord`, [runId]);
    return rows.map((r) => r.entry);
  }

  // ---------------------------------------------------------------------------------------------- ledger

  /** The ledger in append order, optionally for one partner and/or up to a sequence number. */
  async ledger(filter: { partnerId?: string; period?: string; uptoSeq?: number } = {}): Promise<LedgerEntry[]> {
    const conds: string[] = [];
    const params: unknown[] = [];
    if (filter.partnerId !== undefined) conds.push(`partner_id = $${params.push(filter.partnerId)}`);
    if (filter.period !== undefined) conds.push(`period_id = $${params.push(filter.period)}`);
    if (filter.uptoSeq !== undefined) conds.push(`seq <= $${params.push(filter.uptoSeq)}`);
    const where = conds.length ? `WHERE ${conds.join(' AND ')}` : '';
    const { rows } = await this.db.query<{ entry: LedgerEntry }>(`SELECT entry FROM provvigo_ledger ${where} ORDER BY seq`, params);
    return rows.map((r) => r.entry);
  }

  /** Ledger rows whose SQL columns disagree with their entry document (edited behind the store's back). */
  async ledgerColumnMismatches(): Promise<string[]> {
    const { rows } = await this.db.query<{ id: string }>(
      `SELECT id FROM provvigo_ledger
       WHERE id <> entry->>'id' OR run_id <> entry->>'runId' OR period_id <> entry->>'period'
          OR partner_id <> entry->>'partnerId' OR kind <> entry->>'kind' OR amount <> (entry->>'amount')::numeric
       ORDER BY seq`,
    );
    return rows.map((r) => r.id);
  }

  /** Sequence number of the last ledger entry (0 when empty). */
  async ledgerHead(): Promise<number> {
    return this.ledgerHeadTx(this.db);
  }

  // ----------------------------------------------------------------------------------------------- audit

  /** Appends one audit entry on its own (actions that change nothing else, e.g. an export). */
  async appendAudit(input: AuditInput): Promise<AuditEntry> {
    return this.write((tx) => this.appendAuditTx(tx, input));
  }

  async auditLog(): Promise<AuditEntry[]> {
    const { rows } = await this.db.query<{ entry: AuditEntry }>(`SELECT entry FROM provvigo_audit ORDER BY seq`);
    return rows.map((r) => r.entry);
  }

  /**
   * One write transaction (holding the store's write lock) for writes of another module of this package, with the
   * audit entry appended in the same transaction.
   */
  async writeTx<T>(fn: (tx: Queryable, audit: (input: AuditInput) => Promise<AuditEntry>) => Promise<T>): Promise<T> {
    return this.write((tx) => fn(tx, (input) => this.appendAuditTx(tx, input)));
  }

  async close(): Promise<void> {
    await this.db.close();
  }

  // ------------------------------------------------------------------------------------------- internals

  /** A write transaction holding the store's write lock (serialises sequence numbers across sessions). */
  private write<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    return this.db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1, $2)', [LOCK_NAMESPACE, WRITE_LOCK]);
      return fn(tx);
    });
  }

  private async readPeriod(q: Queryable, id: string, forUpdate = false): Promise<PeriodRecord | null> {
    const { rows } = await q.query<PeriodRow>(`SELECT * FROM provvigo_periods WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`, [id]);
    return rows[0] ? toPeriod(rows[0]) : null;
  }

  private async readRuns(q: Queryable, periodId: string): Promise<StoredRun[]> {
    const { rows } = await q.query<RunRow>(
      `SELECT record, summary, ledger_seq FROM provvigo_runs WHERE period_id = $1 ORDER BY seq`,
      [periodId],
    );
    return rows.map(toRun);
  }

  private async lockRun(tx: Queryable, runId: string): Promise<StoredRun> {
    const { rows } = await tx.query<RunRow>(`SELECT record, summary, ledger_seq FROM provvigo_runs WHERE id = $1 FOR UPDATE`, [runId]);
    if (!rows[0]) throw new StoreError('run_unknown', `run ${runId} does not exist`);
    return toRun(rows[0]);
  }

  private async readStatementRows(
    runId: string,
    partnerId?: string,
  ): Promise<{ evaluated: Statement | null; statement: PeriodStatement | null; lines: StatementLine[] }[]> {
    const params: unknown[] = [runId];
    let where = 'run_id = $1';
    if (partnerId !== undefined) where += ` AND partner_id = $${params.push(partnerId)}`;
    const [{ rows }, traces] = await Promise.all([
      this.db.query<{ evaluated: Statement | null; statement: PeriodStatement | null }>(
        `SELECT evaluated, statement FROM provvigo_statements WHERE ${where} ORDER BY partner_id`,
        params,
      ),
      this.db.query<{ line_id: string; trace: StatementLine['trace'] }>(`SELECT line_id, trace FROM provvigo_traces WHERE ${where}`, params),
    ]);
    const byLine = new Map(traces.rows.map((t) => [t.line_id, t.trace]));
    return rows.map((r) => ({
      evaluated: r.evaluated,
      statement: r.statement,
      lines: (r.evaluated?.lines ?? []).map((line) => ({ ...line, trace: byLine.get(line.id)! })),
    }));
  }

  private async insertStatements(
    tx: Queryable,
    runId: string,
    evaluated: readonly Statement[],
    statements: readonly PeriodStatement[],
  ): Promise<void> {
    const partners = new Map<string, { evaluated?: Statement; statement?: PeriodStatement }>();
    for (const e of evaluated) {
      if (partners.has(e.partnerId)) throw new Error(`run ${runId}: two evaluated statements for partner ${e.partnerId}`);
      partners.set(e.partnerId, { evaluated: e });
    }
    for (const s of statements) {
      const slot = partners.get(s.partnerId) ?? {};
      if (slot.statement) throw new Error(`run ${runId}: two period statements for partner ${s.partnerId}`);
      const evalIds = (slot.evaluated?.lines ?? []).map((l) => l.id).join('\n');
      if (s.lines.map((l) => l.id).join('\n') !== evalIds) {
        throw new Error(`run ${runId}: period statement of ${s.partnerId} does not carry the evaluated lines`);
      }
      partners.set(s.partnerId, { ...slot, statement: s });
    }
    const rows = [...partners].map(([partnerId, { evaluated: e, statement: s }]) => ({
      run_id: runId,
      partner_id: partnerId,
      currency: s?.currency ?? e!.currency,
      payable: s?.payable ?? null,
      blocked: e?.blocked ?? false,
      // traces live in their own table so statements stay small enough to list and sum
      evaluated: e ? { ...e, lines: e.lines.map((l) => ({ ...l, trace: null })) } : null,
      statement: s ? { ...s, lines: [] } : null,
    }));
    for (let i = 0; i < rows.length; i += BATCH) {
      await tx.query(
        `INSERT INTO provvigo_statements (run_id, partner_id, currency, payable, blocked, evaluated, statement)
         SELECT run_id, partner_id, currency, payable, blocked, evaluated, statement
         FROM jsonb_to_recordset($1::jsonb)
           AS x(run_id text, partner_id text, currency text, payable numeric, blocked boolean, evaluated jsonb, statement jsonb)`,
        [jsonParam(rows.slice(i, i + BATCH), `a statement of run ${runId}`)],
      );
    }
    const traces = evaluated.flatMap((e) => e.lines.map((l) => ({ run_id: runId, line_id: l.id, partner_id: e.partnerId, trace: l.trace })));
    for (let i = 0; i < traces.length; i += BATCH) {
      await tx.query(
        `INSERT INTO provvigo_traces (run_id, line_id, partner_id, trace)
         SELECT run_id, line_id, partner_id, trace
         FROM jsonb_to_recordset($1::jsonb) AS x(run_id text, line_id text, partner_id text, trace jsonb)`,
        [jsonParam(traces.slice(i, i + BATCH), `a trace of run ${runId}`)],
      );
    }
  }

  private async ledgerHeadTx(q: Queryable): Promise<number> {
    const { rows } = await q.query<{ head: number }>(`SELECT coalesce(max(seq), 0)::int AS head FROM provvigo_ledger`);
    return rows[0]!.head;
  }

  private async appendLedgerTx(tx: Queryable, entries: readonly LedgerEntry[]): Promise<void> {
    const parsed = entries.map((e) => LedgerEntrySchema.parse(e));
    let seq = await this.ledgerHeadTx(tx);
    for (let i = 0; i < parsed.length; i += BATCH) {
      const rows = parsed.slice(i, i + BATCH).map((entry) => ({
        seq: ++seq,
        id: entry.id,
        run_id: entry.runId,
        period_id: entry.period,
        partner_id: entry.partnerId,
        kind: entry.kind,
        amount: entry.amount,
        entry,
      }));
      await tx.query(
        `INSERT INTO provvigo_ledger (seq, id, run_id, period_id, partner_id, kind, amount, entry)
         SELECT seq, id, run_id, period_id, partner_id, kind, amount, entry
         FROM jsonb_to_recordset($1::jsonb)
           AS x(seq integer, id text, run_id text, period_id text, partner_id text, kind text, amount numeric, entry jsonb)`,
        [JSON.stringify(rows)],
      );
    }
  }

  private async appendAuditTx(tx: Queryable, input: AuditInput): Promise<AuditEntry> {
    const { rows } = await tx.query<{ entry: AuditEntry }>(`SELECT entry FROM provvigo_audit ORDER BY seq DESC LIMIT 1`);
    const entry = AuditEntrySchema.parse(createAuditEntry(rows[0]?.entry ?? null, input));
    await tx.query(
      `INSERT INTO provvigo_audit (seq, hash, prev_hash, action, actor, run_id, entry) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [entry.seq, entry.hash, entry.prevHash, entry.action, entry.actor, entry.runId, JSON.stringify(entry)],
    );
    return entry;
  }
}

interface PeriodRow {
  id: string;
  start_date: string;
  end_date: string;
  state: 'open' | 'closed';
  opened_by: string;
  opened_at: string;
  closed_by: string | null;
  closed_at: string | null;
}

interface RunRow {
  record: RunRecord;
  summary: RunSummaryData | null;
  ledger_seq: number;
}

function toPeriod(r: PeriodRow): PeriodRecord {
  return {
    id: r.id,
    start: r.start_date,
    end: r.end_date,
    state: r.state,
    openedBy: r.opened_by,
    openedAt: r.opened_at,
    closedBy: r.closed_by,
    closedAt: r.closed_at,
  };
}

function toRun(r: RunRow): StoredRun {
  return { record: r.record, summary: r.summary, ledgerSeq: r.ledger_seq };
}
