import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { TLSSocket } from 'node:tls';
import type { AddressInfo, Socket } from 'node:net';
import { currencyScale } from '@provvigo/core';
import DecimalJs from 'decimal.js';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { filterConditions, isJournalReadPath, readJournalService } from './fakeJournalRead.js';

/**
 * A fake S/4HANA on 127.0.0.1 speaking the OData v2 protocol of `API_SUPPLIERINVOICE_PROCESS_SRV` the way the real
 * Gateway does (adapters.md §2): CSRF handshake bound to session cookies, basic auth or OAuth bearer, `$filter`
 * reads, deep create with server-side numbering and SAP-style checks, the OData error JSON; plus the SOAP endpoint
 * of `JournalEntryBulkCreationRequest_In` and the journal read services (`fakeJournalRead.ts`). Faults are scripted per request: timeouts and resets after commit, 5xx,
 * CSRF expiry, business errors. It keeps its own state, independent of the adapter's code, so tests can assert
 * "exactly once" against what the fake committed.
 */

const D = DecimalJs.clone({ precision: 40 });
const SERVICE = '/sap/opu/odata/sap/API_SUPPLIERINVOICE_PROCESS_SRV';

/** The properties of `A_SupplierInvoice` a lookup may filter on (all Edm.String), as its `$filter` is read. */
const SUPPLIER_INVOICE = {
  type: 'API_SUPPLIERINVOICE_PROCESS_SRV.A_SupplierInvoiceType',
  properties: new Map((['SupplierInvoiceIDByInvcgParty', 'InvoicingParty', 'CompanyCode', 'FiscalYear', 'SupplierInvoice'] as const).map((p) => [p, 'string' as const])),
};
const SOAP_ENV = 'http://schemas.xmlsoap.org/soap/envelope/';
const SFIN = 'http://sap.com/xi/SAPSCORE/SFIN';
const WSA = 'http://www.w3.org/2005/08/addressing';
const JE_ACTION = 'http://sap.com/xi/SAPSCORE/SFIN/JournalEntryBulkCreationRequest_In/JournalEntryBulkCreationRequest_InRequest';
/** Key of the hang listeners of SOAP messages (a NUL can be no invoice reference). */
const SOAP_HANG = '\u0000soap';

export interface FakeS4HanaOptions {
  /**
   * Serve HTTPS, ask for an X.509 client certificate during the handshake and log on with it (certificate logon of
   * a communication user; no Authorization header needed): a request without one, or with one not issued by `ca`,
   * gets 401 "Logon failed" naming why. PEM strings or buffers.
   */
  tls?: { key: string | Buffer; cert: string | Buffer; ca: string | Buffer };
  /** Basic-auth communication user; default user INTEGRATION / secret. */
  username?: string;
  password?: string;
  /** OAuth client credentials accepted at POST /sap/bc/sec/oauth2/token. */
  oauth?: { clientId: string; clientSecret: string; tokenTtlSeconds?: number };
  sapClient?: string;
  /** Allowlists; undefined accepts any. */
  companyCodes?: string[];
  suppliers?: string[];
  glAccounts?: string[];
  taxCodes?: string[];
  withholdingTaxTypes?: string[];
  /** First document number handed out in each fiscal year. */
  firstDocumentNumber?: number;
  /** Path of the asynchronous SOAP service, as the communication arrangement shows it (30-character segment). */
  journalEntryPath?: string;
  /**
   * immediate: an accepted message is processed (posted, or failed in AIF) right after the 202; manual: only when
   * the test calls `processJournalQueue()`, so "accepted" and "posted" can be observed apart.
   */
  journalProcessing?: 'immediate' | 'manual';
  /**
   * SAP's tax codes (FTXP) with their rate in percent. A `reverseCharge` code is a zero-balance code: SAP posts an
   * input-tax line (+rate) and an output-tax line (−rate) on the items' base, so its tax on the invoice is zero.
   * When given, the fake checks the tax per code like SAP (FF/707 with manual tax; gross = items + computed tax with
   * TaxIsCalculatedAutomatically) and records the tax lines it would post.
   */
  taxCodeDefinitions?: Record<string, { rate: string; reverseCharge?: boolean }>;
  /** Rates (percent) of withholding tax codes: what SAP computes when an amount is not entered manually. */
  withholdingCodes?: Record<string, { rate: string }>;
  /**
   * SAP's duplicate-invoice check (M8/108 on the same supplier + reference + company code + year). On by default; tests
   * of the adapter's own exactly-once protocol turn it off so that only the adapter can prevent a double post.
   */
  duplicateCheck?: boolean;
}

export interface StoredInvoice {
  SupplierInvoice: string;
  FiscalYear: string;
  CompanyCode: string;
  InvoicingParty: string;
  SupplierInvoiceIDByInvcgParty: string;
  InvoiceGrossAmount: string;
  DocumentCurrency: string;
  PostingDate: string;
  IsReversed: boolean;
  payload: Record<string, unknown>;
  /** The withholding SAP recorded: entered manually, or computed from its code when not flagged as manual. */
  withholding: { type: string; code: string; base: string; amount: string }[];
  /** The tax lines SAP posted (with `taxCodeDefinitions`): input tax, and for reverse charge also output tax. */
  taxLines: { taxCode: string; kind: 'input' | 'output'; base: string; amount: string }[];
}

export interface StoredJournalEntry {
  messageId: string;
  /** SAP's accounting document number, given when the entry is posted. */
  accountingDocument: string;
  documentReferenceId: string;
  originalReferenceDocument: string;
  companyCode: string;
  postingDate: string;
  items: { glAccount: string; amount: string; currency: string; debitCredit: string; costCenter?: string | undefined }[];
  /** Set by `reverseJournalEntry` (a reversal in SAP): the entry no longer counts in the ledger (IsReversed). */
  reversed?: boolean;
  /** The reversal document of a reversed entry (its ReverseDocument). */
  reversedBy?: string;
  /** On a reversal document (IsReversal): the document it reverses. */
  reverses?: string;
}

export type SapFaultAction =
  /** commit the invoice (SOAP: store the message), then never answer (the client times out) */
  | 'timeout-after-commit'
  /** commit (SOAP: store the message), then drop the connection */
  | 'reset-after-commit'
  /** drop the connection before doing anything */
  | 'reset'
  /** 500 with SAP's error JSON, nothing committed */
  | 'status-500'
  /** commit (SOAP: store the message), then answer 500 (an error after the database commit; SOAP: an HTML page, no fault) */
  | 'status-500-after-commit'
  /** 503 HTML page from a proxy, nothing committed */
  | 'status-503-html'
  /** commit, answer 201 without SupplierInvoice */
  | 'created-without-number'
  /** expire every CSRF token now (so this write gets 403 Required) */
  | 'csrf-expired'
  /** a business validation error (400) with this message */
  | { validationError: string; code?: string; target?: string }
  /** commit and answer 201 with this warning in the `sap-message` header */
  | { warning: string; code?: string }
  /** SOAP: accept the message (202), then fail it in AIF processing: it is never posted */
  | 'async-error'
  /**
   * A throttling gateway in front of the service (SAP API Management quota / spike arrest, or the Web Dispatcher's
   * 503): this request and every OData request of the next `throttle` seconds get `status` (default 429) with
   * `Retry-After: <throttle>`; nothing is processed.
   */
  | { throttle: number; status?: 429 | 503 };

