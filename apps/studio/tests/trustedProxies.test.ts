import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStudio, type StudioOptions, type StudioServer } from '../server/app.js';
import { loadSample } from '../server/sample.js';
import { demoUsers } from '../server/users.js';

/**
 * The login throttle's key behind reverse proxies, over real HTTP: every request comes from 127.0.0.1 (the proxy next
 * to the studio) with the X-Forwarded-For the proxies would send. Two failures of one user name from one client are
 * allowed and the third is refused (429), so whether two clients share a key shows in the status of the second
 * client's first guess. A load balancer at 10.0.0.2 appends the client, nginx (the socket) appends the load balancer.
 */
const sample = loadSample();
const PASSWORD = 'proxy-test';
let users: StudioOptions['users'];
const started: StudioServer[] = [];

beforeAll(async () => {
  users = await demoUsers(sample.partners, PASSWORD);
}, 120_000);

afterAll(async () => {
  await Promise.all(started.map((s) => s.close()));
});

async function studioWith(trustProxy: StudioOptions['trustProxy']): Promise<StudioServer> {
  const studio = await startStudio({ db: 'memory://', sample, users, trustProxy, throttle: { failuresPerUserAndIp: 2, failuresPerIp: 100, blockSeconds: 600 } });
  started.push(studio);
  return studio;
}

