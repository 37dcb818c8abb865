import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
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

  it('exports the entries the filters select as CSV, every field of each, in chain order; in Italian Excel\'s dialect for Italian readers', async () => {
    const whole = (await get('/api/audit')).body['entries'] as AuditEntry[];
    const fields = ['seq', 'at', 'actor', 'action', 'runId', 'inputHash', 'outputHash', 'details', 'prevHash', 'hash'] as const;
    // the entries as a spreadsheet holds them: every field as text, null as empty, details as its JSON
    const asText = (e: AuditEntry) => Object.fromEntries(fields.map((f) => [f, f === 'details' ? JSON.stringify(e.details) : e[f] === null ? '' : String(e[f])]));
    const exported = async (query: string, headers: Record<string, string> = {}) => {
      const r = await fetch(`${studio.url}/api/audit/export.csv${query}`, { headers: { cookie: auditor, ...headers } });
      expect(r.status, query).toBe(200);
      expect(r.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      // a download, named (a token or a quoted string: RFC 6266 allows both)
      expect(r.headers.get('content-disposition')).toMatch(/^attachment; filename="?audit-log\.csv"?$/);
      const bytes = Buffer.from(await r.arrayBuffer());
      // UTF-8 with its byte-order mark, which Excel needs for accents (fetch's text() would drop it)
      expect([...bytes.subarray(0, 3)], query).toEqual([0xef, 0xbb, 0xbf]);
      return bytes.toString('utf8');
    };
    expect(parse(await exported(''), { bom: true, columns: true })).toEqual(whole.map(asText));
    // the reader's language picks the dialect: ?lang=it, or the browser's Accept-Language
    for (const [query, headers] of [['?lang=it', {}], ['', { 'accept-language': 'it-IT,it;q=0.9' }]] as const) {
      const text = await exported(query, headers);
      expect(text.startsWith('\uFEFFseq;at;actor;'), query).toBe(true);
      expect(parse(text, { bom: true, columns: true, delimiter: ';' })).toEqual(whole.map(asText));
    }
    const calculated = whole.find((e) => e.runId !== null)!;
    const filtered = parse(await exported(`?run=${encodeURIComponent(calculated.runId!)}&actor=DESIGNER`), { bom: true, columns: true }) as Record<string, string>[];
    const expected = whole.filter((e) => e.runId === calculated.runId && e.actor === 'designer');
    expect(expected.length).toBeGreaterThan(0);
    expect(filtered).toEqual(expected.map(asText));

    for (const [query, field] of [['?lang=fr', 'lang'], ['?limit=5', 'limit'], ['?action=a&action=b', 'action']]) {
      const r = await get(`/api/audit/export.csv${query}`);
      expect([r.status, r.body['error'], r.body['field']], query).toEqual([400, 'invalid_query', field]);
    }
    const finance = await loginCookie(studio.url, 'finance', PASSWORD);
    expect((await fetch(`${studio.url}/api/audit/export.csv`, { headers: { cookie: finance } })).status).toBe(403);
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
