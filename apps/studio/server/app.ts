import { randomBytes } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import { euVatPack, parsePlan } from '@provvigo/core';
import type { FiscalResult, Partner, PeriodFiscalSetup, PeriodStatement, YtdStateInput } from '@provvigo/core';
import { buildInvoiceDocument, renderFatturaPA, renderInvoicePdf, renderStatementPdf, summarizePeriodStatement } from '@provvigo/documents';
import type { InvoiceDocument, PrincipalInput } from '@provvigo/documents';
import type { Actor, Plan } from '@provvigo/core';
import { itPack } from '@provvigo/fiscal-it';
import { approvePeriod, calculatePeriod, currentRun, importFiscalOpenings, listFiscalOpenings, openDatabase, openPeriod, Store, validatePeriod } from '@provvigo/store';
import { approvedView, approvedWorkbook } from './approvedSnapshot.js';
import type { SampleData } from './sample.js';
import { publicUser, verifyPassword } from './users.js';
import type { StudioUser } from './users.js';

export interface StudioOptions {
  /** `openDatabase` target: a PGlite folder, `memory://`, or a postgres:// URL. */
  db: string;
  sample: SampleData;
  users: StudioUser[];
  /** Built client files to serve (vite build output); none in API-only tests. */
  clientDir?: string;
  /** The clock, injected (core reads none). */
  now?: () => string;
  licenseKey?: string;
  /** Folder where saved plans are kept (one JSON file per plan id); they replace the sample's on start. */
  plansDir?: string;
}

/** The paying company of the embedded sample (a fictitious utility), printed on the pro-forma invoices. */
export const SAMPLE_PRINCIPAL: PrincipalInput = {
  legalName: 'Energia Esempio S.p.A.',
  vatId: 'IT12345678903',
  taxCode: '12345678903',
  address: { street: 'Via Roma', number: '1', zip: '20121', city: 'Milano', province: 'MI', country: 'IT' },
  sdiCode: 'ABC1234',
  email: 'provvigioni@energia-esempio.invalid',
};

/** The sample's fiscal setup: the same packs as the CLI, the principal's country, no split payment. */
const SAMPLE_FISCAL: PeriodFiscalSetup = { packs: [itPack, euVatPack], principal: { country: SAMPLE_PRINCIPAL.address.country, splitPayment: false } };

export interface StudioServer {
  server: Server;
  url: string;
  close(): Promise<void>;
}

const COOKIE = 'studio_session';
const SESSION_TTL_MS = 8 * 3600 * 1000;

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const forbidden = () => new HttpError(403, 'forbidden', 'you may not read or change this');

type Handler = (ctx: Ctx) => Promise<unknown>;
interface Ctx {
  req: IncomingMessage;
  res: ServerResponse;
  params: Record<string, string>;
  user: StudioUser | undefined;
  body: () => Promise<unknown>;
}

/** Staff may act on every partner; a partner user only on itself. The single place partner data is authorised. */
function assertMayReadPartner(user: StudioUser | undefined, partnerId: string): void {
  if (!user) throw new HttpError(401, 'unauthenticated', 'log in first');
  if (user.roles.includes('partner')) {
    if (user.partnerId !== partnerId) throw forbidden();
    return;
  }
  if (!user.roles.some((r) => r === 'planDesigner' || r === 'calculator' || r === 'approver')) throw forbidden();
}

function assertRole(user: StudioUser | undefined, ...roles: Actor['roles']): StudioUser {
  if (!user) throw new HttpError(401, 'unauthenticated', 'log in first');
  if (!user.roles.some((r) => roles.includes(r))) throw forbidden();
  return user;
}

function actorOf(user: StudioUser): Actor {
  return { id: user.id, roles: user.roles };
}