export interface SapFault {
  /** `journal-read`: a GET of a journal read service (`status-500`, `status-503-html`, `reset`, `throttle`) */
  op: 'create' | 'lookup' | 'token' | 'soap' | 'journal-read';
  /** match a create by its reference, or the nth request of `op` (1-based, counted over the fake's life) */
  reference?: string;
  nth?: number;
  action: SapFaultAction;
  /** how many times it fires (default 1; Infinity for always) */
  times?: number;
}

export interface RequestLogEntry {
  method: string;
  path: string;
  status: number | 'dropped' | 'hung';
  op: string;
}

interface Session {
  token: string;
  valid: boolean;
}

function odataError(res: ServerResponse, status: number, code: string, message: string, details: { code: string; message: string; target?: string }[] = []): void {
  const transactionid = randomBytes(16).toString('hex').toUpperCase();
  const body = {
    error: {
      code,
      message: { lang: 'en', value: message },
      innererror: {
        application: { component_id: 'MM-IV-LIV-SUP', service_namespace: '/SAP/', service_id: 'API_SUPPLIERINVOICE_PROCESS_SRV', service_version: '0001' },
        transactionid,
        timestamp: '20261127120000.0000000',
        Error_Resolution: { SAP_Transaction: 'For backend administrators: use ADT feed reader "SAP Gateway Error Log" or run transaction /IWFND/ERROR_LOG', SAP_Note: 'See SAP Note 1797736 for error analysis' },
        errordetails: details.map((d) => ({ code: d.code, message: d.message, propertyref: '', severity: 'error', target: d.target ?? '' })),
      },
    },
  };
  res.writeHead(status, { 'content-type': 'application/json;charset=utf-8', 'sap-message': '' }).end(JSON.stringify(body));
}

const readBody = (req: IncomingMessage): Promise<string> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });

function parseCookies(header: string | undefined): Map<string, string> {
  const m = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) m.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  return m;
}

const DATE_RE = /^\/Date\((-?\d+)\)\/$|^(\d{4}-\d{2}-\d{2})T00:00:00$/;
function dateOf(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined;
  const m = DATE_RE.exec(v);
  if (!m) return undefined;
  return m[1] !== undefined ? new Date(Number(m[1])).toISOString().slice(0, 10) : m[2];
}

export class FakeS4Hana {
  readonly invoices: StoredInvoice[] = [];
  /** Posted journal entries (what a read of the journal shows). */
  readonly journalEntries: StoredJournalEntry[] = [];
  /** Reversal documents `reverseJournalEntry` posted (IsReversal), apart from the entries the messages posted. */
  readonly reversalDocuments: StoredJournalEntry[] = [];
  /** Accepted messages not processed yet (journalProcessing 'manual'). */
  private readonly journalQueue: { entries: Omit<StoredJournalEntry, 'accountingDocument'>[]; fail: boolean }[] = [];
  private readonly seenMessageIds = new Set<string>();
  private nextJournalDocument = 100000001;
  readonly soapMessages: string[] = [];
  readonly requests: RequestLogEntry[] = [];
  readonly faults: (SapFault & { remaining: number })[] = [];
  private readonly sessions = new Map<string, Session>();
  private readonly oauthTokens = new Set<string>();
  private readonly counters = { create: 0, lookup: 0, token: 0, soap: 0, 'journal-read': 0 };
  private readonly numbers = new Map<string, number>();
  private readonly sockets = new Set<Socket>();
  private readonly hung = new Set<ServerResponse>();
  private readonly opts: Required<Pick<FakeS4HanaOptions, 'username' | 'password' | 'sapClient' | 'firstDocumentNumber' | 'journalEntryPath'>> & FakeS4HanaOptions;
  private readonly hangListeners = new Map<string, Set<() => void>>();
  /** The throttling window of a `throttle` fault: until when, which status, and the Retry-After it announces. */
  private throttleWindow: { until: number; status: 429 | 503 } | undefined;
  private server!: Server;
  url = '';
  /** Requests refused for their client certificate (none, or not issued by the trusted CA). */
  certificateRefusals = 0;

  /**
   * A `fetch` for the adapter under test (`SupplierInvoicePoster` option `fetch`): a write the fake hangs with
   * `timeout-after-commit` fails at once with the same TimeoutError the client's own timeout raises, so tests need
   * neither wait for the real timeout nor set one short enough to fire spuriously on a busy machine.
   */
  readonly fetch = async (url: string, init: RequestInit = {}): Promise<Response> => {
    let reference: string | undefined;
    if (typeof init.body === 'string' && init.body.startsWith('{')) {
      try {
        const r = (JSON.parse(init.body) as { SupplierInvoiceIDByInvcgParty?: unknown }).SupplierInvoiceIDByInvcgParty;
        if (typeof r === 'string') reference = r;
      } catch {
        reference = undefined;
      }
    }
    // a SOAP message of the journal-entry service: a hung `timeout-after-commit` on it aborts like a write's
    if (reference === undefined && typeof init.body === 'string' && init.body.includes('JournalEntryBulkCreateRequest')) reference = SOAP_HANG;
    if (reference === undefined) return fetch(url, init);
    const ctrl = new AbortController();
    const listener = () => ctrl.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError'));
    const set = this.hangListeners.get(reference) ?? new Set();
    set.add(listener);
    this.hangListeners.set(reference, set);
    try {
      return await fetch(url, { ...init, signal: init.signal ? AbortSignal.any([init.signal, ctrl.signal]) : ctrl.signal });
    } finally {
      set.delete(listener);
    }
  };

  private constructor(options: FakeS4HanaOptions) {
    this.opts = {
      username: 'INTEGRATION',
      password: 'secret',
      sapClient: '100',
      firstDocumentNumber: 5105600001,
      journalEntryPath: '/sap/bc/srt/scs_ext/sap/journalentrybulkcreationreques',
      ...options,
    };
  }

  static async start(options: FakeS4HanaOptions = {}): Promise<FakeS4Hana> {
    const fake = new FakeS4Hana(options);
    const handler = (req: IncomingMessage, res: ServerResponse) => {
      fake.handle(req, res).catch((error: unknown) => {
        if (!res.headersSent) odataError(res, 500, '/IWFND/CM_BEC/026', `fake failure: ${(error as Error).message}`);
      });
    };
    const tls = options.tls;
    // the certificate is checked at logon, not in the handshake, so the refusal can say why (as SAP's logon does)
    fake.server = tls ? createHttpsServer({ key: tls.key, cert: tls.cert, ca: tls.ca, requestCert: true, rejectUnauthorized: false }, handler) : createServer(handler);
    fake.server.on('connection', (s) => {
      fake.sockets.add(s);
      s.on('close', () => fake.sockets.delete(s));
    });
    await new Promise<void>((r) => fake.server.listen(0, '127.0.0.1', r));
    fake.url = `${tls ? 'https' : 'http'}://127.0.0.1:${(fake.server.address() as AddressInfo).port}`;
    return fake;
  }

