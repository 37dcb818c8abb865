import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startStudio, type StudioServer } from '../server/app.js';
import { loadSample } from '../server/sample.js';
import { demoUsers } from '../server/users.js';
import { loginCookie } from './login.js';

/**
 * Every API route sent malformed requests, as the role that may use it, from the studio's own origin: bodies of the
 * wrong shape, not JSON, or with values no one means (NUL, half a character, numbers beyond the store's integers,
 * 10,000 characters), path parameters and queries the same. The answer is a 4xx `{ error, message }` naming the field,
 * never a 500 or a database's error code passed on as a 409, and nothing in the server log. A partner reads only
 * itself, however the other partner's id is written.
 */
const sample = loadSample();
const PASSWORD = 'test-password';
const period = sample.period.id;
const [a, b] = sample.partners.filter((p) => p.kind === 'agent');
if (!a || !b) throw new Error('the sample needs two agents');
const plan = sample.plans.find((p) => p.id === 'agency-agents')!;
const plansDir = join(mkdtempSync(join(tmpdir(), 'studio-malformed-')), 'plans');
const NUL = 'x\u0000y';
const HALF = 'x\ud800y';
const LONG = 'a'.repeat(10_000);
const INT4_OVERFLOW = 2 ** 31;

let studio: StudioServer;
const cookies: Record<'designer' | 'approver' | 'finance' | 'partnerA' | 'none', string> = { designer: '', approver: '', finance: '', partnerA: '', none: '' };
type Who = keyof typeof cookies;
const logged: string[] = [];

interface Answer {
  status: number;
  body: Record<string, unknown>;
  text: string;
}

/** `body` is sent as it is (a string is the raw body), with the headers a same-origin page sends. */
async function call(who: Who, method: string, path: string, body?: string): Promise<Answer> {
  const headers: Record<string, string> = { cookie: cookies[who], origin: studio.url, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) };
  const r = await fetch(`${studio.url}${path}`, { method, headers, body });
  const text = await r.text();
  let parsed: Record<string, unknown> = {};
  try {
    parsed = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // a document (PDF, XML, workbook): no JSON body
  }
  return { status: r.status, body: parsed, text };
}

/** The field a refusal names: `field` (periods, login, parameters) or the first issue's path (plans). */
function fieldOf(body: Record<string, unknown>): string | undefined {
  if (typeof body['field'] === 'string') return body['field'];
  const issues = body['issues'] as { path?: unknown[] }[] | undefined;
  return issues?.[0]?.path?.map(String).join('.');
}

/** [status, error, field] of an answer, for one `toEqual` per request. */
const refusal = (r: Answer) => [r.status, r.body['error'], fieldOf(r.body)];

beforeAll(async () => {
  vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(' ')));
  studio = await startStudio({ db: 'memory://', sample, users: await demoUsers(sample.partners, PASSWORD), plansDir, now: () => '2026-11-05T09:00:00Z' });
  for (const who of ['designer', 'approver', 'finance'] as const) cookies[who] = await loginCookie(studio.url, who, PASSWORD);
  cookies.partnerA = await loginCookie(studio.url, a.id.toLowerCase(), PASSWORD);
  expect((await call('designer', 'POST', `/api/periods/${period}/calculate`)).status).toBe(200);
}, 120_000);

afterAll(async () => {
  await studio?.close();
  vi.restoreAllMocks();
});

const json = (value: unknown) => JSON.stringify(value);
const draft = (over: Record<string, unknown>) => json({ id: 'agenti-2027', name: 'Agenti 2027', effectiveFrom: '2027-01-01', from: { kind: 'blank', currency: 'EUR' }, ...over });
const opening = (over: Record<string, unknown>) => ({ partnerId: a.id, year: 2026, values: { 'enasarco.base': '100.00' }, ...over });
const openings = (list: unknown[], source = 'ERP') => json({ source, openings: list });

// [who, method, path] of every route that reads a JSON body
const BODY_ROUTES: [Who, string, string][] = [
  ['designer', 'POST', '/api/plans/drafts'],
  ['designer', 'PUT', '/api/plans/agency-agents'],
  ['designer', 'POST', '/api/plans/agency-agents/what-if'],
  ['approver', 'POST', `/api/periods/${period}/reject`],
  ['approver', 'POST', `/api/periods/${period}/comments`],
  ['designer', 'POST', '/api/fiscal/openings'],
  ['none', 'POST', '/api/login'],
];

