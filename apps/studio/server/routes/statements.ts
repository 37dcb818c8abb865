import { explanationLabels as labelsFor } from '@provvigo/core';
import { HttpError } from '../http/errors.js';
import { idParam, lineParam } from '../http/params.js';
import { recordFactsOf, sourcesOf, statementEntries } from '../statementFacts.js';
import { assertMayReadPartner, runOf, statementOf, visibleToPartners, type StudioContext } from '../studioContext.js';
import type { StudioApp } from './types.js';

/** Partner data: every route checks the partner in its path against the session (assertMayReadPartner). */
export function registerStatements(app: StudioApp, ctx: StudioContext): void {
  app.get('/api/periods/:period/statements', async (c) => {
    const user = c.get('user');
    if (!user) throw new HttpError(401, 'unauthenticated', 'log in first');
    const run = await runOf(ctx, idParam(c, 'period'));
    const headers = await ctx.store.listStatementHeaders(run.record.id);
    if (!user.roles.includes('partner')) return c.json({ run: run.record.id, state: run.record.state, statements: headers });
    const own = visibleToPartners(run.record.state) ? headers.filter((h) => h.partnerId === user.partnerId) : [];
    return c.json({ run: run.record.id, state: run.record.state, statements: own });
  });
  app.get('/api/periods/:period/statements/:partner', async (c) => {
    const partnerId = idParam(c, 'partner');
    const user = assertMayReadPartner(c.get('user'), partnerId);
    const { run, statement, periodStatement, view } = await statementOf(ctx, idParam(c, 'period'), partnerId, user);
    // held amounts are itemised from the run's ledger entries; customer and product come from the run's stored facts
    const ledgerEntries = await statementEntries(ctx.store, run.record.id, periodStatement);
    const records = recordFactsOf(view.calculation, sourcesOf(statement, ledgerEntries));
    // the reader's words for the plan's names, from the plan version the run calculated with (its snapshot)
    const calc = view.calculation;
    const explanationLabels = calc ? [labelsFor(calc.plan, calc.factSchema)] : [];
    return c.json({ run: run.record.id, state: run.record.state, plans: run.record.plans, partner: view.partner, statement, periodStatement, fiscal: view.fiscal, ledgerEntries, records, explanationLabels });
  });
  app.get('/api/periods/:period/statements/:partner/lines/:line', async (c) => {
    const partnerId = idParam(c, 'partner');
    const user = assertMayReadPartner(c.get('user'), partnerId);
    const lineId = lineParam(c);
    const { statement } = await statementOf(ctx, idParam(c, 'period'), partnerId, user);
    // The line must belong to the partner in the path: a line id alone never opens another partner's trace.
    const line = statement.lines.find((l) => l.id === lineId);
    if (!line) throw new HttpError(404, 'not_found', 'no such line in this statement');
    return c.json({ line });
  });
}
