import { hash, readStatement, statementColumns, type AdjustmentLine, type LedgerEntry, type PeriodStatement, type Statement, type StatementLine, type TraceGroup } from '@provvigo/core';
import type { Queryable } from './db.js';
import { StoreError } from './errors.js';
import { ledgerEntryOf } from './ledger.js';
import { BATCH, jsonParam } from './sql.js';

/**
 * A run's calculated output: per partner the evaluated statement and the period statement, the traces (kept apart so
 * statements stay small enough to list and sum) and the ledger entries approval will book.
 *
 * Traces are kept as core writes them in a statement's canonical JSON: per partner, the trace groups (one column per
 * cell and input, `provvigo_trace_columns`), a fraction of the bytes of one document per line; a line's trace is
 * built from its group when it is read. Runs calculated before the store kept columns have one row per line in
 * `provvigo_traces`, read as they are.
 */

/** What `inquiryCorrections` reads of an adjustment line kept in a period statement: no traces. */
export type AdjustmentRef = Pick<
  AdjustmentLine,
  'partnerId' | 'id' | 'originalPeriod' | 'lineKey' | 'label' | 'change' | 'currency' | 'previousAmount' | 'newAmount' | 'delta'
>;

/**
 * The adjustment lines of some partners' period statements in a run, correcting one of `periods`, without their
 * traces: one query for all of them, reading the fields out of the stored statements in the database.
 */
export async function readAdjustmentRefs(q: Queryable, runId: string, partnerIds: readonly string[], periods: readonly string[]): Promise<AdjustmentRef[]> {
  const { rows } = await q.query<{ a: Omit<AdjustmentRef, 'partnerId'>; partner_id: string }>(
    `SELECT s.partner_id,
            jsonb_build_object('id', a->'id', 'originalPeriod', a->'originalPeriod', 'lineKey', a->'lineKey', 'label', a->'label',
              'change', a->'change', 'currency', a->'currency', 'previousAmount', a->'previousAmount', 'newAmount', a->'newAmount',
              'delta', a->'delta') AS a
       FROM provvigo_statements s, jsonb_array_elements(coalesce(s.statement->'adjustments', '[]'::jsonb)) AS a
      WHERE s.run_id = $1 AND s.partner_id = ANY($2) AND a->>'originalPeriod' = ANY($3)
      ORDER BY s.partner_id, a->>'id'`,
    [runId, [...partnerIds], [...periods]],
  );
  return rows.map((r) => ({ partnerId: r.partner_id, ...r.a }));
}

/**
 * A partner's evaluated lines in a run without their traces (ids, plans, payouts, sources, amounts: what keys a line
 * and what a form lists), or null when the run has no evaluated statement for the partner.
 */