describe('bodies of the wrong shape', () => {
  it('null, [], "x", 42, {} and a __proto__ key are a 4xx on every route that reads a body, never a 5xx', async () => {
    for (const [who, method, path] of BODY_ROUTES) {
      for (const body of ['null', '[]', '"x"', '42', '{}', '{"__proto__":{"x":1}}', json({ reason: 42, text: [], source: {}, username: null })]) {
        const r = await call(who, method, path, body);
        expect([path, body, r.status < 500 && r.status >= 400, typeof r.body['message']]).toEqual([path, body, true, 'string']);
      }
    }
  });

  it('a body that is not JSON is a 400 bad_json everywhere (periods and login read it as null: "expected object, received null")', async () => {
    for (const [who, method, path] of BODY_ROUTES) {
      for (const body of ['{', '', 'reason=x']) {
        const r = await call(who, method, path, body);
        expect([path, body, r.status, r.body['error']]).toEqual([path, body, 400, 'bad_json']);
      }
    }
  });

  it('routes without a body ignore one (calculate, validate, logout): never a 5xx', async () => {
    for (const [who, path] of [['designer', `/api/periods/${period}/calculate`], ['designer', `/api/periods/${period}/validate`], ['none', '/api/logout']] as const) {
      for (const body of ['null', '"x"', '{']) expect((await call(who, 'POST', path, body)).status, `${path} ${body}`).toBeLessThan(500);
    }
  });
});

describe('text the store cannot keep: NUL and half a character', () => {
  // each was a 409 whose `error` was PostgreSQL's SQLSTATE (22P05, 22P02, 22021) and whose message named no field
  const cases: [string, Who, string, string, string, [number, string, string]][] = [
    ['reject reason NUL', 'approver', 'POST', `/api/periods/${period}/reject`, json({ reason: `because ${NUL}` }), [422, 'invalid_body', 'reason']],
    ['reject reason half', 'approver', 'POST', `/api/periods/${period}/reject`, json({ reason: `because ${HALF}` }), [422, 'invalid_body', 'reason']],
    ['comment NUL', 'approver', 'POST', `/api/periods/${period}/comments`, json({ text: NUL }), [422, 'invalid_body', 'text']],
    ['comment half', 'approver', 'POST', `/api/periods/${period}/comments`, json({ text: HALF }), [422, 'invalid_body', 'text']],
    ['opening source', 'designer', 'POST', '/api/fiscal/openings', openings([opening({ year: 2030 })], `ERP ${NUL}`), [422, 'invalid_body', 'source']],
    ['opening partner', 'designer', 'POST', '/api/fiscal/openings', openings([opening({ partnerId: HALF })]), [422, 'invalid_body', 'openings.0.partnerId']],
    ['opening value name', 'designer', 'POST', '/api/fiscal/openings', openings([opening({ values: { [NUL]: '1.00' } })]), [422, 'invalid_body', `openings.0.values.${NUL}`]],
    ['opening period', 'designer', 'POST', '/api/fiscal/openings', openings([opening({ periods: [NUL] })]), [422, 'invalid_body', 'openings.0.periods.0']],
    ['draft copied from plan', 'designer', 'POST', '/api/plans/drafts', draft({ from: { kind: 'version', planId: NUL, version: 1 } }), [422, 'invalid_request', 'from.planId']],
    ['saved plan name NUL', 'designer', 'PUT', '/api/plans/agency-agents', json({ ...plan, name: NUL }), [422, 'invalid_plan', 'name']],
    ['saved plan name half', 'designer', 'PUT', '/api/plans/agency-agents', json({ ...plan, name: HALF }), [422, 'invalid_plan', 'name']],
    ['what-if plan name', 'designer', 'POST', '/api/plans/agency-agents/what-if', json({ ...plan, name: NUL }), [422, 'invalid_plan', 'name']],
    ['login user name NUL', 'none', 'POST', '/api/login', json({ username: NUL, password: 'x' }), [400, 'bad_request', 'username']],
    ['login user name half', 'none', 'POST', '/api/login', json({ username: HALF, password: 'x' }), [400, 'bad_request', 'username']],
  ];
  for (const [label, who, method, path, body, expected] of cases) {
    it(`${label}: a 4xx naming the field`, async () => {
      expect(refusal(await call(who, method, path, body))).toEqual(expected);
    });
  }

  it('text beyond Latin-1 is taken as it is', async () => {
    const r = await call('approver', 'POST', `/api/periods/${period}/comments`, json({ text: 'Łódź — 検証 😀' }));
    expect([r.status, (r.body['comment'] as { text?: string })?.text]).toEqual([200, 'Łódź — 検証 😀']);
  });
});

