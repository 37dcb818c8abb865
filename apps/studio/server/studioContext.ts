import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { euVatPack, parsePlan } from '@provvigo/core';
import type { Actor, PeriodFiscalSetup, Plan, Role } from '@provvigo/core';
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
}

/** Saved plans (one JSON file per plan id) replace the sample's on start; invalid files are reported and skipped. */
export function loadPlans(sample: SampleData, plansDir: string | undefined): Map<string, Plan> {
  const plans = new Map<string, Plan>(sample.plans.map((p) => [p.id, p]));
  if (plansDir && existsSync(plansDir)) {
    for (const file of readdirSync(plansDir).filter((f) => f.endsWith('.json'))) {
      const parsed = parsePlan(JSON.parse(readFileSync(join(plansDir, file), 'utf8')), { factSchema: sample.factSchema });
      if (parsed.ok) plans.set(parsed.plan.id, parsed.plan);
      else console.error(`studio: ignoring saved plan ${file}: ${parsed.issues.map((i) => i.message).join('; ')}`);
    }
  }
  return plans;
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