/** Starts the studio server on 127.0.0.1 (port 0 = any free port). */
export async function startStudio(options: StudioOptions, port = 0, host = '127.0.0.1'): Promise<StudioServer> {
  const db = await openDatabase(options.db);
  const store = await Store.open(db);
  const now = options.now ?? (() => new Date().toISOString());
  const licenseKey = options.licenseKey ?? 'gpl-v3';
  const sessions = new Map<string, { userId: string; expires: number }>();
  const plans = new Map<string, Plan>(options.sample.plans.map((p) => [p.id, p]));
  if (options.plansDir && existsSync(options.plansDir)) {
    for (const file of readdirSync(options.plansDir).filter((f) => f.endsWith('.json'))) {
      const parsed = parsePlan(JSON.parse(readFileSync(join(options.plansDir, file), 'utf8')), { factSchema: options.sample.factSchema });
      if (parsed.ok) plans.set(parsed.plan.id, parsed.plan);
      else console.error(`studio: ignoring saved plan ${file}: ${parsed.issues.map((i) => i.message).join('; ')}`);
    }
  }
  const { sample } = options;

  const inputs = () => ({ plans: [...plans.values()], partners: sample.partners, factSchema: sample.factSchema, facts: sample.facts, fiscal: SAMPLE_FISCAL });
  async function runOf(periodId: string) {
    try {
      return await currentRun(store, periodId);
    } catch {
      throw new HttpError(404, 'not_found', `period ${periodId} has no run yet`);
    }
  }
  /** Partners see a period only once it is approved: drafts and calculations are finance's work in progress. */
  const visibleToPartners = (state: string) => state === 'approved' || state === 'invoiced' || state === 'posted';
  async function statementOf(periodId: string, partnerId: string, user: StudioUser | undefined) {
    const run = await runOf(periodId);
    if (user?.roles.includes('partner') && !visibleToPartners(run.record.state)) {
      throw new HttpError(404, 'not_found', `no approved statement for ${periodId} yet`);
    }
    const [statement] = await store.getEvaluated(run.record.id, partnerId);
    const [periodStatement] = await store.getStatements(run.record.id, partnerId);
    if (!statement) throw new HttpError(404, 'not_found', `no statement for ${partnerId} in ${periodId}`);
    // the partner, its fiscal result and its calculation's inputs as the run stored them: never the live plans or facts
    const view = await approvedView(store, run.record.id, partnerId);
    if (!view) throw new HttpError(409, 'no_snapshot', `run ${run.record.id} holds no snapshot for ${partnerId}: calculate the period again`);
    return { run, statement, periodStatement, view };
  }

  const routes: [string, RegExp, Handler][] = [];
  const route = (method: string, pattern: string, handler: Handler) => {
    const keys: string[] = [];
    const re = new RegExp(`^${pattern.replace(/:(\w+)/g, (_m, k: string) => (keys.push(k), '([^/]+)'))}$`);
    routes.push([method, re, async (ctx) => handler({ ...ctx, params: Object.fromEntries(keys.map((k, i) => [k, ctx.params[String(i)]!])) })]);
  };

  route('POST', '/api/login', async ({ body, res }) => {
    const b = (await body()) as { username?: unknown; password?: unknown };
    const user = options.users.find((u) => u.id === b.username);
    if (!user || typeof b.password !== 'string' || !verifyPassword(b.password, user.passwordHash)) {
      throw new HttpError(401, 'bad_credentials', 'wrong user name or password');
    }
    const token = randomBytes(32).toString('base64url');
    sessions.set(token, { userId: user.id, expires: Date.now() + SESSION_TTL_MS });
    res.setHeader('set-cookie', `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/; Max-Age=${SESSION_TTL_MS / 1000}`);
    return { user: publicUser(user) };
  });
  route('POST', '/api/logout', async ({ req, res }) => {
    const token = cookieToken(req);
    if (token) sessions.delete(token);
    res.setHeader('set-cookie', `${COOKIE}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0`);
    return { ok: true };
  });
  route('GET', '/api/me', async ({ user }) => {
    if (!user) throw new HttpError(401, 'unauthenticated', 'log in first');
    return { user: publicUser(user), period: sample.period };
  });

  // Staff: the sample data the builder previews on, plans, period runs.
  route('GET', '/api/sample', async ({ user }) => {
    assertRole(user, 'planDesigner', 'calculator', 'approver');
    return { period: sample.period, partners: sample.partners, factSchema: sample.factSchema, facts: sample.facts };
  });
  route('GET', '/api/plans', async ({ user }) => {
    assertRole(user, 'planDesigner', 'calculator', 'approver');
    return { plans: [...plans.values()] };
  });
  route('PUT', '/api/plans/:id', async ({ user, params, body }) => {
    const designer = assertRole(user, 'planDesigner');
    const parsed = parsePlan(await body(), { factSchema: sample.factSchema });
    if (!parsed.ok) throw Object.assign(new HttpError(422, 'invalid_plan', 'the plan has errors'), { issues: parsed.issues });
    if (parsed.plan.id !== params['id']) throw new HttpError(422, 'invalid_plan', 'the plan id does not match the URL');
    // saving never overwrites: the store keeps an immutable version per change (the next number, content-hashed)
    const saved = await store.savePlan(parsed.plan, { actor: designer.id, at: now() });
    plans.set(saved.version.id, saved.version.plan);
    if (options.plansDir) {
      mkdirSync(options.plansDir, { recursive: true });
      writeFileSync(join(options.plansDir, `${saved.version.id}.json`), `${JSON.stringify(saved.version.plan, null, 2)}\n`);
    }
    return { plan: saved.version.plan, version: { version: saved.version.version, hash: saved.version.hash, created: saved.created }, issues: parsed.issues };
  });
  route('GET', '/api/periods', async ({ user }) => {
    assertRole(user, 'planDesigner', 'calculator', 'approver');
    const periods = await store.listPeriods();
    const runs = await store.listRuns();
    return { periods, runs: runs.map((r) => ({ id: r.record.id, period: r.record.period.id, state: r.record.state })) };
  });
  route('POST', '/api/periods/:period/calculate', async ({ user, params }) => {
    const u = assertRole(user, 'calculator');
    if (params['period'] !== sample.period.id) throw new HttpError(404, 'not_found', `the sample has period ${sample.period.id} only`);
    if (!(await store.getPeriod(sample.period.id))) await openPeriod(store, { period: sample.period, actor: actorOf(u), at: now() });
    const out = await calculatePeriod(store, { periodId: sample.period.id, actor: actorOf(u), at: now(), inputs: inputs(), licenseKey });
    return { run: out.run.record.id, state: out.run.record.state, changed: out.changed };
  });
  route('POST', '/api/periods/:period/validate', async ({ user, params }) => {
    const u = assertRole(user, 'calculator', 'approver');
    const out = await validatePeriod(store, { periodId: params['period']!, actor: actorOf(u), at: now() });
    return out;
  });
  route('POST', '/api/periods/:period/approve', async ({ user, params }) => {
    const u = assertRole(user, 'approver');
    return approvePeriod(store, { periodId: params['period']!, actor: actorOf(u), at: now() });
  });
  // Year-to-date opening balances from another system (the CLI's `provvigo fiscal openings import`).
  route('GET', '/api/fiscal/openings', async ({ user }) => {
    assertRole(user, 'calculator', 'approver');
    return { openings: await listFiscalOpenings(store) };
  });
  route('POST', '/api/fiscal/openings', async ({ user, body }) => {
    const u = assertRole(user, 'calculator');
    const b = (await body()) as { source?: unknown; openings?: unknown };
    if (!Array.isArray(b.openings) || typeof b.source !== 'string' || !b.source) {
      throw new HttpError(422, 'invalid_openings', 'expected { source: text, openings: [{ partnerId, year, values }] }');
    }
    return importFiscalOpenings(store, { states: b.openings as YtdStateInput[], source: b.source, actor: u.id, at: now() });
  });

  // Partner data: every route checks the partner in its path against the session (assertMayReadPartner).
  route('GET', '/api/periods/:period/statements', async ({ user, params }) => {
    if (!user) throw new HttpError(401, 'unauthenticated', 'log in first');
    const run = await runOf(params['period']!);
    const headers = await store.listStatementHeaders(run.record.id);
    if (!user.roles.includes('partner')) return { run: run.record.id, state: run.record.state, statements: headers };
    const own = visibleToPartners(run.record.state) ? headers.filter((h) => h.partnerId === user.partnerId) : [];
    return { run: run.record.id, state: run.record.state, statements: own };
  });
  route('GET', '/api/periods/:period/statements/:partner', async ({ user, params }) => {
    assertMayReadPartner(user, params['partner']!);
    const { run, statement, periodStatement, view } = await statementOf(params['period']!, params['partner']!, user);
    return { run: run.record.id, state: run.record.state, plans: run.record.plans, partner: view.partner, statement, periodStatement, fiscal: view.fiscal };
  });
  route('GET', '/api/periods/:period/statements/:partner/lines/:line', async ({ user, params }) => {
    assertMayReadPartner(user, params['partner']!);
    const { statement } = await statementOf(params['period']!, params['partner']!, user);
    // The line must belong to the partner in the path: a line id alone never opens another partner's trace.
    const line = statement.lines.find((l) => l.id === params['line']);
    if (!line) throw new HttpError(404, 'not_found', 'no such line in this statement');
    return { line };
  });
  /** The pro-forma invoice of a booked statement: the documents' summary with the fiscal items the run computed. */
  function invoiceOf(partner: Partner, periodStatement: PeriodStatement | undefined, fiscal: FiscalResult | null) {
    if (!periodStatement) throw new HttpError(404, 'not_found', 'the statement is not booked yet');
    if (!fiscal) throw new HttpError(409, 'no_fiscal', `the run holds no fiscal items for ${partner.id}`);
    return { summary: summarizePeriodStatement(periodStatement, { locale: partner.language }), fiscal };
  }
  route('GET', '/api/periods/:period/statements/:partner/invoice', async ({ user, params }) => {
    assertMayReadPartner(user, params['partner']!);
    const { periodStatement, view } = await statementOf(params['period']!, params['partner']!, user);
    return { fiscal: invoiceOf(view.partner, periodStatement, view.fiscal).fiscal };
  });
  /** The partner's invoice document (for the PDFs and the FatturaPA) from the run's stored statement and fiscal items. */
  async function documentOf(periodId: string, partnerId: string, user: StudioUser | undefined) {
    const { run, periodStatement, view } = await statementOf(periodId, partnerId, user);
    const { partner } = view;
    const { summary, fiscal } = invoiceOf(partner, periodStatement, view.fiscal);
    const doc = buildInvoiceDocument({
      principal: SAMPLE_PRINCIPAL,
      partner,
      period: run.record.period,
      statement: summary,
      fiscal,
      number: `PRO-${run.record.period.id.replace(/[^0-9A-Za-z]/g, '')}-${partner.id}`.slice(0, 20),
      // dated at approval, so the documents of an approved run are the same whenever they are downloaded
      date: (run.record.approvedAt ?? now()).slice(0, 10),
      locale: partner.language,
    });
    return doc;
  }
  const documentRoutes: [string, string, (d: InvoiceDocument) => Promise<Uint8Array | string>][] = [
    ['invoice.pdf', 'application/pdf', renderInvoicePdf],
    ['statement.pdf', 'application/pdf', renderStatementPdf],
    // a receipt for occasional work has no FatturaPA
    ['invoice.xml', 'application/xml; charset=utf-8', async (d) => (d.receipt ? '' : renderFatturaPA(d))],
  ];
  for (const [file, type, render] of documentRoutes) {
    route('GET', `/api/periods/:period/statements/:partner/${file.replace('.', '\\.')}`, async ({ user, params, res }) => {
      assertMayReadPartner(user, params['partner']!);
      const doc = await documentOf(params['period']!, params['partner']!, user);
      const bytes = await render(doc);
      if (!bytes.length) throw new HttpError(404, 'not_found', 'a receipt has no FatturaPA');
      res.writeHead(200, { 'content-type': type, 'content-disposition': `inline; filename="${doc.partner.id}-${doc.period.id}-${file}"` });
      res.end(bytes);
      return undefined;
    });
  }
  route('GET', '/api/periods/:period/statements/:partner/workbook.xlsx', async ({ user, params, res }) => {
    assertMayReadPartner(user, params['partner']!);
    const { statement, view } = await statementOf(params['period']!, params['partner']!, user);
    if (!view.calculation) throw new HttpError(404, 'not_found', 'no plan of the run applies to this partner');
    // from the run's pinned plan version and stored records, checked to reproduce the stored statement
    const bytes = await approvedWorkbook(view, statement, licenseKey);
    res.writeHead(200, {
      'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'content-disposition': `attachment; filename="${params['partner']}-${params['period']}.xlsx"`,
    });
    res.end(bytes);
    return undefined;
  });

  const clientDir = options.clientDir ? resolve(options.clientDir) : undefined;
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = req.method ?? 'GET';
    try {
      if (url.pathname.startsWith('/api/')) {
        const token = cookieToken(req);
        const session = token ? sessions.get(token) : undefined;
        if (session && session.expires < Date.now()) sessions.delete(token!);
        const user = session && session.expires >= Date.now() ? options.users.find((u) => u.id === session.userId) : undefined;
        for (const [m, re, handler] of routes) {
          const match = re.exec(url.pathname);
          if (!match || m !== method) continue;
          const params = Object.fromEntries(match.slice(1).map((v, i) => [String(i), decodeURIComponent(v)]));
          const out = await handler({ req, res, params, user, body: () => readJson(req) });
          if (out !== undefined) send(res, 200, out);
          return;
        }
        throw new HttpError(404, 'not_found', 'no such route');
      }
      if (method !== 'GET' || !clientDir) throw new HttpError(404, 'not_found', 'no such page');
      serveStatic(clientDir, url.pathname, res);
    } catch (e) {
      if (e instanceof HttpError) send(res, e.status, { error: e.code, message: e.message, ...('issues' in e ? { issues: (e as { issues: unknown }).issues } : {}) });
      else {
        const err = e as { code?: string; message?: string };
        // Workflow refusals from the store (four eyes, wrong state) are the caller's problem, not a crash.
        if (err.code && typeof err.code === 'string') send(res, 409, { error: err.code, message: err.message ?? String(e) });
        else send(res, 500, { error: 'internal', message: 'unexpected error' });
      }
    }
  });
  await new Promise<void>((ok) => server.listen(port, host, ok));
  const address = server.address();
  const url = typeof address === 'object' && address ? `http://${host}:${address.port}` : '';
  return {
    server,
    url,
    async close() {
      await new Promise((ok) => server.close(ok));
      await store.close();
    },
  };
}

function cookieToken(req: IncomingMessage): string | undefined {
  const header = req.headers.cookie ?? '';
  for (const part of header.split(';')) {
    const [k, v] = part.trim().split('=');
    if (k === COOKIE && v) return v;
  }
  return undefined;
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > 5_000_000) throw new HttpError(413, 'too_large', 'request body too large');
    chunks.push(c as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
  } catch {
    throw new HttpError(400, 'bad_json', 'the body is not JSON');
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.json': 'application/json' };

function serveStatic(root: string, pathname: string, res: ServerResponse): void {
  let file = normalize(join(root, decodeURIComponent(pathname)));
  if (!file.startsWith(root)) throw new HttpError(403, 'forbidden', 'outside the client folder');
  if (!existsSync(file) || statSync(file).isDirectory()) file = join(root, 'index.html');
  if (!existsSync(file)) throw new HttpError(404, 'not_found', 'the client is not built: run `pnpm --filter @provvigo/studio build`');
  res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
  createReadStream(file).pipe(res);
}