describe('absurd values', () => {
  it('numbers beyond the store’s 32-bit integers are refused naming the field (was 409 "22003 out of range")', async () => {
    expect(refusal(await call('designer', 'POST', '/api/plans/drafts', draft({ from: { kind: 'version', planId: 'agency-agents', version: INT4_OVERFLOW } })))).toEqual([422, 'invalid_request', 'from.version']);
    expect(refusal(await call('designer', 'POST', '/api/fiscal/openings', openings([opening({ year: INT4_OVERFLOW })])))).toEqual([422, 'invalid_body', 'openings.0.year']);
  });

  it('an opening balance for year −1, for a partner the studio does not have, or twice in one import is refused (the store keeps one for good)', async () => {
    expect(refusal(await call('designer', 'POST', '/api/fiscal/openings', openings([opening({ year: -1 })])))).toEqual([422, 'invalid_body', 'openings.0.year']);
    expect(refusal(await call('designer', 'POST', '/api/fiscal/openings', openings([opening({ partnerId: LONG })])))).toEqual([422, 'invalid_body', 'openings.0.partnerId']);
    expect(refusal(await call('designer', 'POST', '/api/fiscal/openings', openings([opening({ partnerId: ' ' })])))).toEqual([422, 'invalid_body', 'openings.0.partnerId']);
    // the second of the same partner and year was refused as "already imported and cannot change": nothing was
    const twice = await call('designer', 'POST', '/api/fiscal/openings', openings([opening({ year: 2031 }), opening({ year: 2031, values: { 'enasarco.base': '5.00' } })]));
    expect(refusal(twice)).toEqual([422, 'invalid_body', 'openings.1']);
    expect((await call('designer', 'GET', '/api/fiscal/openings')).body).toEqual({ openings: [] });
  });

  it('a draft id longer than the URL takes is refused where it is chosen, not accepted as a draft that cannot be saved', async () => {
    expect(refusal(await call('designer', 'POST', '/api/plans/drafts', draft({ id: 'a'.repeat(300) })))).toEqual([422, 'invalid_request', 'id']);
  });

  it('a plan saved under a 300-character id is refused naming the id (was 409 ENAMETOOLONG with the server’s path, after the store had saved it)', async () => {
    const id = 'a'.repeat(300);
    const r = await call('designer', 'PUT', `/api/plans/${id}`, json({ ...plan, id }));
    expect(refusal(r)).toEqual([400, 'invalid_param', 'id']);
    expect(r.text).not.toContain(plansDir);
  });

  it('a plan whose id is not the one in the URL names the field id', async () => {
    expect(refusal(await call('designer', 'PUT', '/api/plans/outbound', json(plan)))).toEqual([422, 'invalid_plan', 'id']);
  });

  it('a user name of 10,000 characters is named in the refusal (was "give username and password" for any mistake)', async () => {
    expect(refusal(await call('none', 'POST', '/api/login', json({ username: LONG, password: 'x' })))).toEqual([400, 'bad_request', 'username']);
    expect(refusal(await call('none', 'POST', '/api/login', json({ username: 'designer' })))).toEqual([400, 'bad_request', 'password']);
  });

  it("a new plan's name that is empty, blank or over 200 characters is a 422 naming it (an empty one was a 500)", async () => {
    const names: Array<[unknown, string]> = [['', 'name'], ['   ', 'name'], [{}, 'name'], [{ it: '' }, 'name.it'], ['n'.repeat(201), 'name'], [{ en: 'n'.repeat(201) }, 'name.en']];
    for (const [name, field] of names) {
      expect(refusal(await call('designer', 'POST', '/api/plans/drafts', draft({ name })))).toEqual([422, 'invalid_request', field]);
    }
    expect((await call('designer', 'POST', '/api/plans/drafts', draft({ id: 'two-hundred', name: 'n'.repeat(200) }))).status).toBe(201);
  });

  it('too long, empty and wrongly typed values name their field (unchanged)', async () => {
    expect(refusal(await call('approver', 'POST', `/api/periods/${period}/reject`, json({ reason: LONG })))).toEqual([422, 'invalid_body', 'reason']);
    expect(refusal(await call('approver', 'POST', `/api/periods/${period}/comments`, json({ text: '   ' })))).toEqual([422, 'invalid_body', 'text']);
    expect(refusal(await call('designer', 'POST', '/api/plans/drafts', draft({ description: LONG })))).toEqual([422, 'invalid_request', 'description']);
    expect(refusal(await call('designer', 'POST', '/api/plans/drafts', draft({ from: { kind: 'version', planId: 'agency-agents', version: -1 } })))).toEqual([422, 'invalid_request', 'from.version']);
    expect(refusal(await call('designer', 'PUT', '/api/plans/agency-agents', json({ ...plan, version: '1' })))).toEqual([422, 'invalid_plan', 'version']);
  });
});