export async function readLinesWithoutTraces(q: Queryable, runId: string, partnerId: string): Promise<StatementLine[] | null> {
  const { rows } = await q.query<{ lines: StatementLine[] | null }>(
    `SELECT evaluated->'lines' AS lines FROM provvigo_statements WHERE run_id = $1 AND partner_id = $2`,
    [runId, partnerId],
  );
  return rows[0]?.lines ?? null;
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

export interface StatementRows {
  evaluated: Statement | null;
  statement: PeriodStatement | null;
  lines: StatementLine[];
}

/** Removes a run's statements, traces and proposed entries (before a recalculation; triggers refuse it once approved). */
export async function clearRunOutput(tx: Queryable, runId: string): Promise<void> {
  await tx.query(`DELETE FROM provvigo_trace_columns WHERE run_id = $1`, [runId]);
  await tx.query(`DELETE FROM provvigo_traces WHERE run_id = $1`, [runId]);
  await tx.query(`DELETE FROM provvigo_statements WHERE run_id = $1`, [runId]);
  await tx.query(`DELETE FROM provvigo_proposed_entries WHERE run_id = $1`, [runId]);
}

export async function insertProposed(tx: Queryable, runId: string, proposed: readonly LedgerEntry[]): Promise<void> {
  for (let i = 0; i < proposed.length; i += BATCH) {
    const rows = proposed.slice(i, i + BATCH).map((entry, j) => ({ run_id: runId, ord: i + j, entry }));
    await tx.query(
      `INSERT INTO provvigo_proposed_entries (run_id, ord, entry)
       SELECT run_id, ord, entry FROM jsonb_to_recordset($1::jsonb) AS x(run_id text, ord integer, entry jsonb)`,
      [jsonParam(rows, ledgerEntryOf(runId))],
    );
  }
}

export async function readProposed(q: Queryable, runId: string): Promise<LedgerEntry[]> {
  const { rows } = await q.query<{ entry: LedgerEntry }>(`SELECT entry FROM provvigo_proposed_entries WHERE run_id = $1 ORDER BY ord`, [runId]);
  return rows.map((r) => r.entry);
}

export async function readStatementHeaders(q: Queryable, runId: string): Promise<StatementHeader[]> {
  const { rows } = await q.query<{ partner_id: string; currency: string; payable: string | null; total: string | null; blocked: boolean }>(
    `SELECT partner_id, currency, payable::text AS payable, evaluated->>'total' AS total, blocked
     FROM provvigo_statements WHERE run_id = $1 ORDER BY partner_id`,
    [runId],
  );
  return rows.map((r) => ({ runId, partnerId: r.partner_id, currency: r.currency, payable: r.payable, total: r.total, blocked: r.blocked }));
}

/** A line's trace (built from its partner's trace groups), or null when the run has no line with that id. */
export async function readTrace(q: Queryable, runId: string, lineId: string): Promise<unknown | null> {
  const { rows } = await q.query<{ partner_id: string }>(
    `SELECT partner_id FROM provvigo_statements WHERE run_id = $1 AND evaluated->'lines' @> $2::jsonb ORDER BY partner_id LIMIT 1`,
    [runId, jsonParam([{ id: lineId }], { en: 'the line id', it: "l'id della riga" })],
  );
  if (!rows[0]) return null;
  const [statement] = await readStatementRows(q, runId, rows[0].partner_id);
  return statement?.lines.find((l) => l.id === lineId)?.trace ?? null;
}

/** Statements of a run (optionally one partner's), sorted by partner, each line's trace read from its group on first use. */
export async function readStatementRows(q: Queryable, runId: string, partnerId?: string): Promise<StatementRows[]> {
  const params: unknown[] = [runId];
  let where = 'run_id = $1';
  if (partnerId !== undefined) where += ` AND partner_id = $${params.push(partnerId)}`;
  const [{ rows }, columns, perLine] = await Promise.all([
    q.query<{ partner_id: string; evaluated: Statement | null; statement: PeriodStatement | null }>(
      `SELECT partner_id, evaluated, statement FROM provvigo_statements WHERE ${where} ORDER BY partner_id`,
      params,
    ),
    q.query<{ partner_id: string; traces: TraceGroup[] }>(`SELECT partner_id, traces FROM provvigo_trace_columns WHERE ${where}`, params),
    // runs calculated before traces were stored as columns (store/004_trace_columns)
    q.query<{ line_id: string; trace: StatementLine['trace'] }>(`SELECT line_id, trace FROM provvigo_traces WHERE ${where}`, params),
  ]);
  const groups = new Map(columns.rows.map((c) => [c.partner_id, c.traces]));
  const byLine = new Map(perLine.rows.map((t) => [t.line_id, t.trace]));
  return rows.map((r) => {
    const traces = groups.get(r.partner_id);
    const evaluated = r.evaluated && traces ? readStored(runId, r.evaluated, traces) : r.evaluated;
    const lines = evaluated && traces ? evaluated.lines : (r.evaluated?.lines ?? []).map((line) => ({ ...line, trace: byLine.get(line.id)! }));
    return { evaluated, statement: r.statement, lines };
  });
}

/** A stored evaluated statement with its trace groups, read by core (which checks the groups against the lines). */
function readStored(runId: string, evaluated: Statement, traces: TraceGroup[]): Statement {
  try {
    return readStatement({ ...evaluated, traces });
  } catch (e) {
    // core's reason stays as core words it (English): it names the statement and what in its traces is wrong
    const reason = (e as Error).message.replace(/^\[provvigo\] /, '');
    throw new StoreError('invalid_data', {
      en: `run ${runId}: the stored traces do not read back: ${reason}`,
      it: `esecuzione ${runId}: le tracce conservate non si possono rileggere: ${reason}`,
    });
  }
}

/** Pairs each partner's evaluated statement with its period statement (whose lines must be the evaluated ones). */
function pairStatements(runId: string, evaluated: readonly Statement[], statements: readonly PeriodStatement[]) {
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
  return partners;
}

export async function insertStatements(
  tx: Queryable,
  runId: string,
  evaluated: readonly Statement[],
  statements: readonly PeriodStatement[],
): Promise<void> {
  // the evaluated statement in its columnar form: lines without traces here, the trace groups in their own table
  const pairs = [...pairStatements(runId, evaluated, statements)].map(([partnerId, { evaluated: e, statement: s }]) => ({
    partnerId,
    e,
    s,
    columns: e ? statementColumns(e) : undefined,
  }));
  const rows = pairs.map(({ partnerId, e, s, columns }) => ({
    run_id: runId,
    partner_id: partnerId,
    currency: s?.currency ?? e!.currency,
    payable: s?.payable ?? null,
    blocked: e?.blocked ?? false,
    evaluated: columns ? { ...columns, traces: undefined } : null,
    statement: s ? { ...s, lines: [] } : null,
  }));
  for (let i = 0; i < rows.length; i += BATCH) {
    await tx.query(
      `INSERT INTO provvigo_statements (run_id, partner_id, currency, payable, blocked, evaluated, statement)
       SELECT run_id, partner_id, currency, payable, blocked, evaluated, statement
       FROM jsonb_to_recordset($1::jsonb)
         AS x(run_id text, partner_id text, currency text, payable numeric, blocked boolean, evaluated jsonb, statement jsonb)`,
      [jsonParam(rows.slice(i, i + BATCH), { en: `a statement of run ${runId}`, it: `un estratto conto dell'esecuzione ${runId}` })],
    );
  }
  const traces = pairs.flatMap(({ partnerId, columns }) => (columns ? [{ run_id: runId, partner_id: partnerId, traces: columns.traces }] : []));
  // a row holds all of a partner's traces: fewer rows per INSERT than for statements
  const batch = Math.max(1, BATCH / 10);
  for (let i = 0; i < traces.length; i += batch) {
    await tx.query(
      `INSERT INTO provvigo_trace_columns (run_id, partner_id, traces)
       SELECT run_id, partner_id, traces FROM jsonb_to_recordset($1::jsonb) AS x(run_id text, partner_id text, traces jsonb)`,
      [jsonParam(traces.slice(i, i + batch), { en: `the traces of run ${runId}`, it: `le tracce dell'esecuzione ${runId}` })],
    );
  }
}

/** Hash of a run's evaluated statements as stored (lines with traces), in partner order. */
export function evaluatedHash(evaluated: readonly Statement[]): string {
  return hash([...evaluated].sort((a, b) => (a.partnerId < b.partnerId ? -1 : a.partnerId > b.partnerId ? 1 : 0)));
}
