import { messages } from '@provvigo/react';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startStudio, type StudioServer } from '../server/app.js';
import { loadSample } from '../server/sample.js';
import { demoUsers } from '../server/users.js';
import { loginCookie } from './login.js';
import { postgresAvailable, testSchema } from './postgres.js';

/**
 * Two refusals said to the wrong audience. A failed login kept the typed user name in the audit log, so a password
 * typed into the name field was stored for good (OWASP ASVS V7.1.1). And a run step on a period the store does not
 * have was a 409 telling the user to run a CLI command, where every other read of a missing resource is a 404.
 * PostgreSQL when it runs (every table of the studio's schema is searched), else the in-memory database.
 */
const sample = loadSample();
const PASSWORD = 'test-password';
// what a user types into the name field when the cursor is in the wrong place
const TYPED_PASSWORD = 'hunter2-correct-horse-battery';
const available = await postgresAvailable();
let pgSchema: Awaited<ReturnType<typeof testSchema>> | undefined;
let studio: StudioServer;
const logged: string[] = [];

interface Answer {
  status: number;
  body: { error?: string; message?: string };
  text: string;
}

async function post(path: string, opts: { cookie?: string; body?: unknown; ip?: string } = {}): Promise<Answer> {
  const headers: Record<string, string> = { origin: studio.url, ...(opts.cookie ? { cookie: opts.cookie } : {}), ...(opts.ip ? { 'x-forwarded-for': opts.ip } : {}) };
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  const r = await fetch(`${studio.url}${path}`, { method: 'POST', headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) });
  const text = await r.text();
  return { status: r.status, body: JSON.parse(text) as Answer['body'], text };
}

const login = (username: string, password: string, ip: string) => post('/api/login', { body: { username, password }, ip });

async function auditText(): Promise<string> {
  const cookie = await loginCookie(studio.url, 'auditor', PASSWORD);
  return await (await fetch(`${studio.url}/api/audit`, { headers: { cookie } })).text();
}

/** Every row of every table in the studio's schema, as text: whatever the studio stored. */
async function storedText(): Promise<string> {
  const { admin, schema } = pgSchema!;
  const tables = await admin.query<{ table_name: string }>('SELECT table_name FROM information_schema.tables WHERE table_schema = $1', [schema]);
  expect(tables.rows.length).toBeGreaterThan(3);
  const rows: string[] = [];
  // one query at a time: a pg client runs them in turn anyway
  for (const t of tables.rows) {
    const dump = await admin.query<{ row: string }>(`SELECT row_to_json(t)::text AS row FROM "${schema}"."${t.table_name}" t`);
    rows.push(...dump.rows.map((r) => r.row));
  }
  return rows.join('\n');
}

beforeAll(async () => {
  // the studio's logger is the console: capture every level of it
  for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(' ')));
  }
  pgSchema = available ? await testSchema('studio_refusals') : undefined;
  studio = await startStudio({
    db: pgSchema?.db ?? 'memory://',
    sample,
    users: await demoUsers(sample.partners, PASSWORD),
    now: () => '2026-11-05T09:00:00Z',
    trustProxy: true,
    throttle: { failuresPerUserAndIp: 3, failuresPerIp: 100, blockSeconds: 600 },
  });
}, 120_000);

afterAll(async () => {
  await studio?.close();
  await pgSchema?.drop();
  vi.restoreAllMocks();
});

describe('a failed login', () => {
  it('with a name that is no account keeps it nowhere: not in the audit log, the database or the server log', async () => {
    expect((await login(TYPED_PASSWORD, 'whatever', '198.51.100.1')).status).toBe(401);
    const audit = await auditText();
    // names are compared lower-cased by the studio: search the same way
    expect(audit.toLowerCase()).not.toContain(TYPED_PASSWORD);
    expect(audit).toContain('(unknown account)');
    if (pgSchema) expect((await storedText()).toLowerCase()).not.toContain(TYPED_PASSWORD);
    expect(logged.join('\n').toLowerCase()).not.toContain(TYPED_PASSWORD);
  });

  it('of an existing account is still recorded under its name', async () => {
    expect((await login('Finance ', 'wrong', '198.51.100.2')).status).toBe(401);
    const { entries } = JSON.parse(await auditText()) as { entries: { action: string; details: Record<string, unknown> }[] };
    const failed = entries.filter((e) => e.action === 'studio.login_failed' && e.details['ip'] === '198.51.100.2');
    expect(failed.map((e) => e.details['userName'])).toEqual(['finance']);
  });

  it('still throttles per typed name: unknown names are not one shared bucket, and known ones block too', async () => {
    const ip = '203.0.113.9';
    const statuses = async (name: string) => {
      const out: number[] = [];
      for (let i = 0; i < 4; i++) out.push((await login(name, `guess-${i}`, ip)).status);
      return out;
    };
    expect(await statuses(TYPED_PASSWORD)).toEqual([401, 401, 401, 429]);
    // another unknown name from the same address has its own count: the throttle does not key on the stored marker
    expect((await login('someone-else', 'guess', ip)).status).toBe(401);
    expect(await statuses('approver')).toEqual([401, 401, 401, 429]);
    expect((await login('approver', PASSWORD, ip)).status).toBe(429);
    expect((await login('approver', PASSWORD, '192.0.2.10')).status).toBe(200);
  });
});

describe('a run step on a period the store does not have', () => {
  // the sample's period before its first calculation, and an id no one has
  const periods = [sample.period.id, 'nope-2099-01'];
  const steps: [string, 'designer' | 'approver', unknown][] = [
    ['validate', 'designer', undefined],
    ['validate', 'approver', undefined],
    ['approve', 'approver', undefined],
    ['reject', 'approver', { reason: 'numbers look wrong' }],
  ];

  it.each(periods)('%s: validate, approve and reject answer 404 period_unknown naming the period, with no CLI command', async (period) => {
    for (const [step, who, body] of steps) {
      const cookie = await loginCookie(studio.url, who, PASSWORD);
      const r = await post(`/api/periods/${encodeURIComponent(period)}/${step}`, { cookie, body });
      expect([step, r.status, r.body.error]).toEqual([step, 404, 'period_unknown']);
      expect(r.body.message).toContain(period);
      expect(r.body.message).not.toMatch(/provvigo|`/);
      // the client words the refusal by its code, in both of its languages
      for (const locale of ['en', 'it'] as const) expect(messages(locale).errors[r.body.error!], locale).toEqual(expect.any(String));
    }
  });
});

describe("a workflow refusal in the reader's language", () => {
  // after the describe above: it needs the sample's period not yet calculated
  it('approving a calculated run before its validation answers 409 with the refusal in Italian and English', async () => {
    const period = encodeURIComponent(sample.period.id);
    const designer = await loginCookie(studio.url, 'designer', PASSWORD);
    expect((await post(`/api/periods/${period}/calculate`, { cookie: designer })).status).toBe(200);
    const approver = await loginCookie(studio.url, 'approver', PASSWORD);
    const r = await post(`/api/periods/${period}/approve`, { cookie: approver });
    const body = r.body as { error?: string; message?: string; messages?: { it?: string; en?: string } };
    expect([r.status, body.error]).toEqual([409, 'invalid_transition']);
    expect(body.messages?.en).toBe(body.message);
    expect(body.messages?.it).toMatch(/^non si può approvare l'esecuzione \S+ nello stato calcolato: prima va validata$/);
  });
});
