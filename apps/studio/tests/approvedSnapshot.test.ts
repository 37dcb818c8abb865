import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Decimal, evaluate } from '@provvigo/core';
import type { FiscalResult, Partner, PeriodStatement, Plan, Statement } from '@provvigo/core';
import { startStudio } from '../server/app.js';
import type { StudioServer } from '../server/app.js';
import { loadSample } from '../server/sample.js';
import { demoUsers } from '../server/users.js';
// LibreOffice Calc headless recalculates the workbooks (the workbook package's own helper, one process for all files)
import { recalculate } from '../../../packages/workbook/tests/recalc.js';

/**
 * One source of truth, end to end over HTTP: for EVERY partner of the sample period, what the portal API returns,
 * the statement PDF, the invoice PDF (read back with pdftotext), the FatturaPA XML and the "download my calculation"
 * workbook recalculated by LibreOffice agree per component and in total. Then a designer edits a plan after approval
 * and nothing a partner sees changes. All partners' workbooks are recalculated by LibreOffice (one process: the
 * sample has 20 partners, fast enough for CI), none is checked through cached values only.
 */
const sample = loadSample();
const PASSWORD = 'test-password';
const period = sample.period.id;
const dir = mkdtempSync(join(tmpdir(), 'studio-snapshot-'));
let studio: StudioServer;

