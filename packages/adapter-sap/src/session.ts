import type { Connection, ResolvedAuth } from './config.js';
import { AuthError, ProtocolError, TransientError } from './errors.js';

/**
 * One HTTP session with S/4HANA over plain `fetch`: authentication (basic or OAuth client credentials), the
 * session cookies, and the CSRF token handshake (`x-csrf-token: Fetch`, then token + cookies on every write;
 * a 403 with `x-csrf-token: Required` refetches the token and retries once). Never logs or reports secrets.
 */

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export interface HttpResult {
  status: number;
  headers: Headers;
  text: string;
}

export interface RequestOptions {
  query?: Record<string, string> | undefined;
  body?: string | undefined;
  headers?: Record<string, string> | undefined;
  /** What the request is about, for error messages ("invoice CM-1: create"). */
  context: string;
  /** Writes carry the CSRF token unless this is false (SOAP endpoints under /sap/bc/srt do not use it). */
  csrf?: boolean | undefined;
}

export interface SessionOptions {
  fetch?: FetchLike | undefined;
  /** Called for every HTTP exchange (method, path, status); nothing secret is passed. */
  onExchange?: ((e: { method: string; path: string; status: number | 'error' }) => void) | undefined;
}

const WRITE = new Set(['POST', 'PUT', 'PATCH', 'MERGE', 'DELETE']);

export class SapSession {
  private readonly cookies = new Map<string, string>();
  private csrfToken: string | undefined;
  private csrfPending: Promise<string> | undefined;
  private oauthToken: { value: string; expiresAt: number } | undefined;
  private oauthPending: Promise<string> | undefined;
  private readonly fetchFn: FetchLike;

  constructor(
    readonly connection: Connection,
    private readonly auth: ResolvedAuth,
    private readonly options: SessionOptions = {},
  ) {
    this.fetchFn = options.fetch ?? ((input, init) => fetch(input, init));
  }

  /** Absolute URL for a path under the base URL, with `sap-client` when configured. */
  url(path: string, query: Record<string, string> = {}): string {
    // keep a path prefix of the base URL (API management, reverse proxies): https://gw/s4 + /sap/opu/…
    const base = new URL(this.connection.baseUrl);
    const u = new URL(`${base.pathname.replace(/\/$/, '')}${path}`, base);
    if (this.connection.sapClient) u.searchParams.set('sap-client', this.connection.sapClient);
    // OData wants %20 and literal $ and ' in system query options; URLSearchParams would write + for spaces
    const qs = Object.entries(query)
      .map(([k, v]) => `${k}=${encodeURIComponent(v).replace(/'/g, '%27')}`)
      .join('&');
    const existing = u.search ? u.search.slice(1) : '';
    const all = [existing, qs].filter(Boolean).join('&');
    return `${u.origin}${u.pathname}${all ? `?${all}` : ''}`;
  }

  /** Sends one request; writes carry the CSRF token and cookies and are retried once on token expiry. */
  async request(method: string, path: string, opts: RequestOptions): Promise<HttpResult> {
    const isWrite = WRITE.has(method) && opts.csrf !== false;
    const used = isWrite ? await this.token(opts.context) : undefined;
    let res = await this.send(method, path, opts, isWrite);
    if (isWrite && res.status === 403 && res.headers.get('x-csrf-token')?.toLowerCase() === 'required') {
      // only drop the token this request used: a concurrent writer may already have fetched a fresh one
      if (this.csrfToken === used) this.csrfToken = undefined;
      res = await this.send(method, path, opts, true);
      if (res.status === 403 && res.headers.get('x-csrf-token')?.toLowerCase() === 'required') {
        throw new AuthError(`${opts.context}: SAP refused the CSRF token twice (check session affinity and the communication user)`);
      }
    }
    return res;
  }

  private async send(method: string, path: string, opts: RequestOptions, withCsrf: boolean, authRetry = true): Promise<HttpResult> {
    const headers: Record<string, string> = { accept: 'application/json', ...opts.headers };
    headers.authorization = await this.authorization();
    if (withCsrf) headers['x-csrf-token'] = await this.token(opts.context);
    const cookie = this.cookieHeader();
    if (cookie) headers.cookie = cookie;
    const res = await this.exchange(method, path, { method, headers, body: opts.body }, opts);
    if (res.status === 401) {
      if (this.auth.type === 'oauth2-client-credentials' && authRetry) {
        this.oauthToken = undefined;
        return this.send(method, path, opts, withCsrf, false);
      }
      throw new AuthError(`${opts.context}: SAP answered 401 Unauthorized (check the communication user or client credentials)`);
    }
    return res;
  }

