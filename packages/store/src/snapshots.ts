import {
  PartnerSnapshotSchema,
  RunSnapshotSchema,
  YtdStateSchema,
  fiscalBlockers,
  hash,
  isRunImmutable,
  schemaMessageIt,
  snapshotPlanProblems,
  type BothLanguages,
  type FiscalResult,
  type Locale,
  type PartnerSnapshot,
  type RunSnapshot,
  type RunSnapshotParts,
  type Statement,
  type YtdState,
  type YtdStateInput,
} from '@provvigo/core';
import type { Queryable } from './db.js';
import type { Store } from './store.js';
import { StoreError } from './errors.js';
import { jsonParam, storableField, storableText } from './sql.js';
import { storableTimes } from './timestamps.js';

/**
 * The run's snapshot (core `RunSnapshot` + one `PartnerSnapshot` per partner): the pinned plan versions, partners,
 * fact schema and records the run was computed from, and each partner's fiscal result. Written in the same
 * transaction as the calculation and frozen with the run at approval (same guard as statements and traces), so
 * every partner-facing artefact can be produced from what was approved. Also the fiscal opening balances: the
 * year-to-date state imported from another system, append-only. Tables: `snapshotMigrations.ts`.
 */
/** A run's whole snapshot as `saveCalculation` writes it (core's `takeRunSnapshot`). */
export type StoredSnapshot = RunSnapshotParts;

/** Rows per INSERT (one JSON parameter per batch). */
const BATCH = 200;

/**
 * What the calculation's audit entry records of the snapshot it wrote, so `verifyStore` re-derives it: the hash of
 * the run-level document, the hash over every partner row (partner id and row hash, by partner) and their count.
 */
export interface SnapshotDigest {
  runHash: string;
  partnersHash: string;
  partners: number;
}

/** One partner row's content as it is stored (JSON documents as the database returns them). */
export function partnerSnapshotRowHash(row: { partner_id: string; facts: unknown; fiscal: unknown; ytd_before: unknown }): string {
  return hash({ partnerId: row.partner_id, facts: row.facts, fiscal: row.fiscal, ytdBefore: row.ytd_before });
}

/** The digest over the partner rows' hashes, in partner order (the order `verifyStore` reads them in). */
export function partnerSnapshotsHash(rows: ReadonlyArray<{ partnerId: string; hash: string }>): string {
  return hash([...rows].sort((a, b) => (a.partnerId < b.partnerId ? -1 : a.partnerId > b.partnerId ? 1 : 0)).map((r) => [r.partnerId, r.hash]));
}

/** Replaces the snapshot of a run being (re)calculated; inside `saveCalculation`'s transaction. Returns its digest. */
export async function writeSnapshotTx(tx: Queryable, runId: string, snapshot: StoredSnapshot | undefined): Promise<SnapshotDigest | null> {
  await tx.query(`DELETE FROM provvigo_partner_snapshots WHERE run_id = $1`, [runId]);
  await tx.query(`DELETE FROM provvigo_run_snapshots WHERE run_id = $1`, [runId]);
  if (!snapshot) return null;
  // the plan versions themselves live in the versions table, pinned to the run (provvigo_run_plans): not copied here
  const { plans: _pinned, ...run } = RunSnapshotSchema.parse(snapshot.run);
  void _pinned;
  // hashed as JSON text round-trips them (undefined members dropped), i.e. as the database will return them
  const runJson = jsonParam(run, { en: `the snapshot of run ${runId}`, it: `l'istantanea dell'esecuzione ${runId}` });
  await tx.query(`INSERT INTO provvigo_run_snapshots (run_id, snapshot) VALUES ($1, $2)`, [runId, runJson]);
  const rows = JSON.parse(
    JSON.stringify(
      snapshot.partners.map((p) => ({
        run_id: runId,
        partner_id: p.partnerId,
        facts: p.facts,
        fiscal: p.fiscal,
        ytd_before: p.ytdBefore,
        net_to_pay: p.fiscal?.totals.netToPay ?? null,
      })),
    ),
  ) as Array<{ partner_id: string; facts: unknown; fiscal: unknown; ytd_before: unknown }>;
  for (let i = 0; i < rows.length; i += BATCH) {
    await tx.query(
      `INSERT INTO provvigo_partner_snapshots (run_id, partner_id, facts, fiscal, ytd_before, net_to_pay)
       SELECT run_id, partner_id, facts, fiscal, ytd_before, net_to_pay
       FROM jsonb_to_recordset($1::jsonb) AS x(run_id text, partner_id text, facts jsonb, fiscal jsonb, ytd_before jsonb, net_to_pay numeric)`,
      [jsonParam(rows.slice(i, i + BATCH), { en: `a partner snapshot of run ${runId}`, it: `un'istantanea di un partner dell'esecuzione ${runId}` })],
    );
  }
  return {
    runHash: hash(JSON.parse(runJson)),
    partnersHash: partnerSnapshotsHash(rows.map((r) => ({ partnerId: r.partner_id, hash: partnerSnapshotRowHash(r) }))),
    partners: rows.length,
  };
}

