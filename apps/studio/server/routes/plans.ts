import { diffPlans, parsePlan, PlanSchema } from '@provvigo/core';
import type { Issue, Plan } from '@provvigo/core';
import type { Context } from 'hono';
import type { z } from 'zod';
import { firstUnstorable, jsonBody, storable } from '../http/body.js';
import { bothMessages, HttpError } from '../http/errors.js';
import { idParam, versionParam, versionQuery } from '../http/params.js';
import { approvedBaseline } from '../plans/approvedBaseline.js';
import { blankPlan, NewPlanRequestSchema, planFrom } from '../plans/newPlan.js';
import { stagePlanFile } from '../plans/planFile.js';
import { planWhatIf } from '../plans/whatIf.js';
import { assertRole, STAFF_ROLES, type StudioContext } from '../studioContext.js';
import type { StudioApp } from './types.js';

/** Staff may read plans, their history and diffs; only plan designers create and save them. Partners never see plans. */
const PLAN_READERS = STAFF_ROLES;

/** A zod failure as the studio's 422 body, each issue naming its field. */
function invalid(code: string, message: string, error: z.ZodError): HttpError {
  return new HttpError(422, code, message, { issues: error.issues.map((i) => ({ path: i.path.map(String), message: i.message, severity: 'error' })) });
}

/** A refusal of the plan in the body, with core's issues (each names its field) or one at `path`. */
function invalidPlan(what: 'plan' | 'draft', issues: Issue[]): HttpError {
  return new HttpError(422, 'invalid_plan', `the ${what} has errors`, { issues });
}
const planIssue = (message: string, path: (string | number)[]): Issue => ({ code: 'invalid_schema', severity: 'error', message, path });

