import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStudio } from '../server/app.js';
import type { StudioServer } from '../server/app.js';
import { loadSample } from '../server/sample.js';
import { demoUsers } from '../server/users.js';

// The studio server on the embedded sample with an in-memory PGlite store, exercised over real HTTP.
const sample = loadSample();
const PASSWORD = 'test-password';
const plansDir = join(mkdtempSync(join(tmpdir(), 'studio-plans-')), 'plans');
const period = sample.period.id;
let studio: StudioServer;

class Client {
  cookie = '';
  constructor(readonly base?: string) {}
  async call(method: string, path: string, body?: unknown): Promise<{ status: number; text: string; json: () => any }> {
    const res = await fetch(`${this.base ?? studio.url}${path}`, {
      method,
      headers: { ...(this.cookie ? { cookie: this.cookie } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const set = res.headers.get('set-cookie');
    if (set) this.cookie = set.split(';')[0]!;
    const text = await res.text();
    return { status: res.status, text, json: () => JSON.parse(text) };
  }
  async login(username: string, password = PASSWORD) {
    return this.call('POST', '/api/login', { username, password });
  }
}

// Two partners under the same plan, with statements that hold lines.
const [a, b] = sample.partners.filter((p) => p.kind === 'agent');
if (!a || !b) throw new Error('the sample needs two agents');

beforeAll(async () => {
  studio = await startStudio({ db: 'memory://', sample, users: await demoUsers(sample.partners, PASSWORD), now: () => '2026-11-05T09:00:00Z' });
  const designer = new Client();
  expect((await designer.login('designer')).status).toBe(200);
  const calc = await designer.call('POST', `/api/periods/${period}/calculate`);
  expect(calc.status, calc.text).toBe(200);
}, 120_000);

afterAll(async () => {
  await studio?.close();
});

describe('studio authorisation (server-enforced)', () => {
  it('refuses a wrong password and every route without a session', async () => {
    const anon = new Client();
    expect((await anon.login('designer', 'nope')).status).toBe(401);
    expect((await anon.login('nobody')).status).toBe(401);
    for (const path of ['/api/me', '/api/plans', '/api/sample', `/api/periods/${period}/statements`, `/api/periods/${period}/statements/${a.id}`]) {
      expect((await anon.call('GET', path)).status, path).toBe(401);
    }
  });

  it('staff run the workflow with four eyes: the calculator cannot approve, the approver can', async () => {
    const designer = new Client();
    await designer.login('designer');
    expect((await designer.call('GET', `/api/periods/${period}/statements`)).json().statements.length).toBeGreaterThan(2);
    // Before approval partners see nothing of the period.
    const early = new Client();
    await early.login(a.id.toLowerCase());
    expect((await early.call('GET', `/api/periods/${period}/statements`)).json().statements).toEqual([]);
    expect((await early.call('GET', `/api/periods/${period}/statements/${a.id}`)).status).toBe(404);
    expect((await designer.call('POST', `/api/periods/${period}/approve`)).status).toBe(403);
    const approver = new Client();
    await approver.login('approver');
    const validated = await approver.call('POST', `/api/periods/${period}/validate`);
    expect(validated.status, validated.text).toBe(200);
    const approved = await approver.call('POST', `/api/periods/${period}/approve`);
    expect(approved.status, approved.text).toBe(200);
    const runs = (await approver.call('GET', '/api/periods')).json().runs;
    expect(runs[0].state).toBe('approved');
  });

  it('a partner reads its own statement, line trace, invoice and workbook', async () => {
    const pa = new Client();
    expect((await pa.login(a.id.toLowerCase())).status).toBe(200);
    const list = (await pa.call('GET', `/api/periods/${period}/statements`)).json();
    expect(list.statements.map((s: { partnerId: string }) => s.partnerId)).toEqual([a.id]);
    const own = await pa.call('GET', `/api/periods/${period}/statements/${a.id}`);
    expect(own.status).toBe(200);
    const { statement } = own.json();
    expect(statement.partnerId).toBe(a.id);
    const line = statement.lines[0];
    expect(line).toBeDefined();
    const trace = await pa.call('GET', `/api/periods/${period}/statements/${a.id}/lines/${encodeURIComponent(line.id)}`);
    expect(trace.status).toBe(200);
    expect(trace.json().line.trace.cells.length).toBeGreaterThan(0);
    expect((await pa.call('GET', `/api/periods/${period}/statements/${a.id}/invoice`)).status).toBe(200);
    const pdf = await pa.call('GET', `/api/periods/${period}/statements/${a.id}/invoice.pdf`);
    expect(pdf.status, pdf.text.slice(0, 300)).toBe(200);
    expect(pdf.text.startsWith('%PDF')).toBe(true);
    const wb = await pa.call('GET', `/api/periods/${period}/statements/${a.id}/workbook.xlsx`);
    expect(wb.status).toBe(200);
  });

  it('partner A cannot read partner B by any route', async () => {
    // B's own session sees B's data: this is what A must never get.
    const pb = new Client();
    expect((await pb.login(b.id.toLowerCase())).status).toBe(200);
    const bStatement = (await pb.call('GET', `/api/periods/${period}/statements/${b.id}`)).json().statement;
    const bLine = bStatement.lines[0];
    expect(bLine).toBeDefined();

    const pa = new Client();
    await pa.login(a.id.toLowerCase());
    const aLine = (await pa.call('GET', `/api/periods/${period}/statements/${a.id}`)).json().statement.lines[0];
    const encB = encodeURIComponent(b.id);
    const attempts: [string, string, unknown?][] = [
      ['GET', `/api/periods/${period}/statements/${encB}`],
      ['GET', `/api/periods/${period}/statements/${encB}/lines/${encodeURIComponent(bLine.id)}`],
      ['GET', `/api/periods/${period}/statements/${encB}/lines/${encodeURIComponent(aLine.id)}`],
      ['GET', `/api/periods/${period}/statements/${encB}/invoice`],
      ['GET', `/api/periods/${period}/statements/${encB}/invoice.pdf`],
      ['GET', `/api/periods/${period}/statements/${encB}/workbook.xlsx`],
      ['GET', `/api/periods/${period}/statements/${b.id.toLowerCase()}`],
      ['GET', `/api/periods/${period}/statements/${encodeURIComponent(` ${b.id}`)}`],
      // A's own path with B's line id: the line must belong to the partner in the path.
      ['GET', `/api/periods/${period}/statements/${encodeURIComponent(a.id)}/lines/${encodeURIComponent(bLine.id)}`],
      // Staff-only routes expose every partner: refused to partners.
      ['GET', '/api/sample'],
      ['GET', '/api/plans'],
      ['GET', '/api/periods'],
      ['POST', `/api/periods/${period}/calculate`],
      ['POST', `/api/periods/${period}/validate`],
      ['POST', `/api/periods/${period}/approve`],
      ['PUT', '/api/plans/agency-agents', sample.plans[0]],
    ];
    for (const [method, path, body] of attempts) {
      const r = await pa.call(method, path, body);
      expect([403, 404], `${method} ${path} → ${r.status}`).toContain(r.status);
      expect(r.text, `${method} ${path} leaks B`).not.toContain(bLine.id);
      expect(r.text).not.toContain(b.name);
    }
    // The list only ever names A.
    const list = await pa.call('GET', `/api/periods/${period}/statements`);
    expect(list.text).not.toContain(b.id);
    expect(list.text).not.toContain(b.name);
    // A stolen-looking cookie is no session.
    const forged = new Client();
    forged.cookie = 'studio_session=AAAA';
    expect((await forged.call('GET', `/api/periods/${period}/statements/${encB}`)).status).toBe(401);
  });

  it('every API route refuses partner A the data of partner B (walked from the router, so new routes are covered)', async () => {
    const pb = new Client();
    await pb.login(b.id.toLowerCase());
    const bLine = (await pb.call('GET', `/api/periods/${period}/statements/${b.id}`)).json().statement.lines[0];
    const pa = new Client();
    await pa.login(a.id.toLowerCase());
    // routes a partner may call: they answer about the caller only
    const openToPartners = new Set(['/api/me', '/api/auth', '/api/login', '/api/logout', '/api/periods/:period/statements']);
    const routes = studio.app.routes.filter((r) => r.path.startsWith('/api/') && r.method !== 'ALL' && !r.path.includes('*'));
    expect(routes.length).toBeGreaterThan(12);
    for (const r of routes) {
      const path = r.path
        .replace(':period', period)
        .replace(':partner', encodeURIComponent(b.id))
        .replace(':line', encodeURIComponent(bLine.id))
        .replace(/:\w+/g, 'x');
      const res = await pa.call(r.method, path, ['POST', 'PUT', 'PATCH'].includes(r.method) ? {} : undefined);
      if (!openToPartners.has(r.path)) expect([400, 403, 404], `${r.method} ${r.path} → ${res.status}`).toContain(res.status);
      expect(res.text, `${r.method} ${r.path} leaks B`).not.toContain(b.name);
      expect(res.text, `${r.method} ${r.path} leaks B`).not.toContain(bLine.id);
      if (r.path === '/api/logout') await pa.login(a.id.toLowerCase());
    }
  });

  it("the PDF and workbook a partner downloads hold nothing of another partner", async () => {
    const pa = new Client();
    await pa.login(a.id.toLowerCase());
    const others = sample.partners.filter((p) => p.id !== a.id);
    const pdf = await fetch(`${studio.url}/api/periods/${period}/statements/${a.id}/invoice.pdf`, { headers: { cookie: pa.cookie } });
    expect(pdf.status).toBe(200);
    const dir = mkdtempSync(join(tmpdir(), 'studio-docs-'));
    writeFileSync(join(dir, 'a.pdf'), Buffer.from(await pdf.arrayBuffer()));
    const text = execFileSync('pdftotext', ['-layout', join(dir, 'a.pdf'), '-'], { encoding: 'utf8' });
    expect(text).toContain(a.id);
    const xlsx = await fetch(`${studio.url}/api/periods/${period}/statements/${a.id}/workbook.xlsx`, { headers: { cookie: pa.cookie } });
    expect(xlsx.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as never);
    const cells: string[] = [];
    book.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => cells.push(String(cell.text ?? '')))));
    const workbookText = cells.join('\n');
    expect(workbookText).toContain(a.id);
    for (const o of others) {
      for (const [what, doc] of [['PDF', text], ['workbook', workbookText]] as const) {
        expect(doc.includes(o.id), `${what} names partner ${o.id}`).toBe(false);
        expect(doc.includes(o.name), `${what} names ${o.name}`).toBe(false);
      }
    }
  });

  it('a plan designer saves an edited plan: validated by core, kept, and used by the next calculation', async () => {
    // A studio of its own: this one's period stays open for recalculation.
    const own = await startStudio({ db: 'memory://', sample, users: await demoUsers(sample.partners, PASSWORD), now: () => '2026-11-05T09:00:00Z', plansDir });
    const designer = new Client(own.url);
    await designer.login('designer');
    expect((await designer.call('POST', `/api/periods/${period}/calculate`)).status).toBe(200);
    const plan = sample.plans.find((p) => p.id === 'agency-agents')!;
    const bad = await designer.call('PUT', '/api/plans/agency-agents', { ...plan, sheets: { ...plan.sheets, Lines: { ...plan.sheets['Lines']!, filter: '=[@nope]' } } });
    expect(bad.status).toBe(422);
    expect(bad.json().issues.length).toBeGreaterThan(0);
    const agency = sample.partners.find((p) => p.kind === 'agency')!;
    const before = (await designer.call('GET', `/api/periods/${period}/statements/${agency.id}`)).json().statement;
    const bonus = (s: { lines: { payout: string; amount: string }[] }) => s.lines.filter((l) => l.payout === 'EEBonus' && l.amount !== '0.00');
    expect(bonus(before).length).toBeGreaterThan(0);
    const edited = { ...plan, parameters: { ...plan.parameters, EfficiencyBonus: { ...plan.parameters['EfficiencyBonus']!, value: '40.00' } } };
    const saved = await designer.call('PUT', '/api/plans/agency-agents', edited);
    expect(saved.status).toBe(200);
    // the calculation stored version 1 (the sample's plan); saving the edit makes version 2 and leaves 1 untouched
    expect(saved.json().version).toMatchObject({ version: 2, created: true });
    expect(saved.json().plan.version).toBe(2);
    expect(existsSync(join(plansDir, 'agency-agents.json'))).toBe(true);
    expect(JSON.parse(readFileSync(join(plansDir, 'agency-agents.json'), 'utf8')).parameters.EfficiencyBonus.value).toBe('40.00');
    expect((await designer.call('POST', `/api/periods/${period}/calculate`)).status).toBe(200);
    const after = (await designer.call('GET', `/api/periods/${period}/statements/${agency.id}`)).json().statement;
    expect(bonus(after).map((l) => l.amount)).toEqual(bonus(before).map(() => '40.00'));
    await own.close();
  });
});
