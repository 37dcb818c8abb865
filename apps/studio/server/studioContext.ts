import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { euVatPack, parsePlan } from '@provvigo/core';
import type { Actor, PeriodFiscalSetup, Plan, PlanVersion, Role } from '@provvigo/core';
import { itPack } from '@provvigo/fiscal-it';
import type { PrincipalInput } from '@provvigo/documents';
import { currentRun, StoreError, type Store } from '@provvigo/store';
import { approvedView } from './approvedSnapshot.js';
import { HttpError } from './http/errors.js';
import type { SampleData } from './sample.js';
import type { StudioRole, StudioUser } from './users.js';

/** The paying company of the embedded sample (a fictitious utility), printed on the pro-forma invoices. */
export const SAMPLE_PRINCIPAL: PrincipalInput = {
  legalName: 'Energia Esempio S.p.A.',
  vatId: 'IT12345678903',
  taxCode: '12345678903',
  address: { street: 'Via Roma', number: '1', zip: '20121', city: 'Milano', province: 'MI', country: 'IT' },
  sdiCode: 'ABC1234',
  email: 'provvigioni@energia-esempio.invalid',
};

/** The sample's fiscal setup: the same packs as the CLI, the principal's country, no split payment. */
export const SAMPLE_FISCAL: PeriodFiscalSetup = { packs: [itPack, euVatPack], principal: { country: SAMPLE_PRINCIPAL.address.country, splitPayment: false } };

/** What every route handler reads: the store, the sample data, the plans, the clock. */
export interface StudioContext {
  store: Store;
  sample: SampleData;
  plans: Map<string, Plan>;
  plansDir: string | undefined;
  licenseKey: string;
  /** ISO time, injected (core reads no clock). */
  now: () => string;
  /** E-mail to partners, when configured (`StudioOptions.mail`). */
  mail: StudioMail | undefined;
}

/** The studio's e-mail to partners: an smtp:// or smtps:// URL, the sender, and the portal's address for the text. */
export interface StudioMail {
  smtp: string;
  from: string;
  portalUrl?: string | undefined;
}

/**
 * The plans the builder starts from: the sample's, replaced by the saved working copies (one JSON file per plan id;
 * a file that is not JSON or not a valid plan is reported and skipped), each replaced in turn by the store's latest
 * version when that is newer. The store is the record of what was saved: a working copy that missed a save (the
 * studio stopped between the two) must not bring an older plan back as the current one.
 */
export function loadPlans(sample: SampleData, plansDir: string | undefined, stored: readonly PlanVersion[] = []): Map<string, Plan> {
  const plans = new Map<string, Plan>(sample.plans.map((p) => [p.id, p]));
  if (plansDir && existsSync(plansDir)) {
    for (const file of readdirSync(plansDir).filter((f) => f.endsWith('.json'))) {
      const plan = savedPlan(sample, join(plansDir, file));
      if (plan) plans.set(plan.id, plan);
    }
  }
  for (const v of stored) {
    const current = plans.get(v.id);
    if (!current || current.version < v.version) plans.set(v.id, v.plan);
  }
  return plans;
}

function savedPlan(sample: SampleData, path: string): Plan | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    console.error(`studio: ignoring saved plan ${basename(path)}: ${(e as Error).message}`);
    return undefined;
  }
  const parsed = parsePlan(raw, { factSchema: sample.factSchema });
  if (parsed.ok) return parsed.plan;
  console.error(`studio: ignoring saved plan ${basename(path)}: ${parsed.issues.map((i) => i.message).join('; ')}`);
  return undefined;
}

const STAFF: readonly StudioRole[] = ['planDesigner', 'calculator', 'approver', 'finance', 'auditor'];
const CORE_ROLES: ReadonlySet<string> = new Set<Role>(['planDesigner', 'calculator', 'approver', 'partner']);

/** Staff may read every partner; a partner user only itself. The single place partner data is authorised. */
export function assertMayReadPartner(user: StudioUser | undefined, partnerId: string): StudioUser {
  if (!user) throw new HttpError(401, 'unauthenticated', 'log in first');
  if (user.roles.includes('partner')) {
    if (user.partnerId !== partnerId) throw HttpError.forbidden();
    return user;
  }
  if (!user.roles.some((r) => STAFF.includes(r))) throw HttpError.forbidden();
  return user;
}

export function assertRole(user: StudioUser | undefined, ...roles: StudioRole[]): StudioUser {
  if (!user) throw new HttpError(401, 'unauthenticated', 'log in first');
  if (!user.roles.some((r) => roles.includes(r))) throw HttpError.forbidden();
  return user;
}

export const STAFF_ROLES = STAFF;

/** The actor core's run state machine sees: the user id and the core roles only. */
export function actorOf(user: StudioUser): Actor {
  return { id: user.id, roles: user.roles.filter((r): r is Role => CORE_ROLES.has(r)) };
}

/** Partners see a period only once it is approved: drafts and calculations are finance's work in progress. */
export const visibleToPartners = (state: string): boolean => state === 'approved' || state === 'invoiced' || state === 'posted';

export function inputs(ctx: StudioContext) {
  const { sample } = ctx;
  // fiscal items and net to pay are computed in the run (the CLI passes the same packs): approval covers them
  return {
    plans: [...ctx.plans.values()],
    partners: sample.partners,
    factSchema: sample.factSchema,
    facts: sample.facts,
    fiscal: SAMPLE_FISCAL,
    ...(sample.ledgerOptions ? { ledgerOptions: sample.ledgerOptions } : {}),
  };
}

export async function runOf(ctx: StudioContext, periodId: string) {
  try {
    return await currentRun(ctx.store, periodId);
  } catch (e) {
    // only "no such period" and "no run" are a 404: a failing database is the studio's failure (a logged 500), which
    // a 404 "has no run yet" hid from the user and the log alike
    if (e instanceof StoreError && (e.code === 'period_unknown' || e.code === 'run_unknown')) {
      throw new HttpError(404, 'not_found', `period ${periodId} has no run yet`);
    }
    throw e;
  }
}

export async function statementOf(ctx: StudioContext, periodId: string, partnerId: string, user: StudioUser | undefined) {
  const run = await runOf(ctx, periodId);
  if (user?.roles.includes('partner') && !visibleToPartners(run.record.state)) {
    throw new HttpError(404, 'not_found', `no approved statement for ${periodId} yet`);
  }
  const [statement] = await ctx.store.getEvaluated(run.record.id, partnerId);
  const [periodStatement] = await ctx.store.getStatements(run.record.id, partnerId);
  if (!statement) throw new HttpError(404, 'not_found', `no statement for ${partnerId} in ${periodId}`);
  // the partner, its fiscal result and its calculation's inputs as the run stored them: never the live plans or facts
  const view = await approvedView(ctx.store, run.record.id, partnerId);
  if (!view) throw new HttpError(409, 'no_snapshot', `run ${run.record.id} holds no snapshot for ${partnerId}: calculate the period again`);
  return { run, statement, periodStatement, view };
}