/**
 * The run-level snapshot of a calculated run, with the plan versions the run pinned read from the versions table and
 * checked against the pins (id, version and content hash): a plan that no longer hashes to its pin is refused,
 * never shown.
 */
export async function getRunSnapshot(store: Store, runId: string): Promise<RunSnapshot | null> {
  storableText({ 'the run id': runId });
  const { rows } = await store.db.query<{ snapshot: Record<string, unknown> }>(`SELECT snapshot FROM provvigo_run_snapshots WHERE run_id = $1`, [runId]);
  if (!rows[0]) return null;
  const run = await store.getRun(runId);
  const pins = run?.record.plans ?? [];
  const plans = [];
  for (const pin of pins) {
    const version = await store.getPlanVersion(pin.id, pin.version);
    if (version) plans.push(version.plan);
  }
  const snapshot = RunSnapshotSchema.parse({ ...rows[0].snapshot, plans });
  const problems = snapshotPlanProblems(pins, snapshot);
  if (problems.length) {
    const list = (locale: Locale) => problems.map((p) => p.messages[locale]).join('; ');
    throw new StoreError('invalid_data', { en: `run ${runId}: ${list('en')}`, it: `esecuzione ${runId}: ${list('it')}` });
  }
  return snapshot;
}

/** The partners' snapshots of a run (facts, fiscal result, year-to-date before), sorted by partner. */
export async function getPartnerSnapshots(store: Store | Queryable, runId: string, partnerId?: string): Promise<PartnerSnapshot[]> {
  storableText({ 'the run id': runId, 'the partner id': partnerId });
  const q = 'db' in store ? store.db : store;
  const params: unknown[] = [runId];
  let where = 'run_id = $1';
  if (partnerId !== undefined) where += ` AND partner_id = $${params.push(partnerId)}`;
  const { rows } = await q.query<{ partner_id: string; facts: unknown; fiscal: unknown; ytd_before: unknown }>(
    `SELECT partner_id, facts, fiscal, ytd_before FROM provvigo_partner_snapshots WHERE ${where} ORDER BY partner_id`,
    params,
  );
  return rows.map((r) => PartnerSnapshotSchema.parse({ partnerId: r.partner_id, facts: r.facts, fiscal: r.fiscal, ytdBefore: r.ytd_before }));
}

/** The fiscal results of a run, sorted by partner (partners without one are left out). */
export async function getFiscalResults(store: Store, runId: string, partnerId?: string): Promise<FiscalResult[]> {
  return (await getPartnerSnapshots(store, runId, partnerId)).flatMap((p) => (p.fiscal ? [p.fiscal] : []));
}

/**
 * The evaluated statements with each partner's fiscal errors folded in: a partner whose fiscal items cannot be
 * computed is blocked exactly like one with an erroneous line, so validation and four-eyes approval cover what is paid.
 */
export function withFiscalBlocks(statements: readonly Statement[], fiscal: readonly FiscalResult[]): Statement[] {
  const errors = new Map(fiscal.map((f) => [f.partnerId, fiscalBlockers(f)]));
  return statements.map((s) => {
    const issues = errors.get(s.partnerId) ?? [];
    return issues.length ? { ...s, blocked: true, issues: [...s.issues, ...issues] } : s;
  });
}

/** Imported opening balances (all years), sorted by partner and year. */
export async function listFiscalOpenings(store: Store): Promise<YtdState[]> {
  const { rows } = await store.db.query<{ state: unknown }>(`SELECT state FROM provvigo_fiscal_openings ORDER BY partner_id, year`);
  return rows.map((r) => storedOpening(r.state)).filter((s): s is YtdState => s !== undefined);
}

/**
 * An opening balance as the table holds it. Stores written before core bounded a state's year (to its calendar's) and
 * refused empty value names may hold such openings, and the table is append-only. Neither part can ever apply: no
 * period ends in year -1 or 20260, and no pack reads a value without a name. So such an opening is read without
 * it (`undefined` for the out-of-range year) instead of failing every fiscal calculation of the store from then on;
 * anything else invalid is still an error.
 */
function storedOpening(state: unknown): YtdState | undefined {
  const strict = YtdStateSchema.safeParse(state);
  if (strict.success) return strict.data;
  const { year, values } = (state ?? {}) as { year?: unknown; values?: unknown };
  if (Number.isInteger(year) && strict.error.issues.some((i) => i.path[0] === 'year')) return undefined;
  const named = typeof values === 'object' && values !== null ? Object.fromEntries(Object.entries(values).filter(([name]) => name !== '')) : values;
  return YtdStateSchema.parse({ ...(state as object), values: named });
}

