// The studio as an attacker sees it: each defect of the hardening issue reproduced as a request, over real HTTP.
import { request as httpRequest } from 'node:http';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHook } from 'node:async_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStudio, type StudioServer } from '../server/app.js';
import { hashPassword, verifyPassword } from '../server/auth/passwords.js';
import { LoginThrottle } from '../server/auth/throttle.js';
import { loadSample } from '../server/sample.js';
import { demoUsers } from '../server/users.js';

const sample = loadSample();
const PASSWORD = 'security-test';
const period = sample.period.id;
let studio: StudioServer;
let clock = Date.parse('2026-11-05T09:00:00Z');

// A client folder with a sibling folder that shares its name as a prefix: the classic static-root escape.
const base = mkdtempSync(join(tmpdir(), 'studio-static-'));
const clientDir = join(base, 'client');
mkdirSync(clientDir);
mkdirSync(join(base, 'client-secret'));
writeFileSync(join(clientDir, 'index.html'), '<!doctype html><title>studio</title>');
writeFileSync(join(base, 'client-secret', 'file.txt'), 'TOP-SECRET-CONTENT');

interface Res {
  status: number;
  text: string;
  headers: Headers;
}

async function call(method: string, path: string, opts: { cookie?: string; body?: string; headers?: Record<string, string> } = {}): Promise<Res> {
  const res = await fetch(`${studio.url}${path}`, {
    method,
    redirect: 'manual',
    headers: { ...(opts.cookie ? { cookie: opts.cookie } : {}), ...opts.headers },
    body: opts.body,
  });
  return { status: res.status, text: await res.text(), headers: res.headers };
}

const json = { 'content-type': 'application/json' };
async function login(username: string, password = PASSWORD, headers: Record<string, string> = {}): Promise<Res & { cookie: string }> {
  const r = await call('POST', '/api/login', { body: JSON.stringify({ username, password }), headers: { ...json, ...headers } });
  return { ...r, cookie: (r.headers.get('set-cookie') ?? '').split(';')[0]! };
}

/** A raw request whose path is sent exactly as written (fetch would normalise `..` and `%2F`). */
function rawGet(path: string): Promise<{ status: number; text: string }> {
  const url = new URL(studio.url);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, path, method: 'GET' }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  studio = await startStudio({
    db: 'memory://',
    sample,
    users: await demoUsers(sample.partners, PASSWORD),
    clientDir,
    now: () => '2026-11-05T09:00:00Z',
    clock: () => clock,
    trustProxy: true,
    throttle: { failuresPerUserAndIp: 5, failuresPerIp: 100, blockSeconds: 600 },
  });
}, 120_000);

afterAll(async () => {
  await studio?.close();
});

