import { maskUrlsIn, type BothLanguages } from '@provvigo/core';
import { Agent, fetch as undiciFetch } from 'undici';
import { readConfigFile, type Connection, type ResolvedAuth } from './config.js';
import { SapAuthError, SapProtocolError, SapTransientError } from './errors.js';
import { within } from './texts.js';

const SERVER_CA_UNTRUSTED: BothLanguages = {
  en: "SAP's server certificate is not issued by a trusted CA (set connection.caFile for an internal CA)",
  it: 'il certificato del server SAP non è emesso da una CA attendibile (per una CA interna imposta connection.caFile)',
};

/**
 * TLS failures that mean "this client certificate (or the server's) is not accepted": an authentication problem to
 * fix in configuration, never a transient error to retry. Keyed by OpenSSL / Node error code.
 */
const TLS_AUTH_FAILURES: ReadonlyMap<string, BothLanguages> = new Map([
  [
    'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED',
    {
      en: 'SAP requires a client certificate and none was presented (configure auth type "x509")',
      it: 'SAP richiede un certificato client e non ne è stato presentato nessuno (configura l\'autenticazione di tipo "x509")',
    },
  ],
  [
    'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE',
    { en: 'SAP refused the TLS handshake (client certificate missing or not accepted)', it: "SAP ha rifiutato l'handshake TLS (certificato client mancante o non accettato)" },
  ],
  [
    'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA',
    {
      en: 'SAP does not trust the CA that issued the client certificate (import the CA into the trust list of the communication arrangement)',
      it: "SAP non considera attendibile la CA che ha emesso il certificato client (importa la CA nell'elenco dei certificati attendibili dell'accordo di comunicazione)",
    },
  ],
  [
    'ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE',
    {
      en: 'SAP rejected the client certificate (untrusted issuer, expired or not mapped to the communication user)',
      it: "SAP ha rifiutato il certificato client (emittente non attendibile, certificato scaduto o non associato all'utente di comunicazione)",
    },
  ],
  ['ERR_SSL_SSLV3_ALERT_CERTIFICATE_EXPIRED', { en: 'SAP rejected the client certificate as expired', it: 'SAP ha rifiutato il certificato client perché scaduto' }],
  [
    'ERR_SSL_TLSV1_ALERT_DECRYPT_ERROR',
    { en: 'SAP could not verify the client certificate (the key does not match it)', it: 'SAP non è riuscito a verificare il certificato client (la chiave non corrisponde al certificato)' },
  ],
  ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', SERVER_CA_UNTRUSTED],
  ['UNABLE_TO_GET_ISSUER_CERT_LOCALLY', SERVER_CA_UNTRUSTED],
  [
    'SELF_SIGNED_CERT_IN_CHAIN',
    { en: "SAP's server certificate chain ends in an untrusted root (set connection.caFile)", it: 'la catena del certificato del server SAP termina in una radice non attendibile (imposta connection.caFile)' },
  ],
  ['DEPTH_ZERO_SELF_SIGNED_CERT', { en: "SAP's server certificate is self-signed (set connection.caFile)", it: 'il certificato del server SAP è autofirmato (imposta connection.caFile)' }],
  [
    'ERR_TLS_CERT_ALTNAME_INVALID',
    { en: "SAP's server certificate does not name this host (check connection.baseUrl)", it: 'il certificato del server SAP non riporta questo host (controlla connection.baseUrl)' },
  ],
  ['CERT_HAS_EXPIRED', { en: "SAP's server certificate has expired", it: 'il certificato del server SAP è scaduto' }],
]);

/** The code of a TLS failure anywhere in an error's cause chain, with what it means. */
function tlsFailure(error: unknown): { code: string; meaning: BothLanguages } | undefined {
  for (let e = error as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    const meaning = typeof e.code === 'string' ? TLS_AUTH_FAILURES.get(e.code) : undefined;
    if (meaning) return { code: e.code as string, meaning };
  }
  return undefined;
}

