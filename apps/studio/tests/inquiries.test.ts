import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditLog } from '@provvigo/core';
import type { Inquiry } from '@provvigo/store';
import { startStudio, type StudioServer } from '../server/app.js';
import { loadSample } from '../server/sample.js';
import { demoUsers } from '../server/users.js';
import { loginCookie } from './login.js';
import { jsonCall } from './jsonCall.js';

/**
 * Partners' questions about their statements over HTTP: a partner asks about its own approved statement (all of it,
 * or one of its lines) and reads only its own questions; staff read all; finance or the approver answers once, and the
 * partner reads the answer. Every message is an audit entry. The period goes through calculate, validate and approve
 * over HTTP first, and before approval a partner can ask nothing.
 */
const sample = loadSample();
const PASSWORD = 'test-password';
const period = sample.period.id;
const [a, b] = sample.partners;
let studio: StudioServer;

const session = (username: string) => loginCookie(studio.url, username, PASSWORD);
const call = (cookie: string, method: string, path: string, body?: unknown) => jsonCall(studio.url, cookie, method, path, body);
const own = (partnerId: string) => `/api/periods/${period}/statements/${partnerId}/inquiries`;

let partnerA: string;
let partnerB: string;
let finance: string;
beforeAll(async () => {
  studio = await startStudio({ db: 'memory://', sample, users: await demoUsers(sample.partners, PASSWORD), now: () => '2026-11-05T09:00:00Z' });
  partnerA = await session(a!.id.toLowerCase());
  partnerB = await session(b!.id.toLowerCase());
  finance = await session('finance');
  const designer = await session('designer');
  expect((await call(designer, 'POST', `/api/periods/${period}/calculate`, {})).status).toBe(200);
}, 120_000);

afterAll(async () => {
  await studio?.close();
});

