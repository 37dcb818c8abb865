import { createSign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Connection } from '@jsforce/jsforce-node';
import { HttpApi } from '@jsforce/jsforce-node/lib/http-api.js';
import type { HttpResponse, Schema } from '@jsforce/jsforce-node/lib/types/index.js';
import { bothTexts, ownValue, schemaMessageIt, type BothLanguages } from '@provvigo/core';
import type { z } from 'zod';
import { AuthError, ConfigError, ProtocolError, RateLimitError, RemoteError, SalesforceError, TransientError, type SalesforceText } from './errors.js';
import type { AuthConfig, Secret } from './mapping.js';
import { DEFAULT_RETRY, withRetry, type RetryPolicy } from './retry.js';

/** Resolves a configured secret; the value is never logged or put in an error message. */
export function resolveSecret(secret: Secret, env: NodeJS.ProcessEnv = process.env): string {
  if (typeof secret === 'string') return secret;
  if ('env' in secret) {
    // own variables only: process.env inherits Object.prototype, so `{ env: "toString" }` would read a function
    const value = ownValue(env, secret.env);
    if (!value) {
      throw new ConfigError({
        en: `environment variable ${secret.env} is not set (it should hold a Salesforce secret)`,
        it: `la variabile d'ambiente ${secret.env} non è impostata (dovrebbe contenere un segreto Salesforce)`,
      });
    }
    return value;
  }
  try {
    return readFileSync(secret.file, 'utf8').trim();
  } catch (cause) {
    throw new ConfigError({ en: `cannot read the secret file ${secret.file}`, it: `impossibile leggere il file del segreto ${secret.file}` }, { cause });
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

/** What each refusal adds after the response's detail, in both languages. */
const REMEDY = {
  session: {
    en: '; the session is invalid and could not be refreshed: check the credentials and the connected app',
    it: '; la sessione non è valida e non è stato possibile rinnovarla: controlla le credenziali e la connected app',
  },
  daily: {
    en: "; the org's daily API limit is exhausted, the sync stops and resumes from its cursor next time",
    it: "; limite giornaliero di API dell'org esaurito: la sincronizzazione si ferma e riprende dal suo cursore la prossima volta",
  },
  concurrent: {
    en: '; too many concurrent requests in the org, retried with backoff',
    it: "; troppe richieste simultanee nell'org: si riprova con attese crescenti",
  },
  throttled: { en: '; still rate-limited after retries', it: '; Salesforce limita ancora le richieste dopo i nuovi tentativi' },
  failing: { en: '; Salesforce kept failing after retries', it: '; Salesforce ha continuato a rispondere con un errore anche dopo i nuovi tentativi' },
  forbidden: {
    en: "; check the integration user's permissions and field-level security",
    it: "; controlla i permessi dell'utente di integrazione e la sicurezza a livello di campo",
  },
} as const;

/** `detail` followed by `remedy`, language by language. */
const withRemedy = (detail: BothLanguages, remedy: BothLanguages): BothLanguages => ({ en: detail.en + remedy.en, it: detail.it + remedy.it });

/**
 * Maps a non-2xx response to a typed error. `what` names the request (`query page 2`), in one text or in English and
 * Italian; Salesforce's errorCode and message follow it as Salesforce sent them.
 */
export function errorFromResponse(what: SalesforceText, res: SfResponse): SalesforceError {
  const { errorCode, message } = parseErrorBody(res.body);
  const said = `HTTP ${res.status}${errorCode ? ` ${errorCode}` : ''}${message ? ` (${message.slice(0, 200)})` : ''}`;
  const label = bothTexts(what);
  const detail = { en: `${label.en}: ${said}`, it: `${label.it}: ${said}` };
  const opts = { errorCode, status: res.status };
  if (res.status === 401) return new AuthError(withRemedy(detail, REMEDY.session), opts);
  if (errorCode === 'REQUEST_LIMIT_EXCEEDED' && res.status === 403) {
    // The same code marks the exhausted daily allocation ("TotalRequests Limit exceeded") and too many concurrent
    // requests ("ConcurrentPerOrgLongTxn Limit exceeded", concurrent API requests): only the first stops the sync.
    const daily = /TotalRequests/i.test(message ?? '');
    return daily
      ? new RateLimitError(withRemedy(detail, REMEDY.daily), { ...opts, daily: true })
      : new RateLimitError(withRemedy(detail, REMEDY.concurrent), opts);
  }
  if (res.status === 429 || res.status === 420) return new RateLimitError(withRemedy(detail, REMEDY.throttled), opts);
  if (res.status >= 500) return new TransientError(withRemedy(detail, REMEDY.failing), opts);
  if (res.status === 403) return new RemoteError(withRemedy(detail, REMEDY.forbidden), opts);
  return new RemoteError(detail, opts);
}

function isRetryable(error: unknown): boolean {
  if (!(error instanceof SalesforceError)) return false;
  if (error.kind === 'transient' || error.kind === 'protocol') return true;
  // 429/420 and concurrent-request limits are short-term; the exhausted daily allocation is not: stop.
  return error instanceof RateLimitError && !error.daily;
}

/**
 * jsforce's HttpApi, refreshing the session at most once per exchange. jsforce retries a request after every
 * refresh for as long as the answer is 401, so an org that refuses fresh sessions too (sessions locked to the IP
 * address they came from, behind rotating egress addresses) would be sent a login per request for ever, until the
 * user's login rate limit locks every integration out. After one refresh a 401 is an AuthError.
 */
class OneRefreshHttpApi extends HttpApi<Schema> {
  private refreshed = false;
  override isSessionExpired(response: HttpResponse): boolean {
    if (!super.isSessionExpired(response) || this.refreshed) return false;
    this.refreshed = true;
    return true;
  }
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
      const said = code ? `: ${code}` : '';
      throw new AuthError(
        {
          en: `Salesforce login (${auth.kind}) failed${said}; check the connected app, user and key`,
          it: `accesso a Salesforce (${auth.kind}) non riuscito${said}; controlla la connected app, l'utente e la chiave`,
        },
        { cause },
      );
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
    const api = new OneRefreshHttpApi(this.conn, { responseType: 'text/plain', retry: { maxRetries: 0 } });
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
        throw new TransientError({ en: `${method} ${path}: network error ${code ?? name}`, it: `${method} ${path}: errore di rete ${code ?? name}` }, { cause });
      }
      if (cause instanceof Error && /refresh session/.test(cause.message)) {
        throw new AuthError(
          {
            en: `${method} ${path}: the session expired and the refresh failed; check the credentials`,
            it: `${method} ${path}: la sessione è scaduta e il rinnovo non è riuscito; controlla le credenziali`,
          },
          { cause },
        );
      }
      // the library's own words (jsforce, node-fetch) stay as it gave them, after an Italian heading
      const reason = cause instanceof Error ? cause.message : String(cause);
      throw new TransientError({ en: `${method} ${path}: ${reason}`, it: `${method} ${path}: richiesta non riuscita: ${reason}` }, { cause });
    }
    if (!last) throw new ProtocolError({ en: `${method} ${path}: no response`, it: `${method} ${path}: nessuna risposta` });
    return last;
  }

  /** Sends with our retry policy; non-2xx statuses become typed errors. */
  async send(method: 'GET' | 'POST' | 'DELETE' | 'PATCH', path: string, body?: unknown, what: SalesforceText = `${method} ${path}`): Promise<SfResponse> {
    return this.withRetry(what, () => this.sendOnceChecked(method, path, body, what));
  }

  /** Runs `fn` (which may itself validate the body and throw ProtocolError) under the retry policy; `onRetry` gets `what` in English. */
  withRetry<T>(what: SalesforceText, fn: () => Promise<T>): Promise<T> {
    const label = bothTexts(what).en;
    return withRetry(this.retry, fn, isRetryable, (error, attempt, delayMs) =>
      this.events.onRetry?.({ what: label, attempt, delayMs, error: error as SalesforceError }),
    );
  }

  /** GET a JSON resource, parse it and validate it with `schema`; HTML or truncated bodies are ProtocolErrors (retried). */
  async getJson<T>(path: string, schema: z.ZodType<T>, what: SalesforceText): Promise<T> {
    return this.withRetry(what, async () => {
      const res = await this.sendOnceChecked('GET', path, undefined, what);
      return parseJsonBody(res, schema, what);
    });
  }

  async postJson<T>(path: string, body: unknown, schema: z.ZodType<T>, what: SalesforceText): Promise<T> {
    return this.withRetry(what, async () => parseJsonBody(await this.sendOnceChecked('POST', path, body, what), schema, what));
  }

  /** One attempt, statuses mapped to typed errors (retryable ones included), for use inside withRetry. */
  async sendOnceChecked(method: 'GET' | 'POST' | 'DELETE' | 'PATCH', path: string, body: unknown, what: SalesforceText): Promise<SfResponse> {
    const res = await this.sendOnce(method, path, body);
    if (res.status >= 200 && res.status < 300) return res;
    if (RETRY_STATUS.has(res.status)) {
      const err = errorFromResponse(what, res);
      throw res.status === 429 || res.status === 420
        ? new RateLimitError(err.messages ?? err.message, { status: res.status, errorCode: err.errorCode })
        : new TransientError(err.messages ?? err.message, { status: res.status, errorCode: err.errorCode });
    }
    throw errorFromResponse(what, res);
  }
}

