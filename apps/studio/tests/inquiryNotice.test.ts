import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, recordInquiryNotice, Store } from '@provvigo/store';
import { startStudio, type StudioServer } from '../server/app.js';
import { loadSample } from '../server/sample.js';
import { demoUsers } from '../server/users.js';
import { jsonCall } from './jsonCall.js';
import { loginCookie } from './login.js';
import { postgresAvailable, testSchema } from './postgres.js';

/**
 * Staff see which answers reached the partner by e-mail: a notice recorded on the store (as `provvigo period notify`
 * records one, from another process on the same PostgreSQL database) shows on the period's questions, on the question
 * it carried only; the partner's own list does not carry it.
 */
const sample = loadSample();
const PASSWORD = 'test-password';
const period = sample.period.id;
const [a] = sample.partners;
const available = await postgresAvailable();
let studio: StudioServer;
let pgSchema: Awaited<ReturnType<typeof testSchema>>;

const call = async (username: string, method: string, path: string, body?: unknown) => jsonCall(studio.url, await loginCookie(studio.url, username, PASSWORD), method, path, body);

describe.skipIf(!available)('notices of answers', () => {
  beforeAll(async () => {
    pgSchema = await testSchema('studio_notice');
    studio = await startStudio({ db: pgSchema.db, sample, users: await demoUsers(sample.partners, PASSWORD), now: () => '2026-11-05T09:00:00Z' });
    expect((await call('designer', 'POST', `/api/periods/${period}/calculate`, {})).status).toBe(200);
    for (const step of ['validate', 'approve']) expect((await call('approver', 'POST', `/api/periods/${period}/${step}`, {})).status, step).toBe(200);
  }, 120_000);

  afterAll(async () => {
    await studio?.close();
    await pgSchema?.drop();
  });

  it("show on staff's list of the period's questions, on the question the e-mail carried", async () => {
    const own = `/api/periods/${period}/statements/${a!.id}/inquiries`;
    const partner = a!.id.toLowerCase();
    const first = (await call(partner, 'POST', own, { question: 'Perché il bonus è più basso?' })).body['inquiry'] as { id: number };
    const second = (await call(partner, 'POST', own, { question: 'E il fisso?' })).body['inquiry'] as { id: number };
    for (const q of [first, second]) expect((await call('finance', 'POST', `/api/periods/${period}/inquiries/${q.id}/answer`, { answer: 'Vedi il dettaglio.', outcome: 'explained' })).status).toBe(200);

    const staffNotice = async () => {
      const list = (await call('finance', 'GET', `/api/periods/${period}/inquiries`)).body['inquiries'] as { id: number; notice: unknown }[];
      return list.filter((i) => i.id === first.id || i.id === second.id).map((i) => [i.id, i.notice]);
    };
    expect(await staffNotice()).toEqual([[first.id, null], [second.id, null]]);

    const store = await Store.open(await openDatabase(pgSchema.db));
    const notice = { periodId: period, partnerId: a!.id, inquiries: [first.id], to: 'amministrazione@example.it', messageId: '<n1@example.com>', by: 'franca', at: '2026-11-05T18:00:00Z' };
    try {
      await recordInquiryNotice(store, notice);
      // a notice of another period carries nothing here
      await recordInquiryNotice(store, { ...notice, periodId: '2026-12', inquiries: [second.id] });
    } finally {
      await store.close();
    }
    expect(await staffNotice()).toEqual([[first.id, notice], [second.id, null]]);
    const partnerList = (await call(partner, 'GET', own)).body['inquiries'] as Record<string, unknown>[];
    expect(partnerList.map((i) => 'notice' in i)).toEqual([false, false]);
  });
});
