import type { Server } from 'node:http';
import { resolve } from 'node:path';
import { serve } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { getCookie } from 'hono/cookie';
import { secureHeaders } from 'hono/secure-headers';
import { clientAddressRule, type TrustProxy } from '@provvigo/core';
import { DocumentError, smtpTransport } from '@provvigo/documents';
import { SAP_MIGRATIONS } from '@provvigo/adapter-sap';
import { migrate, openDatabase, Store } from '@provvigo/store';
import { DEFAULT_SESSION_POLICY, type SessionPolicy, SessionStore } from './auth/sessions.js';
import { Sso, type SsoConfigInput } from './auth/sso.js';
import { DEFAULT_THROTTLE, LoginThrottle, type ThrottlePolicy } from './auth/throttle.js';
import { bothMessages, HttpError } from './http/errors.js';
import { sameOriginJsonOnly } from './http/guards.js';
import { registerAudit } from './routes/audit.js';
import { registerAuth, SESSION_COOKIE } from './routes/auth.js';
import { registerDocuments } from './routes/documents.js';
import { registerInquiries } from './routes/inquiries.js';
import { registerPeriods } from './routes/periods.js';
import { registerPlans } from './routes/plans.js';
import { registerSapPostings } from './routes/sapPostings.js';
import { registerStatements } from './routes/statements.js';
import type { StudioApp, StudioEnv } from './routes/types.js';
import type { SampleData } from './sample.js';
import { loadPlans, type StudioContext, type StudioMail } from './studioContext.js';
import type { StudioUser } from './users.js';

export { SAMPLE_PRINCIPAL } from './studioContext.js';

export interface StudioOptions {
  /** `openDatabase` target: a PGlite folder, `memory://`, or a postgres:// URL. */
  db: string;
  sample: SampleData;
  /** Local accounts (the embedded demo). With `sso` set and `localLogin: false`, only the identity provider signs in. */
  users: StudioUser[];
  /** Single sign-on with the company's OpenID Connect provider (README: "Connecting your identity provider"). */
  sso?: SsoConfigInput;
  /** Whether local accounts may log in (default: true without `sso`, false with it). */
  localLogin?: boolean;
  /** Built client files to serve (vite build output); none in API-only tests. */
  clientDir?: string;
  /** The clock for records (ISO), injected (core reads none). */
  now?: () => string;
  /** The clock for session timeouts (ms), injected for tests. */
  clock?: () => number;
  sessions?: Partial<SessionPolicy>;
  throttle?: Partial<ThrottlePolicy>;
  /**
   * The reverse proxies in front of the studio, for reading the client address (the login throttle's key) from
   * X-Forwarded-For: `true` one proxy (the last hop), a whole number that many, addresses or subnets (a list, or a
   * comma-separated string) the first hop from the right outside them (core's `TrustProxy`). Default: none, the socket.
   */
  trustProxy?: TrustProxy;
  /** Origins besides the studio's own that may send state-changing requests (e.g. the public URL behind a proxy). */
  allowedOrigins?: string[];
  licenseKey?: string;
  /** Folder where saved plans are kept (one JSON file per plan id); they replace the sample's on start. */
  plansDir?: string;
  /**
   * E-mail to partners (the answers to their questions): the SMTP server's URL, the sender, and the portal's address
   * written in each message. Without it the period page cannot send them (`provvigo period notify` still can).
   */
  mail?: StudioMail;
}

export interface StudioServer {
  server: Server;
  url: string;
  /** The HTTP application (routes, for tests that walk every route). */
  app: StudioApp;
  /** Live sessions (count and pruning), for operations and tests. */
  sessions: Pick<SessionStore, 'size' | 'prune'>;
  close(): Promise<void>;
}

const BODY_LIMIT = 5_000_000;
const WORKFLOW_CODE = /^[a-z]+(?:_[a-z]+)*$/;

