import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStudio } from '../server/app.js';
import type { StudioServer } from '../server/app.js';
import { periodDiff } from '../server/periodReview.js';
import { loadSample } from '../server/sample.js';
import { demoUsers } from '../server/users.js';
import { loginCookie } from './login.js';
import { jsonCall } from './jsonCall.js';

/**
 * The approver's review (issue 11 §3) over HTTP: validation results, comments, reject with a reason (recorded in the
 * run history and the audit log; four eyes; a rejected run needs a recalculation), and the routes' role checks.
 */
const sample = loadSample();
const PASSWORD = 'test-password';
const period = sample.period.id;
let studio: StudioServer;

const session = (username: string): Promise<string> => loginCookie(studio.url, username, PASSWORD);
const call = (cookie: string, method: string, path: string, body?: unknown) => jsonCall(studio.url, cookie, method, path, body);

let designer: string;
let approver: string;
beforeAll(async () => {
  studio = await startStudio({ db: 'memory://', sample, users: await demoUsers(sample.partners, PASSWORD), now: () => '2026-11-05T09:00:00Z' });
  designer = await session('designer');
  approver = await session('approver');
  expect((await call(designer, 'POST', `/api/periods/${period}/calculate`)).status).toBe(200);
}, 120_000);

afterAll(async () => {
  await studio?.close();
});

describe('the approver review', () => {
  it('shows the counts per table (in = used + excluded + rejected, in = the records in the sample files) and the blocked partners', async () => {
    const { status, body } = await call(approver, 'GET', `/api/periods/${period}/review`);
    expect(status).toBe(200);
    const counts = body['counts'] as Record<string, { in: number; used: number; excluded: number; rejected: number }>;
    for (const [table, c] of Object.entries(counts)) {
      expect(c.in, table).toBe(c.used + c.excluded + c.rejected);
      expect(c.in, table).toBe((sample.facts[table] ?? []).length);
    }
    expect(Object.keys(counts)).toContain('contracts');
    expect(Array.isArray(body['blocked'])).toBe(true);
    // the sample has one period: nothing to compare with
    expect(body['previousPeriod']).toBeNull();
    expect((body['run'] as { state: string }).state).toBe('calculated');
  });

  it('records a comment, then a rejection with its reason; the rejected run must be recalculated before validation', async () => {
    const comment = await call(approver, 'POST', `/api/periods/${period}/comments`, { text: 'Controllare le tariffe di Lazio' });
    expect(comment.status).toBe(200);
    expect((await call(approver, 'POST', `/api/periods/${period}/validate`)).status).toBe(200);

    // the reason is required (named in the error), the designer may not reject, a partner may not read the review
    const short = await call(approver, 'POST', `/api/periods/${period}/reject`, { reason: '' });
    expect(short.status).toBe(422);
    expect(short.body['field']).toBe('reason');
    expect((await call(designer, 'POST', `/api/periods/${period}/reject`, { reason: 'not mine to reject' })).status).toBe(403);
    const partner = await session(sample.partners[0]!.id.toLowerCase());
    expect((await call(partner, 'GET', `/api/periods/${period}/review`)).status).toBe(403);
    expect((await call(partner, 'POST', `/api/periods/${period}/comments`, { text: 'hi' })).status).toBe(403);

    const rejected = await call(approver, 'POST', `/api/periods/${period}/reject`, { reason: 'Tariffe di ottobre errate' });
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({ state: 'calculated', reason: 'Tariffe di ottobre errate', rejectedBy: 'approver' });

    const review = (await call(approver, 'GET', `/api/periods/${period}/review`)).body;
    expect(review['run']).toMatchObject({ state: 'calculated', rejected: true });
    expect(review['comments']).toEqual([{ at: '2026-11-05T09:00:00Z', actor: 'approver', text: 'Controllare le tariffe di Lazio' }]);
    expect(review['rejections']).toEqual([{ at: '2026-11-05T09:00:00Z', actor: 'approver', reason: 'Tariffe di ottobre errate' }]);
    const auditor = await session('auditor');
    const log = (await call(auditor, 'GET', '/api/audit')).body as { entries: { action: string; details: Record<string, unknown> }[]; verification: { ok: boolean } };
    expect(log.entries.filter((e) => e.action === 'run.reject').map((e) => e.details['reason'])).toEqual(['Tariffe di ottobre errate']);
    expect(log.verification.ok).toBe(true);

    const again = await call(approver, 'POST', `/api/periods/${period}/validate`);
    expect(again.status).toBe(409);
    expect(again.body['error']).toBe('invalid_transition');
    expect((await call(designer, 'POST', `/api/periods/${period}/calculate`)).status).toBe(200);
    expect((await call(approver, 'POST', `/api/periods/${period}/validate`)).status).toBe(200);
    expect((await call(approver, 'POST', `/api/periods/${period}/approve`)).status).toBe(200);
  });

  it('the diff against the previous period: totals per partner, largest change first (figures by hand)', () => {
    const h = (partnerId: string, total: string) => ({ partnerId, total, payable: total, blocked: false, currency: 'EUR' });
    const rows = periodDiff([h('A', '100.00'), h('B', '50.00'), h('C', '10.00')], [h('A', '90.00'), h('B', '80.50'), h('D', '5.00')]);
    // B +30.50, C −10 (gone), A −10, D +5 (new); ties (10) by partner id
    expect(rows.map((r) => [r.partnerId, r.delta])).toEqual([
      ['B', '30.5'],
      ['A', '-10'],
      ['C', '-10'],
      ['D', '5'],
    ]);
    expect(rows.find((r) => r.partnerId === 'C')).toMatchObject({ previous: '10.00', current: null });
  });
});
