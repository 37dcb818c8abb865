import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtp, type TestSmtp } from '../../../packages/documents/tests/smtp.js';
import { startStudio, type StudioServer } from '../server/app.js';
import { loadSample } from '../server/sample.js';
import { demoUsers } from '../server/users.js';
import { jsonCall } from './jsonCall.js';
import { loginCookie } from './login.js';

/**
 * Finance e-mails the partners their answers from the period page (POST …/inquiries/notify), through a real SMTP
 * server: each answer once, in the partner's language, recorded so the staff list shows it sent; a refused mailbox is
 * reported and retried by the next click; only those who answer may send; a studio without e-mail says so.
 */
const sample = loadSample();
const PASSWORD = 'test-password';
const period = sample.period.id;
const [a, b] = sample.partners;
let studio: StudioServer;
let smtp: TestSmtp;

const call = async (username: string, method: string, path: string, body?: unknown) => jsonCall(studio.url, await loginCookie(studio.url, username, PASSWORD), method, path, body);
const notify = (username = 'finance') => call(username, 'POST', `/api/periods/${period}/inquiries/notify`, {});

beforeAll(async () => {
  // b's mailbox refuses the first message sent to it
  smtp = await startSmtp(b!.billing!.email!.replace(/[.]/g, '\\.'));
  studio = await startStudio({
    db: 'memory://',
    sample,
    users: await demoUsers(sample.partners, PASSWORD),
    now: () => '2026-11-05T09:00:00Z',
    mail: { smtp: smtp.url, from: '"Energia Futura" <provvigioni@example.com>', portalUrl: 'https://provvigioni.example.com' },
  });
  expect((await call('designer', 'POST', `/api/periods/${period}/calculate`, {})).status).toBe(200);
  for (const step of ['validate', 'approve']) expect((await call('approver', 'POST', `/api/periods/${period}/${step}`, {})).status, step).toBe(200);
  for (const [partner, question] of [[a!, 'Perché il bonus è più basso?'], [b!, 'E il fisso?']] as const) {
    const asked = (await call(partner.id.toLowerCase(), 'POST', `/api/periods/${period}/statements/${partner.id}/inquiries`, { question })).body['inquiry'] as { id: number };
    expect((await call('finance', 'POST', `/api/periods/${period}/inquiries/${asked.id}/answer`, { answer: 'Vedi il dettaglio della riga.', outcome: 'explained' })).status).toBe(200);
  }
}, 120_000);

afterAll(async () => {
  await studio?.close();
  await smtp?.stop();
});

describe('e-mailing the answers from the period page', () => {
  it('sends each partner its answers once and records them; a refused mailbox is reported, with the server reason', async () => {
    const first = await notify();
    expect(first.status).toBe(200);
    const results = first.body['results'] as { partnerId: string; status: string; to: string; reason?: { en: string } }[];
    expect(results.map((r) => [r.partnerId, r.status, r.to])).toEqual([
      [a!.id, 'sent', a!.billing!.email],
      [b!.id, 'failed', b!.billing!.email],
    ]);
    expect(results[1]!.reason!.en).toMatch(/^550 5\.1\.1 .*mailbox unavailable$/);
    const mails = await smtp.received();
    expect(mails.map((m) => [m.to && 'text' in m.to ? m.to.text : '', m.subject])).toEqual([[a!.billing!.email, `Risposte alle sue domande sull'estratto conto provvigioni – periodo ${period}`]]);
    expect(mails[0]!.text).toContain('Vedi il dettaglio della riga.');
    expect(mails[0]!.text).toContain('https://provvigioni.example.com');

    // staff see the answer that went, by whom and to where; the other still due
    const list = (await call('finance', 'GET', `/api/periods/${period}/inquiries`)).body['inquiries'] as { partnerId: string; notice: { to: string; by: string } | null }[];
    const noticeOf = (id: string) => list.find((i) => i.partnerId === id)!.notice;
    expect(noticeOf(a!.id)).toMatchObject({ to: a!.billing!.email, by: 'finance' });
    expect(noticeOf(b!.id)).toBeNull();
  });

  it('sends only what is still due on the next click, and nothing once all went', async () => {
    const again = await notify('approver');
    // the test server refuses b's address every time: still due, never sent twice to a
    expect((again.body['results'] as { partnerId: string; status: string }[]).map((r) => [r.partnerId, r.status])).toEqual([[b!.id, 'failed']]);
    expect((await smtp.received()).length).toBe(1);
  });

  it('is for those who answer, and a studio without e-mail says how to set it up', async () => {
    for (const who of ['designer', 'auditor', a!.id.toLowerCase()]) expect((await notify(who)).status, who).toBe(403);
    const plain = await startStudio({ db: 'memory://', sample, users: await demoUsers(sample.partners, PASSWORD), now: () => '2026-11-05T09:00:00Z' });
    try {
      const designer = await loginCookie(plain.url, 'designer', PASSWORD);
      expect((await jsonCall(plain.url, designer, 'POST', `/api/periods/${period}/calculate`, {})).status).toBe(200);
      const unconfigured = await jsonCall(plain.url, await loginCookie(plain.url, 'finance', PASSWORD), 'POST', `/api/periods/${period}/inquiries/notify`, {});
      expect(unconfigured.status).toBe(503);
      expect(unconfigured.body).toMatchObject({ error: 'mail_not_configured', messages: { it: expect.stringContaining('PROVVIGO_SMTP_URL') } });
    } finally {
      await plain.close();
    }
    await expect(startStudio({ db: 'memory://', sample, users: [], mail: { smtp: 'http://user:s3cret@mail.example.com', from: 'a@example.com' } })).rejects.toThrow(/not an smtp:\/\/ or smtps:\/\/ URL: http:\/\/user:\*+@mail\.example\.com/);
  });
});
