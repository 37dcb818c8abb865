// Single sign-on against a real OpenID Connect provider (oidc-provider) running in this process on 127.0.0.1:
// authorization code + PKCE, ID token validation, roles from groups, partners bound by claim, logout, audit.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStudio, type StudioServer } from '../server/app.js';
import { userFromClaims, SsoConfigSchema } from '../server/auth/sso.js';
import { loadSample } from '../server/sample.js';

const sample = loadSample();
const [agent, other] = sample.partners.filter((p) => p.kind === 'agent');
if (!agent || !other) throw new Error('the sample needs two agents');
const period = sample.period.id;

/** The identity provider's accounts: groups decide studio roles; the partner id comes from a claim. */
const accounts = new Map<string, Record<string, unknown>>([
  ['alice', { groups: ['provvigo-designers'], name: 'Alice Designer' }],
  ['bruno', { groups: ['provvigo-approvers'], name: 'Bruno Approver' }],
  ['agent', { groups: ['provvigo-partners'], partner_id: agent.id, name: agent.name }],
  ['mallory', { groups: ['marketing'], name: 'Mallory' }],
]);

let provider: Server;
let issuer: string;
let studio: StudioServer;

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((ok) => s.listen(0, '127.0.0.1', ok));
  const { port } = s.address() as AddressInfo;
  await new Promise((ok) => s.close(ok));
  return port;
}

beforeAll(async () => {
  const studioPort = await freePort();
  const studioUrl = `http://127.0.0.1:${studioPort}`;
  const providerPort = await freePort();
  issuer = `http://127.0.0.1:${providerPort}`;
  const oidc = new Provider(issuer, {
    clients: [
      {
        client_id: 'provvigo-studio',
        client_secret: 'a-secret-the-test-knows',
        redirect_uris: [`${studioUrl}/auth/sso/callback`],
        post_logout_redirect_uris: [`${studioUrl}/`],
      },
    ],
    claims: { openid: ['sub'], profile: ['name', 'groups', 'partner_id'] },
    conformIdTokenClaims: false, // the groups and partner claims travel in the ID token
    features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
    pkce: { required: () => true },
    findAccount: (_ctx, id) => ({ accountId: id, claims: () => ({ sub: id, ...(accounts.get(id) ?? { groups: [] }) }) }),
    cookies: { keys: ['test-cookie-key'] },
  });
  provider = createServer(oidc.callback());
  await new Promise<void>((ok) => provider.listen(providerPort, '127.0.0.1', ok));
  studio = await startStudio(
    {
      db: 'memory://',
      sample,
      users: [],
      now: () => '2026-11-05T09:00:00Z',
      sso: {
        issuer,
        clientId: 'provvigo-studio',
        clientSecret: 'a-secret-the-test-knows',
        redirectUri: `${studioUrl}/auth/sso/callback`,
        postLogoutRedirectUri: `${studioUrl}/`,
        scopes: ['openid', 'profile'],
        roleMap: {
          'provvigo-designers': ['planDesigner', 'calculator'],
          'provvigo-approvers': ['approver'],
          'provvigo-partners': ['partner'],
          'provvigo-auditors': ['auditor'],
        },
        allowInsecureHttp: true,
      },
    },
    studioPort,
  );
}, 120_000);

afterAll(async () => {
  await studio?.close();
  await new Promise((ok) => provider?.close(ok));
});

