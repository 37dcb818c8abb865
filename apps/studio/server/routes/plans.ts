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
    const designer = assertRole(c.get('user'), 'planDesigner');
    const parsed = parsePlan(await c.req.json(), { factSchema: sample.factSchema });
    if (!parsed.ok) throw new HttpError(422, 'invalid_plan', 'the plan has errors', { issues: parsed.issues });
    if (parsed.plan.id !== c.req.param('id')) throw new HttpError(422, 'invalid_plan', 'the plan id does not match the URL');
    // saving never overwrites: the store keeps an immutable version per change (the next number, content-hashed)
    const saved = await ctx.store.savePlan(parsed.plan, { actor: designer.id, at: ctx.now() });
    ctx.plans.set(saved.version.id, saved.version.plan);
    if (ctx.plansDir) {
      mkdirSync(ctx.plansDir, { recursive: true });
      writeFileSync(join(ctx.plansDir, `${saved.version.id}.json`), `${JSON.stringify(saved.version.plan, null, 2)}\n`);
    }
    return c.json({ plan: saved.version.plan, version: { version: saved.version.version, hash: saved.version.hash, created: saved.created }, issues: parsed.issues });
  });
}
