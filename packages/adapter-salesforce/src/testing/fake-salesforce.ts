import { createPublicKey, createVerify, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ownValue } from '@provvigo/core';
import { compareBy, condFields, evalCond, negates, parseSoql, readField, SoqlError, type ParsedSoql } from './soql-eval.js';

/**
 * A fake Salesforce on 127.0.0.1 speaking the real wire protocol, for tests and for host apps checking their own
 * mapping configs: OAuth token endpoint (password, JWT bearer, refresh_token), describe, REST query/queryAll with
 * nextRecordsUrl paging, Bulk API 2.0 query jobs with CSV results paged by Sforce-Locator, JSON error arrays, and
 * scripted faults (HTML with 200, truncated JSON, 401, 429/503 bursts, dropped connections).
 */

export interface FakeField {
  name: string;
  type: string;
  label?: string;
  nillable?: boolean;
  relationshipName?: string | null;
  /**
   * The objects a reference field points to. More than one makes it polymorphic (Task's WhatId: Account, Opportunity):
   * describe answers `namePointing` and `polymorphicForeignKey` true, and a query reads through its relationship only
   * the fields of Salesforce's Name object (`What.Id`, `What.Type`, `What.Name`, …; any other is INVALID_FIELD), from
   * the nested copy each record was added with (`What: { Id, Type, Name }`), also with `parentsFromRecords`.
   */
  referenceTo?: string[];
  /**
   * A formula field's formula (`Partner__r.Active__c`): describe answers `calculated: true` and this text as
   * `calculatedFormula` (unless `hideFormulas`). A formula that is one field reference, own or through a lookup, is
   * worked out at every query from the record as it is then (its parent's as it is now with `parentsFromRecords`),
   * so a parent's change shows through it while the record's own SystemModstamp stays; any other formula keeps the
   * value the record was added with.
   */
  calculatedFormula?: string;
}

export interface FakeObject {
  name: string;
  label?: string;
  fields: FakeField[];
  /** Records in REST shape without `attributes`: relationships as nested objects. SystemModstamp in Salesforce format. */
  records: Record<string, unknown>[];
}

export type Fault =
  | { kind: 'status'; status: number; body?: string; contentType?: string }
  | { kind: 'html200' }
  | { kind: 'truncated' }
  | { kind: 'reset' }
  /** 403 REQUEST_LIMIT_EXCEEDED for too many concurrent long-running requests (retry later) */
  | { kind: 'concurrent-limit' }
  /** 403 REQUEST_LIMIT_EXCEEDED for the exhausted daily allocation */
  | { kind: 'daily-limit' }
  /** 400 QUERY_TIMEOUT */
  | { kind: 'query-timeout' };

export interface FaultRule {
  /** Which requests it applies to (path + query string). */
  match: RegExp;
  fault: Fault;
  /** How many matching requests fail; Infinity for "until cleared". */
  times: number;
  /** Let this many matching requests through before failing. */
  after?: number;
}

export interface LoggedRequest {
  method: string;
  path: string;
  status: number;
  authorized: boolean;
}

export interface FakeSalesforceOptions {
  apiVersions?: string[];
  /** Records per REST page; a function gives uneven page sizes. */
  pageSize?: number | ((pageIndex: number) => number);
  /** Bulk polls answered InProgress before JobComplete. */
  bulkPollsBeforeComplete?: number;
  /** Default Bulk results page size when the client sends no maxRecords. */
  bulkDefaultPageSize?: number;
  clientId?: string;
  clientSecret?: string;
  users?: Record<string, string>;
  /** Refresh tokens the token endpoint accepts (refresh_token grant). */
  refreshTokens?: string[];
  /** PEM public key used to verify JWT bearer assertions. */
  jwtPublicKey?: string;
  /** Clock for token expiry checks and getDeleted's 30-day window (seconds). */
  nowSeconds?: () => number;
  /** A REST query or Bulk job over more rows than this fails with QUERY_TIMEOUT (REST 400 / job Failed). */
  queryTimeoutAbove?: number;
  /** A Bulk job with ORDER BY on an object with more records than this fails with QUERY_TIMEOUT (no PK chunking). */
  bulkOrderByTimeoutAbove?: number;
  /**
   * A REST query or Bulk job with a negative operator (NOT, !=, NOT IN) fails with QUERY_TIMEOUT when more records
   * than this match its other conditions (its SystemModstamp window): no index serves a negative operator, so
   * Salesforce scans every one of them, however few the query returns (a filter-exit query, `NOT (<filter>)`).
   */
  negativeScanTimeoutAbove?: number;
  /** Refresh token rotation: every refresh_token grant returns a new refresh token and revokes the one used. */
  rotateRefreshTokens?: boolean;
  /**
   * Child-to-parent paths (`Partner__r.Active__c`) read the parent's record as it is now, a record of the lookup's
   * object with the lookup's Id, instead of the nested copy each child was added with: a parent's change then shows
   * through every child, whose own SystemModstamp stays (see `throughLookups`).
   */
  parentsFromRecords?: boolean;
  /**
   * Describe answers every formula field with `calculated: true` but no `calculatedFormula` (null), as it does for an
   * integration user not allowed to see formulas; queries still work the formulas out.
   */
  hideFormulas?: boolean;
}