class Client {
  cookie = '';
  async call(method: string, path: string, body?: unknown): Promise<{ status: number; bytes: Buffer; json: () => any }> {
    const res = await fetch(`${studio.url}${path}`, {
      method,
      headers: { ...(this.cookie ? { cookie: this.cookie } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const set = res.headers.get('set-cookie');
    if (set) this.cookie = set.split(';')[0]!;
    const bytes = Buffer.from(await res.arrayBuffer());
    return { status: res.status, bytes, json: () => JSON.parse(bytes.toString('utf8')) };
  }
  static async as(username: string): Promise<Client> {
    const c = new Client();
    const r = await c.call('POST', '/api/login', { username, password: PASSWORD });
    if (r.status !== 200) throw new Error(`login ${username}: ${r.status}`);
    return c;
  }
}

// ------------------------------------------------------------------------------------------ reading documents

/**
 * Every amount on a line of text, in either language and whatever the grouping: it "1.234,56 €", en "€1,234.56",
 * negatives with a leading minus. Read as the document's locale says, independently of the documents' formatter.
 */
function amountsOn(line: string, locale: 'it' | 'en'): Decimal[] {
  const group = locale === 'it' ? '.' : ',';
  const decimal = locale === 'it' ? ',' : '.';
  const re = locale === 'it' ? /(-?)\s?(\d{1,3}(?:[.\u00a0\u202f ]?\d{3})*,\d{2})\s?€/g : /(-?)\s?€\s?(\d{1,3}(?:[,\u00a0\u202f ]?\d{3})*\.\d{2})/g;
  return [...line.matchAll(re)].map((m) => {
    const digits = m[2]!.split(group).join('').replace(/[\u00a0\u202f ]/g, '').replace(decimal, '.');
    return new Decimal(`${m[1]}${digits}`);
  });
}

const LABELS = {
  it: { summary: 'Riepilogo per componente', commissions: 'Totale provvigioni', taxable: 'Imponibile', documentTotal: 'Totale documento', withholdings: 'Ritenute', netToPay: 'Netto a pagare', total: 'Totale ', statementTotal: 'Totale estratto conto' },
  en: { summary: 'Summary by component', commissions: 'Total commissions', taxable: 'Taxable amount', documentTotal: 'Document total', withholdings: 'Withholdings', netToPay: 'Net to pay', total: 'Total ', statementTotal: 'Statement total' },
} as const;

function pdfLines(bytes: Buffer, name: string): string[] {
  const file = join(dir, name);
  writeFileSync(file, bytes);
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).split('\n').map((l) => l.trim());
}

/** The last amount of the first line starting with `label`. */
function amountAfter(lines: string[], label: string, locale: 'it' | 'en', from = 0): Decimal {
  const line = lines.slice(from).find((l) => l.startsWith(label));
  if (!line) throw new Error(`no line "${label}…"`);
  const amounts = amountsOn(line, locale);
  if (!amounts.length) throw new Error(`no amount on "${line}"`);
  return amounts[amounts.length - 1]!;
}

/** The last amount of each line strictly between the lines starting with `start` and `end`. */
function amountsBetween(lines: string[], start: string, end: string, locale: 'it' | 'en'): Decimal[] {
  const a = lines.findIndex((l) => l.startsWith(start));
  const b = lines.findIndex((l, i) => i > a && l.startsWith(end));
  if (a < 0 || b < 0) throw new Error(`no section ${start} … ${end}`);
  return lines.slice(a + 1, b).flatMap((l) => amountsOn(l, locale).slice(-1));
}

const xmlValues = (xml: string, tag: string): Decimal[] => [...xml.matchAll(new RegExp(`<${tag}>([^<]*)</${tag}>`, 'g'))].map((m) => new Decimal(m[1]!));

// ------------------------------------------------------------------------------------------- expected figures

const sum = (xs: Decimal[]): Decimal => xs.reduce((a, x) => a.plus(x), new Decimal(0));
const sorted = (xs: Decimal[]): string[] => xs.map((x) => x.toFixed(2)).sort();

/**
 * Payable now per component and payout: the period statement's payable units of this period's lines, summed by the
 * line's component and payout (the documents show one group per payout, labelled with the plan's payout label).
 */
function payableByComponent(ps: PeriodStatement): Map<string, Decimal> {
  const component = new Map(ps.lines.map((l) => [l.id, `${l.component}/${l.payout}`]));
  const out = new Map<string, Decimal>();
  for (const e of ps.earned) {
    if (e.status !== 'payable' || !e.lineId || !component.has(e.lineId)) continue;
    const c = component.get(e.lineId)!;
    out.set(c, (out.get(c) ?? new Decimal(0)).plus(e.amount));
  }
  return out;
}

/** Multiset inclusion: every expected amount is among the found ones (as many times). */
function expectIncluded(found: Decimal[], expected: Decimal[], what: string): void {
  const pool = sorted(found);
  for (const x of sorted(expected)) {
    const i = pool.indexOf(x);
    expect(i, `${what}: ${x} not among ${pool.join(', ')}`).toBeGreaterThanOrEqual(0);
    pool.splice(i, 1);
  }
}

/** The Statement sheet of a recalculated workbook: line rows (component, live amount, engine amount) and the live total. */
function workbookFigures(rows: string[][]): { lines: { component: string; live: Decimal; cached: Decimal }[]; total: Decimal } {
  const totalIdx = rows.findIndex((r) => r[0] === 'Total');
  if (totalIdx < 0) throw new Error('no Total row on the Statement sheet');
  // rows 1–2 are the title and the column heads; the lines follow (buildCalculationWorkbook's layout)
  const lines = rows.slice(2, totalIdx).map((r) => ({ component: r[1]!, live: new Decimal(r[3] || '0'), cached: new Decimal(r[4] || '0') }));
  return { lines, total: new Decimal(rows[totalIdx]![3] || '0') };
}

interface Seen {
  api: unknown;
  invoice: string[];
  statement: string[];
  xml: string;
  workbook: string[][];
}

/** Everything partner `id` sees of the period, fetched as that partner. */
async function whatPartnerSees(id: string, tag: string): Promise<Seen & { files: { xlsx: string } }> {
  const me = await Client.as(id.toLowerCase());
  const base = `/api/periods/${period}/statements/${id}`;
  const got: Awaited<ReturnType<Client['call']>>[] = [];
  for (const suffix of ['', '/invoice.pdf', '/statement.pdf', '/invoice.xml', '/workbook.xlsx']) got.push(await me.call('GET', `${base}${suffix}`));
  const [api, invoice, statement, xml, xlsx] = got;
  for (const r of [api, invoice, statement, xml, xlsx]) expect(r!.status, `${id} ${r!.bytes.subarray(0, 200).toString()}`).toBe(200);
  const file = join(dir, `${tag}-${id}.xlsx`);
  writeFileSync(file, xlsx!.bytes);
  return {
    api: api!.json(),
    invoice: pdfLines(invoice!.bytes, `${tag}-${id}-invoice.pdf`),
    statement: pdfLines(statement!.bytes, `${tag}-${id}-statement.pdf`),
    xml: xml!.bytes.toString('utf8'),
    workbook: [],
    files: { xlsx: file },
  };
}

async function everyPartnerSees(tag: string): Promise<Map<string, Seen>> {
  const seen = new Map<string, Seen & { files: { xlsx: string } }>();
  for (const p of sample.partners) seen.set(p.id, await whatPartnerSees(p.id, tag));
  const sheets = recalculate([...seen.values()].map((s) => s.files.xlsx));
  for (const [id, s] of seen) s.workbook = sheets.get(`${tag}-${id}`)!;
  return new Map([...seen].map(([id, { files: _f, ...rest }]) => [id, rest]));
}

// --------------------------------------------------------------------------------------------------- the test

let before: Map<string, Seen>;

beforeAll(async () => {
  studio = await startStudio({
    db: 'memory://',
    plansDir: join(dir, 'plans'),
    sample,
    users: await demoUsers(sample.partners, PASSWORD),
    now: () => '2026-11-05T09:00:00Z',
  });
  // the client reuses connections; on a busy machine a response can take longer than Node's 5 s keep-alive default
  studio.server.keepAliveTimeout = 120_000;
  const designer = await Client.as('designer');
  expect((await designer.call('POST', `/api/periods/${period}/calculate`)).status).toBe(200);
  const approver = await Client.as('approver');
  expect((await approver.call('POST', `/api/periods/${period}/validate`)).status).toBe(200);
  const approved = await approver.call('POST', `/api/periods/${period}/approve`);
  expect(approved.status).toBe(200);
  // every partner is approved (the sample's bad records are rejected, no partner is blocked): all of them are walked
  expect(approved.json().approved.length).toBe(sample.partners.length);
  before = await everyPartnerSees('approved');
}, 1_200_000); // 20 partners × 5 downloads, pdftotext and one LibreOffice pass: minutes on a loaded 2-core machine

afterAll(async () => {
  await studio?.close();
}, 120_000);

describe('every partner-facing artefact comes from the approved run', () => {
  it('portal API = statement PDF = invoice PDF = FatturaPA = LibreOffice-recalculated workbook, per component and total, for every partner', () => {
    let components = 0;
    for (const partner of sample.partners) {
      const seen = before.get(partner.id)!;
      const api = seen.api as { partner: Partner; statement: Statement; periodStatement: PeriodStatement; fiscal: FiscalResult };
      const locale = api.partner.language ?? 'it';
      const L = LABELS[locale];
      const where = `${partner.id} (${locale})`;
      const ps = api.periodStatement;
      const payable = new Decimal(ps.payable);
      const byComponent = payableByComponent(ps);
      const nonZero = [...byComponent.values()].filter((x) => !x.isZero());
      components += byComponent.size;

      // earned (the evaluation): the API's components are its lines', and the workbook recalculated by LibreOffice gives
      // every component and the total to the cent, both live (formulas) and as the engine wrote them
      const wb = workbookFigures(seen.workbook);
      const wbByComponent = new Map<string, Decimal>();
      for (const l of wb.lines) {
        wbByComponent.set(l.component, (wbByComponent.get(l.component) ?? new Decimal(0)).plus(l.live));
        expect(l.live.toFixed(2), `${where} workbook live = cached`).toBe(l.cached.toFixed(2));
      }
      for (const [component, amount] of Object.entries(api.statement.byComponent)) {
        expect((wbByComponent.get(component) ?? new Decimal(0)).toFixed(2), `${where} workbook ${component}`).toBe(new Decimal(amount).toFixed(2));
      }
      expect(wb.total.toFixed(2), `${where} workbook total`).toBe(new Decimal(api.statement.total).toFixed(2));
      expect(sum(Object.values(api.statement.byComponent).map((x) => new Decimal(x))).toFixed(2)).toBe(new Decimal(api.statement.total).toFixed(2));

      // paid (period statement): the statement PDF shows each component's payable total and the payable
      const statementTotals = seen.statement.filter((l) => l.startsWith(L.total) && !l.startsWith(L.statementTotal)).flatMap((l) => amountsOn(l, locale).slice(-1));
      expectIncluded(statementTotals, nonZero, `${where} statement PDF components`);
      expect(amountAfter(seen.statement, L.statementTotal, locale).toFixed(2), `${where} statement PDF total`).toBe(payable.toFixed(2));

      // the invoice PDF: each component in the summary, the commissions total = payable, and the fiscal totals the run stored
      const summary = amountsBetween(seen.invoice, L.summary, L.commissions, locale);
      expectIncluded(summary, nonZero, `${where} invoice PDF components`);
      expect(sum(summary).toFixed(2), `${where} invoice PDF summary`).toBe(payable.toFixed(2));
      expect(amountAfter(seen.invoice, L.commissions, locale).toFixed(2)).toBe(payable.toFixed(2));
      const t = api.fiscal.totals;
      expect(new Decimal(t.fees).toFixed(2), `${where} fiscal fees = payable`).toBe(payable.toFixed(2));
      expect(amountAfter(seen.invoice, L.taxable, locale).toFixed(2), `${where} taxable`).toBe(new Decimal(t.taxable).toFixed(2));
      expect(amountAfter(seen.invoice, L.documentTotal, locale).toFixed(2), `${where} document total`).toBe(new Decimal(t.documentTotal).toFixed(2));
      expect(amountAfter(seen.invoice, L.netToPay, locale).toFixed(2), `${where} net to pay`).toBe(new Decimal(t.netToPay).toFixed(2));
      // net to pay by hand: document total − withholdings − split-payment VAT
      expect(new Decimal(t.documentTotal).minus(t.withholdingsTotal).minus(t.splitPaymentVat).toFixed(2)).toBe(new Decimal(t.netToPay).toFixed(2));

      // FatturaPA: the lines carry each component, and the document's totals are the fiscal result's
      const xml = seen.xml;
      expectIncluded(xmlValues(xml, 'PrezzoTotale'), nonZero, `${where} FatturaPA lines`);
      expect(xmlValues(xml, 'ImportoTotaleDocumento')[0]?.toFixed(2), `${where} FatturaPA total`).toBe(new Decimal(t.documentTotal).toFixed(2));
      expect(sum(xmlValues(xml, 'ImportoPagamento')).toFixed(2), `${where} FatturaPA payment`).toBe(new Decimal(t.netToPay).toFixed(2));
      expect(sum(xmlValues(xml, 'ImportoRitenuta')).toFixed(2), `${where} FatturaPA withholdings`).toBe(new Decimal(t.withholdingsTotal).toFixed(2));
      expect(sum(xmlValues(xml, 'Imposta')).toFixed(2), `${where} FatturaPA VAT`).toBe(new Decimal(t.vatTotal).toFixed(2));
    }
    expect(components).toBeGreaterThan(sample.partners.length); // several components per partner on average: not vacuous
  });

  it('a plan edited after approval changes the live plan, and nothing a partner sees', async () => {
    const designer = await Client.as('designer');
    const live = (await designer.call('GET', '/api/plans')).json().plans as Plan[];
    const plan = live.find((p) => p.id === 'agency-agents')!;
    // the example: a commission parameter multiplied after approval
    const rate = Object.entries(plan.parameters).find(([, p]) => p.type === 'money' || p.type === 'number');
    expect(rate, 'agency-agents has a numeric parameter').toBeDefined();
    const [name, param] = rate!;
    const edited: Plan = { ...plan, parameters: { ...plan.parameters, [name]: { ...param, value: new Decimal(String(param.value)).times(15).toString() } } };
    const saved = await designer.call('PUT', `/api/plans/${plan.id}`, edited);
    expect(saved.status, saved.bytes.toString()).toBe(200);
    const after = (await designer.call('GET', '/api/plans')).json().plans as Plan[];
    expect(after.find((p) => p.id === plan.id)!.parameters[name]!.value).toBe(edited.parameters[name]!.value);

    // the edit matters: evaluated live, the plan's partners would get other figures (so the comparison below can fail)
    const livePartners = sample.partners.filter((p) => (before.get(p.id)!.api as { statement: Statement }).statement.lines.some((l) => l.planId === plan.id));
    const liveRun = evaluate({ period: sample.period, plans: after, partners: sample.partners, factSchema: sample.factSchema, facts: sample.facts });
    const changed = livePartners.filter((p) => liveRun.statements.find((s) => s.partnerId === p.id)!.total !== (before.get(p.id)!.api as { statement: Statement }).statement.total);
    expect(changed.length).toBeGreaterThan(0);

    // the approved run cannot be recalculated, and every partner sees exactly what it saw
    expect((await designer.call('POST', `/api/periods/${period}/calculate`)).status).toBe(409);
    const now = await everyPartnerSees('edited');
    for (const p of sample.partners) {
      const a = before.get(p.id)!;
      const b = now.get(p.id)!;
      expect(b.api, `${p.id} portal API`).toEqual(a.api);
      expect(b.invoice, `${p.id} invoice PDF`).toEqual(a.invoice);
      expect(b.statement, `${p.id} statement PDF`).toEqual(a.statement);
      expect(b.xml, `${p.id} FatturaPA`).toBe(a.xml);
      expect(b.workbook, `${p.id} workbook recalculated`).toEqual(a.workbook);
    }
  }, 1_200_000);
});