  /** Scripts a fault; see `SapFault`. */
  inject(fault: SapFault): void {
    this.faults.push({ ...fault, remaining: fault.times ?? 1 });
  }

  /** Invalidates every CSRF token (sessions stay), as a Gateway session timeout does. */
  expireCsrfTokens(): void {
    for (const s of this.sessions.values()) s.valid = false;
  }

  /** Marks a posted invoice reversed (as if cancelled in SAP). */
  reverse(supplierInvoice: string, fiscalYear: string): void {
    const inv = this.invoices.find((i) => i.SupplierInvoice === supplierInvoice && i.FiscalYear === fiscalYear);
    if (!inv) throw new Error(`no invoice ${supplierInvoice}/${fiscalYear}`);
    inv.IsReversed = true;
  }

  /** Invoices per reference (supplier/reference/company code/fiscal year) that are not reversed: exactly-once checks. */
  countByReference(): Map<string, number> {
    const m = new Map<string, number>();
    for (const i of this.invoices) {
      if (i.IsReversed) continue;
      const k = `${i.CompanyCode}/${i.InvoicingParty}/${i.SupplierInvoiceIDByInvcgParty}/${i.FiscalYear}`;
      m.set(k, (m.get(k) ?? 0) + 1);
    }
    return m;
  }