describe('logins under attack', () => {
  it('60 parallel wrong-password logins never block the event loop: /api/me keeps answering', async () => {
    const staff = await login('designer');
    expect(staff.status).toBe(200);
    // distinct user names and addresses: no throttle short-cuts the scrypt work
    const burst = Array.from({ length: 60 }, (_, i) => login(`user-${i}`, 'wrong', { 'x-forwarded-for': `198.51.100.${i}` }));
    let settled = 0;
    for (const b of burst) void b.then(() => settled++);
    const me = await call('GET', '/api/me', { cookie: staff.cookie });
    const answeredWhilePending = 60 - settled;
    const results = await Promise.all(burst);
    expect(me.status).toBe(200);
    expect(results.every((r) => r.status === 401)).toBe(true);
    // /api/me answered while password checks were still running: hashing never holds the event loop
    expect(answeredWhilePending).toBeGreaterThan(0);
    // the password check itself runs on libuv's thread pool, shown by order rather than by timing the loop: its promise
    // cannot settle while only microtasks run (a synchronous scrypt behind a promise settles in a few of them)
    const stored = await hashPassword('right', 'a-fixed-salt');
    let checked = false;
    const check = verifyPassword('wrong', stored).then((ok) => {
      checked = true;
      return ok;
    });
    for (let i = 0; i < 100; i++) await Promise.resolve();
    expect(checked).toBe(false);
    expect(await check).toBe(false);
    expect(checked).toBe(true);
  });

  it('throttles 200 wrong passwords in a row, without locking the real user out from their own address', async () => {
    const attacker = { 'x-forwarded-for': '203.0.113.66' };
    const statuses: number[] = [];
    for (let i = 0; i < 200; i++) statuses.push((await login('approver', `guess-${i}`, attacker)).status);
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5).every((s) => s === 429)).toBe(true);
    const blocked = await login('approver', PASSWORD, attacker);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    // the real approver, from their own address, is not locked out by the attacker
    expect((await login('approver', PASSWORD, { 'x-forwarded-for': '192.0.2.10' })).status).toBe(200);
  });

  it('a block ends after its time: nobody is locked out for good', async () => {
    const throttle = new LoginThrottle({ failuresPerUserAndIp: 3, failuresPerIp: 100, windowSeconds: 3600, blockSeconds: 1 });
    // three attempts (none succeeded) are let through, the fourth is refused
    for (let i = 0; i < 3; i++) expect(await throttle.attempt('anna', '203.0.113.7')).toEqual({ allowed: true });
    const blocked = await throttle.attempt('anna', '203.0.113.7');
    expect(blocked.allowed).toBe(false);
    expect(await throttle.attempt('anna', '203.0.113.8')).toEqual({ allowed: true });
    await new Promise((r) => setTimeout(r, 1_300));
    expect(await throttle.attempt('anna', '203.0.113.7')).toEqual({ allowed: true });
  });

  it('answers unknown and known user names with the same work (no user enumeration by timing)', async () => {
    // The work is counted, not timed: the scrypt derivations each login starts (async_hooks sees the in-process
    // server's SCRYPTREQUESTs). Before the fix unknown names ran none and answered ~10× faster.
    const scrypts = async (name: string, i: number): Promise<number> => {
      let count = 0;
      const hook = createHook({
        init: (_id, type) => {
          if (type === 'SCRYPTREQUEST') count++;
        },
      }).enable();
      try {
        expect((await login(name, 'wrong', { 'x-forwarded-for': `198.51.100.${200 + i}` })).status).toBe(401);
      } finally {
        hook.disable();
      }
      return count;
    };
    // the studio derives its dummy hash once per process, on the first unknown name: not counted
    await scrypts('ghost-warm-up', 40);
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 8; i++) {
      known.push(await scrypts('finance', i));
      unknown.push(await scrypts(`ghost-${i}`, i + 20));
    }
    expect(known).toEqual(Array(8).fill(1));
    expect(unknown).toEqual(known);
  });
});

describe('cross-site requests', () => {
  it('refuses state-changing requests from another origin, text/plain bodies, and cross-site logins', async () => {
    const staff = await login('designer', PASSWORD, { 'x-forwarded-for': '192.0.2.20' });
    const evil = { origin: 'https://evil.example' };
    expect((await call('POST', `/api/periods/${period}/calculate`, { cookie: staff.cookie, headers: evil })).status).toBe(403);
    expect((await call('POST', `/api/periods/${period}/calculate`, { cookie: staff.cookie, headers: { referer: 'https://evil.example/page' } })).status).toBe(403);
    expect((await call('POST', `/api/periods/${period}/calculate`, { cookie: staff.cookie, headers: { 'content-type': 'text/plain' }, body: '{}' })).status).toBe(415);
    const crossLogin = await call('POST', '/api/login', { body: JSON.stringify({ username: 'designer', password: PASSWORD }), headers: { ...json, ...evil } });
    expect(crossLogin.status).toBe(403);
    expect(crossLogin.headers.get('set-cookie')).toBeNull();
    // the studio's own origin is accepted
    const own = await call('POST', '/api/logout', { cookie: staff.cookie, headers: { origin: studio.url } });
    expect(own.status).toBe(200);
  });
});

