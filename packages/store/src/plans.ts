import { createHash } from 'node:crypto';
import { canonicalJson, normalizeActorId, PlanSchema, schemaMessageIt, type Plan, type PlanVersion, type PlanVersionRef } from '@provvigo/core';
import { appendAuditTx } from './audit.js';
import type { Queryable } from './db.js';
import { StoreError } from './errors.js';
import { jsonParam } from './sql.js';

/**
 * The plan aggregate: immutable, content-hashed plan versions. A version is never updated; it may be deleted only
 * while no run pins it (the API refuses, and so do the database triggers). Runs pin the versions they evaluated in
 * `provvigo_run_plans` (id, version and hash, a foreign key to the version).
 */

interface PlanVersionRow {
  plan_id: string;
  version: number;
  hash: string;
  effective_from: string;
  effective_to: string | null;
  plan: Plan;
  saved_by: string;
  saved_at: string;
}

function toVersion(r: PlanVersionRow): PlanVersion {
  return {
    id: r.plan_id,
    version: r.version,
    hash: r.hash,
    effectiveFrom: r.effective_from,
    effectiveTo: r.effective_to,
    savedBy: r.saved_by,
    savedAt: r.saved_at,
    plan: r.plan,
  };
}

/**
 * SHA-256 (Node's) of the plan's canonical JSON: recomputed here independently of core's hasher, so a version whose
 * content does not match the hash a run pinned is refused on the way in.
 */
export function storedPlanHash(plan: Plan): string {
  return createHash('sha256').update(canonicalJson(plan)).digest('hex');
}

/** Every version of one plan, oldest first. */
export async function readPlanHistory(q: Queryable, planId: string): Promise<PlanVersion[]> {
  const { rows } = await q.query<PlanVersionRow>(`SELECT * FROM provvigo_plan_versions WHERE plan_id = $1 ORDER BY version`, [planId]);
  return rows.map(toVersion);
}

/** Version `version` of a plan, or its latest version when `version` is omitted. */
export async function readPlanVersion(q: Queryable, planId: string, version?: number): Promise<PlanVersion | null> {
  const { rows } =
    version === undefined
      ? await q.query<PlanVersionRow>(`SELECT * FROM provvigo_plan_versions WHERE plan_id = $1 ORDER BY version DESC LIMIT 1`, [planId])
      : await q.query<PlanVersionRow>(`SELECT * FROM provvigo_plan_versions WHERE plan_id = $1 AND version = $2`, [planId, version]);
  return rows[0] ? toVersion(rows[0]) : null;
}

/** The latest version of every plan, by plan id. */
export async function readLatestPlans(q: Queryable): Promise<PlanVersion[]> {
  const { rows } = await q.query<PlanVersionRow>(
    `SELECT DISTINCT ON (plan_id) * FROM provvigo_plan_versions ORDER BY plan_id, version DESC`,
  );
  return rows.map(toVersion);
}

/**
 * The plan as core's schema reads it, refused naming the field that breaks it (e.g. a name longer than plans may now
 * have). Only a version being saved passes here: stored versions are read as they were saved, whatever the rules are now.
 */
function savablePlan(input: Plan): Plan {
  const parsed = PlanSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const z = parsed.error.issues[0]!;
  // the path names the field as the plan writes it; zod's message in Italian by core's translation of its shapes
  const path = z.path.join('.') || '(root)';
  throw new StoreError('invalid_data', { en: `the plan to save: ${path}: ${z.message}`, it: `il piano da salvare: ${path}: ${schemaMessageIt(z.message)}` });
}

/**
 * Stores `plan` as the version it is numbered, with an audit entry `plan.save`. Already stored with the same hash:
 * nothing is written. Stored with another hash: refused (someone saved a different content under that number
 * meanwhile). `expected` is the hash the caller computed (core's), checked against Node's.
 */
