import { createSign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Connection } from '@jsforce/jsforce-node';
import { HttpApi } from '@jsforce/jsforce-node/lib/http-api.js';
import { ownValue } from '@provvigo/core';
import type { z } from 'zod';
import { AuthError, ConfigError, ProtocolError, RateLimitError, RemoteError, SalesforceError, TransientError } from './errors.js';
import type { AuthConfig, Secret } from './mapping.js';
import { DEFAULT_RETRY, withRetry, type RetryPolicy } from './retry.js';

/** Resolves a configured secret; the value is never logged or put in an error message. */
export function resolveSecret(secret: Secret, env: NodeJS.ProcessEnv = process.env): string {
  if (typeof secret === 'string') return secret;
  if ('env' in secret) {
    // own variables only: process.env inherits Object.prototype, so `{ env: "toString" }` would read a function
    const value = ownValue(env, secret.env);
    if (!value) throw new ConfigError(`environment variable ${secret.env} is not set (it should hold a Salesforce secret)`);
    return value;
  }
  try {
    return readFileSync(secret.file, 'utf8').trim();
  } catch (cause) {
    throw new ConfigError(`cannot read the secret file ${secret.file}`, { cause });
  }
}

const b64url = (data: string | Buffer): string => Buffer.from(data).toString('base64url');

/** Signs the RS256 assertion of the OAuth 2.0 JWT bearer flow (jsforce does not sign it). */
export function signJwtAssertion(input: {
  clientId: string;
  username: string;
  audience: string;
  privateKey: string;
  nowSeconds: number;
  lifetimeSeconds?: number;
}): string {
  const header = b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT' }));
  const claims = b64url(
    JSON.stringify({
      iss: input.clientId,
      sub: input.username,
      aud: input.audience,
      exp: input.nowSeconds + (input.lifetimeSeconds ?? 180),
    }),
  );
  const signature = createSign('RSA-SHA256').update(`${header}.${claims}`).sign(input.privateKey);
  return `${header}.${claims}.${b64url(signature)}`;
}

export const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

export interface SfResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface ClientEvents {
  onRetry?: (info: { what: string; attempt: number; delayMs: number; error: SalesforceError }) => void;
  onRefresh?: () => void;
  /**
   * Called with the new refresh token whenever Salesforce rotates it (connected apps with refresh token rotation
   * return a new one on every refresh and revoke the old): store it, or the next run cannot log in.
   */
  onRefreshToken?: (refreshToken: string) => void;
}

export interface ClientOptions extends ClientEvents {
  apiVersion: string;
  retry?: Partial<RetryPolicy>;
  env?: NodeJS.ProcessEnv;
  /** Seconds since the epoch, for JWT expiry; injectable for tests. */
  nowSeconds?: () => number;
}

/** Errors of the Salesforce REST API are a JSON array of {message, errorCode, fields?}. */
function parseErrorBody(body: string): { errorCode?: string; message?: string } {
  try {
    const parsed: unknown = JSON.parse(body);
    const first = Array.isArray(parsed) ? parsed[0] : parsed;
    if (first && typeof first === 'object') {
      const o = first as Record<string, unknown>;
      return {
        ...(typeof o.errorCode === 'string' ? { errorCode: o.errorCode } : typeof o.error === 'string' ? { errorCode: o.error } : {}),
        ...(typeof o.message === 'string' ? { message: o.message } : typeof o.error_description === 'string' ? { message: o.error_description } : {}),
      };
    }
  } catch {
    // not JSON (HTML error page from a proxy or load balancer)
  }
  return {};
}

const RETRY_STATUS = new Set([420, 429, 500, 502, 503, 504]);
const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ENOTFOUND', 'ENETDOWN', 'ENETUNREACH', 'EHOSTDOWN', 'ETIMEDOUT', 'EPIPE', 'UND_ERR_SOCKET']);