describe('path parameters and queries', () => {
  // good values for every parameter, so that only the one under test is wrong
  const good: Record<string, string> = { period, partner: a.id, id: 'agency-agents', version: '1', line: 'agency-agents:Commission:x', inquiry: '1' };
  const routes = () => studio.app.routes.filter((r) => r.path.startsWith('/api/') && r.path.includes(':') && r.method !== 'ALL');
  const whoFor = (method: string, path: string): Who => (/\/(approve|reject)$/.test(path) ? 'approver' : method === 'GET' ? 'finance' : 'designer');
  const pathWith = (route: string, param: string, value: string) => route.replace(/:(\w+)/g, (_, p: string) => (p === param ? value : encodeURIComponent(good[p]!)));

  it('a parameter holding NUL or beyond its length is a 400 naming it, on every route (was 409 "22021", 409 ENAMETOOLONG or 404)', async () => {
    const list = routes();
    expect(list.length).toBeGreaterThan(15);
    for (const r of list) {
      for (const param of [...r.path.matchAll(/:(\w+)/g)].map((m) => m[1]!)) {
        for (const bad of ['%00', 'b'.repeat(1_001)]) {
          const res = await call(whoFor(r.method, r.path), r.method, pathWith(r.path, param, bad), r.method === 'GET' ? undefined : '{}');
          expect([`${r.method} ${r.path} ${param}=${bad.slice(0, 3)}`, res.status, fieldOf(res.body)]).toEqual([`${r.method} ${r.path} ${param}=${bad.slice(0, 3)}`, 400, param]);
        }
      }
    }
  });

  it('unknown ids, ../.., __proto__, constructor and toString are a 4xx with a message, never a 5xx', async () => {
    for (const r of routes()) {
      for (const param of [...r.path.matchAll(/:(\w+)/g)].map((m) => m[1]!)) {
        for (const odd of ['nope', '..%2F..', '__proto__', 'constructor', 'toString', '%E2%82%AC', '%20']) {
          const res = await call(whoFor(r.method, r.path), r.method, pathWith(r.path, param, odd), r.method === 'GET' ? undefined : '{}');
          expect([r.path, param, odd, res.status >= 400 && res.status < 500, typeof res.body['message']]).toEqual([r.path, param, odd, true, 'string']);
        }
      }
    }
  });

  it('version numbers: digits only, within the store’s integers (was 409 "22003" beyond, and "0x1" read as version 1)', async () => {
    for (const v of ['2147483648', '99999999999', '0x1', '1e0', '0', '-1', '1.5', 'Infinity']) {
      expect([v, ...refusal(await call('finance', 'GET', `/api/plans/agency-agents/versions/${v}`))]).toEqual([v, 400, 'bad_version', 'version']);
    }
    expect((await call('finance', 'GET', '/api/plans/agency-agents/versions/1')).status).toBe(200);
  });

  it('the diff’s from and to: each named when missing, malformed or given twice (a repeated one answered for the first)', async () => {
    const diff = (q: string) => call('finance', 'GET', `/api/plans/agency-agents/diff${q}`);
    expect(refusal(await diff(''))).toEqual([400, 'bad_version', 'from']);
    expect(refusal(await diff('?from=1'))).toEqual([400, 'bad_version', 'to']);
    expect(refusal(await diff('?from=1&to=1&from=2'))).toEqual([400, 'bad_version', 'from']);
    expect(refusal(await diff('?from=2147483648&to=1'))).toEqual([400, 'bad_version', 'from']);
    expect(refusal(await diff('?from=1&to=0x1'))).toEqual([400, 'bad_version', 'to']);
    expect((await diff('?from=1&to=1')).status).toBe(200);
  });

  it('a malformed or repeated ?lang falls back to the partner’s language: the document is still served', async () => {
    for (const q of ['?lang=xx', '?lang=it&lang=en', '?lang=']) expect((await call('finance', 'GET', `/api/periods/${period}/statements/${a.id}/statement.pdf${q}`)).status, q).toBe(200);
  });
});

