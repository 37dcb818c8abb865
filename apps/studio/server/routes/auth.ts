import { randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import { dummyHash, verifyPassword } from '../auth/passwords.js';
import type { SessionPolicy, SessionStore } from '../auth/sessions.js';
import { type PendingLogin, type Sso, userFromClaims } from '../auth/sso.js';
import type { LoginThrottle } from '../auth/throttle.js';
import { firstIssue, jsonBody, storable } from '../http/body.js';
import { HttpError } from '../http/errors.js';
import type { StudioContext } from '../studioContext.js';
import { normaliseUserId, publicUser, type StudioUser } from '../users.js';
import type { StudioApp, StudioEnv } from './types.js';

export const SESSION_COOKIE = 'studio_session';
const SSO_COOKIE = 'studio_sso';
const SSO_PENDING_MS = 10 * 60_000;
/** The user name a failed login records when the typed name is no account's. */
export const UNKNOWN_ACCOUNT = '(unknown account)';

export interface AuthDeps {
  ctx: StudioContext;
  users: readonly StudioUser[];
  sessions: SessionStore;
  policy: SessionPolicy;
  throttle: LoginThrottle;
  sso: Sso | undefined;
  /** Local accounts (the embedded demo); a company with SSO usually turns them off. */
  localLogin: boolean;
}

const LoginSchema = z.object({ username: z.string().min(1).max(200), password: z.string().min(1).max(1000) });

/** Login, logout, the current user, and the SSO round trip; every login, logout and failure is audit-logged. */
export function registerAuth(app: StudioApp, deps: AuthDeps): void {
  const { ctx, sessions, throttle } = deps;
  const usersById = new Map(deps.users.map((u) => [normaliseUserId(u.id), u]));
  const audit = (action: string, actor: string, details: Record<string, unknown>) => ctx.store.appendAudit({ at: ctx.now(), actor, action, details });
  const startSession = (c: Context<StudioEnv>, user: StudioUser, via: 'local' | 'sso', idToken?: string) => {
    // a new token at every login (it replaces the cookie): a token planted before login is never promoted
    const s = sessions.create(user, via, idToken);
    setCookie(c, SESSION_COOKIE, s.token, { httpOnly: true, secure: true, sameSite: 'Strict', path: '/', maxAge: Math.floor(deps.policy.absoluteMs / 1000) });
    return s;
  };

  app.get('/api/auth', (c) => c.json({ localLogin: deps.localLogin, sso: deps.sso !== undefined }));

  app.post('/api/login', async (c) => {
    if (!deps.localLogin) throw new HttpError(404, 'not_found', 'local accounts are off: sign in with your company account');
    // a user name no account can have (NUL, half a character) is refused as such, a 400 naming the field
    const parsed = storable(LoginSchema).safeParse(await jsonBody(c));
    if (!parsed.success) {
      const { field, message } = firstIssue(parsed.error);
      throw new HttpError(400, 'bad_request', `give username and password (${message})`, { field });
    }
    const name = normaliseUserId(parsed.data.username);
    const ip = c.get('ip');
    // the attempt is counted before the password is checked: guesses sent at once cannot all pass a count not yet raised
    const verdict = await throttle.attempt(name, ip);
    if (!verdict.allowed) {
      c.header('retry-after', String(verdict.retryAfterSeconds));
      // the seconds in the body too: the login page words the refusal in the user's language (it cannot read headers)
      throw new HttpError(429, 'throttled', `too many failed logins: try again in ${verdict.retryAfterSeconds} s`, { retryAfterSeconds: verdict.retryAfterSeconds });
    }
    const user = usersById.get(name);
    // the same scrypt work for unknown names as for known ones: response times do not reveal who exists
    const ok = await verifyPassword(parsed.data.password, user?.passwordHash ?? (await dummyHash()));
    if (!user || !user.passwordHash || !ok) {
      // the typed name keys the throttle in memory only (its attempt already counted as a failure): it is stored (audit)
      // just when it names an account, since a name that names none may be a password typed into the wrong field
      // (OWASP ASVS V7.1.1: no credentials in logs)
      await audit('studio.login_failed', 'anonymous', { userName: user ? user.id : UNKNOWN_ACCOUNT, ip });
      throw new HttpError(401, 'bad_credentials', 'wrong user name or password');
    }
    await throttle.succeeded(name, ip);
    startSession(c, user, 'local');
    await audit('studio.login', user.id, { via: 'local', roles: user.roles, ip });
    return c.json({ user: publicUser(user) });
  });

  app.post('/api/logout', async (c) => {
    const s = sessions.destroy(getCookie(c, SESSION_COOKIE));
    deleteCookie(c, SESSION_COOKIE, { path: '/', secure: true });
    if (s) await audit('studio.logout', s.user.id, { via: s.via });
    const redirect = s?.via === 'sso' ? deps.sso?.logoutUrl(s.idToken) : undefined;
    return c.json({ ok: true, ...(redirect ? { redirect } : {}) });
  });

  app.get('/api/me', (c) => {
    const user = c.get('user');
    if (!user) throw new HttpError(401, 'unauthenticated', 'log in first');
    return c.json({ user: publicUser(user), period: ctx.sample.period });
  });

  if (deps.sso) registerSso(app, deps, deps.sso, audit, startSession);
}

function registerSso(
  app: StudioApp,
  deps: AuthDeps,
  sso: Sso,
  audit: (action: string, actor: string, details: Record<string, unknown>) => Promise<unknown>,
  startSession: (c: Context<StudioEnv>, user: StudioUser, via: 'sso', idToken?: string) => unknown,
): void {
  const pending = new Map<string, PendingLogin & { expires: number }>();
  const lastRoles = new Map<string, string>();
  const now = () => Date.now();

  app.get('/auth/sso/login', async (c) => {
    for (const [k, p] of pending) if (p.expires < now()) pending.delete(k);
    const { url, pending: p } = await sso.begin();
    const id = randomBytes(24).toString('base64url');
    pending.set(id, { ...p, expires: now() + SSO_PENDING_MS });
    // Lax, not Strict: the provider sends the browser back with a cross-site top-level GET
    setCookie(c, SSO_COOKIE, id, { httpOnly: true, secure: true, sameSite: 'Lax', path: '/auth/sso', maxAge: SSO_PENDING_MS / 1000 });
    return c.redirect(url.href, 302);
  });

  app.get('/auth/sso/callback', async (c) => {
    const id = getCookie(c, SSO_COOKIE);
    const p = id ? pending.get(id) : undefined;
    if (id) pending.delete(id);
    deleteCookie(c, SSO_COOKIE, { path: '/auth/sso', secure: true });
    if (!p || p.expires < now()) throw new HttpError(400, 'sso_expired', 'the sign-in took too long or was not started here: start again');
    let result: Awaited<ReturnType<Sso['complete']>>;
    try {
      result = await sso.complete(new URL(c.req.url), p);
    } catch (e) {
      await audit('studio.login_failed', 'anonymous', { via: 'sso', reason: (e as Error).name });
      throw new HttpError(401, 'sso_failed', 'the identity provider did not confirm the sign-in');
    }
    const mapped = userFromClaims(result.claims, sso.config);
    if (!mapped.ok) {
      await audit('studio.login_failed', String(result.claims['sub'] ?? 'anonymous'), { via: 'sso', reason: mapped.reason });
      throw new HttpError(403, 'no_role', `signed in, but ${mapped.reason}: ask your administrator`);
    }
    const { user } = mapped;
    const roles = user.roles.join(',');
    const before = lastRoles.get(user.id);
    if (before !== undefined && before !== roles) await audit('studio.role_change', user.id, { from: before.split(','), to: user.roles, via: 'sso' });
    lastRoles.set(user.id, roles);
    startSession(c, user, 'sso', result.idToken);
    await audit('studio.login', user.id, { via: 'sso', roles: user.roles, ...(user.partnerId ? { partnerId: user.partnerId } : {}) });
    return c.redirect('/', 302);
  });
}