/** Starts the studio server on 127.0.0.1 (port 0 = any free port). */
export async function startStudio(options: StudioOptions, port = 0, host = '127.0.0.1'): Promise<StudioServer> {
  // first: a proxy setting it cannot use is refused before anything is opened
  const addressOf = clientAddressRule(options.trustProxy, 'startStudio trustProxy');
  // an SMTP server that is not an smtp:// or smtps:// URL is refused now (password masked), not at the first click
  if (options.mail) smtpTransport(options.mail.smtp).close();
  const db = await openDatabase(options.db);
  const store = await Store.open(db);
  // adapter-sap's posting and journal logs, which `provvigo post sap` writes to this database: migrated as the CLI
  // migrates them, so the SAP panel reads them at the CLI's schema (empty until a period is posted)
  await migrate(db, SAP_MIGRATIONS);
  const ctx: StudioContext = {
    store,
    sample: options.sample,
    plans: loadPlans(options.sample, options.plansDir, await store.latestPlans()),
    plansDir: options.plansDir,
    licenseKey: options.licenseKey ?? 'gpl-v3',
    now: options.now ?? (() => new Date().toISOString()),
    mail: options.mail,
  };
  const policy = { ...DEFAULT_SESSION_POLICY, ...options.sessions };
  const sessions = new SessionStore(policy, options.clock ?? Date.now);
  const pruner = setInterval(() => sessions.prune(), 60_000);
  pruner.unref();
  const sso = options.sso ? await Sso.discover(options.sso) : undefined;

  const app: StudioApp = new Hono<StudioEnv>();
  app.use(
    '*',
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
      xFrameOptions: 'DENY',
      referrerPolicy: 'same-origin',
    }),
  );
  app.use('*', async (c, next) => {
    // the login throttle's key: the header is read only as far as the proxies the studio was told of (clientAddressRule)
    c.set('ip', addressOf(getConnInfo(c).remote.address, c.req.header('x-forwarded-for')) ?? 'unknown');
    const session = sessions.get(getCookie(c, SESSION_COOKIE));
    c.set('session', session);
    c.set('user', session?.user);
    await next();
    if (c.req.path.startsWith('/api/')) c.header('cache-control', 'no-store');
  });
  app.use('/api/*', bodyLimit({ maxSize: BODY_LIMIT, onError: () => { throw new HttpError(413, 'too_large', 'request body too large'); } }));
  app.use('*', sameOriginJsonOnly(options.allowedOrigins ?? []));

  registerAuth(app, { ctx, users: options.users, sessions, policy, throttle: new LoginThrottle({ ...DEFAULT_THROTTLE, ...options.throttle }), sso, localLogin: options.localLogin ?? !options.sso });
  registerPlans(app, ctx);
  registerPeriods(app, ctx);
  registerStatements(app, ctx);
  registerDocuments(app, ctx);
  registerInquiries(app, ctx);
  registerSapPostings(app, ctx);
  registerAudit(app, ctx);
  app.all('/api/*', () => {
    throw new HttpError(404, 'not_found', 'no such route');
  });
  if (options.clientDir) {
    const root = resolve(options.clientDir);
    app.use('*', serveStatic({ root }));
    app.get('*', serveStatic({ root, path: 'index.html' }));
  }
  app.notFound((c) => c.json({ error: 'not_found', message: 'no such page' }, 404));
  app.onError((e, c) => {
    // no SyntaxError branch: jsonBody answers a body that is not JSON, so a SyntaxError here is the studio's own
    if (e instanceof HttpError) return c.json({ error: e.code, message: e.message, ...e.extra }, e.status as 400);
    // a document that cannot be built from the run's data (its message names partner, period and field)
    if (e instanceof DocumentError) return c.json({ error: 'document_invalid', message: e.message, path: e.path, ...bothMessages(e) }, 422);
    const err = e as { code?: unknown; message?: string };
    // workflow refusals of core and the store (four eyes, wrong state) are the caller's problem, not a crash; they
    // have snake_case codes. A database's SQLSTATE ("22021") or a system error's code ("ENAMETOOLONG") is a failure
    // of the studio: answered as a 409, it showed the database's words and the server's paths, and was never logged.
    if (typeof err.code === 'string' && WORKFLOW_CODE.test(err.code)) {
      // core's and the store's refusals carry Italian and English: the client shows them for codes it has no words for
      return c.json({ error: err.code, message: err.message ?? String(e), ...bothMessages(e) }, 409);
    }
    console.error(`studio: ${c.req.method} ${c.req.path}: ${(e as Error).stack ?? String(e)}`);
    return c.json({ error: 'internal', message: 'unexpected error' }, 500);
  });

  const server = await new Promise<Server>((ok) => {
    const s = serve({ fetch: app.fetch, port, hostname: host }, () => ok(s as Server));
  });
  const address = server.address();
  const url = typeof address === 'object' && address ? `http://${host}:${address.port}` : '';
  return {
    server,
    url,
    app,
    sessions,
    async close() {
      clearInterval(pruner);
      await new Promise((ok) => server.close(ok));
      await store.close();
    },
  };
}