/** Staff: the sample data the builder previews on, the plans, their versions, new drafts and the what-if. */
export function registerPlans(app: StudioApp, ctx: StudioContext): void {
  const { sample, store } = ctx;
  const versionOr404 = async (id: string, n: number) => {
    const v = await store.getPlanVersion(id, n);
    if (!v) throw new HttpError(404, 'version_unknown', `plan ${id} has no version ${n}`);
    return v;
  };
  /** The plan in the body for the plan at `id` in the path: storable, valid for core, and the same id. */
  const planBody = async (c: Context, id: string, what: 'plan' | 'draft') => {
    const raw = await jsonBody(c);
    const bad = firstUnstorable(raw);
    if (bad) throw invalidPlan(what, [planIssue(bad.message, bad.path)]);
    const parsed = parsePlan(raw, { factSchema: sample.factSchema });
    if (!parsed.ok) throw invalidPlan(what, parsed.issues);
    if (parsed.plan.id !== id) throw invalidPlan(what, [planIssue('the plan id does not match the URL', ['id'])]);
    return parsed;
  };

  app.get('/api/sample', (c) => {
    assertRole(c.get('user'), ...STAFF_ROLES);
    // licenseKey: the studio is the builder's host, so it passes its HyperFormula key to the preview explicitly
    return c.json({ period: sample.period, partners: sample.partners, factSchema: sample.factSchema, facts: sample.facts, licenseKey: ctx.licenseKey });
  });
  app.get('/api/plans', (c) => {
    assertRole(c.get('user'), ...PLAN_READERS);
    return c.json({ plans: [...ctx.plans.values()] });
  });
  // the templates a new plan may start from: the sample's three plans as shipped
  app.get('/api/plan-templates', (c) => {
    assertRole(c.get('user'), 'planDesigner');
    return c.json({ templates: sample.plans.map((p) => ({ id: p.id, name: p.name, description: p.description ?? null })) });
  });
  app.post('/api/plans/drafts', async (c) => {
    assertRole(c.get('user'), 'planDesigner');
    const req = storable(NewPlanRequestSchema).safeParse(await jsonBody(c));
    if (!req.success) throw invalid('invalid_request', 'the new plan request has errors', req.error);
    const r = req.data;
    if (ctx.plans.has(r.id) || (await store.getPlanVersion(r.id))) throw new HttpError(409, 'plan_exists', `a plan ${r.id} already exists: choose another id`);
    let draft: Plan;
    if (r.from.kind === 'blank') {
      draft = blankPlan(r, r.from.currency);
    } else if (r.from.kind === 'template') {
      const template = sample.plans.find((p) => p.id === (r.from as { template: string }).template);
      if (!template) throw new HttpError(404, 'template_unknown', `no template ${r.from.template}`);
      draft = planFrom(template, r);
    } else {
      const source = await store.getPlanVersion(r.from.planId, r.from.version);
      if (!source) throw new HttpError(404, 'version_unknown', `plan ${r.from.planId} has no version ${r.from.version}`);
      draft = planFrom(source.plan, r);
    }
    // the draft passes the schema (a blank plan still has problems to fix, reported as issues, not refused)
    const parsed = parsePlan(draft, { factSchema: sample.factSchema });
    return c.json({ plan: PlanSchema.parse(draft), issues: parsed.issues }, 201);
  });
  app.put('/api/plans/:id', async (c) => {
    const designer = assertRole(c.get('user'), 'planDesigner');
    const parsed = await planBody(c, idParam(c, 'id'), 'plan');
    // The working copy is staged before the store saves and put in place after: the folder and the store's latest
    // version never disagree, whichever of the two fails.
    const file = ctx.plansDir ? stagePlanFile(ctx.plansDir, parsed.plan) : undefined;
    let saved: Awaited<ReturnType<typeof store.savePlan>>;
    try {
      // saving never overwrites: the store keeps an immutable version per change (the next number, content-hashed)
      saved = await store.savePlan(parsed.plan, { actor: designer.id, at: ctx.now() });
    } catch (e) {
      file?.discard();
      throw e;
    }
    file?.commit(saved.version.plan);
    ctx.plans.set(saved.version.id, saved.version.plan);
    return c.json({ plan: saved.version.plan, version: { version: saved.version.version, hash: saved.version.hash, created: saved.created }, issues: parsed.issues });
  });
  app.get('/api/plans/:id/versions', async (c) => {
    assertRole(c.get('user'), ...PLAN_READERS);
    const id = idParam(c, 'id');
    const history = await store.planHistory(id);
    if (history.length === 0 && !ctx.plans.has(id)) throw new HttpError(404, 'plan_unknown', `no plan ${id}`);
    const baseline = await approvedBaseline(store, id, ctx.plans.get(id));
    return c.json({
      versions: history.map((v) => ({
        version: v.version,
        hash: v.hash,
        savedBy: v.savedBy,
        savedAt: v.savedAt,
        effectiveFrom: v.effectiveFrom,
        effectiveTo: v.effectiveTo,
        approved: baseline?.source === 'approvedRun' && baseline.plan.version === v.version,
      })),
    });
  });
  app.get('/api/plans/:id/versions/:version', async (c) => {
    assertRole(c.get('user'), ...PLAN_READERS);
    const v = await versionOr404(idParam(c, 'id'), versionParam(c));
    return c.json({ plan: v.plan, version: v.version, hash: v.hash, savedBy: v.savedBy, savedAt: v.savedAt });
  });
  app.get('/api/plans/:id/diff', async (c) => {
    assertRole(c.get('user'), ...PLAN_READERS);
    const id = idParam(c, 'id');
    const from = await versionOr404(id, versionQuery(c, 'from'));
    const to = await versionOr404(id, versionQuery(c, 'to'));
    return c.json({ from: { version: from.version, plan: from.plan }, to: { version: to.version, plan: to.plan }, changes: diffPlans(from.plan, to.plan) });
  });
  // the draft against the approved version, for every partner of the period
  app.post('/api/plans/:id/what-if', async (c) => {
    assertRole(c.get('user'), 'planDesigner', 'approver');
    const id = idParam(c, 'id');
    const parsed = await planBody(c, id, 'draft');
    // a plan never saved nor shipped has no baseline: every total it pays is new
    const baseline = await approvedBaseline(store, id, ctx.plans.get(id));
    try {
      const result = planWhatIf({ period: sample.period, partners: sample.partners, factSchema: sample.factSchema, facts: sample.facts }, baseline?.plan, parsed.plan);
      return c.json({ ...result, baselineSource: baseline?.source ?? 'none', baselineRun: baseline?.runId ?? null });
    } catch (e) {
      throw new HttpError(422, 'what_if_failed', (e as Error).message, bothMessages(e));
    }
  });
}
