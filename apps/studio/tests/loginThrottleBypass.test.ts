import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStudio, type StudioServer } from '../server/app.js';
import { loadSample } from '../server/sample.js';
import { demoUsers } from '../server/users.js';

/**
 * Two ways an attacker got more password guesses than the throttle allows (OWASP ASVS V2.2.1), each over real HTTP
 * against the studio with its default policy (5 failures of one name from one address).
 */
const sample = loadSample();
const PASSWORD = 'throttle-test';
let studio: StudioServer;

async function login(username: string, password: string, forwardedFor: string): Promise<number> {
  const r = await fetch(`${studio.url}/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor },
    body: JSON.stringify({ username, password }),
  });
  await r.text();
  return r.status;
}

beforeAll(async () => {
  studio = await startStudio({ db: 'memory://', sample, users: await demoUsers(sample.partners, PASSWORD), trustProxy: true });
}, 120_000);

afterAll(async () => {
  await studio?.close();
});

describe('login throttle', () => {
  it('counts guesses sent all at once: 40 parallel wrong passwords get at most 5 answers, the rest are throttled', async () => {
    // every guess was checked against the count before any of them had failed: all 40 were tried
    const statuses = await Promise.all(Array.from({ length: 40 }, (_, i) => login('approver', `guess-${i}`, '203.0.113.80')));
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(5);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(35);
    // the real approver from another address still logs in
    expect(await login('approver', PASSWORD, '192.0.2.80')).toBe(200);
  });

  it('behind a proxy, an address the client wrote into X-Forwarded-For neither resets the count nor locks another user out', async () => {
    // A reverse proxy (nginx's $proxy_add_x_forwarded_for, HAProxy, Traefik) appends the address it saw to whatever the
    // client sent: the last hop is the proxy's word, the ones before it the client's.
    const attacker = '203.0.113.90';
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push(await login('finance', `guess-${i}`, `198.51.100.${i}, ${attacker}`));
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
    // guesses written as the real user's address count against the attacker's, not the user's
    const user = '192.0.2.91';
    for (let i = 0; i < 6; i++) await login('auditor', `guess-${i}`, `${user}, ${attacker}`);
    expect(await login('auditor', PASSWORD, user)).toBe(200);
  });
});