async function wrongGuess(url: string, username: string, forwardedFor?: string): Promise<number> {
  const r = await fetch(`${url}/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor }) },
    body: JSON.stringify({ username, password: 'wrong' }),
  });
  await r.text();
  return r.status;
}

/** Spends the two guesses `forwardedFor`'s client has for `username`: the third is refused. */
async function spend(url: string, username: string, forwardedFor: string): Promise<void> {
  expect([await wrongGuess(url, username, forwardedFor), await wrongGuess(url, username, forwardedFor)]).toEqual([401, 401]);
  expect(await wrongGuess(url, username, forwardedFor)).toBe(429);
}

describe('the login throttle behind reverse proxies (trustProxy)', () => {
  it('two proxies (trustProxy: 2): two clients get separate throttles, and a forged first hop does not change the key', async () => {
    const { url } = await studioWith(2);
    await spend(url, 'finance', '198.51.100.7, 10.0.0.2');
    // the second client behind the same two proxies is counted apart (with one-proxy reading both were 10.0.0.2)
    expect(await wrongGuess(url, 'finance', '198.51.100.8, 10.0.0.2')).toBe(401);
    // the first client writing a fresh address of its own is still itself
    expect(await wrongGuess(url, 'finance', '203.0.113.1, 198.51.100.7, 10.0.0.2')).toBe(429);
  }, 120_000);

  it('the proxies by subnet: the client is the first hop from the right outside them', async () => {
    const { url } = await studioWith(['loopback', '10.0.0.0/8']);
    await spend(url, 'approver', '198.51.100.7, 10.0.0.2');
    expect(await wrongGuess(url, 'approver', '198.51.100.8, 10.0.0.3, 10.0.0.2')).toBe(401);
    expect(await wrongGuess(url, 'approver', '203.0.113.1, 198.51.100.7, 10.0.0.2')).toBe(429);
    // a hop appended by a host that is no trusted proxy is the client: its forged hops before it are ignored
    await spend(url, 'auditor', '198.51.100.9, 192.0.2.5');
    expect(await wrongGuess(url, 'auditor', '198.51.100.10, 192.0.2.5')).toBe(429);
  }, 120_000);

  it('a socket peer outside the listed proxies is the client: its X-Forwarded-For is ignored', async () => {
    const { url } = await studioWith('10.0.0.0/8');
    // 127.0.0.1 is no listed proxy: whatever it writes as the last hop, it is one client
    await spend(url, 'finance', '10.0.0.2, 198.51.100.7');
    expect(await wrongGuess(url, 'finance', '10.0.0.2, 198.51.100.8')).toBe(429);
  }, 120_000);

  it('true is one proxy, as before: the last hop', async () => {
    const { url } = await studioWith(true);
    await spend(url, 'finance', '203.0.113.1, 198.51.100.7');
    expect(await wrongGuess(url, 'finance', '203.0.113.1, 198.51.100.8')).toBe(401);
  }, 120_000);

  it('without trustProxy the header is ignored: every client is the socket', async () => {
    const { url } = await studioWith(undefined);
    await spend(url, 'finance', '198.51.100.7');
    expect(await wrongGuess(url, 'finance', '198.51.100.8')).toBe(429);
  }, 120_000);

  it('refuses a setting it cannot use when the studio is created, naming the option, in both languages', async () => {
    for (const bad of [-1, 1.5, '10.0.0.300', [] as string[]]) {
      const refused = await startStudio({ db: 'memory://', sample, users, trustProxy: bad }).then(
        (s) => void started.push(s),
        (e: unknown) => e as { message: string; messages?: { en: string; it: string } },
      );
      expect(refused?.message).toMatch(/^startStudio trustProxy: /);
      expect(refused?.messages?.it).toMatch(/^startStudio trustProxy: .*(non è un'impostazione di proxy valida|non è un indirizzo IP)/);
    }
  });
});

/** `pnpm studio` (server/main.ts) with `env`, and what became of it: its URL once it listens, or its exit code and output. */
function startMain(env: Record<string, string>): { child: ChildProcess; outcome: Promise<{ url?: string; code?: number | null; err: string }> } {
  const dir = mkdtempSync(join(tmpdir(), 'provvigo-studio-proxy-'));
  const child = spawn(process.execPath, ['--conditions=@provvigo/source', '--import', 'tsx', fileURLToPath(new URL('../server/main.ts', import.meta.url))], {
    env: { ...process.env, PORT: '0', PROVVIGO_DB: join(dir, 'db'), STUDIO_PLANS: join(dir, 'plans'), STUDIO_SSO: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const outcome = new Promise<{ url?: string; code?: number | null; err: string }>((resolve) => {
    // never left running past the test's own timeout
    const guard = setTimeout(() => child.kill(), 150_000);
    child.stdout.on('data', (b: Buffer) => {
      out += b.toString();
      const url = /Provvigo studio on (\S+)\n/.exec(out)?.[1];
      if (url) resolve({ url, err });
    });
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    child.on('exit', (code) => {
      clearTimeout(guard);
      resolve({ code, err });
    });
  });
  return { child, outcome };
}

describe('STUDIO_TRUST_PROXY', () => {
  it('a value it cannot use stops `pnpm studio` before it listens, naming the variable in both languages', async () => {
    const { child, outcome } = startMain({ STUDIO_TRUST_PROXY: '10.0.0.0/33' });
    const run = await outcome;
    child.kill();
    expect(run.url).toBeUndefined();
    expect(run.code).toBe(1);
    expect(run.err).toContain('STUDIO_TRUST_PROXY: "10.0.0.0/33" is not an IP address');
    expect(run.err).toContain('STUDIO_TRUST_PROXY: "10.0.0.0/33" non è un indirizzo IP');
  }, 180_000);

  it('a hop count reaches the studio: behind two proxies two clients are counted apart', async () => {
    const { child, outcome } = startMain({ STUDIO_TRUST_PROXY: '2' });
    try {
      const { url, err } = await outcome;
      expect(url, err).toBeDefined();
      // the default policy: 5 failures of one name from one client, the 6th refused
      for (let i = 0; i < 5; i++) expect(await wrongGuess(url!, 'finance', '198.51.100.7, 10.0.0.2')).toBe(401);
      expect(await wrongGuess(url!, 'finance', '203.0.113.1, 198.51.100.7, 10.0.0.2')).toBe(429);
      expect(await wrongGuess(url!, 'finance', '198.51.100.8, 10.0.0.2')).toBe(401);
    } finally {
      child.kill();
    }
  }, 180_000);
});
