import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Inquiry } from '@provvigo/store';
import { isNewAnswer, isNewQuestion } from '../client/pages/questions/news.js';
import { startStudio, type StudioServer } from '../server/app.js';
import { loadSample } from '../server/sample.js';
import { demoUsers } from '../server/users.js';
import { jsonCall } from './jsonCall.js';
import { loginCookie } from './login.js';

/**
 * What is new since a reader's previous sign-in, over HTTP with a clock that moves: the question routes answer `since`,
 * the time of the reader's sign-in before the current one (read from the audit log's logins); the client marks answers
 * given after it for a partner and open questions asked after it for staff.
 */
const sample = loadSample();
const PASSWORD = 'test-password';
const period = sample.period.id;
const [a] = sample.partners;
let studio: StudioServer;
let clock = '2026-11-05T08:00:00.000Z';
/** Moves the studio's clock to 09:mm on the same day. */
const at = (minute: number) => {
  clock = `2026-11-05T09:${String(minute).padStart(2, '0')}:00.000Z`;
  return clock;
};

const call = (cookie: string, method: string, path: string, body?: unknown) => jsonCall(studio.url, cookie, method, path, body);
const own = `/api/periods/${period}/statements/${a!.id}/inquiries`;
type Listed = { inquiries: Inquiry[]; since: string | null };

beforeAll(async () => {
  studio = await startStudio({ db: 'memory://', sample, users: await demoUsers(sample.partners, PASSWORD), now: () => clock });
  const designer = await loginCookie(studio.url, 'designer', PASSWORD);
  expect((await call(designer, 'POST', `/api/periods/${period}/calculate`, {})).status).toBe(200);
  const approver = await loginCookie(studio.url, 'approver', PASSWORD);
  for (const step of ['validate', 'approve']) expect((await call(approver, 'POST', `/api/periods/${period}/${step}`, {})).status, step).toBe(200);
}, 120_000);

afterAll(async () => {
  await studio?.close();
});

describe('new since the previous sign-in', () => {
  it("is nothing on a first sign-in, then the partner's answers and finance's open questions that came after the one before", async () => {
    at(1);
    const partner1 = await loginCookie(studio.url, a!.id.toLowerCase(), PASSWORD);
    at(2);
    const finance1 = await loginCookie(studio.url, 'finance', PASSWORD);
    expect(((await call(finance1, 'GET', `/api/periods/${period}/inquiries`)).body as Listed).since).toBeNull();
    at(3);
    const asked = (await call(partner1, 'POST', own, { question: 'Perché il bonus è più basso?' })).body['inquiry'] as Inquiry;
    expect(((await call(partner1, 'GET', own)).body as Listed).since).toBeNull();

    // finance signs in again: the question came after its previous sign-in (09:02)
    at(4);
    const finance2 = await loginCookie(studio.url, 'finance', PASSWORD);
    const staff = (await call(finance2, 'GET', `/api/periods/${period}/inquiries`)).body as Listed;
    expect(staff.since).toBe('2026-11-05T09:02:00.000Z');
    expect(staff.inquiries.filter((q) => isNewQuestion(q, staff.since)).map((q) => q.id)).toEqual([asked.id]);
    at(5);
    expect((await call(finance2, 'POST', `/api/periods/${period}/inquiries/${asked.id}/answer`, { answer: 'Due contratti annullati.', outcome: 'explained' })).status).toBe(200);

    // the partner signs in again: the answer (09:05) came after its previous sign-in (09:01)
    at(6);
    const partner2 = await loginCookie(studio.url, a!.id.toLowerCase(), PASSWORD);
    const mine = (await call(partner2, 'GET', own)).body as Listed;
    expect(mine.since).toBe('2026-11-05T09:01:00.000Z');
    expect(mine.inquiries.filter((q) => isNewAnswer(q, mine.since)).map((q) => q.id)).toEqual([asked.id]);
    // and once more: nothing new since 09:06; an answered question is no longer new to staff
    at(7);
    const partner3 = await loginCookie(studio.url, a!.id.toLowerCase(), PASSWORD);
    const later = (await call(partner3, 'GET', own)).body as Listed;
    expect(later.since).toBe('2026-11-05T09:06:00.000Z');
    expect(later.inquiries.filter((q) => isNewAnswer(q, later.since))).toEqual([]);
    const staffLater = (await call(finance2, 'GET', `/api/periods/${period}/inquiries`)).body as Listed;
    expect(staffLater.inquiries.filter((q) => isNewQuestion(q, staffLater.since))).toEqual([]);
  });

  it('compares instants, not the way they are written', () => {
    const q: Inquiry = { id: 1, periodId: period, runId: 'r', partnerId: a!.id, lineId: null, question: 'x', askedBy: 'p', askedAt: '2026-11-05T10:00:00+01:00', answer: null };
    expect(isNewQuestion(q, '2026-11-05T09:00:00.000Z')).toBe(false);
    expect(isNewQuestion(q, '2026-11-05T08:59:59Z')).toBe(true);
    expect(isNewQuestion(q, null)).toBe(false);
    const answered = { ...q, answer: { text: 'y', outcome: 'explained' as const, by: 'finance', at: '2026-11-05T09:30:00Z' } };
    expect(isNewAnswer(answered, '2026-11-05T10:29:00+01:00')).toBe(true);
    expect(isNewAnswer(answered, '2026-11-05T09:30:00Z')).toBe(false);
    expect(isNewQuestion(answered, '2026-11-05T08:00:00Z')).toBe(false);
  });
});