describe('partner questions', () => {
  it('are closed to partners until the period is approved', async () => {
    expect((await call(partnerA, 'POST', own(a!.id), { question: 'Quando vedrò il mio estratto conto?' })).status).toBe(404);
    expect((await call(partnerA, 'GET', own(a!.id))).status).toBe(404);
    const approver = await session('approver');
    for (const step of ['validate', 'approve']) expect((await call(approver, 'POST', `/api/periods/${period}/${step}`, {})).status, step).toBe(200);
  });

  it("take a partner's question about its own statement or one of its lines, and refuse another partner's, staff's and bad bodies", async () => {
    const statement = (await call(partnerA, 'GET', `/api/periods/${period}/statements/${a!.id}`)).body['statement'] as { lines: { id: string }[] };
    const lineId = statement.lines[0]!.id;
    const asked = await call(partnerA, 'POST', own(a!.id), { question: '  Il contratto risulta KO ma il cliente è attivo.  ', lineId });
    expect(asked.status).toBe(200);
    expect(asked.body['inquiry']).toMatchObject({ partnerId: a!.id, lineId, question: 'Il contratto risulta KO ma il cliente è attivo.', askedBy: a!.id.toLowerCase(), answer: null });
    expect((await call(partnerA, 'POST', own(a!.id), { question: 'Perché il bonus è più basso?' })).status).toBe(200);

    // another partner's statement, in either direction; staff may not ask in a partner's name
    expect((await call(partnerB, 'POST', own(a!.id), { question: 'x' })).status).toBe(403);
    expect((await call(partnerB, 'GET', own(a!.id))).status).toBe(403);
    expect((await call(finance, 'POST', own(a!.id), { question: 'x' })).status).toBe(403);
    // a line of another partner's statement is no line of this one
    const bLines = (await call(partnerB, 'GET', `/api/periods/${period}/statements/${b!.id}`)).body['statement'] as { lines: { id: string }[] };
    const foreign = bLines.lines[0]?.id ?? 'no-such-line';
    const refusals: Array<[unknown, string]> = [
      [{ question: '   ' }, 'question'],
      [{ question: 'x'.repeat(2001) }, 'question'],
      [{ question: 'ok', lineId: foreign }, 'lineId'],
      [{ question: 'ok', extra: 1 }, ''],
      [{ question: 'a\u0000b' }, 'question'],
    ];
    for (const [body, field] of refusals) {
      const r = await call(partnerA, 'POST', own(a!.id), body);
      expect([r.status, r.body['field']], JSON.stringify(body).slice(0, 60)).toEqual([422, field]);
    }
    // partner B sees none of A's questions
    expect((await call(partnerB, 'GET', own(b!.id))).body['inquiries']).toEqual([]);
  });

  it('take at most 20 unanswered questions of one partner in a period, and say why in both languages', async () => {
    // partner B has none yet: 20 are taken, the 21st is refused while they await an answer
    for (let n = 1; n <= 20; n++) expect((await call(partnerB, 'POST', own(b!.id), { question: `Domanda ${n}` })).status, `question ${n}`).toBe(200);
    const refused = await call(partnerB, 'POST', own(b!.id), { question: 'Domanda 21' });
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ error: 'too_many_questions', messages: { it: `20 tue domande su ${period} attendono risposta: attendi che l'amministrazione risponda prima di farne altre` } });
    // another partner is not held back by B's
    expect((await call(partnerA, 'GET', own(a!.id))).body['inquiries']).toHaveLength(2);
  });

  it('are answered once by finance or the approver, and the partner reads the answer; each message is in the audit chain', async () => {
    const staffList = await call(finance, 'GET', `/api/periods/${period}/inquiries`);
    expect(staffList.status).toBe(200);
    const [first, second] = (staffList.body['inquiries'] as Inquiry[]).filter((i) => i.partnerId === a!.id);
    expect((staffList.body['inquiries'] as Inquiry[]).length).toBe(22);
    const answer = (cookie: string, id: number | string, body: unknown) => call(cookie, 'POST', `/api/periods/${period}/inquiries/${id}/answer`, body);

    // only those who pay the period answer; a bad outcome, a bad number and a question not of this period are refused
    expect((await answer(partnerA, first!.id, { answer: 'x', outcome: 'explained' })).status).toBe(403);
    expect((await answer(await session('designer'), first!.id, { answer: 'x', outcome: 'explained' })).status).toBe(403);
    expect((await answer(finance, first!.id, { answer: 'x', outcome: 'maybe' })).body['field']).toBe('outcome');
    expect((await answer(finance, '0x1', { answer: 'x', outcome: 'explained' })).status).toBe(400);
    expect((await answer(finance, 2_000_000_000, { answer: 'x', outcome: 'explained' })).status).toBe(404);

    const done = await answer(finance, first!.id, { answer: 'Il contratto sarà pagato nel prossimo periodo.', outcome: 'toCorrect' });
    expect(done.status).toBe(200);
    const twice = await answer(await session('approver'), first!.id, { answer: 'Anche io.', outcome: 'explained' });
    expect(twice.status).toBe(409);
    expect(twice.body).toMatchObject({ error: 'inquiry_answered', messages: { it: `alla domanda ${first!.id} ha già risposto finance il 2026-11-05T09:00:00Z` } });

    const seen = (await call(partnerA, 'GET', own(a!.id))).body['inquiries'] as Inquiry[];
    expect(seen.map((i) => i.answer)).toEqual([{ text: 'Il contratto sarà pagato nel prossimo periodo.', outcome: 'toCorrect', by: 'finance', at: '2026-11-05T09:00:00Z' }, null]);

    const audit = await call(await session('auditor'), 'GET', '/api/audit');
    const entries = (audit.body['entries'] as { action: string; actor: string; details: Record<string, unknown> }[]).filter((e) => e.action.startsWith('inquiry.') && e.details['partner'] === a!.id);
    expect(entries.map((e) => [e.action, e.actor, e.details['inquiry']])).toEqual([
      ['inquiry.open', a!.id.toLowerCase(), first!.id],
      ['inquiry.open', a!.id.toLowerCase(), second!.id],
      ['inquiry.answer', 'finance', first!.id],
    ]);
    expect(verifyAuditLog(audit.body['entries'] as never).ok).toBe(true);
  });
});
