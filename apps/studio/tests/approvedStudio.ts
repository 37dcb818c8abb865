import { expect } from 'vitest';
import { startStudio, type StudioServer } from '../server/app.js';
import type { SampleData } from '../server/sample.js';
import { demoUsers } from '../server/users.js';
import { loginCookie } from './login.js';

/**
 * A studio on an in-memory store whose sample period is calculated by the designer, then validated and approved by
 * the approver (four eyes), as the tests of what an approved run shows start from. Its demo users log in with
 * `password`; the clock is fixed, so documents dated at approval are the same on every run.
 */
export async function startApprovedStudio(sample: SampleData, password: string): Promise<StudioServer> {
  const studio = await startStudio({ db: 'memory://', sample, users: await demoUsers(sample.partners, password), now: () => '2026-11-05T09:00:00Z' });
  const post = async (cookie: string, step: string) => {
    const r = await fetch(`${studio.url}/api/periods/${sample.period.id}/${step}`, { method: 'POST', headers: { cookie } });
    expect(r.status, step).toBe(200);
  };
  await post(await loginCookie(studio.url, 'designer', password), 'calculate');
  const approver = await loginCookie(studio.url, 'approver', password);
  for (const step of ['validate', 'approve']) await post(approver, step);
  return studio;
}