/** The Italian of our own schemas' messages on a response (zod's are worded by core's `schemaMessageIt`). */
const RESPONSE_MESSAGES_IT: ReadonlyMap<string, string> = new Map([['nextRecordsUrl is required when done is false', 'nextRecordsUrl è obbligatorio quando done è false']]);

/** Parses and validates a JSON body; anything else (HTML login page, truncated JSON, wrong shape) is a ProtocolError. */
export function parseJsonBody<T>(res: SfResponse, schema: z.ZodType<T>, what: SalesforceText): T {
  const label = bothTexts(what);
  const contentType = res.headers['content-type'] ?? '';
  if (!/json/i.test(contentType) || /^\s*</.test(res.body)) {
    const start = `${res.body.slice(0, 60).replace(/\s+/g, ' ')}…`;
    throw new ProtocolError(
      {
        en: `${label.en}: expected JSON, got ${contentType || 'no content type'} (${start})`,
        it: `${label.it}: attesa una risposta JSON, arrivata ${contentType ? `una risposta ${contentType}` : 'una risposta senza content type'} (${start})`,
      },
      { status: res.status },
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(res.body);
  } catch (cause) {
    const size = res.body.length;
    throw new ProtocolError(
      { en: `${label.en}: the JSON body is malformed or truncated (${size} bytes)`, it: `${label.it}: il corpo JSON è malformato o troncato (${size} byte)` },
      { status: res.status, cause },
    );
  }
  const r = schema.safeParse(parsed);
  if (!r.success) {
    const issue = r.error.issues[0];
    const at = issue?.path.join('.');
    const reason = issue?.message ?? '';
    const reasonIt = schemaMessageIt(reason, RESPONSE_MESSAGES_IT);
    throw new ProtocolError(
      {
        en: `${label.en}: unexpected response shape at ${at || '(root)'}: ${issue?.message}`,
        it: `${label.it}: risposta di forma inattesa in ${at || '(radice)'}: ${reasonIt}`,
      },
      { status: res.status },
    );
  }
  return r.data;
}