interface QueryCursor {
  rows: Record<string, unknown>[];
  fields: string[];
  object: string;
  offset: number;
  /** Page size chosen for each offset served, so a re-read returns the same slice. */
  sizes: Map<number, number>;
}

interface BulkJob {
  id: string;
  operation: 'query' | 'queryAll';
  object: string;
  apiVersion: string;
  polls: number;
  rows: Record<string, unknown>[];
  fields: string[];
  createdDate: string;
  /** errorMessage of a job that ends Failed. */
  failure?: string | undefined;
  /** Set by PATCH {"state":"Aborted"}: the job stops and its state stays Aborted. */
  aborted?: boolean;
}

/** The options without a default: unset, the behaviour they script is off. */
type OptionalOption = 'jwtPublicKey' | 'queryTimeoutAbove' | 'bulkOrderByTimeoutAbove' | 'negativeScanTimeoutAbove' | 'rotateRefreshTokens' | 'parentsFromRecords' | 'hideFormulas';

/** A formula that is one field reference, own (`Amount__c`) or through lookups (`Partner__r.Active__c`). */
const FIELD_REFERENCE = /^\s*[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)*\s*$/;

/**
 * The fields of Salesforce's Name object, all a query reads through a polymorphic relationship (Object Reference,
 * "Name"), and its relationships (`Owner.Profile.Name`); lower-cased, as SOQL names are not case-sensitive.
 */
const NAME_OBJECT_FIELDS: ReadonlySet<string> = new Set(
  ['Alias', 'Email', 'FirstName', 'Id', 'IsActive', 'LastName', 'LastReferencedDate', 'LastViewedDate', 'Name', 'NameOrAlias', 'Phone', 'ProfileId', 'RecordTypeId', 'Title', 'Type', 'UserRoleId', 'Username', 'Profile', 'RecordType', 'UserRole'].map((f) => f.toLowerCase()),
);

/**
 * A path through a polymorphic relationship (`What.Partner_Code__c`) naming no field of the Name object: Salesforce's
 * INVALID_FIELD, in its words; undefined for any other path.
 */
function nameObjectRefusal(object: FakeObject, path: string): SoqlError | undefined {
  const [head, field] = path.split('.');
  if (field === undefined) return undefined;
  const reference = object.fields.find((f) => f.relationshipName?.toLowerCase() === head!.toLowerCase());
  if ((reference?.referenceTo?.length ?? 0) < 2 || NAME_OBJECT_FIELDS.has(field.toLowerCase())) return undefined;
  return new SoqlError(
    `No such column '${field}' on entity 'Name'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`,
    'INVALID_FIELD',
  );
}

const ORG_ID = '00DXX0000000001AAA';
const USER_ID = '005XX0000000001AAA';

function sfDate(d = new Date()): string {
  return d.toISOString().replace('Z', '+0000');
}