export async function insertPlanVersionTx(
  tx: Queryable,
  input: { plan: Plan; expected: PlanVersionRef; actor: string; at: string },
): Promise<{ version: PlanVersion; created: boolean }> {
  const plan = savablePlan(input.plan);
  const hash = storedPlanHash(plan);
  if (plan.id !== input.expected.id || plan.version !== input.expected.version || hash !== input.expected.hash) {
    const [got, expected] = [hash.slice(0, 12), input.expected.hash.slice(0, 12)];
    throw new StoreError('invalid_data', {
      en: `plan ${plan.id} version ${plan.version}: content hashes to ${got}…, expected ${expected}…`,
      it: `il piano ${plan.id} versione ${plan.version}: il contenuto ha hash ${got}…, atteso ${expected}…`,
    });
  }
  const existing = await readPlanVersion(tx, plan.id, plan.version);
  if (existing) {
    if (existing.hash === hash) return { version: existing, created: false };
    throw new StoreError('concurrent_change', {
      en: `plan ${plan.id} version ${plan.version} is already stored with another content (hash ${existing.hash.slice(0, 12)}…): save it again to make a new version`,
      it: `il piano ${plan.id} versione ${plan.version} è già salvato con un altro contenuto (hash ${existing.hash.slice(0, 12)}…): salvalo di nuovo per creare una nuova versione`,
    });
  }
  await tx.query(
    `INSERT INTO provvigo_plan_versions (plan_id, version, hash, effective_from, effective_to, plan, saved_by, saved_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [plan.id, plan.version, hash, plan.effectiveFrom, plan.effectiveTo ?? null, jsonParam(plan, { en: `plan ${plan.id}`, it: `il piano ${plan.id}` }), normalizeActorId(input.actor), input.at],
  );
  await appendAuditTx(tx, {
    at: input.at,
    actor: input.actor,
    action: 'plan.save',
    details: { plan: plan.id, version: plan.version, hash, effectiveFrom: plan.effectiveFrom, effectiveTo: plan.effectiveTo ?? null },
  });
  return { version: (await readPlanVersion(tx, plan.id, plan.version))!, created: true };
}

/** Runs that pin a plan version. */
export async function runsPinning(q: Queryable, planId: string, version: number): Promise<string[]> {
  const { rows } = await q.query<{ run_id: string }>(
    `SELECT run_id FROM provvigo_run_plans WHERE plan_id = $1 AND version = $2 ORDER BY run_id`,
    [planId, version],
  );
  return rows.map((r) => r.run_id);
}

/** Deletes a version no run pins (with an audit entry); a pinned version is refused. */
export async function deletePlanVersionTx(tx: Queryable, input: { planId: string; version: number; actor: string; at: string }): Promise<void> {
  const existing = await readPlanVersion(tx, input.planId, input.version);
  if (!existing) throw new StoreError('plan_unknown', { en: `plan ${input.planId} has no version ${input.version}`, it: `il piano ${input.planId} non ha la versione ${input.version}` });
  const runs = await runsPinning(tx, input.planId, input.version);
  if (runs.length) {
    throw new StoreError('plan_version_in_use', {
      en: `plan ${input.planId} version ${input.version} is used by run ${runs.join(', ')}: it can never be changed or deleted`,
      it: `il piano ${input.planId} versione ${input.version} è usato ${runs.length === 1 ? "dall'esecuzione" : 'dalle esecuzioni'} ${runs.join(', ')}: non potrà mai essere modificato né eliminato`,
    });
  }
  await tx.query(`DELETE FROM provvigo_plan_versions WHERE plan_id = $1 AND version = $2`, [input.planId, input.version]);
  await appendAuditTx(tx, {
    at: input.at,
    actor: input.actor,
    action: 'plan.delete',
    details: { plan: input.planId, version: input.version, hash: existing.hash },
  });
}

/** Replaces the versions a (not yet approved) run pins. */
export async function pinRunPlansTx(tx: Queryable, runId: string, refs: readonly PlanVersionRef[]): Promise<void> {
  await tx.query(`DELETE FROM provvigo_run_plans WHERE run_id = $1`, [runId]);
  if (!refs.length) return;
  await tx.query(
    `INSERT INTO provvigo_run_plans (run_id, plan_id, version, hash)
     SELECT $1, id, version, hash FROM jsonb_to_recordset($2::jsonb) AS x(id text, version integer, hash text)`,
    [runId, jsonParam(refs, { en: `the plans pinned by run ${runId}`, it: `i piani fissati dall'esecuzione ${runId}` })],
  );
}

/** The plan versions a run pinned, by plan id. */
export async function readRunPlans(q: Queryable, runId: string): Promise<PlanVersionRef[]> {
  const { rows } = await q.query<{ plan_id: string; version: number; hash: string }>(
    `SELECT plan_id, version, hash FROM provvigo_run_plans WHERE run_id = $1 ORDER BY plan_id`,
    [runId],
  );
  return rows.map((r) => ({ id: r.plan_id, version: r.version, hash: r.hash }));
}
