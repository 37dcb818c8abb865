import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Inquiry, InquiryCorrection } from '@provvigo/store';
import { startStudio, type StudioServer } from '../server/app.js';
import { loadSample, type SampleData } from '../server/sample.js';
import { demoUsers } from '../server/users.js';
import { loginCookie } from './login.js';
import { jsonCall } from './jsonCall.js';

/**
 * A question answered "it will be corrected", followed to the money that corrects it, over HTTP. October is approved
 * and a partner asks about one of its contract lines; finance answers it will be corrected. The contract's data is
 * then corrected and November calculated (a second studio on the same database, as the next month's deployment):
 * its run books an adjustment of the October line. Staff see it on the question at once; the partner once November
 * is approved; another partner never.
 */
const october = loadSample();
const PASSWORD = 'test-password';
const NOVEMBER = { id: '2026-11', start: '2026-11-01', end: '2026-11-30' };
const [a, b] = october.partners;
const dir = mkdtempSync(join(tmpdir(), 'studio-corrections-'));
let studio: StudioServer;

type Item = Inquiry & { corrections: InquiryCorrection[] };
const session = (username: string) => loginCookie(studio.url, username, PASSWORD);
const call = (cookie: string, method: string, path: string, body?: unknown) => jsonCall(studio.url, cookie, method, path, body);
async function start(sample: SampleData, now: string): Promise<void> {
  studio = await startStudio({ db: join(dir, 'db'), sample, users: await demoUsers(sample.partners, PASSWORD), now: () => now });
}
async function calculateAndApprove(periodId: string): Promise<void> {
  const [designer, approver] = [await session('designer'), await session('approver')];
  expect((await call(designer, 'POST', `/api/periods/${periodId}/calculate`, {})).status).toBe(200);
  for (const step of ['validate', 'approve']) expect((await call(approver, 'POST', `/api/periods/${periodId}/${step}`, {})).status, step).toBe(200);
}
const partnerQuestions = async (partnerId: string): Promise<Item[]> =>
  (await call(await session(partnerId.toLowerCase()), 'GET', `/api/periods/2026-10/statements/${partnerId}/inquiries`)).body['inquiries'] as Item[];

let asked: { id: number; lineId: string; amount: string; currency: string; contract: string };
beforeAll(async () => {
  await start(october, '2026-11-05T09:00:00Z');
  await calculateAndApprove('2026-10');
  const partner = await session(a!.id.toLowerCase());
  const statement = (await call(partner, 'GET', `/api/periods/2026-10/statements/${a!.id}`)).body['statement'] as {
    lines: { id: string; amount: string; currency: string; source: { table: string; id: string } | null }[];
  };
  const line = statement.lines.find((l) => l.source?.table === 'contracts' && Number(l.amount) !== 0)!;
  const question = await call(partner, 'POST', `/api/periods/2026-10/statements/${a!.id}/inquiries`, { question: 'Il consumo del contratto è sbagliato.', lineId: line.id });
  expect(question.status).toBe(200);
  asked = { id: (question.body['inquiry'] as Inquiry).id, lineId: line.id, amount: line.amount, currency: line.currency, contract: line.source!.id };
  const finance = await session('finance');
  const answer = await call(finance, 'POST', `/api/periods/2026-10/inquiries/${asked.id}/answer`, { answer: 'Sarà corretto a novembre.', outcome: 'toCorrect' });
  expect(answer.status).toBe(200);
  await studio.close();
}, 180_000);

afterAll(async () => {
  await studio?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the correction of a question', () => {
  it('is none while no later run corrects the line', async () => {
    await start(october, '2026-11-06T09:00:00Z');
    expect((await partnerQuestions(a!.id)).map((i) => [i.id, i.corrections])).toEqual([[asked.id, []]]);
    await studio.close();
  });

  it("is shown to staff once November's run books the adjustment, and to the partner only once it is approved", async () => {
    // November's data corrects the October contract's consumption (a late meter reading)
    const contracts = october.facts['contracts']!.map((c) => (c['id'] === asked.contract ? { ...c, annualKwh: Number(c['annualKwh'] ?? 0) * 3 + 1000, annualSmc: Number(c['annualSmc'] ?? 0) * 3 + 1000 } : c));
    await start({ ...october, period: NOVEMBER, facts: { ...october.facts, contracts } }, '2026-12-03T09:00:00Z');
    const [designer, finance] = [await session('designer'), await session('finance')];
    expect((await call(designer, 'POST', `/api/periods/${NOVEMBER.id}/calculate`, {})).status).toBe(200);

    const staff = (await call(finance, 'GET', '/api/periods/2026-10/inquiries')).body['inquiries'] as Item[];
    const corrections = staff.find((i) => i.id === asked.id)!.corrections;
    expect(corrections.length).toBeGreaterThan(0);
    for (const c of corrections) {
      expect(c).toMatchObject({ periodId: NOVEMBER.id, runState: 'calculated', approved: false, previousAmount: asked.amount, currency: asked.currency });
      const units = (s: string) => BigInt(s.replace('.', ''));
      expect(units(c.newAmount) - units(c.previousAmount)).toBe(units(c.delta));
      expect(units(c.delta)).not.toBe(0n);
    }
    expect((await partnerQuestions(a!.id))[0]!.corrections).toEqual([]);

    const approver = await session('approver');
    for (const step of ['validate', 'approve']) expect((await call(approver, 'POST', `/api/periods/${NOVEMBER.id}/${step}`, {})).status, step).toBe(200);
    const seen = (await partnerQuestions(a!.id))[0]!.corrections;
    expect(seen.map((c) => [c.adjustmentId, c.delta, c.runState])).toEqual(corrections.map((c) => [c.adjustmentId, c.delta, 'approved']));
    // another partner reads its own questions only: none, and none of A's corrections
    expect(await partnerQuestions(b!.id)).toEqual([]);
  });
});