/** Maps a non-2xx response to a typed error. */
export function errorFromResponse(what: string, res: SfResponse): SalesforceError {
  const { errorCode, message } = parseErrorBody(res.body);
  const detail = `${what}: HTTP ${res.status}${errorCode ? ` ${errorCode}` : ''}${message ? ` (${message.slice(0, 200)})` : ''}`;
  const opts = { errorCode, status: res.status };
  if (res.status === 401) return new AuthError(`${detail}; the session is invalid and could not be refreshed: check the credentials and the connected app`, opts);
  if (errorCode === 'REQUEST_LIMIT_EXCEEDED' && res.status === 403) {
    // The same code marks the exhausted daily allocation ("TotalRequests Limit exceeded") and too many concurrent
    // requests ("ConcurrentPerOrgLongTxn Limit exceeded", concurrent API requests): only the first stops the sync.
    const daily = /TotalRequests/i.test(message ?? '');
    return daily
      ? new RateLimitError(`${detail}; the org's daily API limit is exhausted, the sync stops and resumes from its cursor next time`, { ...opts, daily: true })
      : new RateLimitError(`${detail}; too many concurrent requests in the org, retried with backoff`, opts);
  }
  if (res.status === 429 || res.status === 420) return new RateLimitError(`${detail}; still rate-limited after retries`, opts);
  if (res.status >= 500) return new TransientError(`${detail}; Salesforce kept failing after retries`, opts);
  if (res.status === 403) return new RemoteError(`${detail}; check the integration user's permissions and field-level security`, opts);
  return new RemoteError(detail, opts);
}

function isRetryable(error: unknown): boolean {
  if (!(error instanceof SalesforceError)) return false;
  if (error.kind === 'transient' || error.kind === 'protocol') return true;
  // 429/420 and concurrent-request limits are short-term; the exhausted daily allocation is not: stop.
  return error instanceof RateLimitError && !error.daily;
}

/**
 * A thin layer over a jsforce Connection: every call goes through jsforce (auth header, 401 → session refresh,
 * proxy/transport), with jsforce's own retries switched off so OUR policy (backoff + jitter, injectable sleep,
 * typed errors) applies, and bodies returned raw so we validate every one ourselves.
 */
export class SalesforceClient {
  private readonly conn: Connection;
  readonly apiVersion: string;
  private readonly retry: RetryPolicy;
  private readonly events: ClientEvents;
  /** Requests sent, retries included (the API budget a sync used). */
  requests = 0;
  /** Last `Sforce-Limit-Info: api-usage=used/limit` seen: the org's daily API budget. */
  apiUsage: { used: number; limit: number } | undefined;

  private constructor(conn: Connection, options: ClientOptions) {
    this.conn = conn;
    this.apiVersion = options.apiVersion;
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.events = options;
    conn.on('refresh', () => this.events.onRefresh?.());
  }