function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'string' ? v : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export class FakeSalesforce {
  readonly objects = new Map<string, FakeObject>();
  readonly log: LoggedRequest[] = [];
  readonly faults: FaultRule[] = [];
  /** Tokens currently valid. */
  readonly tokens = new Set<string>();
  tokensIssued = 0;
  private readonly cursors = new Map<string, QueryCursor>();
  private readonly jobs = new Map<string, BulkJob>();
  private server: Server | undefined;
  private loginServer: Server | undefined;
  private seq = 0;
  private apiUsage = 0;
  /** The instance URL (REST, Bulk, and the `instance_url` every token response names). */
  url = '';
  /**
   * The login host (https://login.salesforce.com or a My Domain login URL in real life): a second listener with the
   * same OAuth token endpoint, so a client that confuses the login host with the instance URL is caught.
   */
  loginUrl = '';
  /** `aud` of every JWT bearer assertion received, accepted or not. */
  readonly jwtAudiences: unknown[] = [];
  readonly options: Required<Omit<FakeSalesforceOptions, OptionalOption>> & Pick<FakeSalesforceOptions, OptionalOption>;
  /** Ids of the Bulk query jobs aborted through `PATCH /jobs/query/{id}` (`{"state":"Aborted"}`), in order. */
  readonly abortedJobs: string[] = [];
  /** Hard-deleted records per object (emptied recycle bin, purge, hard delete): seen only through getDeleted. */
  readonly hardDeleted = new Map<string, { id: string; deletedDate: number }[]>();

  constructor(options: FakeSalesforceOptions = {}) {
    this.options = {
      apiVersions: ['62.0', '63.0', '64.0'],
      pageSize: 2000,
      bulkPollsBeforeComplete: 2,
      bulkDefaultPageSize: 10_000,
      clientId: 'test-client-id',
      clientSecret: 'test-client-secret',
      users: { 'integration@example.com': 'pw' },
      refreshTokens: [],
      nowSeconds: () => Math.floor(Date.now() / 1000),
      ...options,
    };
  }

  async start(): Promise<string> {
    const listen = async (): Promise<[Server, string]> => {
      const server = createServer((req, res) => {
        this.handle(req, res).catch((error: unknown) => {
          this.send(req, res, 500, [{ message: String(error), errorCode: 'UNKNOWN_EXCEPTION' }]);
        });
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return [server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`];
    };
    [this.server, this.url] = await listen();
    [this.loginServer, this.loginUrl] = await listen();
    return this.url;
  }

  async stop(): Promise<void> {
    for (const server of [this.server, this.loginServer]) {
      if (!server) continue;
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    this.server = undefined;
    this.loginServer = undefined;
  }

  /** Removes a record for good at `deletedAt` (ms): queryAll no longer returns it; getDeleted does, for 30 days. */
  hardDelete(object: string, id: string, deletedAt: number): void {
    const o = this.objects.get(object);
    if (!o) throw new Error(`no object ${object}`);
    o.records = o.records.filter((r) => r.Id !== id);
    const list = this.hardDeleted.get(object) ?? [];
    list.push({ id, deletedDate: deletedAt });
    this.hardDeleted.set(object, list);
  }

  addObject(object: FakeObject): void {
    this.objects.set(object.name, object);
  }

  /** Issues a valid access token directly (for the access-token auth flow). */
  issueToken(): string {
    const token = `00DXX!${randomBytes(12).toString('hex')}`;
    this.tokens.add(token);
    this.tokensIssued++;
    return token;
  }

  /** Invalidates every session: the next request gets 401 INVALID_SESSION_ID. */
  expireAllTokens(): void {
    this.tokens.clear();
  }

  inject(rule: FaultRule): void {
    this.faults.push({ ...rule });
  }

  clearFaults(): void {
    this.faults.length = 0;
  }

  private takeFault(pathAndQuery: string): Fault | undefined {
    for (const rule of this.faults) {
      if (!rule.match.test(pathAndQuery) || rule.times <= 0) continue;
      if (rule.after && rule.after > 0) {
        rule.after--;
        continue;
      }
      rule.times--;
      return rule.fault;
    }
    return undefined;
  }

  private send(req: IncomingMessage, res: ServerResponse, status: number, body: unknown, contentType = 'application/json;charset=UTF-8', headers: Record<string, string> = {}): void {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    res.writeHead(status, {
      'content-type': contentType,
      'sforce-limit-info': `api-usage=${this.apiUsage}/100000`,
      ...headers,
    });
    res.end(text);
    const last = this.log[this.log.length - 1];
    if (last && last.status === 0) last.status = status;
    void req;
  }

  private async readBody(req: IncomingMessage): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const pathAndQuery = url.pathname + url.search;
    const auth = req.headers.authorization;
    const token = auth?.startsWith('Bearer ') ? auth.slice(7) : undefined;
    const authorized = token !== undefined && this.tokens.has(token);
    this.log.push({ method: req.method ?? 'GET', path: pathAndQuery, status: 0, authorized });
    const fault = this.takeFault(pathAndQuery);
    if (fault) {
      switch (fault.kind) {
        case 'reset':
          req.socket.destroy();
          this.log[this.log.length - 1]!.status = -1;
          return;
        case 'html200':
          return this.send(req, res, 200, '<!DOCTYPE html><html><head><title>Login | Salesforce</title></head><body>Please log in</body></html>', 'text/html;charset=UTF-8');
        case 'truncated':
          return this.send(req, res, 200, '{"totalSize":25000,"done":false,"nextRecordsUrl":"/services/data/v64.0/query/01gX', 'application/json;charset=UTF-8');
        case 'concurrent-limit':
          return this.send(req, res, 403, [{ message: 'ConcurrentPerOrgLongTxn Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }]);
        case 'daily-limit':
          return this.send(req, res, 403, [{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }]);
        case 'query-timeout':
          return this.send(req, res, 400, [{ message: 'Your query request was running for too long.', errorCode: 'QUERY_TIMEOUT' }]);
        case 'status':
          return this.send(
            req,
            res,
            fault.status,
            fault.body ??
              (fault.status >= 500
                ? '<html><body>Service Unavailable</body></html>'
                : fault.status === 403
                  ? JSON.stringify([{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }])
                  : JSON.stringify([{ message: 'Too many requests, retry later', errorCode: 'TOO_MANY_REQUESTS' }])),
            fault.contentType ?? (fault.status >= 500 ? 'text/html' : 'application/json;charset=UTF-8'),
          );
      }
    }
    if (url.pathname === '/services/oauth2/token' && req.method === 'POST') return this.token(req, res, await this.readBody(req));
    const m = /^\/services\/data\/v(\d+\.\d)(\/.*)?$/.exec(url.pathname);
    if (url.pathname === '/services/data' || url.pathname === '/services/data/') {
      return this.send(req, res, 200, this.options.apiVersions.map((v) => ({ label: `v${v}`, url: `/services/data/v${v}`, version: v })));
    }
    if (!m) return this.send(req, res, 404, [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }]);
    const version = m[1]!;
    if (!this.options.apiVersions.includes(version)) {
      return this.send(req, res, 404, [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }]);
    }
    if (!authorized) return this.send(req, res, 401, [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
    this.apiUsage++;
    const rest = m[2] ?? '/';
    let r: RegExpExecArray | null;
    if ((r = /^\/sobjects\/([A-Za-z0-9_]+)\/describe\/?$/.exec(rest))) return this.describe(req, res, r[1]!);
    if ((r = /^\/sobjects\/([A-Za-z0-9_]+)\/deleted\/?$/.exec(rest))) return this.getDeleted(req, res, r[1]!, url.searchParams);
    if (rest === '/limits') return this.send(req, res, 200, { DailyApiRequests: { Max: 100000, Remaining: 100000 - this.apiUsage } });
    if ((r = /^\/(query|queryAll)\/?$/.exec(rest))) return this.query(req, res, version, url.searchParams.get('q') ?? '', r[1] === 'queryAll');
    if ((r = /^\/(?:query|queryAll)\/([A-Za-z0-9]+-\d+)$/.exec(rest))) return this.queryMore(req, res, version, r[1]!);
    if (rest === '/jobs/query' && req.method === 'POST') return this.createJob(req, res, version, await this.readBody(req));
    if ((r = /^\/jobs\/query\/([A-Za-z0-9]+)$/.exec(rest))) {
      if (req.method === 'DELETE') {
        this.jobs.delete(r[1]!);
        res.writeHead(204).end();
        return;
      }
      if (req.method === 'PATCH') return this.abortJob(req, res, r[1]!, await this.readBody(req));
      return this.jobInfo(req, res, version, r[1]!);
    }
    if ((r = /^\/jobs\/query\/([A-Za-z0-9]+)\/results$/.exec(rest))) return this.jobResults(req, res, version, r[1]!, url.searchParams);
    return this.send(req, res, 404, [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }]);
  }

  // ------------------------------------------------------------------------------------------ OAuth

  private token(req: IncomingMessage, res: ServerResponse, body: string): void {
    const params = new URLSearchParams(body);
    const grant = params.get('grant_type');
    const fail = (error: string, description: string) => this.send(req, res, 400, { error, error_description: description });
    const ok = (extra: Record<string, string> = {}) => {
      const access = this.issueToken();
      return this.send(req, res, 200, {
        ...extra,
        access_token: access,
        instance_url: this.url,
        id: `${this.url}/id/${ORG_ID}/${USER_ID}`,
        token_type: 'Bearer',
        issued_at: String(Date.now()),
        signature: randomBytes(16).toString('base64'),
        scope: 'api',
      });
    };
    if (grant === 'password') {
      if (params.get('client_id') !== this.options.clientId || params.get('client_secret') !== this.options.clientSecret) {
        return fail('invalid_client_id', 'client identifier invalid');
      }
      const user = params.get('username') ?? '';
      // own entries only: a user named `toString` is not one of the configured users
      if (!Object.hasOwn(this.options.users, user) || this.options.users[user] !== params.get('password')) {
        return fail('invalid_grant', 'authentication failure');
      }
      return ok();
    }
    if (grant === 'urn:ietf:params:oauth:grant-type:jwt-bearer') {
      const assertion = params.get('assertion') ?? '';
      const [h, c, s] = assertion.split('.');
      if (!h || !c || !s || !this.options.jwtPublicKey) return fail('invalid_grant', 'invalid assertion');
      const valid = createVerify('RSA-SHA256').update(`${h}.${c}`).verify(createPublicKey(this.options.jwtPublicKey), Buffer.from(s, 'base64url'));
      if (!valid) return fail('invalid_grant', 'invalid assertion');
      const claims = JSON.parse(Buffer.from(c, 'base64url').toString('utf8')) as { iss?: string; sub?: string; aud?: string; exp?: number };
      if (claims.iss !== this.options.clientId) return fail('invalid_client_id', 'client identifier invalid');
      if (!claims.sub || !Object.hasOwn(this.options.users, claims.sub)) return fail('invalid_grant', 'user hasn\'t approved this consumer');
      if (typeof claims.exp !== 'number' || claims.exp < this.options.nowSeconds()) return fail('invalid_grant', 'expired authorization code');
      // The audience is the authorization server: https://login.salesforce.com, https://test.salesforce.com or the
      // login host the assertion was sent to (My Domain), with or without a trailing slash. The instance URL, the
      // token endpoint's URL or anything else is refused with Salesforce's own error.
      this.jwtAudiences.push(claims.aud);
      const audiences = new Set(['https://login.salesforce.com', 'https://test.salesforce.com', this.loginUrl]);
      if (typeof claims.aud !== 'string' || !audiences.has(claims.aud.replace(/\/$/, ''))) return fail('invalid_grant', 'audience is invalid');
      return ok();
    }
    if (grant === 'refresh_token') {
      if (params.get('client_id') !== this.options.clientId) return fail('invalid_client_id', 'client identifier invalid');
      const used = params.get('refresh_token') ?? '';
      if (!this.options.refreshTokens.includes(used)) return fail('invalid_grant', 'expired access/refresh token');
      if (this.options.rotateRefreshTokens) {
        const next = `5Aep861${randomBytes(12).toString('hex')}`;
        this.options.refreshTokens = [...this.options.refreshTokens.filter((t) => t !== used), next];
        return ok({ refresh_token: next });
      }
      return ok();
    }
    if (grant === 'client_credentials') {
      // credentials in the body or as HTTP Basic
      const basic = req.headers.authorization?.startsWith('Basic ') ? Buffer.from(req.headers.authorization.slice(6), 'base64').toString('utf8').split(':') : [];
      const id = params.get('client_id') ?? decodeURIComponent(basic[0] ?? '');
      const secret = params.get('client_secret') ?? decodeURIComponent(basic[1] ?? '');
      if (id !== this.options.clientId || secret !== this.options.clientSecret) return fail('invalid_client', 'invalid client credentials');
      return ok();
    }
    return fail('unsupported_grant_type', 'grant type not supported');
  }

  // ------------------------------------------------------------------------------------------ describe

  private describe(req: IncomingMessage, res: ServerResponse, name: string): void {
    const object = this.objects.get(name);
    if (!object) return this.send(req, res, 404, [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }]);
    this.send(req, res, 200, {
      name: object.name,
      label: object.label ?? object.name,
      queryable: true,
      fields: object.fields.map((f) => ({
        name: f.name,
        label: f.label ?? f.name,
        type: f.type,
        nillable: f.nillable ?? true,
        relationshipName: f.relationshipName ?? null,
        referenceTo: f.referenceTo ?? [],
        // a reference to more than one object reads through the Name object ("Understanding Relationship Fields and Polymorphic Fields")
        namePointing: (f.referenceTo?.length ?? 0) > 1,
        polymorphicForeignKey: (f.referenceTo?.length ?? 0) > 1,
        calculated: f.calculatedFormula !== undefined,
        calculatedFormula: f.calculatedFormula === undefined || this.options.hideFormulas ? null : f.calculatedFormula,
      })),
    });
  }

  // ------------------------------------------------------------------------------------------ SOQL

  private runSoql(soql: string, scanAll: boolean): { parsed: ParsedSoql; rows: Record<string, unknown>[]; timesOut: boolean } {
    const parsed = parseSoql(soql);
    const object = this.objects.get(parsed.object);
    if (!object) throw new SoqlError(`sObject type '${parsed.object}' is not supported.`);
    for (const f of [...parsed.fields, ...parsed.orderBy.map((o) => o.field)]) {
      const head = f.split('.')[0]!;
      const known = object.fields.some((x) => x.name === head || x.relationshipName === head);
      if (!known) throw new SoqlError(`No such column '${f}' on entity '${object.name}'.`);
    }
    for (const f of [...parsed.fields, ...parsed.orderBy.map((o) => o.field), ...(parsed.where ? condFields(parsed.where) : [])]) {
      const refusal = nameObjectRefusal(object, f);
      if (refusal) throw refusal;
    }
    const visible = object.records.filter((r) => scanAll || r.IsDeleted !== true).map(this.throughLookups(object)).map(this.withFormulas(object));
    let rows = parsed.where ? visible.filter((r) => evalCond(parsed.where!, r)) : visible;
    if (parsed.orderBy.length) rows = [...rows].sort(compareBy(parsed.orderBy));
    if (parsed.limit !== undefined) rows = rows.slice(0, parsed.limit);
    const tooMany = this.options.queryTimeoutAbove !== undefined && rows.length > this.options.queryTimeoutAbove;
    return { parsed, rows, timesOut: !parsed.count && (tooMany || this.scansTooMany(parsed, visible)) };
  }

  /**
   * A record as a SOQL query sees it through its lookups, with `parentsFromRecords`: each relationship (`Partner__r`)
   * is the parent record the lookup's Id names, as that record is now, when the fake holds records of the referenced
   * object (null when none has that Id); otherwise the nested copy the record was added with. A parent's change so
   * shows through every child in SELECT and WHERE (`Partner__r.SystemModstamp`), while the child's own SystemModstamp stays.
   */
  private throughLookups(object: FakeObject): (record: Record<string, unknown>) => Record<string, unknown> {
    const links: { field: string; relationship: string; parents: Map<unknown, Record<string, unknown>> }[] = [];
    for (const f of this.options.parentsFromRecords ? object.fields : []) {
      const parent = f.relationshipName && f.referenceTo?.length === 1 ? this.objects.get(f.referenceTo[0]!) : undefined;
      if (!f.relationshipName || !parent || parent.records.length === 0) continue;
      links.push({ field: f.name, relationship: f.relationshipName, parents: new Map(parent.records.map((r) => [r.Id, r])) });
    }
    if (links.length === 0) return (record) => record;
    return (record) => {
      const joined = { ...record };
      for (const link of links) joined[link.relationship] = link.parents.get(ownValue(record, link.field)) ?? null;
      return joined;
    };
  }

  /**
   * A record with its formula fields worked out, for those whose formula is one field reference (`Partner__r.Active__c`,
   * read through the lookups as `throughLookups` joined them): Salesforce computes a formula when the record is read,
   * so the value follows the parent while the record's SystemModstamp stays. Other formulas keep the stored value.
   */
  private withFormulas(object: FakeObject): (record: Record<string, unknown>) => Record<string, unknown> {
    const formulas = object.fields.filter((f) => f.calculatedFormula !== undefined && FIELD_REFERENCE.test(f.calculatedFormula));
    if (formulas.length === 0) return (record) => record;
    return (record) => {
      const computed = { ...record };
      for (const f of formulas) computed[f.name] = readField(record, f.calculatedFormula!.trim());
      return computed;
    };
  }

  /**
   * Whether a query with a negative operator scans more than `negativeScanTimeoutAbove` records: those its other
   * top-level conditions (the SystemModstamp window an index serves) select, whatever the negated part keeps.
   */
  private scansTooMany(parsed: ParsedSoql, visible: Record<string, unknown>[]): boolean {
    const limit = this.options.negativeScanTimeoutAbove;
    if (limit === undefined || !parsed.where || !negates(parsed.where)) return false;
    const indexed = ('and' in parsed.where ? parsed.where.and : [parsed.where]).filter((c) => !negates(c));
    return visible.filter((r) => indexed.every((c) => evalCond(c, r))).length > limit;
  }

  /** Builds a REST record: selected fields only, relationships nested with their own attributes. */
  private restRecord(version: string, object: string, row: Record<string, unknown>, fields: string[]): Record<string, unknown> {
    const out: Record<string, unknown> = {
      attributes: { type: object, url: `/services/data/v${version}/sobjects/${object}/${String(row.Id)}` },
    };
    for (const f of fields) {
      const parts = f.split('.');
      if (parts.length === 1) {
        out[f] = ownValue(row, f) ?? null;
        continue;
      }
      let target = out;
      let source: unknown = row;
      for (let i = 0; i < parts.length - 1; i++) {
        const part = parts[i]!;
        source = source && typeof source === 'object' ? ownValue(source as Record<string, unknown>, part) : null;
        if (source === null || source === undefined) {
          target[part] = null;
          break;
        }
        const existing = ownValue(target, part);
        if (!existing || typeof existing !== 'object') target[part] = { attributes: { type: 'Account', url: `/services/data/v${version}/sobjects/Account/${String((source as Record<string, unknown>).Id ?? '')}` } };
        target = target[part] as Record<string, unknown>;
        if (i === parts.length - 2) target[parts[i + 1]!] = ownValue(source as Record<string, unknown>, parts[i + 1]!) ?? null;
      }
    }
    return out;
  }

  private pageSize(page: number): number {
    const p = this.options.pageSize;
    return typeof p === 'function' ? p(page) : p;
  }

  private query(req: IncomingMessage, res: ServerResponse, version: string, soql: string, scanAll: boolean): void {
    let result;
    try {
      result = this.runSoql(soql, scanAll);
    } catch (e) {
      return this.send(req, res, 400, [{ message: (e as Error).message, errorCode: e instanceof SoqlError ? e.errorCode : 'MALFORMED_QUERY' }]);
    }
    if (result.parsed.count) return this.send(req, res, 200, { totalSize: result.rows.length, done: true, records: [] });
    if (result.timesOut) return this.send(req, res, 400, [{ message: 'Your query request was running for too long.', errorCode: 'QUERY_TIMEOUT' }]);
    const id = `01gXX${String(++this.seq).padStart(10, '0')}AAA`;
    const cursor: QueryCursor = { rows: result.rows, fields: result.parsed.fields, object: result.parsed.object, offset: 0, sizes: new Map() };
    this.cursors.set(id, cursor);
    this.sendPage(req, res, version, id, cursor);
  }

  private queryMore(req: IncomingMessage, res: ServerResponse, version: string, locator: string): void {
    const [id, offset] = locator.split('-');
    const cursor = this.cursors.get(id!);
    if (!cursor) return this.send(req, res, 400, [{ message: 'invalid query locator', errorCode: 'INVALID_QUERY_LOCATOR' }]);
    // A locator names an offset, so re-reading a page (after a retry) returns the same records.
    cursor.offset = Number(offset);
    this.sendPage(req, res, version, id!, cursor);
  }

  private sendPage(req: IncomingMessage, res: ServerResponse, version: string, id: string, cursor: QueryCursor): void {
    let size = cursor.sizes.get(cursor.offset);
    if (size === undefined) {
      size = Math.max(1, this.pageSize(cursor.sizes.size));
      cursor.sizes.set(cursor.offset, size);
    }
    const slice = cursor.rows.slice(cursor.offset, cursor.offset + size);
    const nextOffset = cursor.offset + slice.length;
    const done = nextOffset >= cursor.rows.length;
    this.send(req, res, 200, {
      totalSize: cursor.rows.length,
      done,
      ...(done ? {} : { nextRecordsUrl: `/services/data/v${version}/query/${id}-${nextOffset}` }),
      records: slice.map((r) => this.restRecord(version, cursor.object, r, cursor.fields)),
    });
  }

  // ------------------------------------------------------------------------------------------ getDeleted

  /**
   * `GET /sobjects/{type}/deleted/?start=&end=`: ids deleted in the range, for at most the last 30 days; a start
   * before that is INVALID_REPLICATION_DATE. Hard deletes are visible here and nowhere else.
   */
  private getDeleted(req: IncomingMessage, res: ServerResponse, object: string, params: URLSearchParams): void {
    if (!this.objects.has(object)) return this.send(req, res, 404, [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }]);
    const parse = (v: string | null) => (v ? Date.parse(v.replace(/([+-]\d{2}):?(\d{2})$/, '$1:$2')) : NaN);
    const start = parse(params.get('start'));
    const end = parse(params.get('end'));
    if (!Number.isFinite(start) || !Number.isFinite(end) || end < start) {
      return this.send(req, res, 400, [{ errorCode: 'MALFORMED_QUERY', message: 'start and end must be dateTimes with start before end' }]);
    }
    const now = this.options.nowSeconds() * 1000;
    const earliest = now - 30 * 86_400_000;
    if (start < earliest) {
      return this.send(req, res, 400, [{ errorCode: 'INVALID_REPLICATION_DATE', message: 'startDate must be within the last 30 days' }]);
    }
    const latest = Math.floor(Math.min(end, now) / 60_000) * 60_000; // covered to the minute
    const deletedRecords = (this.hardDeleted.get(object) ?? [])
      .filter((d) => d.deletedDate >= start && d.deletedDate <= latest)
      .map((d) => ({ id: d.id, deletedDate: sfDate(new Date(d.deletedDate)) }));
    this.send(req, res, 200, { deletedRecords, earliestDateAvailable: sfDate(new Date(earliest)), latestDateCovered: sfDate(new Date(latest)) });
  }

  // ------------------------------------------------------------------------------------------ Bulk API 2.0

  private createJob(req: IncomingMessage, res: ServerResponse, version: string, body: string): void {
    let spec: { operation?: string; query?: string };
    try {
      spec = JSON.parse(body) as typeof spec;
    } catch {
      return this.send(req, res, 400, [{ errorCode: 'JSON_PARSER_ERROR', message: 'Invalid JSON' }]);
    }
    if ((spec.operation !== 'query' && spec.operation !== 'queryAll') || typeof spec.query !== 'string') {
      return this.send(req, res, 400, [{ errorCode: 'INVALIDJOB', message: 'operation and query are required' }]);
    }
    let result;
    try {
      result = this.runSoql(spec.query, spec.operation === 'queryAll');
    } catch (e) {
      return this.send(req, res, 400, [{ errorCode: 'INVALIDJOB', message: (e as Error).message }]);
    }
    const id = `750XX${String(++this.seq).padStart(10, '0')}AAA`;
    const objectSize = this.objects.get(result.parsed.object)?.records.length ?? 0;
    const ordered = result.parsed.orderBy.length > 0;
    const timesOut = result.timesOut || (ordered && this.options.bulkOrderByTimeoutAbove !== undefined && objectSize > this.options.bulkOrderByTimeoutAbove);
    const job: BulkJob = {
      id,
      operation: spec.operation,
      object: result.parsed.object,
      apiVersion: version,
      polls: 0,
      // without ORDER BY the order is Salesforce's (PK chunks): here descending Id, which nothing may rely on
      rows: ordered ? result.rows : [...result.rows].sort((a, b) => (String(a.Id) < String(b.Id) ? 1 : String(a.Id) > String(b.Id) ? -1 : 0)),
      failure: timesOut ? 'QUERY_TIMEOUT: Your query request was running for too long.' : undefined,
      fields: result.parsed.fields,
      createdDate: sfDate(),
    };
    this.jobs.set(id, job);
    this.send(req, res, 200, this.jobBody(job, 'UploadComplete'));
  }

  private jobBody(job: BulkJob, state: string): Record<string, unknown> {
    return {
      id: job.id,
      operation: job.operation,
      object: job.object,
      createdById: USER_ID,
      createdDate: job.createdDate,
      systemModstamp: job.createdDate,
      state,
      concurrencyMode: 'Parallel',
      contentType: 'CSV',
      apiVersion: Number(job.apiVersion),
      lineEnding: 'LF',
      columnDelimiter: 'COMMA',
      ...(state === 'JobComplete' ? { numberRecordsProcessed: job.rows.length, retries: 0, totalProcessingTime: 120 } : {}),
    };
  }

  private jobState(job: BulkJob): string {
    if (job.aborted) return 'Aborted';
    return job.polls > this.options.bulkPollsBeforeComplete ? (job.failure ? 'Failed' : 'JobComplete') : job.polls <= 1 ? 'UploadComplete' : 'InProgress';
  }

  /**
   * Abort a Query Job: `PATCH /jobs/query/{id}` with exactly `{"state":"Aborted"}`; only UploadComplete and
   * InProgress jobs can be aborted; the answer is the job info with state Aborted.
   */
  private abortJob(req: IncomingMessage, res: ServerResponse, id: string, body: string): void {
    const job = this.jobs.get(id);
    if (!job) return this.send(req, res, 404, [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }]);
    let spec: { state?: unknown } | undefined;
    try {
      spec = JSON.parse(body) as { state?: unknown };
    } catch {
      return this.send(req, res, 400, [{ errorCode: 'JSON_PARSER_ERROR', message: 'Invalid JSON' }]);
    }
    if (spec?.state !== 'Aborted') return this.send(req, res, 400, [{ errorCode: 'INVALIDJOBSTATE', message: 'A query job can only be changed to Aborted' }]);
    const state = this.jobState(job);
    if (state !== 'UploadComplete' && state !== 'InProgress') {
      return this.send(req, res, 400, [{ errorCode: 'INVALIDJOBSTATE', message: `Aborting already ${state} Job not allowed` }]);
    }
    job.aborted = true;
    this.abortedJobs.push(id);
    this.send(req, res, 200, this.jobBody(job, 'Aborted'));
  }

  private jobInfo(req: IncomingMessage, res: ServerResponse, version: string, id: string): void {
    const job = this.jobs.get(id);
    if (!job) return this.send(req, res, 404, [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }]);
    void version;
    if (job.aborted) return this.send(req, res, 200, this.jobBody(job, 'Aborted'));
    job.polls++;
    const state = this.jobState(job);
    this.send(req, res, 200, { ...this.jobBody(job, state), ...(state === 'Failed' ? { errorMessage: job.failure } : {}) });
  }

  private jobResults(req: IncomingMessage, res: ServerResponse, version: string, id: string, params: URLSearchParams): void {
    const job = this.jobs.get(id);
    if (!job) return this.send(req, res, 404, [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }]);
    if (version !== job.apiVersion) {
      return this.send(req, res, 409, [{ errorCode: 'API_VERSION_MISMATCH', message: `Results must be retrieved with API version ${job.apiVersion}` }]);
    }
    if (job.aborted || job.polls <= this.options.bulkPollsBeforeComplete) {
      return this.send(req, res, 412, [{ errorCode: 'JOB_NOT_COMPLETE', message: 'Job is not complete' }]);
    }
    const max = Number(params.get('maxRecords') ?? this.options.bulkDefaultPageSize);
    // Our locators are opaque base64 offsets, like Salesforce's.
    const locator = params.get('locator');
    const offset = locator ? Number(Buffer.from(locator, 'base64url').toString('utf8')) : 0;
    if (!Number.isInteger(offset) || offset < 0 || offset > job.rows.length) {
      return this.send(req, res, 400, [{ errorCode: 'INVALIDLOCATOR', message: 'invalid locator' }]);
    }
    const slice = job.rows.slice(offset, offset + max);
    const next = offset + slice.length;
    const lines = [job.fields.join(',')];
    for (const row of slice) lines.push(job.fields.map((f) => csvCell(readField(row, f))).join(','));
    this.send(req, res, 200, `${lines.join('\n')}\n`, 'text/csv', {
      'sforce-numberofrecords': String(slice.length),
      'sforce-locator': next >= job.rows.length ? 'null' : Buffer.from(String(next)).toString('base64url'),
    });
  }
}

export { sfDate as toFakeSalesforceDate };