describe('static files', () => {
  it('never serves a file outside the client folder, and a malformed escape is a client error, not a crash', async () => {
    for (const path of ['/..%2Fclient-secret%2Ffile.txt', '/../client-secret/file.txt', '/%2e%2e/client-secret/file.txt', '/..%5cclient-secret%5cfile.txt']) {
      const r = await rawGet(path);
      expect(r.text, path).not.toContain('TOP-SECRET-CONTENT');
    }
    const malformed = await rawGet('/%E0%A4%A');
    expect(malformed.status).toBeLessThan(500);
    const apiMalformed = await rawGet('/api/periods/%E0%A4%A/statements');
    expect(apiMalformed.status).toBeLessThan(500);
  });
});

describe('sessions and headers', () => {
  it('sets HttpOnly, Secure and SameSite=Strict cookies and security headers (CSP without inline scripts, no framing, nosniff)', async () => {
    const r = await login('finance', PASSWORD, { 'x-forwarded-for': '192.0.2.30' });
    const cookie = r.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/Secure/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    const page = await call('GET', '/');
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/script-src 'self'/);
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(csp).toMatch(/frame-ancestors 'none'/);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('x-frame-options')).toBe('DENY');
  });

  it('ends sessions after 30 idle minutes and 8 hours in all, and prunes them', async () => {
    const idle = await login('auditor', PASSWORD, { 'x-forwarded-for': '192.0.2.40' });
    expect((await call('GET', '/api/me', { cookie: idle.cookie })).status).toBe(200);
    clock += 29 * 60_000;
    expect((await call('GET', '/api/me', { cookie: idle.cookie })).status).toBe(200); // used: the idle clock restarts
    clock += 31 * 60_000;
    expect((await call('GET', '/api/me', { cookie: idle.cookie })).status).toBe(401);

    const busy = await login('auditor', PASSWORD, { 'x-forwarded-for': '192.0.2.41' });
    for (let i = 0; i < 16; i++) {
      clock += 25 * 60_000; // always active: 16 × 25 min = 6 h 40 min
      expect((await call('GET', '/api/me', { cookie: busy.cookie })).status).toBe(200);
    }
    clock += 25 * 60_000 * 4; // 8 h 20 min after login
    expect((await call('GET', '/api/me', { cookie: busy.cookie })).status).toBe(401);

    for (let i = 0; i < 3; i++) await login('finance', PASSWORD, { 'x-forwarded-for': `192.0.2.${50 + i}` });
    clock += 31 * 60_000;
    expect(studio.sessions.prune()).toBeGreaterThanOrEqual(3);
  });

  it('writes an audit entry for every login, logout and failed login', async () => {
    const a = await login('auditor', PASSWORD, { 'x-forwarded-for': '192.0.2.60' });
    await call('POST', '/api/logout', { cookie: a.cookie });
    await login('auditor', 'wrong', { 'x-forwarded-for': '192.0.2.61' });
    const b = await login('auditor', PASSWORD, { 'x-forwarded-for': '192.0.2.62' });
    const log = JSON.parse((await call('GET', '/api/audit', { cookie: b.cookie })).text) as { entries: { action: string; actor: string; details: Record<string, unknown> }[]; verification: { ok: boolean } };
    const actions = log.entries.map((e) => `${e.action} ${e.actor}`);
    expect(actions).toContain('studio.login auditor');
    expect(actions).toContain('studio.logout auditor');
    expect(log.entries.some((e) => e.action === 'studio.login_failed' && e.details['userName'] === 'auditor')).toBe(true);
    expect(log.verification.ok).toBe(true);
    // the audit log is for auditors only
    const partner = await login(sample.partners[0]!.id.toLowerCase(), PASSWORD, { 'x-forwarded-for': '192.0.2.63' });
    expect((await call('GET', '/api/audit', { cookie: partner.cookie })).status).toBe(403);
  });
});