  /** Authenticates as configured and returns a client; login failures become AuthError. */
  static async connect(auth: AuthConfig, options: ClientOptions): Promise<SalesforceClient> {
    const env = options.env ?? process.env;
    const version = options.apiVersion;
    const nowSeconds = options.nowSeconds ?? (() => Math.floor(Date.now() / 1000));
    try {
      if (auth.kind === 'accessToken') {
        const conn = new Connection({ instanceUrl: auth.instanceUrl, accessToken: resolveSecret(auth.accessToken, env), version });
        return new SalesforceClient(conn, options);
      }
      if (auth.kind === 'jwt') {
        const privateKey = resolveSecret(auth.privateKey, env);
        const assertion = () =>
          signJwtAssertion({ clientId: auth.clientId, username: auth.username, audience: auth.audience ?? new URL(auth.loginUrl).origin, privateKey, nowSeconds: nowSeconds() });
        // The JWT flow returns no refresh token: refreshing means signing a new assertion.
        const conn: Connection = new Connection({
          oauth2: { clientId: auth.clientId, loginUrl: auth.loginUrl },
          loginUrl: auth.loginUrl,
          version,
          refreshFn: (c, callback) => {
            c.oauth2
              .requestToken({ grant_type: JWT_BEARER_GRANT, assertion: assertion() })
              .then((res) => callback(null, res.access_token, res))
              .catch((err: Error) => callback(err));
          },
        });
        await conn.authorize({ grant_type: JWT_BEARER_GRANT, assertion: assertion() });
        return new SalesforceClient(conn, options);
      }
      if (auth.kind === 'refreshToken') {
        const oauth2 = {
          clientId: auth.clientId,
          ...(auth.clientSecret ? { clientSecret: resolveSecret(auth.clientSecret, env) } : {}),
          loginUrl: auth.loginUrl,
        };
        let refreshToken = resolveSecret(auth.refreshToken, env);
        // Every refresh may rotate the token (the old one is then revoked): keep the newest, and report it.
        const keep = (res: { refresh_token?: string }) => {
          if (res.refresh_token && res.refresh_token !== refreshToken) {
            refreshToken = res.refresh_token;
            options.onRefreshToken?.(refreshToken);
          }
        };
        const bootstrap = new Connection({ oauth2, loginUrl: auth.loginUrl, version });
        const token = await bootstrap.oauth2.refreshToken(refreshToken);
        keep(token);
        const conn: Connection = new Connection({
          oauth2,
          loginUrl: auth.loginUrl,
          version,
          instanceUrl: token.instance_url,
          accessToken: token.access_token,
          refreshToken,
          refreshFn: (c, callback) => {
            c.oauth2
              .refreshToken(refreshToken)
              .then((res) => {
                keep(res);
                callback(null, res.access_token, res);
              })
              .catch((err: Error) => callback(err));
          },
        });
        return new SalesforceClient(conn, options);
      }
      if (auth.kind === 'clientCredentials') {
        // Server-to-server: the connected app's client id and secret, against the org's My Domain login URL.
        const oauth2 = { clientId: auth.clientId, clientSecret: resolveSecret(auth.clientSecret, env), loginUrl: auth.loginUrl };
        const conn: Connection = new Connection({
          oauth2,
          loginUrl: auth.loginUrl,
          version,
          refreshFn: (c, callback) => {
            c.oauth2
              .requestToken({ grant_type: 'client_credentials' })
              .then((res) => callback(null, res.access_token, res))
              .catch((err: Error) => callback(err));
          },
        });
        await conn.authorize({ grant_type: 'client_credentials' });
        return new SalesforceClient(conn, options);
      }
      const conn = new Connection({
        oauth2: { clientId: auth.clientId, clientSecret: resolveSecret(auth.clientSecret, env), loginUrl: auth.loginUrl },
        loginUrl: auth.loginUrl,
        version,
      });
      // With clientId+secret jsforce uses the OAuth username-password flow and re-logs in on a 401.
      await conn.login(auth.username, resolveSecret(auth.password, env) + (auth.securityToken ? resolveSecret(auth.securityToken, env) : ''));
      return new SalesforceClient(conn, options);
    } catch (cause) {
      if (cause instanceof SalesforceError) throw cause;
      const code = (cause as { name?: string; errorCode?: string }).errorCode ?? (cause as { name?: string }).name;
      throw new AuthError(`Salesforce login (${auth.kind}) failed${code ? `: ${code}` : ''}; check the connected app, user and key`, { cause });
    }
  }

  /** `/services/data/vXX.X` — every REST path is built on the explicit version. */
  get basePath(): string {
    return `/services/data/v${this.apiVersion}`;
  }

