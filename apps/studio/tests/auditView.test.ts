import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '@provvigo/core';
import { startStudio, type StudioServer } from '../server/app.js';
import { loadSample } from '../server/sample.js';
import { demoUsers } from '../server/users.js';
import { loginCookie } from './login.js';
import { postgresAvailable, testSchema } from './postgres.js';

/**
 * The auditor's view of the audit log over HTTP: pages newest first that together are the whole log, filters by
 * action, actor and run matching the whole log filtered here, checked query parameters, auditors only, and the
 * store's full check, which finds an entry edited in the database behind the studio's back.
 */
const sample = loadSample();
const PASSWORD = 'test-password';
const available = await postgresAvailable();
let studio: StudioServer;
let pgSchema: Awaited<ReturnType<typeof testSchema>>;
let auditor: string;

async function get(path: string, cookie = auditor): Promise<{ status: number; body: Record<string, unknown> }> {
  const r = await fetch(`${studio.url}${path}`, { headers: { cookie } });
  return { status: r.status, body: (await r.json()) as Record<string, unknown> };
}

describe.skipIf(!available)('the audit view', () => {
  beforeAll(async () => {
    pgSchema = await testSchema('studio_audit');
    studio = await startStudio({ db: pgSchema.db, sample, users: await demoUsers(sample.partners, PASSWORD), now: () => '2026-11-05T09:00:00Z' });
    const designer = await loginCookie(studio.url, 'designer', PASSWORD);
    expect((await fetch(`${studio.url}/api/periods/${sample.period.id}/calculate`, { method: 'POST', headers: { cookie: designer } })).status).toBe(200);
    auditor = await loginCookie(studio.url, 'auditor', PASSWORD);
  }, 120_000);

  afterAll(async () => {
    await studio?.close();
    await pgSchema?.drop();
  });

  it('pages back through the whole log newest first, and filters by action, actor and run', async () => {
    const whole = (await get('/api/audit')).body['entries'] as AuditEntry[];
    const newestFirst = [...whole].reverse().map((e) => e.seq);
    expect(whole.length).toBeGreaterThan(4);
    const seen: number[] = [];
    let next: number | null = null;
    do {
      const page = await get(`/api/audit/entries?limit=2${next === null ? '' : `&before=${next}`}`);
      expect(page.status).toBe(200);
      seen.push(...(page.body['entries'] as AuditEntry[]).map((e) => e.seq));
      next = page.body['next'] as number | null;
    } while (next !== null);
    expect(seen).toEqual(newestFirst);

    const calculated = whole.find((e) => e.runId !== null && e.runId !== undefined)!;
    const cases: Array<[string, (e: AuditEntry) => boolean]> = [
      [`action=${encodeURIComponent(calculated.action)}`, (e) => e.action === calculated.action],
      ['actor=DESIGNER', (e) => e.actor === 'designer'],
      [`run=${encodeURIComponent(calculated.runId!)}`, (e) => e.runId === calculated.runId],
    ];
    for (const [query, wanted] of cases) {
      const expected = [...whole].reverse().filter(wanted).map((e) => e.seq);
      expect(expected.length, query).toBeGreaterThan(0);
      expect(((await get(`/api/audit/entries?${query}`)).body['entries'] as AuditEntry[]).map((e) => e.seq), query).toEqual(expected);
    }
  });

  it('refuses a bad query naming the parameter, and anyone but an auditor', async () => {
    const refusals: Array<[string, string]> = [
      ['limit=0', 'limit'],
      ['limit=201', 'limit'],
      ['before=abc', 'before'],
      ['before=1&before=2', 'before'],
      ['action=', 'action'],
      ['actor=a%00b', 'actor'],
      ['sort=seq', 'sort'],
    ];
    for (const [query, field] of refusals) {
      const r = await get(`/api/audit/entries?${query}`);
      expect([r.status, r.body['error'], r.body['field']], query).toEqual([400, 'invalid_query', field]);
    }
    const finance = await loginCookie(studio.url, 'finance', PASSWORD);
    for (const path of ['/api/audit/entries', '/api/audit/verification']) expect((await get(path, finance)).status, path).toBe(403);
  });

  it("runs the store's full check, and finds an entry edited behind the studio's back", async () => {
    const before = await get('/api/audit/verification');
    const whole = (await get('/api/audit')).body['entries'] as AuditEntry[];
    expect(before.body).toEqual({ ok: true, count: whole.length, head: whole.at(-1)!.hash, problems: [], more: 0 });

    const table = `${pgSchema.schema}.provvigo_audit`;
    await pgSchema.admin.query(`ALTER TABLE ${table} DISABLE TRIGGER ALL`);
    await pgSchema.admin.query(`UPDATE ${table} SET entry = jsonb_set(entry, '{actor}', '"mallory"'), actor = 'mallory' WHERE seq = 2`);
    await pgSchema.admin.query(`ALTER TABLE ${table} ENABLE TRIGGER ALL`);
    const after = await get('/api/audit/verification');
    expect(after.body['ok']).toBe(false);
    const found = (after.body['problems'] as { table: string; key: string; messages: { it: string } }[]).filter((p) => p.table === 'provvigo_audit');
    expect(found.map((p) => [p.key, p.messages.it.split(':')[0]])).toEqual([['#2', 'hash_mismatch']]);
  });
});