/** A browser's cookie jar for one origin. */
class Jar {
  private readonly cookies = new Map<string, string>();
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  take(res: Response): void {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair!.indexOf('=');
      const name = pair!.slice(0, i);
      const value = pair!.slice(i + 1);
      if (value === '' || /max-age=0/i.test(c)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
}

/**
 * Drives a browser through the code flow: studio → provider (login form, consent form) → studio callback, following
 * redirects by hand with one cookie jar per site. Returns the studio's final response.
 */
async function signIn(login: string, studioJar = new Jar()): Promise<{ res: Response; jar: Jar }> {
  const providerJar = new Jar();
  const jarFor = (url: string) => (url.startsWith(issuer) ? providerJar : studioJar);
  let url = `${studio.url}/auth/sso/login`;
  let method = 'GET';
  let body: string | undefined;
  for (let hop = 0; hop < 20; hop++) {
    const jar = jarFor(url);
    const res = await fetch(url, { method, redirect: 'manual', headers: { cookie: jar.header(), ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) }, body });
    jar.take(res);
    method = 'GET';
    body = undefined;
    if (res.status >= 300 && res.status < 400) {
      url = new URL(res.headers.get('location')!, url).href;
      if (url.startsWith(studio.url) && !url.includes('/auth/sso/')) return { res, jar: studioJar };
      continue;
    }
    if (!url.startsWith(issuer)) return { res, jar: studioJar };
    // a provider page: the login form or the consent form
    const html = await res.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    if (!action) throw new Error(`no form on ${url}: ${html.slice(0, 300)}`);
    const prompt = /name="prompt" value="(\w+)"/.exec(html)?.[1];
    url = new URL(action.replace(/&amp;/g, '&'), url).href;
    method = 'POST';
    body = new URLSearchParams(prompt === 'login' ? { prompt, login, password: 'any' } : { prompt: prompt ?? 'consent' }).toString();
  }
  throw new Error('too many redirects');
}

async function api(jar: Jar, method: string, path: string): Promise<{ status: number; json: () => any; text: string }> {
  const res = await fetch(`${studio.url}${path}`, { method, headers: { cookie: jar.header() } });
  const text = await res.text();
  return { status: res.status, text, json: () => JSON.parse(text) };
}

describe('single sign-on with an OpenID Connect provider', () => {
  it('signs staff in with the code flow and PKCE; roles come from the groups claim', async () => {
    const { res, jar } = await signIn('alice');
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/');
    const me = (await api(jar, 'GET', '/api/me')).json();
    expect(me.user).toMatchObject({ id: 'sso:alice', name: 'Alice Designer', roles: ['calculator', 'planDesigner'] });
    // a designer calculates; approving needs another person's account (four eyes across SSO users too)
    expect((await api(jar, 'POST', `/api/periods/${period}/calculate`)).status).toBe(200);
    expect((await api(jar, 'POST', `/api/periods/${period}/approve`)).status).toBe(403);
    const approver = (await signIn('bruno')).jar;
    expect((await api(approver, 'POST', `/api/periods/${period}/validate`)).status).toBe(200);
    expect((await api(approver, 'POST', `/api/periods/${period}/approve`)).status).toBe(200);
  });

  it('binds a partner user to the partner id of its claim: its own statement, nobody else', async () => {
    const { jar } = await signIn('agent');
    expect((await api(jar, 'GET', '/api/me')).json().user).toMatchObject({ roles: ['partner'], partnerId: agent.id });
    expect((await api(jar, 'GET', `/api/periods/${period}/statements/${agent.id}`)).status).toBe(200);
    const theirs = await api(jar, 'GET', `/api/periods/${period}/statements/${other.id}`);
    expect(theirs.status).toBe(403);
    expect(theirs.text).not.toContain(other.name);
    expect((await api(jar, 'GET', '/api/plans')).status).toBe(403);
  });

  it('refuses a user whose groups map to no role, and a callback that this browser did not start', async () => {
    const { res } = await signIn('mallory');
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('no studio role');
    const forged = await fetch(`${studio.url}/auth/sso/callback?code=stolen&state=guessed`, { redirect: 'manual' });
    expect(forged.status).toBe(400);
    expect(forged.headers.get('set-cookie') ?? '').not.toContain('studio_session=');
  });

  it('records a role change, and logs out at the provider too', async () => {
    accounts.set('alice', { groups: ['provvigo-auditors'], name: 'Alice Designer' });
    const { jar } = await signIn('alice');
    expect((await api(jar, 'GET', '/api/me')).json().user.roles).toEqual(['auditor']);
    const audit = (await api(jar, 'GET', '/api/audit')).json();
    const change = audit.entries.find((e: { action: string }) => e.action === 'studio.role_change');
    expect(change).toMatchObject({ actor: 'sso:alice', details: { from: ['calculator', 'planDesigner'], to: ['auditor'] } });
    expect(audit.entries.filter((e: { action: string }) => e.action === 'studio.login').length).toBeGreaterThanOrEqual(4);
    const logout = await fetch(`${studio.url}/api/logout`, { method: 'POST', headers: { cookie: jar.header() } });
    const out = (await logout.json()) as { redirect?: string };
    expect(out.redirect).toMatch(new RegExp(`^${issuer}/session/end\\?`));
    expect(new URL(out.redirect!).searchParams.get('id_token_hint')).toBeTruthy();
    expect((await api(jar, 'GET', '/api/me')).status).toBe(401);
  });

  it('refuses local passwords when the studio signs in through the provider', async () => {
    const r = await fetch(`${studio.url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'designer', password: 'x' }) });
    expect(r.status).toBe(404);
  });

  it('maps claims to users strictly', () => {
    const config = SsoConfigSchema.parse({ issuer: 'https://idp.example', clientId: 'c', redirectUri: 'https://studio.example/cb', roleMap: { staff: ['approver'], partners: ['partner'] } });
    expect(userFromClaims({ sub: 'x', groups: 'staff other' }, config)).toMatchObject({ ok: true, user: { roles: ['approver'] } });
    expect(userFromClaims({ sub: 'x', groups: ['partners'] }, config)).toMatchObject({ ok: false, reason: expect.stringContaining('partner_id') });
    expect(userFromClaims({ sub: 'x', groups: ['partners', 'staff'], partner_id: 'P1' }, config)).toMatchObject({ ok: false, reason: expect.stringContaining('staff role') });
    expect(userFromClaims({ groups: ['staff'] }, config)).toMatchObject({ ok: false });
    // group names are data: no prototype keys
    expect(userFromClaims({ sub: 'x', groups: ['constructor', '__proto__'] }, config)).toMatchObject({ ok: false });
  });
});
