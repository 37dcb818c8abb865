import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStudio } from '../server/app.js';
import type { StudioServer } from '../server/app.js';
import { loadSample } from '../server/sample.js';
import { demoUsers } from '../server/users.js';

// Plan authoring over real HTTP: new drafts (blank, template, clone), versions, history, diff and the what-if, on the
// embedded sample with an in-memory PGlite store of this file's own.
const sample = loadSample();
const PASSWORD = 'test-password';
let studio: StudioServer;

class Client {
  cookie = '';
  async call(method: string, path: string, body?: unknown): Promise<{ status: number; text: string; json: () => any }> {
    const res = await fetch(`${studio.url}${path}`, {
      method,
      headers: { ...(this.cookie ? { cookie: this.cookie } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const set = res.headers.get('set-cookie');
    if (set) this.cookie = set.split(';')[0]!;
    const text = await res.text();
    return { status: res.status, text, json: () => JSON.parse(text) };
  }
  static async as(username: string): Promise<Client> {
    const c = new Client();
    const r = await c.call('POST', '/api/login', { username, password: PASSWORD });
    if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${r.text}`);
    return c;
  }
}

const request = (over: Record<string, unknown> = {}) => ({
  id: 'agenti-2027',
  name: { it: 'Agenti 2027', en: 'Agents 2027' },
  effectiveFrom: '2027-01-01',
  effectiveTo: null,
  from: { kind: 'blank', currency: 'EUR' },
  ...over,
});

beforeAll(async () => {
  studio = await startStudio({ db: 'memory://', sample, users: await demoUsers(sample.partners, PASSWORD), now: () => '2026-11-05T09:00:00Z' });
}, 120_000);

afterAll(async () => {
  await studio?.close();
});

describe('new plans', () => {
  it('starts a blank plan: nothing in it, the currency asked for, rounded to its minor units', async () => {
    const designer = await Client.as('designer');
    const r = await designer.call('POST', '/api/plans/drafts', request({ from: { kind: 'blank', currency: 'JPY' } }));
    expect(r.status, r.text).toBe(201);
    const { plan } = r.json();
    expect(plan).toMatchObject({ id: 'agenti-2027', version: 1, currency: 'JPY', sheets: {}, payouts: {}, selector: {}, effectiveFrom: '2027-01-01' });
    // ISO 4217: the yen has no minor unit
    expect(plan.rounding).toEqual({ mode: 'halfUp', scale: 0 });
  });

  it('refuses a bad request naming each field, an existing id, and anyone but a designer', async () => {
    const designer = await Client.as('designer');
    const bad = await designer.call('POST', '/api/plans/drafts', request({ id: 'Agenti 2027', effectiveFrom: '2027-02-30' }));
    expect(bad.status).toBe(422);
    const paths = bad.json().issues.map((i: { path: string[] }) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['id', 'effectiveFrom']));
    const backwards = await designer.call('POST', '/api/plans/drafts', request({ effectiveTo: '2026-12-31' }));
    expect(backwards.status).toBe(422);
    expect(backwards.json().issues[0].path).toEqual(['effectiveTo']);
    expect((await designer.call('POST', '/api/plans/drafts', request({ id: 'agency-agents' }))).status).toBe(409);
    expect((await designer.call('POST', '/api/plans/drafts', request({ from: { kind: 'template', template: 'nope' } }))).status).toBe(404);
    const finance = await Client.as('finance');
    expect((await finance.call('POST', '/api/plans/drafts', request())).status).toBe(403);
    expect((await finance.call('PUT', '/api/plans/agency-agents', sample.plans[0])).status).toBe(403);
  });

  it('copies a template under the new id, name and dates', async () => {
    const designer = await Client.as('designer');
    const r = await designer.call('POST', '/api/plans/drafts', request({ id: 'outbound-2027', from: { kind: 'template', template: 'outbound' } }));
    expect(r.status, r.text).toBe(201);
    const template = sample.plans.find((p) => p.id === 'outbound')!;
    const { plan } = r.json();
    expect(plan.sheets).toEqual(JSON.parse(JSON.stringify(template.sheets)));
    expect(plan.tables).toEqual(JSON.parse(JSON.stringify(template.tables)));
    expect(plan).toMatchObject({ id: 'outbound-2027', version: 1, name: { it: 'Agenti 2027' }, effectiveFrom: '2027-01-01', currency: template.currency });
  });
});

describe('versions', () => {
  it('save makes versions; history lists them; the diff names what changed; a version can be cloned', async () => {
    const designer = await Client.as('designer');
    const plan = sample.plans.find((p) => p.id === 'field-service')!;
    const v1 = await designer.call('PUT', '/api/plans/field-service', plan);
    expect(v1.status, v1.text).toBe(200);
    expect(v1.json().version).toMatchObject({ version: 1, created: true });
    const edited = { ...plan, description: 'second version' };
    const v2 = await designer.call('PUT', '/api/plans/field-service', edited);
    expect(v2.json().version).toMatchObject({ version: 2, created: true });
    const history = (await designer.call('GET', '/api/plans/field-service/versions')).json().versions;
    expect(history.map((v: { version: number }) => v.version)).toEqual([1, 2]);
    expect(history[1]).toMatchObject({ savedBy: 'designer', savedAt: '2026-11-05T09:00:00Z' });
    // an approver reads history and diffs too (reviewing what changed), a partner nothing (authorization.test.ts)
    const approver = await Client.as('approver');
    const diff = await approver.call('GET', '/api/plans/field-service/diff?from=1&to=2');
    expect(diff.status, diff.text).toBe(200);
    // the only edit: the description (the version number is no content)
    expect(plan.description).toBeTruthy();
    expect(diff.json().changes.map((c: { path: string; kind: string }) => `${c.kind} ${c.path}`)).toEqual(['changed description']);
    expect((await approver.call('GET', '/api/plans/field-service/diff?from=1&to=9')).status).toBe(404);
    expect((await approver.call('GET', '/api/plans/field-service/diff?from=uno&to=2')).status).toBe(400);
    const v1Read = (await approver.call('GET', '/api/plans/field-service/versions/1')).json();
    expect(v1Read.plan.description).toBe(plan.description);
    const clone = await designer.call('POST', '/api/plans/drafts', request({ id: 'field-2027', from: { kind: 'version', planId: 'field-service', version: 2 } }));
    expect(clone.status, clone.text).toBe(201);
    expect(clone.json().plan).toMatchObject({ id: 'field-2027', description: 'second version', version: 1 });
  });
});

describe('what-if for all partners', () => {
  it('raising the efficiency bonus by 15 moves each partner by 15 per qualifying contract', async () => {
    const designer = await Client.as('designer');
    const plan = sample.plans.find((p) => p.id === 'agency-agents')!;
    const draft = { ...plan, parameters: { ...plan.parameters, EfficiencyBonus: { ...plan.parameters['EfficiencyBonus']!, value: '40.00' } } };
    const r = await designer.call('POST', '/api/plans/agency-agents/what-if', draft);
    expect(r.status, r.text).toBe(200);
    const result = r.json();
    // Independent computation from the facts: the plan pays EfficiencyBonus on each of the partner's contracts of
    // the period that passed the quality check (the line filter) and is an energy-efficiency contract; 25 → 40.
    const expected = new Map<string, number>();
    for (const p of sample.partners.filter((x) => x.kind === 'agency' || x.kind === 'agent')) expected.set(p.id, 0);
    for (const c of sample.facts['contracts']!) {
      const date = String(c['signedDate']);
      if (date < sample.period.start || date > sample.period.end || c['qualityOk'] !== true || c['energyEfficiency'] !== true) continue;
      const id = String(c['partnerId']);
      if (expected.has(id)) expected.set(id, expected.get(id)! + 15);
    }
    expect(new Set(result.partners.map((p: { partnerId: string }) => p.partnerId))).toEqual(new Set(expected.keys()));
    for (const p of result.partners) expect(Number(p.delta), p.partnerId).toBe(expected.get(p.partnerId));
    const sum = [...expected.values()].reduce((a, b) => a + b, 0);
    expect(sum).toBeGreaterThan(0);
    expect(Number(result.totals.delta)).toBe(sum);
    // the top mover moved most; its changed lines are the bonus lines, each +15.00
    const top = result.partners.find((p: { partnerId: string }) => p.partnerId === result.topMovers[0]);
    expect(Number(top.delta)).toBe(Math.max(...expected.values()));
    const moved = top.lines.filter((l: { delta: string }) => l.delta !== '0.00');
    expect(moved.every((l: { payout: string; delta: string }) => l.payout === 'EEBonus' && l.delta === '15.00')).toBe(true);
    expect(result.baselineSource).toBe('studio');
  });

  it('refuses a draft with errors, and a partner', async () => {
    const designer = await Client.as('designer');
    const plan = sample.plans.find((p) => p.id === 'agency-agents')!;
    const bad = await designer.call('POST', '/api/plans/agency-agents/what-if', { ...plan, sheets: { ...plan.sheets, Lines: { ...plan.sheets['Lines']!, filter: '=[@nope]' } } });
    expect(bad.status).toBe(422);
    expect(bad.json().issues.length).toBeGreaterThan(0);
    const partner = await Client.as(sample.partners[0]!.id.toLowerCase());
    expect((await partner.call('POST', '/api/plans/agency-agents/what-if', plan)).status).toBe(403);
    expect((await partner.call('GET', '/api/plans/agency-agents/versions')).status).toBe(403);
  });
});
