import { YtdStateSchema } from '@provvigo/core';
import { approvePeriod, calculatePeriod, importFiscalOpenings, listFiscalOpenings, openPeriod, rejectPeriod, StoreError, validatePeriod } from '@provvigo/store';
import { z } from 'zod';
import { periodReview } from '../periodReview.js';
import { parseBody } from '../http/body.js';
import { HttpError } from '../http/errors.js';
import { idParam } from '../http/params.js';
import { actorOf, assertRole, inputs, runOf, STAFF_ROLES, type StudioContext } from '../studioContext.js';
import type { StudioApp } from './types.js';
import { hyperFormulaEngine } from '@provvigo/core/hyperformula';

const ReasonSchema = z.object({ reason: z.string().trim().min(3).max(2000) }).strict();
const CommentSchema = z.object({ text: z.string().trim().min(1).max(2000) }).strict();

/**
 * Year-to-date opening balances from another system: where they come from, and one state per partner and year. The
 * store keeps an imported balance for good, so the studio takes only its own partners, four-digit years (a larger one
 * failed in the store as a 32-bit integer) and each partner and year once (a second one was refused as "already
 * imported", though nothing was).
 */
function openingsSchema(partnerIds: ReadonlySet<string>) {
  const opening = YtdStateSchema.extend({
    partnerId: z.string().refine((id) => partnerIds.has(id), 'is not a partner of the studio'),
    year: z.number().int().min(1000).max(9999),
  });
  return z
    .object({ source: z.string().trim().min(1).max(200), openings: z.array(opening) })
    .strict()
    .superRefine(({ openings }, ctx) => {
      const seen = new Set<string>();
      openings.forEach((o, i) => {
        const key = `${o.partnerId}\u0000${o.year}`;
        if (seen.has(key)) ctx.addIssue({ code: 'custom', path: ['openings', i], message: `partner ${o.partnerId}, year ${o.year} is given twice` });
        seen.add(key);
      });
    });
}

/**
 * A run step on a period the store does not have: a 404, as every read of a missing resource answers (runOf). The
 * store's own words were a 409 telling the user to run a CLI command, which is the operator's remedy, not theirs;
 * the code stays `period_unknown`, which the client translates.
 */
async function onKnownPeriod<T>(periodId: string, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (e) {
    if (e instanceof StoreError && e.code === 'period_unknown') throw new HttpError(404, 'period_unknown', `no period ${periodId}: a period exists once it is first calculated`);
    throw e;
  }
}

/**
 * Staff: period runs — calculate (calculator), validate, approve or reject with a reason (four eyes: core refuses the
 * calculator), the approver's review (validation results, diff against the previous period, comments).
 */
export function registerPeriods(app: StudioApp, ctx: StudioContext): void {
  const { store, sample } = ctx;
  const OpeningsSchema = openingsSchema(new Set(sample.partners.map((p) => p.id)));
  app.get('/api/periods', async (c) => {
    assertRole(c.get('user'), ...STAFF_ROLES);
    const periods = await store.listPeriods();
    const runs = await store.listRuns();
    return c.json({ periods, runs: runs.map((r) => ({ id: r.record.id, period: r.record.period.id, state: r.record.state })) });
  });
  app.post('/api/periods/:period/calculate', async (c) => {
    const u = assertRole(c.get('user'), 'calculator');
    if (idParam(c, 'period') !== sample.period.id) throw new HttpError(404, 'not_found', `the sample has period ${sample.period.id} only`);
    if (!(await store.getPeriod(sample.period.id))) await openPeriod(store, { period: sample.period, actor: actorOf(u), at: ctx.now() });
    const out = await calculatePeriod(store, { periodId: sample.period.id, actor: actorOf(u), at: ctx.now(), inputs: inputs(ctx), formulaEngine: hyperFormulaEngine({ licenseKey: ctx.licenseKey }) });
    return c.json({ run: out.run.record.id, state: out.run.record.state, changed: out.changed });
  });
  app.post('/api/periods/:period/validate', async (c) => {
    const u = assertRole(c.get('user'), 'calculator', 'approver');
    const periodId = idParam(c, 'period');
    return c.json(await onKnownPeriod(periodId, () => validatePeriod(store, { periodId, actor: actorOf(u), at: ctx.now() })));
  });
  app.post('/api/periods/:period/approve', async (c) => {
    const u = assertRole(c.get('user'), 'approver');
    const periodId = idParam(c, 'period');
    return c.json(await onKnownPeriod(periodId, () => approvePeriod(store, { periodId, actor: actorOf(u), at: ctx.now() })));
  });
  app.post('/api/periods/:period/reject', async (c) => {
    const u = assertRole(c.get('user'), 'approver');
    const periodId = idParam(c, 'period');
    const { reason } = await parseBody(c, ReasonSchema);
    const out = await onKnownPeriod(periodId, () => rejectPeriod(store, { periodId, actor: actorOf(u), at: ctx.now(), reason }));
    return c.json({ run: out.run.record.id, state: out.run.record.state, reason: out.reason, rejectedBy: u.id });
  });
  app.get('/api/periods/:period/review', async (c) => {
    assertRole(c.get('user'), ...STAFF_ROLES);
    return c.json(await periodReview(store, await runOf(ctx, idParam(c, 'period'))));
  });
  app.post('/api/periods/:period/comments', async (c) => {
    const u = assertRole(c.get('user'), 'calculator', 'approver');
    const periodId = idParam(c, 'period');
    const { text } = await parseBody(c, CommentSchema);
    const run = await runOf(ctx, periodId);
    const entry = await store.appendAudit({ at: ctx.now(), actor: u.id, action: 'run.comment', runId: run.record.id, details: { period: run.record.period.id, text } });
    return c.json({ comment: { at: entry.at, actor: entry.actor, text } });
  });
  // Year-to-date opening balances from another system (the CLI's `provvigo fiscal openings import`).
  app.get('/api/fiscal/openings', async (c) => {
    assertRole(c.get('user'), 'calculator', 'approver');
    return c.json({ openings: await listFiscalOpenings(store) });
  });
  app.post('/api/fiscal/openings', async (c) => {
    const u = assertRole(c.get('user'), 'calculator');
    // checked here, at the boundary: a body that is not an object (`null`) was read as one, a 500
    const b = await parseBody(c, OpeningsSchema);
    return c.json(await importFiscalOpenings(store, { states: b.openings, source: b.source, actor: u.id, at: ctx.now() }));
  });
}