describe('a partner reads only itself', () => {
  let bLine = '';
  beforeAll(async () => {
    // validated already when the body-less routes were sent a body
    expect((await call('approver', 'POST', `/api/periods/${period}/approve`)).status).toBe(200);
    bLine = ((await call('finance', 'GET', `/api/periods/${period}/statements/${b.id}`)).body['statement'] as { lines: { id: string }[] }).lines[0]!.id;
  });

  it('every GET that takes a partner refuses partner A the data of B, however B is written', async () => {
    const partnerRoutes = studio.app.routes.filter((r) => r.method === 'GET' && r.path.includes(':partner'));
    expect(partnerRoutes.length).toBeGreaterThanOrEqual(7);
    const spellings = [b.id, b.id.toLowerCase(), `${b.id}%20`, `${b.id}%00`, `${a.id}%2F..%2F${b.id}`, encodeURIComponent(` ${b.id}`)];
    for (const r of partnerRoutes) {
      for (const spelled of spellings) {
        const path = r.path.replace(':period', period).replace(':partner', spelled).replace(':line', encodeURIComponent(bLine));
        const res = await call('partnerA', 'GET', path);
        expect([path, [400, 403, 404].includes(res.status)]).toEqual([path, true]);
        expect(res.text, path).not.toContain(b.name);
        expect(res.text, path).not.toContain(bLine);
      }
    }
  });

  it('A’s own statement does not open B’s line, and the period list holds A alone', async () => {
    expect((await call('partnerA', 'GET', `/api/periods/${period}/statements/${a.id}`)).status).toBe(200);
    expect((await call('partnerA', 'GET', `/api/periods/${period}/statements/${a.id}/lines/${encodeURIComponent(bLine)}`)).status).toBe(404);
    const list = (await call('partnerA', 'GET', `/api/periods/${period}/statements?partner=${b.id}`)).body['statements'] as { partnerId: string }[];
    expect(list.map((s) => s.partnerId)).toEqual([a.id]);
  });
});

describe('the server log', () => {
  it('holds no error of any request above', () => {
    expect(logged.filter((l) => l.startsWith('studio:'))).toEqual([]);
  });

  it('a failure of the studio itself is a logged 500 without its internals, not a 409 with the system’s code and path', async () => {
    // the plans folder cannot be made (a file is in the way): mkdir fails with ENOTDIR
    const base = mkdtempSync(join(tmpdir(), 'studio-blocked-'));
    writeFileSync(join(base, 'file'), '');
    const broken = await startStudio({ db: 'memory://', sample, users: await demoUsers(sample.partners, PASSWORD), plansDir: join(base, 'file', 'plans') });
    try {
      const cookie = await loginCookie(broken.url, 'designer', PASSWORD);
      const r = await fetch(`${broken.url}/api/plans/agency-agents`, { method: 'PUT', headers: { cookie, 'content-type': 'application/json' }, body: json(plan) });
      expect([r.status, await r.json()]).toEqual([500, { error: 'internal', message: 'unexpected error' }]);
      expect(logged.filter((l) => l.startsWith('studio: PUT /api/plans/agency-agents') && l.includes('ENOTDIR'))).toHaveLength(1);
    } finally {
      await broken.close();
    }
  });
});
