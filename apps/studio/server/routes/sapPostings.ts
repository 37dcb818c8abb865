import { sapPostings } from '../sapPostings.js';
import { idParam } from '../http/params.js';
import { assertRole, runOf, type StudioContext } from '../studioContext.js';
import type { StudioApp } from './types.js';

/**
 * Finance, approvers and auditors read what `provvigo post sap` put in SAP for a period (server/sapPostings.ts):
 * every partner's invoice is named, so partners may not; the plan designer and the calculator have no use for it.
 */
export function registerSapPostings(app: StudioApp, ctx: StudioContext): void {
  app.get('/api/periods/:period/sap', async (c) => {
    assertRole(c.get('user'), 'finance', 'approver', 'auditor');
    return c.json(await sapPostings(ctx.store, await runOf(ctx, idParam(c, 'period'))));
  });
}