  async close(): Promise<void> {
    for (const r of this.hung) r.destroy();
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  private takeFault(op: SapFault['op'], n: number, reference?: string, only?: SapFaultAction): SapFaultAction | undefined {
    for (const f of this.faults) {
      if (f.op !== op || f.remaining <= 0) continue;
      if (only !== undefined ? f.action !== only : f.action === 'csrf-expired') continue;
      if (f.nth !== undefined && f.nth !== n) continue;
      if (f.reference !== undefined && f.reference !== reference) continue;
      f.remaining -= 1;
      return f.action;
    }
    return undefined;
  }

  private log(req: IncomingMessage, status: RequestLogEntry['status'], op: string): void {
    this.requests.push({ method: req.method ?? '', path: (req.url ?? '').split('?')[0] ?? '', status, op });
  }

  private authorized(req: IncomingMessage): boolean {
    // mutual TLS: the handshake already verified the certificate against the CA (rejectUnauthorized)
    if (this.opts.tls) return (req.socket as TLSSocket).authorized === true;
    const h = req.headers.authorization ?? '';
    if (h.startsWith('Basic ')) {
      const [u, ...p] = Buffer.from(h.slice(6), 'base64').toString('utf8').split(':');
      return u === this.opts.username && p.join(':') === this.opts.password;
    }
    if (h.startsWith('Bearer ')) return this.oauthTokens.has(h.slice(7));
    return false;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const path = url.pathname;
    const method = req.method ?? 'GET';

    if (path === '/sap/bc/sec/oauth2/token' && method === 'POST') return this.handleToken(req, res);

    if (!this.authorized(req)) {
      this.log(req, 401, 'auth');
      let why = '';
      if (this.opts.tls) {
        this.certificateRefusals++;
        const socket = req.socket as TLSSocket;
        const peer = socket.getPeerCertificate();
        why = peer && Object.keys(peer).length > 0
          ? `: client certificate CN=${String(peer.subject?.CN ?? '?')} issued by CN=${String(peer.issuer?.CN ?? '?')} is not trusted (${String(socket.authorizationError ?? 'unknown')})`
          : ': no client certificate was presented';
      }
      res.writeHead(401, { 'www-authenticate': 'Basic realm="SAP NetWeaver Application Server [FAK/100]"', 'content-type': 'text/html' }).end(`<html><head><title>Logon Error Message</title></head><body><p>Logon failed${why}</p></body></html>`);
      return;
    }
    if (path === this.opts.journalEntryPath && method === 'POST') return this.handleSoap(req, res);
    if (method === 'GET' && isJournalReadPath(path)) return this.handleJournalRead(req, res, url);
    if (!path.startsWith(SERVICE)) {
      this.log(req, 404, 'unknown');
      return odataError(res, 404, '/IWFND/MED/170', `No service found for namespace '', name '${path}', version '0001'`);
    }
    const rest = path.slice(SERVICE.length);
    if (this.throttleWindow && Date.now() < this.throttleWindow.until) return this.throttled(req, res, 'throttled');

    // CSRF token handshake: any safe request with x-csrf-token: Fetch
    let csrfHeader: Record<string, string | string[]> = {};
    if ((method === 'GET' || method === 'HEAD') && req.headers['x-csrf-token']?.toString().toLowerCase() === 'fetch') {
      const cookies = parseCookies(req.headers.cookie);
      let sid = cookies.get(this.sessionCookie);
      let session = sid ? this.sessions.get(sid) : undefined;
      if (!session || !session.valid) {
        sid = randomBytes(12).toString('base64url');
        session = { token: randomBytes(16).toString('base64'), valid: true };
        this.sessions.set(sid, session);
      }
      csrfHeader = {
        'x-csrf-token': session.token,
        'set-cookie': [`${this.sessionCookie}=${sid}; path=/; HttpOnly`, `sap-usercontext=sap-client=${this.opts.sapClient}; path=/`],
      };
    }

    if ((method === 'GET' || method === 'HEAD') && (rest === '' || rest === '/')) {
      this.log(req, 200, 'service');
      res.writeHead(200, { 'content-type': 'application/json', ...csrfHeader });
      return void res.end(method === 'HEAD' ? undefined : JSON.stringify({ d: { EntitySets: ['A_SupplierInvoice', 'A_SupplierInvoiceItemGLAcct', 'A_SuplrInvcHeaderWhldgTax', 'A_SupplierInvoiceTax'] } }));
    }
    if (rest === '/A_SupplierInvoice' || rest === '/A_SupplierInvoice/') {
      if (method === 'GET' || method === 'HEAD') return this.handleLookup(req, res, url, csrfHeader);
      if (method === 'POST') return this.handleCreate(req, res);
    }
    this.log(req, 405, 'unknown');
    return odataError(res, 405, '/IWFND/CM_MGW/004', `Method '${method}' not allowed for '${rest}'`);
  }

  /** Opens the throttling window of a `throttle` fault and refuses this request with it; false for another fault. */
  private startThrottle(req: IncomingMessage, res: ServerResponse, op: string, fault: SapFaultAction | undefined): boolean {
    if (typeof fault !== 'object' || !('throttle' in fault)) return false;
    this.throttleWindow = { until: Date.now() + fault.throttle * 1000, status: fault.status ?? 429 };
    this.throttled(req, res, op);
    return true;
  }

  /** 429 as SAP API Management's quota policy answers it, or 503 as the Web Dispatcher does; both with Retry-After. */
  private throttled(req: IncomingMessage, res: ServerResponse, op: string): void {
    const w = this.throttleWindow!;
    this.log(req, w.status, op);
    // the seconds left in the window, as a gateway announces them
    const headers = { 'retry-after': String(Math.max(1, Math.ceil((w.until - Date.now()) / 1000))) };
    if (w.status === 503) {
      return void res.writeHead(503, { ...headers, 'content-type': 'text/html' }).end('<html><body><h1>503 Service Unavailable</h1></body></html>');
    }
    const fault = { fault: { faultstring: 'Rate limit quota violation. Quota limit exceeded. Identifier : _default', detail: { errorcode: 'policies.ratelimit.QuotaViolation' } } };
    res.writeHead(429, { ...headers, 'content-type': 'application/json' }).end(JSON.stringify(fault));
  }

  private get sessionCookie(): string {
    return `SAP_SESSIONID_FAK_${this.opts.sapClient}`;
  }

  private async handleToken(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const n = ++this.counters.token;
    const body = new URLSearchParams(await readBody(req));
    const fault = this.takeFault('token', n);
    if (fault === 'status-500') {
      this.log(req, 500, 'token');
      return void res.writeHead(500).end();
    }
    const oauth = this.opts.oauth;
    const h = req.headers.authorization ?? '';
    const [id, secret] = h.startsWith('Basic ') ? Buffer.from(h.slice(6), 'base64').toString('utf8').split(':').map(decodeURIComponent) : [];
    if (!oauth || body.get('grant_type') !== 'client_credentials' || id !== oauth.clientId || secret !== oauth.clientSecret) {
      this.log(req, 401, 'token');
      res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'invalid_client', error_description: 'Bad credentials' }));
      return;
    }
    const token = randomBytes(24).toString('base64url');
    this.oauthTokens.add(token);
    this.log(req, 200, 'token');
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ access_token: token, token_type: 'bearer', expires_in: oauth.tokenTtlSeconds ?? 3600, scope: 'API_SUPPLIERINVOICE_PROCESS_SRV_0001' }));
  }

  /** Revokes every OAuth access token (the next call gets 401 and must fetch a new one). */
  revokeOAuthTokens(): void {
    this.oauthTokens.clear();
  }

  private handleLookup(req: IncomingMessage, res: ServerResponse, url: URL, extraHeaders: Record<string, string | string[]>): void {
    const n = ++this.counters.lookup;
    const fault = this.takeFault('lookup', n);
    if (this.startThrottle(req, res, 'lookup', fault)) return;
    if (fault === 'reset') {
      this.log(req, 'dropped', 'lookup');
      return void req.socket.destroy();
    }
    if (fault === 'status-500') {
      this.log(req, 500, 'lookup');
      return odataError(res, 500, '/IWBEP/CM_MGW_RT/020', 'Internal server error (fault injected)');
    }
    const conditions = filterConditions(SUPPLIER_INVOICE, url.searchParams.get('$filter') ?? '');
    if (!(conditions instanceof Map)) {
      this.log(req, conditions.status, 'lookup');
      return odataError(res, conditions.status, conditions.code, conditions.message);
    }
    const select = url.searchParams.get('$select')?.split(',');
    const hits = this.invoices.filter((i) => [...conditions].every(([f, v]) => (i as unknown as Record<string, unknown>)[f] === v));
    const results = hits.map((i) => {
      const full: Record<string, unknown> = {
        __metadata: {
          id: `${this.url}${SERVICE}/A_SupplierInvoice(SupplierInvoice='${i.SupplierInvoice}',FiscalYear='${i.FiscalYear}')`,
          uri: `${this.url}${SERVICE}/A_SupplierInvoice(SupplierInvoice='${i.SupplierInvoice}',FiscalYear='${i.FiscalYear}')`,
          type: SUPPLIER_INVOICE.type,
        },
        SupplierInvoice: i.SupplierInvoice,
        FiscalYear: i.FiscalYear,
        CompanyCode: i.CompanyCode,
        InvoicingParty: i.InvoicingParty,
        SupplierInvoiceIDByInvcgParty: i.SupplierInvoiceIDByInvcgParty,
        InvoiceGrossAmount: i.InvoiceGrossAmount,
        DocumentCurrency: i.DocumentCurrency,
        IsReversed: i.IsReversed,
      };
      if (!select) return full;
      return Object.fromEntries(Object.entries(full).filter(([k]) => k === '__metadata' || select.includes(k)));
    });
    this.log(req, 200, 'lookup');
    res.writeHead(200, { 'content-type': 'application/json', ...extraHeaders }).end(req.method === 'HEAD' ? undefined : JSON.stringify({ d: { results } }));
  }

  private csrfOk(req: IncomingMessage): boolean {
    const sid = parseCookies(req.headers.cookie).get(this.sessionCookie);
    const session = sid ? this.sessions.get(sid) : undefined;
    const token = req.headers['x-csrf-token']?.toString();
    return !!session && session.valid && token === session.token;
  }

  private async handleCreate(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const n = ++this.counters.create;
    const text = await readBody(req);
    let body: Record<string, unknown> | undefined;
    try {
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) body = parsed as Record<string, unknown>;
    } catch {
      body = undefined;
    }
    const reference = typeof body?.SupplierInvoiceIDByInvcgParty === 'string' ? body.SupplierInvoiceIDByInvcgParty : undefined;
    if (this.takeFault('create', n, reference, 'csrf-expired')) this.expireCsrfTokens();
    if (!this.csrfOk(req)) {
      this.log(req, 403, 'create');
      res.writeHead(403, { 'x-csrf-token': 'Required', 'content-type': 'text/plain' }).end('CSRF token validation failed');
      return;
    }
    // other faults fire only on requests that passed the CSRF check, i.e. that SAP would process
    const fault = this.takeFault('create', n, reference);
    if (this.startThrottle(req, res, 'create', fault)) return;
    if (fault === 'reset') {
      this.log(req, 'dropped', 'create');
      return void req.socket.destroy();
    }
    if (fault === 'status-500') {
      this.log(req, 500, 'create');
      return odataError(res, 500, '/IWBEP/CM_MGW_RT/020', 'Runtime error DBSQL_SQL_ERROR (fault injected)');
    }
    if (fault === 'status-503-html') {
      this.log(req, 503, 'create');
      return void res.writeHead(503, { 'content-type': 'text/html' }).end('<html><body><h1>503 Service Unavailable</h1></body></html>');
    }
    if (typeof fault === 'object' && 'validationError' in fault) {
      this.log(req, 400, 'create');
      return odataError(res, 400, fault.code ?? 'M8/321', fault.validationError, [
        { code: fault.code ?? 'M8/321', message: fault.validationError, ...(fault.target ? { target: fault.target } : {}) },
      ]);
    }
    if (!body) {
      this.log(req, 400, 'create');
      return odataError(res, 400, '/IWBEP/CM_MGW_RT/005', 'Malformed JSON body (deserialization failed)');
    }
    const { problems, taxLines } = this.check(body);
    if (problems.length > 0) {
      this.log(req, 400, 'create');
      const first = problems[0]!;
      return odataError(res, 400, first.code, first.message, problems);
    }
    // commit
    const postingDate = dateOf(body.PostingDate)!;
    const fiscalYear = postingDate.slice(0, 4);
    const next = this.numbers.get(fiscalYear) ?? this.opts.firstDocumentNumber;
    this.numbers.set(fiscalYear, next + 1);
    const stored: StoredInvoice = {
      SupplierInvoice: String(next),
      FiscalYear: fiscalYear,
      CompanyCode: body.CompanyCode as string,
      InvoicingParty: body.InvoicingParty as string,
      // the field is upper case in SAP: input is converted
      SupplierInvoiceIDByInvcgParty: (body.SupplierInvoiceIDByInvcgParty as string).toUpperCase(),
      InvoiceGrossAmount: body.InvoiceGrossAmount as string,
      DocumentCurrency: body.DocumentCurrency as string,
      PostingDate: postingDate,
      IsReversed: false,
      payload: body,
      withholding: this.withholdingOf(body),
      taxLines,
    };
    this.invoices.push(stored);
    if (fault === 'timeout-after-commit') {
      this.log(req, 'hung', 'create');
      this.hung.add(res);
      for (const l of this.hangListeners.get(reference ?? '') ?? []) l();
      return; // never answer; close() destroys it
    }
    if (fault === 'reset-after-commit') {
      this.log(req, 'dropped', 'create');
      return void req.socket.destroy();
    }
    if (fault === 'status-500-after-commit') {
      this.log(req, 500, 'create');
      return odataError(res, 500, '/IWBEP/CM_MGW_RT/020', 'Runtime error after commit (fault injected)');
    }
    const uri = `${this.url}${SERVICE}/A_SupplierInvoice(SupplierInvoice='${stored.SupplierInvoice}',FiscalYear='${fiscalYear}')`;
    const { to_SupplierInvoiceItemGLAcct: _items, to_SupplierInvoiceTax: _tax, to_SupplierInvoiceWhldgTax: _wht, ...header } = body;
    header.SupplierInvoiceIDByInvcgParty = stored.SupplierInvoiceIDByInvcgParty;
    const d =
      fault === 'created-without-number'
        ? { __metadata: { id: uri, uri, type: SUPPLIER_INVOICE.type }, ...header }
        : {
            __metadata: { id: uri, uri, type: SUPPLIER_INVOICE.type },
            ...header,
            SupplierInvoice: stored.SupplierInvoice,
            FiscalYear: fiscalYear,
            IsReversed: false,
            to_SupplierInvoiceItemGLAcct: { __deferred: { uri: `${uri}/to_SupplierInvoiceItemGLAcct` } },
          };
    this.log(req, 201, 'create');
    // SAP Gateway reports non-blocking messages of a successful request in the sap-message header
    const warning = typeof fault === 'object' && 'warning' in fault
      ? { 'sap-message': JSON.stringify({ code: fault.code ?? 'M8/386', message: fault.warning, severity: 'warning', target: '', details: [] }) }
      : {};
    res.writeHead(201, { 'content-type': 'application/json', location: uri, ...warning }).end(JSON.stringify({ d }));
  }

  /**
   * ApprovedWithholding as SAP records it: the base and the amount are taken from the request only when flagged as
   * entered manually (WhldgTaxBaseIsEnteredManually / WhldgTaxIsEnteredManually); otherwise SAP uses the full net
   * of the G/L items as base and computes the amount with its code's rate, ignoring what was sent.
   */
  private withholdingOf(body: Record<string, unknown>): StoredInvoice['withholding'] {
    const scale = currencyScale(String(body.DocumentCurrency ?? ''));
    const list = (v: unknown): Record<string, unknown>[] => (Array.isArray(v) ? v : ((v as { results?: Record<string, unknown>[] } | undefined)?.results ?? []));
    const net = list(body.to_SupplierInvoiceItemGLAcct).reduce((sum, it) => sum.plus(String(it.SupplierInvoiceItemAmount ?? '0')), new D(0));
    return list(body.to_SupplierInvoiceWhldgTax).map((w) => {
      const code = String(w.WithholdingTaxCode ?? '');
      const base = w.WhldgTaxBaseIsEnteredManually === true ? new D(String(w.WithholdingTaxBaseAmount)) : net;
      const rate = this.opts.withholdingCodes?.[code]?.rate;
      const manual = w.WhldgTaxIsEnteredManually === true && w.ManuallyEnteredWhldgTaxAmount !== undefined;
      const amount = manual ? new D(String(w.ManuallyEnteredWhldgTaxAmount)) : rate !== undefined ? base.times(rate).div(100).toDecimalPlaces(scale, D.ROUND_HALF_UP) : new D(0);
      return { type: String(w.WithholdingTaxType ?? ''), code, base: base.toFixed(scale), amount: amount.toFixed(scale) };
    });
  }

  /** SAP-style payload checks: types, lengths, allowlists, tax per code, balance, duplicates. */
  private check(b: Record<string, unknown>): { problems: { code: string; message: string; target?: string }[]; taxLines: StoredInvoice['taxLines'] } {
    const out: { code: string; message: string; target?: string }[] = [];
    const taxBases = new Map<string, { base: DecimalJs; items: number }>();
    const str = (obj: Record<string, unknown>, field: string, maxLen: number, target: string, required = true) => {
      const v = obj[field];
      if (v === undefined || v === null) {
        if (required) out.push({ code: 'M8/058', message: `Enter a value for field ${field}`, target });
        return undefined;
      }
      if (typeof v !== 'string') {
        out.push({ code: '/IWBEP/CM_MGW_RT/004', message: `Property '${field}' has invalid value '${String(v)}'`, target });
        return undefined;
      }
      if (v.length > maxLen) out.push({ code: '/IWBEP/CM_MGW_RT/004', message: `Property '${field}' is longer than ${maxLen}`, target });
      return v;
    };
    const dec = (obj: Record<string, unknown>, field: string, target: string, required = true) => {
      const v = obj[field];
      if (v === undefined && !required) return undefined;
      if (typeof v !== 'string' || !/^-?\d{1,11}(\.\d{1,3})?$/.test(v)) {
        out.push({ code: '/IWBEP/CM_MGW_RT/004', message: `Property '${field}' has invalid value '${String(v)}' (Edm.Decimal as string)`, target });
        return undefined;
      }
      return new D(v);
    };
    const cc = str(b, 'CompanyCode', 4, 'CompanyCode');
    for (const f of ['DocumentDate', 'PostingDate']) {
      if (dateOf(b[f]) === undefined) out.push({ code: '/IWBEP/CM_MGW_RT/004', message: `Property '${f}' has invalid value '${String(b[f])}' (Edm.DateTime)`, target: f });
    }
    const ref = str(b, 'SupplierInvoiceIDByInvcgParty', 16, 'SupplierInvoiceIDByInvcgParty');
    const party = str(b, 'InvoicingParty', 10, 'InvoicingParty');
    str(b, 'DocumentCurrency', 5, 'DocumentCurrency');
    str(b, 'DocumentHeaderText', 25, 'DocumentHeaderText', false);
    str(b, 'SupplierPostingLineItemText', 50, 'SupplierPostingLineItemText', false);
    const gross = dec(b, 'InvoiceGrossAmount', 'InvoiceGrossAmount');
    if (cc && this.opts.companyCodes && !this.opts.companyCodes.includes(cc)) out.push({ code: 'F5/165', message: `Company code ${cc} does not exist`, target: 'CompanyCode' });
    if (party && this.opts.suppliers && !this.opts.suppliers.includes(party)) {
      out.push({ code: 'M8/152', message: `Supplier ${party} is not defined in company code ${cc ?? ''}`, target: 'InvoicingParty' });
    }
    const credit = b.SupplierInvoiceIsCreditMemo === 'X';
    const nav = (name: string): Record<string, unknown>[] | undefined => {
      const v = b[name];
      if (v === undefined) return undefined;
      const list = Array.isArray(v) ? v : (v as { results?: unknown }).results;
      if (!Array.isArray(list)) {
        out.push({ code: '/IWBEP/CM_MGW_RT/004', message: `Navigation property '${name}' must be {"results":[…]}`, target: name });
        return undefined;
      }
      return list as Record<string, unknown>[];
    };
    const items = nav('to_SupplierInvoiceItemGLAcct') ?? [];
    if (items.length === 0) out.push({ code: 'M8/215', message: 'No items entered; enter at least one G/L account item', target: 'to_SupplierInvoiceItemGLAcct' });
    let balance = new D(0);
    const ids = new Set<string>();
    items.forEach((it, i) => {
      const t = `to_SupplierInvoiceItemGLAcct/${i}`;
      const id = str(it, 'SupplierInvoiceItem', 4, `${t}/SupplierInvoiceItem`);
      if (id !== undefined && !/^\d{4}$/.test(id)) out.push({ code: '/IWBEP/CM_MGW_RT/004', message: `SupplierInvoiceItem '${id}' is not 4 digits`, target: t });
      if (id !== undefined && ids.has(id)) out.push({ code: 'M8/201', message: `Item ${id} appears twice`, target: t });
      if (id) ids.add(id);
      const gl = str(it, 'GLAccount', 10, `${t}/GLAccount`);
      if (gl && this.opts.glAccounts && !this.opts.glAccounts.includes(gl)) out.push({ code: 'FH/006', message: `G/L account ${gl} is not defined in company code ${cc ?? ''}`, target: `${t}/GLAccount` });
      str(it, 'CostCenter', 10, `${t}/CostCenter`, false);
      const tc = str(it, 'TaxCode', 2, `${t}/TaxCode`);
      if (tc && this.opts.taxCodes && !this.opts.taxCodes.includes(tc)) out.push({ code: 'FS/217', message: `Tax code ${tc} is not defined for the country of company code ${cc ?? ''}`, target: `${t}/TaxCode` });
      str(it, 'SupplierInvoiceItemText', 50, `${t}/SupplierInvoiceItemText`, false);
      const dc = str(it, 'DebitCreditCode', 1, `${t}/DebitCreditCode`);
      if (dc !== undefined && dc !== 'S' && dc !== 'H') out.push({ code: 'M8/078', message: `Debit/credit indicator ${dc} is not allowed`, target: t });
      const amt = dec(it, 'SupplierInvoiceItemAmount', `${t}/SupplierInvoiceItemAmount`);
      if (amt) {
        const signed = dc === (credit ? 'H' : 'S') ? amt : amt.negated();
        balance = balance.plus(signed);
        const tb = taxBases.get(tc ?? '') ?? { base: new D(0), items: 0 };
        taxBases.set(tc ?? '', { base: tb.base.plus(signed), items: tb.items + 1 });
      }
    });
    const entered = new Map<string, DecimalJs>();
    for (const [i, tax] of (nav('to_SupplierInvoiceTax') ?? []).entries()) {
      const a = dec(tax, 'TaxAmount', `to_SupplierInvoiceTax/${i}/TaxAmount`);
      if (a) balance = balance.plus(a);
      const code = str(tax, 'TaxCode', 2, `to_SupplierInvoiceTax/${i}/TaxCode`);
      if (a && code !== undefined) entered.set(code, (entered.get(code) ?? new D(0)).plus(a));
    }
    const automatic = b.TaxIsCalculatedAutomatically === true;
    const { lines: taxLines, computedTotal } = this.taxPerCode(b, taxBases, automatic ? undefined : entered, out);
    // SAP computes the tax itself: the gross must equal the items plus that tax (checked below like manual tax)
    if (automatic && computedTotal !== undefined) balance = balance.plus(computedTotal);
    const types = new Set<string>();
    for (const [i, w] of (nav('to_SupplierInvoiceWhldgTax') ?? []).entries()) {
      const t = `to_SupplierInvoiceWhldgTax/${i}`;
      const type = str(w, 'WithholdingTaxType', 2, `${t}/WithholdingTaxType`);
      str(w, 'WithholdingTaxCode', 2, `${t}/WithholdingTaxCode`);
      dec(w, 'WithholdingTaxBaseAmount', `${t}/WithholdingTaxBaseAmount`);
      dec(w, 'ManuallyEnteredWhldgTaxAmount', `${t}/ManuallyEnteredWhldgTaxAmount`, false);
      if (type && types.has(type)) out.push({ code: 'FWTC/010', message: `ApprovedWithholding tax type ${type} entered twice`, target: t });
      if (type && this.opts.withholdingTaxTypes && !this.opts.withholdingTaxTypes.includes(type)) {
        out.push({ code: 'FWTC/011', message: `ApprovedWithholding tax type ${type} is not assigned to supplier ${party ?? ''}`, target: t });
      }
      if (type) types.add(type);
    }
    // with automatic calculation and no tax codes known to the fake, the tax cannot be checked
    const scale = currencyScale(String(b.DocumentCurrency ?? ''));
    if (gross && out.length === 0 && (!automatic || computedTotal !== undefined) && !balance.eq(gross)) {
      out.push({ code: 'M8/534', message: `Balance not zero: gross ${gross.toFixed(scale)} ≠ items and tax ${balance.toFixed(scale)}`, target: 'InvoiceGrossAmount' });
    }
    if (out.length === 0 && ref && party && cc && this.opts.duplicateCheck !== false) {
      const fy = dateOf(b.PostingDate)!.slice(0, 4);
      const dup = this.invoices.find((i) => !i.IsReversed && i.SupplierInvoiceIDByInvcgParty === ref.toUpperCase() && i.InvoicingParty === party && i.CompanyCode === cc && i.FiscalYear === fy);
      if (dup) out.push({ code: 'M8/108', message: `Check if invoice already entered under accounting doc. no. ${dup.SupplierInvoice} ${dup.FiscalYear}`, target: 'SupplierInvoiceIDByInvcgParty' });
    }
    return { problems: out, taxLines };
  }

  /**
   * Tax per code as SAP computes it from `taxCodeDefinitions`: base = the signed items of the code, tax = base × rate
   * rounded to the currency's minor units; a reverse-charge (zero-balance) code posts input tax +tax and output
   * tax −tax, so its tax on the invoice is zero. With manual tax (`entered`), each code's entered amount must match
   * within rounding (one minor unit per item), else FF/707 "Tax entered incorrect". Returns the lines SAP would post
   * and the invoice's computed tax, or nothing when no definitions are configured.
   */
  private taxPerCode(
    b: Record<string, unknown>,
    bases: Map<string, { base: DecimalJs; items: number }>,
    entered: Map<string, DecimalJs> | undefined,
    out: { code: string; message: string; target?: string }[],
  ): { lines: StoredInvoice['taxLines']; computedTotal: DecimalJs | undefined } {
    const defs = this.opts.taxCodeDefinitions;
    if (!defs) return { lines: [], computedTotal: undefined };
    const currency = String(b.DocumentCurrency ?? '');
    const scale = currencyScale(currency);
    const unit = new D(1).div(new D(10).pow(scale));
    const lines: StoredInvoice['taxLines'] = [];
    let total = new D(0);
    const codes = new Set([...bases.keys(), ...(entered?.keys() ?? [])]);
    for (const code of codes) {
      const def = defs[code];
      if (!def) {
        out.push({ code: 'FS/217', message: `Tax code ${code} is not defined`, target: 'TaxCode' });
        continue;
      }
      const { base, items } = bases.get(code) ?? { base: new D(0), items: 0 };
      const tax = base.times(def.rate).div(100).toDecimalPlaces(scale, D.ROUND_HALF_UP);
      const onInvoice = def.reverseCharge ? new D(0) : tax;
      const posted = entered ? (entered.get(code) ?? new D(0)) : onInvoice;
      if (entered && posted.minus(onInvoice).abs().gt(unit.times(Math.max(1, items)))) {
        out.push({
          code: 'FF/707',
          message: `Tax entered incorrect (code ${code}, amount ${posted.toFixed(scale)}), correct ${onInvoice.toFixed(scale)} ${currency}`,
          target: 'to_SupplierInvoiceTax',
        });
      }
      total = total.plus(onInvoice);
      if (def.reverseCharge) {
        lines.push({ taxCode: code, kind: 'input', base: base.toFixed(scale), amount: tax.toFixed(scale) });
        lines.push({ taxCode: code, kind: 'output', base: base.toFixed(scale), amount: tax.negated().toFixed(scale) });
      } else {
        lines.push({ taxCode: code, kind: 'input', base: base.toFixed(scale), amount: posted.toFixed(scale) });
      }
    }
    return { lines, computedTotal: total };
  }

  private async handleSoap(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const n = ++this.counters.soap;
    const xml = await readBody(req);
    const fault = this.takeFault('soap', n);
    const soapFault = (code: string, text: string) => {
      this.log(req, 500, 'soap');
      res
        .writeHead(500, { 'content-type': 'text/xml; charset=utf-8' })
        .end(`<soap-env:Envelope xmlns:soap-env="${SOAP_ENV}"><soap-env:Body><soap-env:SapFault><faultcode>soap-env:${code}</faultcode><faultstring xml:lang="en">${text.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</faultstring></soap-env:SapFault></soap-env:Body></soap-env:Envelope>`);
    };
    if (fault === 'status-500') return soapFault('Server', 'Web service processing error (fault injected)');
    if (fault === 'reset') {
      this.log(req, 'dropped', 'soap');
      return void req.socket.destroy();
    }
    if (!/^text\/xml|^application\/soap\+xml/.test(req.headers['content-type'] ?? '')) return soapFault('Client', 'Content-Type must be text/xml');
    const valid = XMLValidator.validate(xml);
    if (valid !== true) return soapFault('Client', `XML is not well-formed: ${valid.err.msg} (line ${valid.err.line})`);
    const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', removeNSPrefix: false, parseTagValue: false, isArray: (name) => ['JournalEntryCreateRequest', 'Item'].includes(name) });
    const doc = parser.parse(xml) as Record<string, unknown>;
    const envKey = Object.keys(doc).find((k) => k.endsWith('Envelope'));
    const env = envKey ? (doc[envKey] as Record<string, unknown>) : undefined;
    const nsOf = (key: string, ...scopes: (Record<string, unknown> | undefined)[]) => {
      const prefix = key.includes(':') ? key.split(':')[0] : undefined;
      const attr = prefix ? `@xmlns:${prefix}` : '@xmlns';
      for (const s of scopes) if (s && typeof s[attr] === 'string') return s[attr] as string;
      return undefined;
    };
    if (!envKey || !env || nsOf(envKey, env) !== SOAP_ENV) return soapFault('Client', 'root element must be a SOAP 1.1 Envelope');
    // WS-Addressing: SAP's asynchronous inbound services need the action, a message id and the endpoint
    const headKey = Object.keys(env).find((k) => k.endsWith('Header'));
    const head = headKey && typeof env[headKey] === 'object' ? (env[headKey] as Record<string, unknown>) : {};
    const wsa = (name: string): string | undefined => {
      const key = Object.keys(head).find((k) => k.split(':').pop() === name);
      const v = key ? head[key] : undefined;
      return key && nsOf(key, head, env) === WSA && typeof v === 'string' ? v : undefined;
    };
    const action = wsa('Action');
    const wsaMessageId = wsa('MessageID');
    const to = wsa('To');
    if (action !== JE_ACTION) return soapFault('Client', `WS-Addressing Action must be ${JE_ACTION} (got ${action ?? 'none'})`);
    if (!wsaMessageId || !/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(wsaMessageId)) {
      return soapFault('Client', 'WS-Addressing MessageID must be urn:uuid:<UUID>');
    }
    if (!to || new URL(to).pathname !== this.opts.journalEntryPath) return soapFault('Client', `WS-Addressing To must be the endpoint ${this.opts.journalEntryPath}`);
    const bodyKey = Object.keys(env).find((k) => k.endsWith('Body'));
    const body = bodyKey ? (env[bodyKey] as Record<string, unknown>) : undefined;
    const reqKey = body ? Object.keys(body).find((k) => k.split(':').pop() === 'JournalEntryBulkCreateRequest') : undefined;
    const bulk = reqKey && body ? (body[reqKey] as Record<string, unknown>) : undefined;
    if (!reqKey || !bulk || nsOf(reqKey, bulk, body, env) !== SFIN) {
      return soapFault('Client', `Body must hold JournalEntryBulkCreateRequest in namespace ${SFIN}`);
    }
    const header = bulk.MessageHeader as Record<string, unknown> | undefined;
    if (!header || typeof header.ID !== 'string' || typeof header.CreationDateTime !== 'string') return soapFault('Client', 'MessageHeader needs ID and CreationDateTime');
    // exactly-once messaging: a message id already received is acknowledged again and not processed twice
    if (this.seenMessageIds.has(wsaMessageId.toLowerCase())) {
      this.log(req, 202, 'soap');
      return void res.writeHead(202).end();
    }
    const requests = (bulk.JournalEntryCreateRequest ?? []) as Record<string, unknown>[];
    if (requests.length === 0) return soapFault('Client', 'no JournalEntryCreateRequest');
    const entries: Omit<StoredJournalEntry, 'accountingDocument'>[] = [];
    for (const [i, r] of requests.entries()) {
      const je = r.JournalEntry as Record<string, unknown> | undefined;
      if (!je) return soapFault('Client', `JournalEntryCreateRequest[${i}] has no JournalEntry`);
      for (const f of ['OriginalReferenceDocumentType', 'BusinessTransactionType', 'AccountingDocumentType', 'CompanyCode', 'DocumentDate', 'PostingDate']) {
        if (typeof je[f] !== 'string' || je[f] === '') return soapFault('Client', `JournalEntry[${i}] misses ${f}`);
      }
      for (const f of ['DocumentDate', 'PostingDate']) if (!/^\d{4}-\d{2}-\d{2}$/.test(je[f] as string)) return soapFault('Client', `JournalEntry[${i}].${f} is not xsd:date`);
      if (typeof je.DocumentHeaderText === 'string' && je.DocumentHeaderText.length > 25) return soapFault('Client', `JournalEntry[${i}].DocumentHeaderText longer than 25`);
      const items = (je.Item ?? []) as Record<string, unknown>[];
      if (items.length < 2) return soapFault('Client', `JournalEntry[${i}] needs at least two items`);
      let sum = new D(0);
      const stored: StoredJournalEntry['items'] = [];
      for (const [j, it] of items.entries()) {
        const amt = it.AmountInTransactionCurrency as Record<string, unknown> | string | undefined;
        const value = typeof amt === 'object' ? (amt['#text'] as string | undefined) : amt;
        const currency = typeof amt === 'object' ? (amt['@currencyCode'] as string | undefined) : undefined;
        if (!value || !/^-?\d+(\.\d+)?$/.test(value) || !currency) return soapFault('Client', `Item[${j}] needs AmountInTransactionCurrency with currencyCode`);
        const dc = it.DebitCreditCode as string | undefined;
        if (dc !== 'S' && dc !== 'H') return soapFault('Client', `Item[${j}].DebitCreditCode must be S or H`);
        if ((dc === 'H') !== new D(value).isNegative() && !new D(value).isZero()) return soapFault('Client', `Item[${j}] amount sign does not match DebitCreditCode ${dc}`);
        if (typeof it.GLAccount !== 'string') return soapFault('Client', `Item[${j}] misses GLAccount`);
        sum = sum.plus(value);
        const assignment = it.AccountAssignment as Record<string, unknown> | undefined;
        stored.push({ glAccount: it.GLAccount, amount: value, currency, debitCredit: dc, costCenter: assignment?.CostCenter as string | undefined });
      }
      if (!sum.isZero()) return soapFault('Client', `JournalEntry[${i}] is not balanced (${sum.toFixed()})`);
      entries.push({
        messageId: String((r.MessageHeader as Record<string, unknown> | undefined)?.ID ?? ''),
        documentReferenceId: String(je.DocumentReferenceID ?? '').toUpperCase(),
        originalReferenceDocument: String(je.OriginalReferenceDocument ?? ''),
        companyCode: je.CompanyCode as string,
        postingDate: je.PostingDate as string,
        items: stored,
      });
    }
    this.seenMessageIds.add(wsaMessageId.toLowerCase());
    this.journalQueue.push({ entries, fail: fault === 'async-error' });
    this.soapMessages.push(xml);
    // asynchronous inbound service: accepted (the message is stored before the answer); posting (or an AIF error)
    // happens afterwards, whether or not the answer reaches the sender
    if (this.opts.journalProcessing !== 'manual') this.processJournalQueue();
    if (fault === 'timeout-after-commit') {
      this.log(req, 'hung', 'soap');
      this.hung.add(res);
      for (const l of this.hangListeners.get(SOAP_HANG) ?? []) l();
      return; // never answer; close() destroys it
    }
    if (fault === 'reset-after-commit') {
      this.log(req, 'dropped', 'soap');
      return void req.socket.destroy();
    }
    if (fault === 'status-500-after-commit') {
      // an error page after the message was stored: no SOAP fault, so no verdict on the message
      this.log(req, 500, 'soap');
      return void res.writeHead(500, { 'content-type': 'text/html' }).end('<html><body>500 Internal Server Error (fault injected)</body></html>');
    }
    this.log(req, 202, 'soap');
    res.writeHead(202).end();
  }

  /**
   * Reverses a posted journal entry as FB08 does, before finance sends changed amounts again: the entry is marked
   * reversed (IsReversed) and a reversal document is posted (IsReversal) with the same DocumentReferenceID, posting
   * date and accounts, each item's amount negated and its debit/credit swapped. Returns the reversal's document number.
   * Tests count the entries not reversed to see what the ledger holds; the cube read shows both documents.
   */
  reverseJournalEntry(accountingDocument: string): string {
    const entry = this.journalEntries.find((e) => e.accountingDocument === accountingDocument);
    if (!entry) throw new Error(`no journal entry ${accountingDocument}`);
    if (entry.reversed) throw new Error(`journal entry ${accountingDocument} is already reversed by ${entry.reversedBy ?? '?'}`);
    const negate = (amount: string) => {
      const v = new D(amount).negated();
      return v.isZero() ? amount.replace('-', '') : v.toFixed(amount.split('.')[1]?.length ?? 0);
    };
    const reversal: StoredJournalEntry = {
      ...entry,
      messageId: '',
      accountingDocument: String(this.nextJournalDocument++),
      items: entry.items.map((it) => ({ ...it, amount: negate(it.amount), debitCredit: it.debitCredit === 'S' ? 'H' : 'S' })),
      reverses: accountingDocument,
    };
    delete reversal.reversed;
    entry.reversed = true;
    entry.reversedBy = reversal.accountingDocument;
    this.reversalDocuments.push(reversal);
    return reversal.accountingDocument;
  }

  /** Processes the accepted messages: their entries are posted with a document number, or fail in AIF. */
  processJournalQueue(): void {
    for (const message of this.journalQueue.splice(0)) {
      if (message.fail) continue;
      for (const e of message.entries) this.journalEntries.push({ ...e, accountingDocument: String(this.nextJournalDocument++) });
    }
  }

  /** A GET of a journal read service (`fakeJournalRead.ts`), after the faults scripted for `journal-read`. */
  private handleJournalRead(req: IncomingMessage, res: ServerResponse, url: URL): void {
    // the read service sits behind the same gateway as the other OData services: its quota window applies too
    if (this.throttleWindow && Date.now() < this.throttleWindow.until) return this.throttled(req, res, 'journal-read');
    const fault = this.takeFault('journal-read', ++this.counters['journal-read']);
    if (this.startThrottle(req, res, 'journal-read', fault)) return;
    if (fault === 'reset') {
      this.log(req, 'dropped', 'journal-read');
      return void req.socket.destroy();
    }
    if (fault === 'status-503-html') {
      this.log(req, 503, 'journal-read');
      return void res.writeHead(503, { 'content-type': 'text/html' }).end('<html><body><h1>503 Service Unavailable</h1></body></html>');
    }
    if (fault === 'status-500') {
      this.log(req, 500, 'journal-read');
      return odataError(res, 500, '/IWBEP/CM_MGW_RT/000', 'Internal server error (fault injected)');
    }
    const answer = readJournalService(url.pathname, url.searchParams, { entries: this.journalEntries, reversals: this.reversalDocuments });
    this.log(req, answer.status, 'journal-read');
    if (answer.status !== 200) return odataError(res, answer.status, answer.code, answer.message);
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ d: { results: answer.results } }));
  }
}
