import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePlan } from '@provvigo/core';
import { HttpError } from '../http/errors.js';
import { assertRole, STAFF_ROLES, type StudioContext } from '../studioContext.js';
import type { StudioApp } from './types.js';

/** Staff: the sample data the builder previews on, and the plans. */
export function registerPlans(app: StudioApp, ctx: StudioContext): void {
  const { sample } = ctx;
  app.get('/api/sample', (c) => {
    assertRole(c.get('user'), ...STAFF_ROLES);
    return c.json({ period: sample.period, partners: sample.partners, factSchema: sample.factSchema, facts: sample.facts });
  });
  app.get('/api/plans', (c) => {
    assertRole(c.get('user'), ...STAFF_ROLES);
    return c.json({ plans: [...ctx.plans.values()] });
  });
  app.put('/api/plans/:id', async (c) => {
    assertRole(c.get('user'), 'planDesigner');
    const parsed = parsePlan(await c.req.json(), { factSchema: sample.factSchema });
    if (!parsed.ok) throw new HttpError(422, 'invalid_plan', 'the plan has errors', { issues: parsed.issues });
    if (parsed.plan.id !== c.req.param('id')) throw new HttpError(422, 'invalid_plan', 'the plan id does not match the URL');
    ctx.plans.set(parsed.plan.id, parsed.plan);
    if (ctx.plansDir) {
      mkdirSync(ctx.plansDir, { recursive: true });
      writeFileSync(join(ctx.plansDir, `${parsed.plan.id}.json`), `${JSON.stringify(parsed.plan, null, 2)}\n`);
    }
    return c.json({ plan: parsed.plan, issues: parsed.issues });
  });
}