/**
 * One HTTP session with S/4HANA over plain `fetch`: authentication (basic, OAuth client credentials or an X.509
 * client certificate over mutual TLS), the
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
  /** What the request is about, for error messages ("invoice CM-1: create"), in one text or both languages. */
  context: string | BothLanguages;
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
    this.fetchFn = options.fetch ?? SapSession.defaultFetch(connection, auth);
  }

  /**
   * Node's fetch, or undici's with a dispatcher that presents the client certificate (x509) and trusts
   * `connection.caFile`: the key material lives in the TLS context only, never in a header or a message.
   */
  private static defaultFetch(connection: Connection, auth: ResolvedAuth): FetchLike {
    const ca = connection.caFile ? readConfigFile('connection.caFile', connection.caFile) : undefined;
    if (auth.type !== 'x509' && ca === undefined) return (input, init) => fetch(input, init);
    const tls = auth.type === 'x509' ? { cert: auth.cert, key: auth.key, pfx: auth.pfx, passphrase: auth.passphrase } : {};
    const dispatcher = new Agent({ connect: { ...tls, ...(ca ? { ca } : {}) } });
    return (input, init) => undiciFetch(input, { ...(init as Parameters<typeof undiciFetch>[1]), dispatcher }) as unknown as Promise<Response>;
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
        throw new SapAuthError(
          within(opts.context, {
            en: 'SAP refused the CSRF token twice (check session affinity and the communication user)',
            it: "SAP ha rifiutato due volte il token CSRF (controlla l'affinità di sessione e l'utente di comunicazione)",
          }),
        );
      }
    }
    return res;
  }

  private async send(method: string, path: string, opts: RequestOptions, withCsrf: boolean, authRetry = true): Promise<HttpResult> {
    const headers: Record<string, string> = { accept: 'application/json', ...opts.headers };
    const authorization = await this.authorization();
    if (authorization) headers.authorization = authorization;
    if (withCsrf) headers['x-csrf-token'] = await this.token(opts.context);
    const cookie = this.cookieHeader();
    if (cookie) headers.cookie = cookie;
    const res = await this.exchange(method, path, { method, headers, body: opts.body }, opts);
    if (res.status === 401) {
      // a HEAD has no body to say why: the CSRF fetch then tries GET, whose 401 carries SAP's logon message
      if (method === 'HEAD' && this.auth.type !== 'oauth2-client-credentials') return res;
      if (this.auth.type === 'oauth2-client-credentials' && authRetry) {
        this.oauthToken = undefined;
        return this.send(method, path, opts, withCsrf, false);
      }
      // SAP's logon page says why (e.g. no or untrusted client certificate): a short plain-text excerpt, no secrets in it
      const said = res.text.replace(/<title>[^<]*<\/title>/i, '').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 200);
      const quoted = said ? ` (${said})` : '';
      throw new SapAuthError(
        within(
          opts.context,
          this.auth.type === 'x509'
            ? {
                en: `SAP answered 401 Unauthorized to the client certificate${quoted}; it must be issued by a CA SAP trusts and mapped to the communication user`,
                it: `SAP ha risposto 401 Unauthorized al certificato client${quoted}; deve essere emesso da una CA attendibile per SAP e associato all'utente di comunicazione`,
              }
            : {
                en: `SAP answered 401 Unauthorized${quoted}; check the communication user or client credentials`,
                it: `SAP ha risposto 401 Unauthorized${quoted}; controlla l'utente di comunicazione o le credenziali client`,
              },
        ),
      );
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
      const call = within(opts.context, { en: `${method} ${path}`, it: `${method} ${path}` });
      const tls = tlsFailure(error);
      if (tls) throw new SapAuthError(within(call, { en: `${tls.meaning.en} [${tls.code}]`, it: `${tls.meaning.it} [${tls.code}]` }));
      const e = error as Error & { cause?: { code?: string } };
      const said = `${e.cause?.code ?? e.name}: ${e.message}`; // Node's words, quoted as they came
      const why =
        e.name === 'TimeoutError' || e.name === 'AbortError'
          ? { en: `no answer within ${this.connection.timeoutMs} ms`, it: `nessuna risposta entro ${this.connection.timeoutMs} ms` }
          : { en: said, it: said };
      throw new SapTransientError(within(call, why));
    }
    this.options.onExchange?.({ method, path, status: response.status });
    for (const c of response.headers.getSetCookie()) this.storeCookie(c);
    if (response.status >= 300 && response.status < 400) {
      // a redirect to a login page means the user is not a communication user
      throw new SapAuthError(
        within(opts.context, {
          en: `SAP redirected ${method} ${path} (status ${response.status}); use a communication user on the API host`,
          it: `SAP ha reindirizzato ${method} ${path} (stato ${response.status}); usa un utente di comunicazione sull'host delle API`,
        }),
      );
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
  private async token(context: string | BothLanguages): Promise<string> {
    if (this.csrfToken) return this.csrfToken;
    this.csrfPending ??= this.fetchToken(context).finally(() => {
      this.csrfPending = undefined;
    });
    return this.csrfPending;
  }

  /** Fetches a fresh CSRF token now (also a cheap check of credentials and service path). */
  async fetchCsrfToken(context: string | BothLanguages): Promise<void> {
    this.csrfToken = undefined;
    await this.token(context);
  }

  private async fetchToken(context: string | BothLanguages): Promise<string> {
    const root = `${this.connection.servicePath}/`;
    for (const method of ['HEAD', 'GET'] as const) {
      const res = await this.send(method, root, { context: within(context, { en: 'CSRF token', it: 'token CSRF' }), headers: { 'x-csrf-token': 'Fetch' } }, false);
      const token = res.headers.get('x-csrf-token');
      if (res.status < 300 && token && token.toLowerCase() !== 'required') {
        this.csrfToken = token;
        return token;
      }
      if (res.status === 403) {
        throw new SapAuthError(
          within(context, {
            en: 'SAP refused the CSRF token fetch (403); check the communication arrangement',
            it: "SAP ha rifiutato la richiesta del token CSRF (403); controlla l'accordo di comunicazione",
          }),
        );
      }
    }
    throw new SapProtocolError(within(context, { en: `SAP returned no CSRF token on ${root}`, it: `SAP non ha restituito alcun token CSRF su ${root}` }));
  }

  /** The Authorization header; none with a client certificate (the TLS handshake authenticates). */
  private async authorization(): Promise<string | undefined> {
    if (this.auth.type === 'x509') return undefined;
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
      // fetch quotes the URL it refused, credentials included ("a URL that includes credentials: https://id:secret@…")
      const [origin, said] = [new URL(tokenUrl).origin, maskUrlsIn((error as Error).message)];
      throw new SapTransientError({ en: `OAuth token request to ${origin}: ${said}`, it: `richiesta del token OAuth a ${origin}: ${said}` });
    }
    if (res.status === 400 || res.status === 401) {
      throw new SapAuthError({
        en: `OAuth token request refused (${res.status}); check clientId and client secret`,
        it: `richiesta del token OAuth rifiutata (${res.status}); controlla clientId e il client secret`,
      });
    }
    let json: { access_token?: unknown; expires_in?: unknown };
    try {
      json = JSON.parse(text) as typeof json;
    } catch {
      throw new SapProtocolError({ en: `OAuth token response (${res.status}) is not JSON`, it: `la risposta del token OAuth (${res.status}) non è JSON` });
    }
    if (res.status !== 200 || typeof json.access_token !== 'string') {
      throw new SapProtocolError({ en: `OAuth token response (${res.status}) has no access_token`, it: `la risposta del token OAuth (${res.status}) non contiene access_token` });
    }
    const ttl = typeof json.expires_in === 'number' ? json.expires_in : 300;
    // renew a minute early so a token never expires between check and use
    this.oauthToken = { value: json.access_token, expiresAt: Date.now() + Math.max(0, ttl - 60) * 1000 };
    return json.access_token;
  }
}