  private async exchange(method: string, path: string, init: RequestInit, opts: RequestOptions): Promise<HttpResult> {
    const signal = AbortSignal.timeout(this.connection.timeoutMs);
    let response: Response;
    let text: string;
    try {
      response = await this.fetchFn(this.url(path, opts.query), { ...init, signal, redirect: 'manual' });
      text = await response.text();
    } catch (error) {
      this.options.onExchange?.({ method, path, status: 'error' });
      const e = error as Error & { cause?: { code?: string } };
      const why =
        e.name === 'TimeoutError' || e.name === 'AbortError'
          ? `no answer within ${this.connection.timeoutMs} ms`
          : `${e.cause?.code ?? e.name}: ${e.message}`;
      throw new TransientError(`${opts.context}: ${method} ${path}: ${why}`);
    }
    this.options.onExchange?.({ method, path, status: response.status });
    for (const c of response.headers.getSetCookie()) this.storeCookie(c);
    if (response.status >= 300 && response.status < 400) {
      // a redirect to a login page means the user is not a communication user
      throw new AuthError(`${opts.context}: SAP redirected ${method} ${path} (status ${response.status}); use a communication user on the API host`);
    }
    return { status: response.status, headers: response.headers, text };
  }

  private storeCookie(setCookie: string): void {
    const first = setCookie.split(';', 1)[0] ?? '';
    const eq = first.indexOf('=');
    if (eq <= 0) return;
    const name = first.slice(0, eq).trim();
    const value = first.slice(eq + 1).trim();
    const expired = /max-age=0\b/i.test(setCookie) || /expires=Thu, 01 Jan 1970/i.test(setCookie);
    if (expired || value === '') this.cookies.delete(name);
    else this.cookies.set(name, value);
  }

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  /** The cached CSRF token, fetched once for all concurrent writers. */
  private async token(context: string): Promise<string> {
    if (this.csrfToken) return this.csrfToken;
    this.csrfPending ??= this.fetchToken(context).finally(() => {
      this.csrfPending = undefined;
    });
    return this.csrfPending;
  }

  /** Fetches a fresh CSRF token now (also a cheap check of credentials and service path). */
  async fetchCsrfToken(context: string): Promise<void> {
    this.csrfToken = undefined;
    await this.token(context);
  }

  private async fetchToken(context: string): Promise<string> {
    const root = `${this.connection.servicePath}/`;
    for (const method of ['HEAD', 'GET'] as const) {
      const res = await this.send(method, root, { context: `${context}: CSRF token`, headers: { 'x-csrf-token': 'Fetch' } }, false);
      const token = res.headers.get('x-csrf-token');
      if (res.status < 300 && token && token.toLowerCase() !== 'required') {
        this.csrfToken = token;
        return token;
      }
      if (res.status === 403) {
        throw new AuthError(`${context}: SAP refused the CSRF token fetch (403); check the communication arrangement`);
      }
    }
    throw new ProtocolError(`${context}: SAP returned no CSRF token on ${root}`);
  }

  private async authorization(): Promise<string> {
    if (this.auth.type === 'basic') {
      return `Basic ${Buffer.from(`${this.auth.username}:${this.auth.password}`).toString('base64')}`;
    }
    if (this.oauthToken && this.oauthToken.expiresAt > Date.now()) return `Bearer ${this.oauthToken.value}`;
    this.oauthPending ??= this.fetchOAuthToken().finally(() => {
      this.oauthPending = undefined;
    });
    return `Bearer ${await this.oauthPending}`;
  }

  private async fetchOAuthToken(): Promise<string> {
    if (this.auth.type !== 'oauth2-client-credentials') throw new Error('unreachable');
    const { tokenUrl, clientId, clientSecret, scope } = this.auth;
    const body = new URLSearchParams({ grant_type: 'client_credentials' });
    if (scope) body.set('scope', scope);
    let res: Response;
    let text: string;
    try {
      res = await this.fetchFn(tokenUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
          authorization: `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`).toString('base64')}`,
        },
        body: body.toString(),
        signal: AbortSignal.timeout(this.connection.timeoutMs),
      });
      text = await res.text();
    } catch (error) {
      throw new TransientError(`OAuth token request to ${new URL(tokenUrl).origin}: ${(error as Error).message}`);
    }
    if (res.status === 400 || res.status === 401) {
      throw new AuthError(`OAuth token request refused (${res.status}); check clientId and client secret`);
    }
    let json: { access_token?: unknown; expires_in?: unknown };
    try {
      json = JSON.parse(text) as typeof json;
    } catch {
      throw new ProtocolError(`OAuth token response (${res.status}) is not JSON`);
    }
    if (res.status !== 200 || typeof json.access_token !== 'string') {
      throw new ProtocolError(`OAuth token response (${res.status}) has no access_token`);
    }
    const ttl = typeof json.expires_in === 'number' ? json.expires_in : 300;
    // renew a minute early so a token never expires between check and use
    this.oauthToken = { value: json.access_token, expiresAt: Date.now() + Math.max(0, ttl - 60) * 1000 };
    return json.access_token;
  }
}
