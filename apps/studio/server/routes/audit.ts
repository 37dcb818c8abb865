import { verifyAuditLog } from '@provvigo/core';
import { assertRole, type StudioContext } from '../studioContext.js';
import type { StudioApp } from './types.js';

/** Auditors read the hash-chained audit log (logins, logouts, failures, role changes, run actions) and its check. */
export function registerAudit(app: StudioApp, ctx: StudioContext): void {
  app.get('/api/audit', async (c) => {
    assertRole(c.get('user'), 'auditor');
    const entries = await ctx.store.auditLog();
    return c.json({ entries, verification: verifyAuditLog(entries) });
  });
}