/** How a refusal names the opening balance at `i` (from 0) of an import. */
const openingNamed = (i: number): BothLanguages => ({ en: `opening balance ${i + 1}`, it: `saldo di apertura ${i + 1}` });

/**
 * An opening balance as core reads it, refused naming its position and field when it is invalid or holds text the
 * store cannot keep: its partner id is a text column and a lookup key, the rest (value names, period ids) JSON.
 */
function storableOpening(state: YtdStateInput, i: number): YtdState {
  const parsed = YtdStateSchema.safeParse(state);
  const named = openingNamed(i);
  if (!parsed.success) {
    // the path names the field as the file writes it; zod's message in Italian by core's translation of its shapes
    const z = parsed.error.issues[0]!;
    const path = z.path.join('.') || '(root)';
    throw new StoreError('invalid_data', { en: `${named.en}: ${path}: ${z.message}`, it: `${named.it}: ${path}: ${schemaMessageIt(z.message)}` });
  }
  storableField({ en: `${named.en}: partnerId`, it: `${named.it}: partnerId` }, parsed.data.partnerId);
  jsonParam(parsed.data, named);
  return parsed.data;
}

/** An opening balance row's content (its state holds partner and year), as the import's audit entry records it. */
export function fiscalOpeningRowHash(row: { state: unknown; source: string; imported_by: string; imported_at: string }): string {
  return hash({ state: JSON.parse(JSON.stringify(row.state)) as unknown, source: row.source, importedBy: row.imported_by, importedAt: row.imported_at });
}

export interface ImportOpeningsOutcome {
  imported: number;
  /** Already present with the same content: nothing written. */
  unchanged: number;
}

/**
 * Imports year-to-date opening balances from another system (e.g. the Enasarco contributions a partner already had
 * this year before Provvigo), in ONE transaction with its audit entry. A balance is per partner and year and can
 * never be changed once imported (the table is append-only); importing the same one again is a no-op, a different
 * one is refused naming partner and year. Refused too when an approved run of that year already carried the
 * partner's year to date: the opening balance would come too late to count.
 */
export async function importFiscalOpenings(
  store: Store,
  args: { states: readonly YtdStateInput[]; source: string; actor: string; at: string },
): Promise<ImportOpeningsOutcome> {
  storableText({ 'the source of the opening balances': args.source, 'the actor id': args.actor });
  storableTimes({ at: args.at });
  const states = args.states.map((s, i) => storableOpening(s, i));
  const approvedYears = new Map<string, string>();
  for (const p of await store.listPeriods()) {
    for (const run of await store.listRuns(p.id)) {
      if (!isRunImmutable(run.record)) continue;
      for (const f of await getFiscalResults(store, run.record.id)) approvedYears.set(`${f.partnerId}\u0000${f.ytdAfter.year}`, run.record.id);
    }
  }
  return store.writeTx(async (tx, audit) => {
    let imported = 0;
    let unchanged = 0;
    const hashes: Array<{ partnerId: string; year: number; hash: string }> = [];
    for (const s of states) {
      const { rows } = await tx.query<{ state: unknown }>(`SELECT state FROM provvigo_fiscal_openings WHERE partner_id = $1 AND year = $2`, [s.partnerId, s.year]);
      if (rows[0]) {
        if (JSON.stringify(storedOpening(rows[0].state)) === JSON.stringify(s)) {
          unchanged += 1;
          continue;
        }
        throw new StoreError('invalid_data', {
          en: `partner ${s.partnerId}, year ${s.year}: an opening balance was already imported and cannot change`,
          it: `partner ${s.partnerId}, anno ${s.year}: un saldo di apertura è già stato importato e non può cambiare`,
        });
      }
      const run = approvedYears.get(`${s.partnerId}\u0000${s.year}`);
      if (run) {
        throw new StoreError('run_immutable', {
          en: `partner ${s.partnerId}, year ${s.year}: run ${run} is approved with fiscal items of that year; an opening balance can no longer count`,
          it: `partner ${s.partnerId}, anno ${s.year}: l'esecuzione ${run} è approvata con voci fiscali di quell'anno; un saldo di apertura non può più essere conteggiato`,
        });
      }
      await tx.query(
        `INSERT INTO provvigo_fiscal_openings (partner_id, year, state, source, imported_by, imported_at) VALUES ($1, $2, $3, $4, $5, $6)`,
        [s.partnerId, s.year, JSON.stringify(s), args.source, args.actor, args.at],
      );
      hashes.push({ partnerId: s.partnerId, year: s.year, hash: fiscalOpeningRowHash({ state: s, source: args.source, imported_by: args.actor, imported_at: args.at }) });
      imported += 1;
    }
    if (imported > 0) {
      await audit({ at: args.at, actor: args.actor, action: 'fiscal.openings.import', details: { source: args.source, imported, partners: states.map((s) => s.partnerId), openings: hashes } });
    }
    return { imported, unchanged };
  });
}