  private absolute(path: string): string {
    if (/^https?:\/\//.test(path)) return path;
    return `${this.conn.instanceUrl.replace(/\/$/, '')}${path.startsWith('/') ? '' : '/'}${path}`;
  }

  /** One HTTP exchange through jsforce, no jsforce retries; returns status, headers and the raw body. */
  private async sendOnce(method: 'GET' | 'POST' | 'DELETE' | 'PATCH', path: string, body?: unknown): Promise<SfResponse> {
    const api = new HttpApi(this.conn, { responseType: 'text/plain', retry: { maxRetries: 0 } });
    let last: SfResponse | undefined;
    api.on('response', (r: { statusCode: number; headers: Record<string, string>; body: string }) => {
      last = { status: r.statusCode, headers: r.headers, body: r.body };
      const usage = /api-usage=(\d+)\/(\d+)/.exec(r.headers['sforce-limit-info'] ?? '');
      if (usage) this.apiUsage = { used: Number(usage[1]), limit: Number(usage[2]) };
    });
    this.requests++;
    try {
      await api.request({
        method,
        url: this.absolute(path),
        ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
      });
    } catch (cause) {
      if (last) return last; // an HTTP error status: classified by the caller
      const code = (cause as { code?: string }).code;
      const name = (cause as { name?: string }).name;
      if ((code && NETWORK_CODES.has(code)) || name === 'FetchError') {
        throw new TransientError(`${method} ${path}: network error ${code ?? name}`, { cause });
      }
      if (cause instanceof Error && /refresh session/.test(cause.message)) {
        throw new AuthError(`${method} ${path}: the session expired and the refresh failed; check the credentials`, { cause });
      }
      throw new TransientError(`${method} ${path}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    }
    if (!last) throw new ProtocolError(`${method} ${path}: no response`);
    return last;
  }

  /** Sends with our retry policy; non-2xx statuses become typed errors. */
  async send(method: 'GET' | 'POST' | 'DELETE' | 'PATCH', path: string, body?: unknown, what = `${method} ${path}`): Promise<SfResponse> {
    return this.withRetry(what, () => this.sendOnceChecked(method, path, body, what));
  }

  /** Runs `fn` (which may itself validate the body and throw ProtocolError) under the retry policy. */
  withRetry<T>(what: string, fn: () => Promise<T>): Promise<T> {
    return withRetry(this.retry, fn, isRetryable, (error, attempt, delayMs) =>
      this.events.onRetry?.({ what, attempt, delayMs, error: error as SalesforceError }),
    );
  }

  /** GET a JSON resource, parse it and validate it with `schema`; HTML or truncated bodies are ProtocolErrors (retried). */
  async getJson<T>(path: string, schema: z.ZodType<T>, what: string): Promise<T> {
    return this.withRetry(what, async () => {
      const res = await this.sendOnceChecked('GET', path, undefined, what);
      return parseJsonBody(res, schema, what);
    });
  }

  async postJson<T>(path: string, body: unknown, schema: z.ZodType<T>, what: string): Promise<T> {
    return this.withRetry(what, async () => parseJsonBody(await this.sendOnceChecked('POST', path, body, what), schema, what));
  }

  /** One attempt, statuses mapped to typed errors (retryable ones included), for use inside withRetry. */
  async sendOnceChecked(method: 'GET' | 'POST' | 'DELETE' | 'PATCH', path: string, body: unknown, what: string): Promise<SfResponse> {
    const res = await this.sendOnce(method, path, body);
    if (res.status >= 200 && res.status < 300) return res;
    if (RETRY_STATUS.has(res.status)) {
      const err = errorFromResponse(what, res);
      throw res.status === 429 || res.status === 420
        ? new RateLimitError(err.message, { status: res.status, errorCode: err.errorCode })
        : new TransientError(err.message, { status: res.status, errorCode: err.errorCode });
    }
    throw errorFromResponse(what, res);
  }
}

/** Parses and validates a JSON body; anything else (HTML login page, truncated JSON, wrong shape) is a ProtocolError. */
export function parseJsonBody<T>(res: SfResponse, schema: z.ZodType<T>, what: string): T {
  const contentType = res.headers['content-type'] ?? '';
  if (!/json/i.test(contentType) || /^\s*</.test(res.body)) {
    throw new ProtocolError(`${what}: expected JSON, got ${contentType || 'no content type'} (${res.body.slice(0, 60).replace(/\s+/g, ' ')}…)`, { status: res.status });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(res.body);
  } catch (cause) {
    throw new ProtocolError(`${what}: the JSON body is malformed or truncated (${res.body.length} bytes)`, { status: res.status, cause });
  }
  const r = schema.safeParse(parsed);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new ProtocolError(`${what}: unexpected response shape at ${issue?.path.join('.') || '(root)'}: ${issue?.message}`, { status: res.status });
  }
  return r.data;
}
