import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStudio } from '../server/app.js';
import type { StudioServer } from '../server/app.js';
import { loadSample } from '../server/sample.js';
import { demoUsers } from '../server/users.js';
import { loginCookie } from './login.js';

/**
 * Year-to-date opening balances imported over HTTP (`POST /api/fiscal/openings`, as the CLI's `provvigo fiscal
 * openings import`): the body is checked at the boundary, so a malformed one is a 422 naming the field, never a 500;
 * only a calculator imports; staff who calculate or approve read them back; partners do not.
 */
const sample = loadSample();
const PASSWORD = 'test-password';
const partnerId = sample.partners[0]!.id;
let studio: StudioServer;

const session = (username: string): Promise<string> => loginCookie(studio.url, username, PASSWORD);
/** `body` is sent as it is: a string is the raw request body. */
async function call(cookie: string, method: string, body?: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const r = await fetch(`${studio.url}/api/fiscal/openings`, { method, headers: { cookie, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) }, body });
  const text = await r.text();
  return { status: r.status, body: text ? JSON.parse(text) : {} };
}

let calculator: string;
let approver: string;
let partner: string;
beforeAll(async () => {
  studio = await startStudio({ db: 'memory://', sample, users: await demoUsers(sample.partners, PASSWORD), now: () => '2026-11-05T09:00:00Z' });
  calculator = await session('designer');
  approver = await session('approver');
  partner = await session(partnerId.toLowerCase());
}, 120_000);

afterAll(async () => {
  await studio?.close();
});

describe('opening balances over HTTP', () => {
  it('answers a malformed body with a 422 that names the field (none for the body as a whole)', async () => {
    const cases: Array<[string, string]> = [
      // the body as a whole: no field
      ['null', ''],
      ['[]', ''],
      ['"openings"', ''],
      [JSON.stringify({ openings: [] }), 'source'],
      [JSON.stringify({ source: '  ', openings: [] }), 'source'],
      [JSON.stringify({ source: 'ERP', openings: {} }), 'openings'],
      [JSON.stringify({ source: 'ERP', openings: [{ partnerId, year: '2026', values: {} }] }), 'openings.0.year'],
      [JSON.stringify({ source: 'ERP', openings: [{ partnerId, year: 2026, values: { 'enasarco.base': 'mille' } }] }), 'openings.0.values.enasarco.base'],
      [JSON.stringify({ source: 'ERP', openings: [], extra: 1 }), ''],
    ];
    for (const [body, field] of cases) {
      const r = await call(calculator, 'POST', body);
      expect([body, r.status, r.body['error'], r.body['field']]).toEqual([body, 422, 'invalid_body', field]);
    }
    const extra = await call(calculator, 'POST', JSON.stringify({ source: 'ERP', openings: [], extra: 1 }));
    expect(extra.body['message']).toContain('extra');
    // nothing was imported by any of them
    expect((await call(calculator, 'GET')).body).toEqual({ openings: [] });
  });

  it('imports a balance once, reads it back, and takes the same balance again as unchanged', async () => {
    const opening = { partnerId, year: 2026, values: { 'enasarco.base': '12000.00' } };
    const body = JSON.stringify({ source: 'ERP', openings: [opening] });
    expect(await call(calculator, 'POST', body)).toEqual({ status: 200, body: { imported: 1, unchanged: 0 } });
    expect(await call(calculator, 'POST', body)).toEqual({ status: 200, body: { imported: 0, unchanged: 1 } });
    expect((await call(approver, 'GET')).body).toEqual({ openings: [{ ...opening, periods: [] }] });
  });

  it('lets only a calculator import, and no partner read', async () => {
    const body = JSON.stringify({ source: 'ERP', openings: [] });
    expect((await call(approver, 'POST', body)).status).toBe(403);
    expect((await call(partner, 'POST', body)).status).toBe(403);
    expect((await call(partner, 'GET')).status).toBe(403);
  });
});
