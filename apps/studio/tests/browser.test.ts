import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { parse } from 'csv-parse/sync';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStudio } from '../server/app.js';
import type { StudioServer } from '../server/app.js';
import { loadSample } from '../server/sample.js';
import type { SampleData } from '../server/sample.js';
import { demoUsers } from '../server/users.js';
import { startSmtp, type TestSmtp } from '../../../packages/documents/tests/smtp.js';
import { arrowTo, liveText, pressAndHear, untilHeard } from '../../../packages/react/tests/browser/liveRegion.js';

// The studio end to end in Debian's Chromium: built client, real server, in-memory store.
const appDir = resolve(fileURLToPath(new URL('..', import.meta.url)));
const artifacts = resolve(appDir, '../../test-artifacts');
const require = createRequire(import.meta.url);
const sample = loadSample();
const PASSWORD = 'browser-test';
const [agent, other] = sample.partners.filter((p) => p.kind === 'agent');
let studio: StudioServer;
let browser: Browser;
let smtp: TestSmtp;

beforeAll(async () => {
  execFileSync('pnpm', ['run', 'build'], { cwd: appDir, stdio: 'pipe', timeout: 200_000 });
  // e-mail to partners through a real SMTP server: the period page offers to send the answers
  smtp = await startSmtp();
  const mail = { smtp: smtp.url, from: 'provvigioni@example.com' };
  studio = await startStudio({ db: 'memory://', sample, users: await demoUsers(sample.partners, PASSWORD), clientDir: join(appDir, 'dist/client'), now: () => '2026-11-05T09:00:00Z', mail });
  const login = await fetch(`${studio.url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'designer', password: PASSWORD }) });
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  expect((await fetch(`${studio.url}/api/periods/${sample.period.id}/calculate`, { method: 'POST', headers: { cookie } })).status).toBe(200);
  // Partners see a period once it is approved (four eyes: the approver is another person).
  const approverLogin = await fetch(`${studio.url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'approver', password: PASSWORD }) });
  const approver = approverLogin.headers.get('set-cookie')!.split(';')[0]!;
  for (const step of ['validate', 'approve']) {
    expect((await fetch(`${studio.url}/api/periods/${sample.period.id}/${step}`, { method: 'POST', headers: { cookie: approver } })).status).toBe(200);
  }
  browser = await chromium.launch({
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
  mkdirSync(artifacts, { recursive: true });
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await studio?.close();
  await smtp?.stop();
});

async function login(username: string): Promise<Page> {
  // bypassCSP only lets the test inject axe-core: the studio's own pages run under its CSP (tests/security.test.ts)
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, bypassCSP: true });
  await page.goto(studio.url);
  await page.fill('#username', username);
  await page.fill('#password', PASSWORD);
  await page.click('button[type="submit"]');
  return page;
}

describe('studio in Chromium', () => {
  it('words a refused login in the language chosen, the server\'s English message never shown', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await page.goto(studio.url);
    const error = page.locator('[data-testid="login-error"]');
    const attempt = async () => {
      await page.fill('#username', 'nessuno-browser');
      await page.fill('#password', 'not-the-password');
      // one at a time: the server counts a failure once it has answered it
      await Promise.all([page.waitForResponse((r) => r.url().endsWith('/api/login')), page.click('button[type="submit"]')]);
    };
    await attempt();
    await expect.poll(() => error.textContent(), { timeout: 30_000 }).toBe('Utente o password errati.');
    // switching the language rewords the refusal already shown
    await page.selectOption('select[data-testid="language"]', 'en');
    await expect.poll(() => error.textContent(), { timeout: 30_000 }).toBe('Wrong user name or password.');
    // five failures for one name block it (the studio's default policy): the sixth is told when to try again
    for (let i = 0; i < 5; i++) await attempt();
    await expect.poll(() => error.textContent(), { timeout: 60_000 }).toMatch(/^Too many failed logins: try again in \d+ seconds\.$/);
    await page.selectOption('select[data-testid="language"]', 'it');
    await expect.poll(() => error.textContent(), { timeout: 30_000 }).toMatch(/^Troppi accessi non riusciti: riprova tra \d+ secondi\.$/);
    expect(await error.getAttribute('role')).toBe('alert');
    await page.close();
  });

  it('a partner logs in, reads its statement and a derivation, and cannot fetch another partner', async () => {
    const page = await login(agent!.id.toLowerCase());
    await page.locator('[data-testid="statement"]').waitFor({ timeout: 30_000 });
    expect(await page.locator('[data-testid="statement"] h2').textContent()).toContain(agent!.name);
    await page.locator('[data-testid="explain-toggle"]').first().click();
    await page.locator('[data-testid="explanation"]').waitFor();
    expect(await page.locator('[data-testid="download-workbook"]').getAttribute('href')).toContain(`/statements/${agent!.id}/workbook.xlsx`);
    await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
    const violations = await page.evaluate(async () => {
      const w = window as unknown as { axe: { run: (c: unknown, o: unknown) => Promise<{ violations: { id: string }[] }> } };
      return (await w.axe.run('#root', { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] } })).violations.map((v) => v.id);
    });
    expect(violations).toEqual([]);
    await page.screenshot({ path: join(artifacts, 'studio-partner.png'), fullPage: true });
    // The browser holds the partner's session cookie: the server still refuses another partner's statement.
    const status = await page.evaluate(async (url) => (await fetch(url)).status, `/api/periods/${sample.period.id}/statements/${other!.id}`);
    expect(status).toBe(403);
    await page.close();
  });

  it('a plan designer opens the builder on a sample plan and the period list', async () => {
    const page = await login('designer');
    await page.locator('[data-testid="plan-builder"]').waitFor({ timeout: 30_000 });
    expect(await page.locator('[data-testid="plan-valid"]').count()).toBe(1);
    // a gate previews VERO/FALSO for every partner the plan covers (its selector: agencies and agents)
    await page.locator('[data-testid="node-Summary-TargetReached"] .pv-node-main').click();
    const gates = page.locator('[data-testid="preview-gates"]');
    await gates.waitFor({ timeout: 30_000 });
    const values = await gates.locator('[data-testid="gate-value"]').allTextContents();
    expect(values).toHaveLength(sample.partners.filter((p) => p.kind === 'agency' || p.kind === 'agent').length);
    expect(values.every((v) => v === 'VERO' || v === 'FALSO')).toBe(true);
    // the studio passes its licence key, so the preview (its values shown) cross-checked with HyperFormula, loaded
    // lazily: no note that the cross-check is off or failed
    await page.locator('[data-testid="preview"][data-pending="false"]').waitFor({ timeout: 30_000 });
    expect(await page.locator('[data-testid="preview-crosscheck"]').count()).toBe(0);
    // an edit marks the preview out of date until it is recomputed
    await page.locator('[data-testid="inspector"] [data-testid="formula-input"]').click();
    await page.keyboard.press('End');
    await page.keyboard.type(' ');
    await page.locator('[data-testid="preview-stale"]').waitFor();
    await page.locator('[data-testid="preview-stale"]').waitFor({ state: 'detached', timeout: 30_000 });
    await page.getByRole('tab', { name: /Periodo|Period/ }).click();
    await page.waitForFunction(() => document.querySelectorAll('tbody tr').length > 2);
    await page.screenshot({ path: join(artifacts, 'studio-staff.png'), fullPage: true });
    await page.close();
  });
});

/** Runs axe-core (WCAG 2 A/AA) on the page and returns the violations. */
async function axeViolations(page: Page): Promise<{ id: string; nodes: string[] }[]> {
  await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
  return page.evaluate(async () => {
    const w = window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> } };
    const r = await w.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return r.violations.map((v) => ({ id: v.id, nodes: v.nodes.map((n) => n.target.join(' ')) }));
  });
}

/**
 * The issue's "done when" data: the sample plus three e-mobility contracts of agents, so the window of the one-off bonus
 * (the 10th to the 20th) has contracts on both of its ends and one just outside (the sample's only agent e-mobility
 * contract is signed on the 8th, outside it too).
 */
function withEmobility(base: SampleData): SampleData {
  const template = base.facts['contracts']!.find((c) => c['category'] === 'EMOBILITY')!;
  const extra = [
    { id: 'T11-EMOB-10', partnerId: 'AGT-0001', signedDate: '2026-10-10', territory: 'Lombardia' },
    { id: 'T11-EMOB-20', partnerId: 'AGT-0001', signedDate: '2026-10-20', territory: 'Lazio' },
    { id: 'T11-EMOB-21', partnerId: 'AGT-0002', signedDate: '2026-10-21', territory: 'Lazio' },
  ].map((c) => ({ ...template, ...c }));
  return { ...base, facts: { ...base.facts, contracts: [...base.facts['contracts']!, ...extra] } };
}

/** Log in with the keyboard (no fill): click the field, type, press Enter. */
async function typeLogin(page: Page, url: string, username: string): Promise<void> {
  await page.goto(url);
  await page.click('#username');
  await page.keyboard.type(username);
  await page.click('#password');
  await page.keyboard.type(PASSWORD);
  await page.keyboard.press('Enter');
}

/** Waits two animation frames: the layout (and dnd-kit's collision check) after a resize or a key. */
const frames = (page: Page) => page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok))));

/** What every page of the flow must satisfy: axe finds nothing, and no sideways scrolling at 1280 px nor at 390 px. */
async function checkPage(page: Page, what: string): Promise<void> {
  expect(await axeViolations(page), `axe on ${what}`).toEqual([]);
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    // two frames: the layout after the resize
    await frames(page);
    const { scroll, client, wide } = await page.evaluate(() => {
      const client = document.documentElement.clientWidth;
      // the innermost elements reaching past the right edge, to name the culprit when the check fails
      const wide = Array.from(document.querySelectorAll('body *'))
        .filter((e) => e.getBoundingClientRect().right > client + 0.5 && !Array.from(e.children).some((c) => c.getBoundingClientRect().right > client + 0.5))
        .filter((e) => !e.parentElement?.closest('.pv-grid-scroll, .pv-scroll-x'))
        .slice(0, 5)
        .map((e) => `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}.${e.className} (${Math.round(e.getBoundingClientRect().right)})`);
      return { scroll: document.documentElement.scrollWidth, client, wide };
    });
    expect(scroll, `${what} at ${width} px scrolls sideways: ${wide.join(', ')}`).toBeLessThanOrEqual(client);
  }
  await page.setViewportSize({ width: 1280, height: 1000 });
}

describe('plan authoring in Chromium, in Italian, with mouse and keyboard (issue 11 "done when")', () => {
  // A studio of its own: its period starts uncalculated, and its contracts hold the e-mobility cases of the bonus.
  const flowSample = withEmobility(sample);
  let flow: StudioServer;
  beforeAll(async () => {
    flow = await startStudio({ db: 'memory://', sample: flowSample, users: await demoUsers(flowSample.partners, PASSWORD), clientDir: join(appDir, 'dist/client'), now: () => '2026-11-05T09:00:00Z' });
  }, 120_000);
  afterAll(async () => {
    await flow?.close();
  });

  it('builds a plan from blank (rate table pasted, €50 e-mobility bonus), saves and previews it, calculates, has it approved, and a partner reads it', async () => {
    // Every category × territory of the agents' contracts of the period, with a rate written as an Italian
    // spreadsheet writes it; the photovoltaic rates exceed 1000 to exercise the thousands separator.
    const agents = new Set(flowSample.partners.filter((p) => p.kind === 'agent').map((p) => p.id));
    // A record the fact schema refuses (the fixture holds some on purpose: a missing category, "tremila" kWh) is
    // rejected and earns nothing: columns are required unless marked otherwise, and each holds its type.
    const columns = Object.entries(flowSample.factSchema.tables['contracts']!.columns);
    const fits = (v: unknown, type: string) =>
      type === 'number' || type === 'integer' ? typeof v === 'number' || (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v)) : type === 'boolean' ? typeof v === 'boolean' : type === 'date' ? typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) : typeof v === 'string';
    const valid = (c: Record<string, unknown>) => columns.every(([name, col]) => (c[name] === undefined || c[name] === null ? col.required === false : fits(c[name], col.type)));
    const inPeriod = flowSample.facts['contracts']!.filter(
      (c) => agents.has(String(c['partnerId'])) && String(c['signedDate']) >= flowSample.period.start && String(c['signedDate']) <= flowSample.period.end && valid(c),
    );
    const categories = [...new Set(inPeriod.map((c) => String(c['category'])))].sort();
    const territories = [...new Set(inPeriod.map((c) => String(c['territory'])))].sort();
    const cents = new Map<string, number>();
    const rows: string[] = [];
    categories.forEach((cat, i) =>
      territories.forEach((ter, j) => {
        const c = (i + 1) * 1000 + j * 25 + (cat === 'FOTOVOLTAICO' ? 120_000 : 0); // in cents
        cents.set(`${cat}|${ter}`, c);
        const euros = String(Math.floor(c / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
        rows.push(`${cat}\t${ter}\t${euros},${String(c % 100).padStart(2, '0')}`);
      }),
    );
    expect(categories).toContain('FOTOVOLTAICO');
    // The bonus, by its definition: 50 € once per e-mobility contract whose signing day of the month is 10 to 20.
    const bonused = new Set(inPeriod.filter((c) => c['category'] === 'EMOBILITY' && Number(String(c['signedDate']).slice(8, 10)) >= 10 && Number(String(c['signedDate']).slice(8, 10)) <= 20).map((c) => String(c['id'])));
    expect([...bonused].sort()).toEqual(['T11-EMOB-10', 'T11-EMOB-20']);
    // Independent computation: each agent earns its contracts' rates plus the bonus (no filter, no conditions).
    const expected = new Map<string, number>([...agents].map((a) => [a, 0]));
    for (const c of inPeriod) expected.set(String(c['partnerId']), expected.get(String(c['partnerId']))! + cents.get(`${c['category']}|${c['territory']}`)! + (bonused.has(String(c['id'])) ? 5000 : 0));
    const euro = (c: number) => `${String(Math.floor(Math.abs(c) / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, '.')},${String(Math.abs(c) % 100).padStart(2, '0')} €`;

    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 }, bypassCSP: true, permissions: ['clipboard-read', 'clipboard-write'] });
    await page.goto(flow.url);
    await page.locator('#username').waitFor();
    await checkPage(page, 'the login page');
    await typeLogin(page, flow.url, 'designer');
    await page.locator('[data-testid="plan-builder"]').waitFor({ timeout: 30_000 });

    await page.getByRole('button', { name: 'Nuovo piano' }).click();
    await page.getByLabel('Codice del piano').click();
    await page.keyboard.type('agenti-tariffe');
    await page.getByLabel('Nome (italiano)').click();
    await page.keyboard.type('Agenti: tariffe per categoria e regione');
    await page.getByRole('button', { name: 'Crea' }).click();
    await page.getByRole('tab', { name: 'Piano', selected: true }).waitFor();
    await page.getByRole('checkbox', { name: 'Agente' }).click();

    await page.getByRole('tab', { name: 'Fogli e formule' }).click();
    // the dragged item says where it would go while it is held (and so would any area auto-scrolled under it)
    await dragTo(page, '[data-testid="palette-metric:rateByCategoryTerritory"]', '[data-testid="drop-new-sheet"]', async () => {
      await page.locator('[data-testid="drag-destination"]').filter({ hasText: '→ va nel foglio Contracts come Commission' }).waitFor();
    });
    await page.locator('[data-testid="sheet-Contracts"]').waitFor();
    // the dropped item's overlay plays its drop animation before it goes: until then it still says where the rate went
    // (a second destination beside the bonus's below was seen once in CI, 2026-12-05)
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="drag-destination"]').length === 0);
    // the bonus, by keyboard (the palette item is below the fold): picked up with Space, arrowed onto the contracts
    // sheet, dropped with Space; the live region says where it really went. Then its category, window and amount.
    await page.locator('[data-testid="palette-metric:contractBonus"]').focus();
    await page.keyboard.press('Space');
    await untilHeard(page, /^(Hai preso )?Bonus fisso per contratto/);
    const heard = await arrowTo(page, /è sopra .*Contracts/);
    expect(heard).toMatch(/^Bonus fisso per contratto è sopra .*Contracts/);
    expect(await liveText(page)).toBe(heard);
    // the Contracts sheet is the first drop area: up from it the bonus stays, and the builder says so in Italian
    expect(await pressAndHear(page, 'ArrowUp')).toBe(heard);
    expect(await page.locator('[data-testid="drag-end-note"]').textContent()).toBe('Bonus fisso per contratto è già sulla prima area di rilascio.');
    expect(await page.locator('[data-testid="drag-destination"]').textContent()).toBe('→ va nel foglio Contracts come ContractBonus');
    await page.keyboard.press('Space');
    await untilHeard(page, /è stato aggiunto/);
    expect(await liveText(page)).toBe('Bonus fisso per contratto è stato aggiunto al foglio Contracts come ContractBonus.');
    const params = page.locator('[data-testid="metric-params"]');
    await params.getByText('Bonus fisso per contratto').waitFor();
    for (const [field, value] of [['Categoria', 'EMOBILITY'], ['Dal giorno del mese', '10'], ['Al giorno del mese', '20'], ['Importo', '50']] as const) {
      await params.getByLabel(field, { exact: true }).click();
      await page.keyboard.press('Control+A');
      await page.keyboard.type(value);
    }
    await params.getByRole('button', { name: 'Applica' }).click();
    await page.locator('[data-testid="sheet-Contracts"]').getByText('ContractBonus').first().waitFor();

    await page.getByRole('tab', { name: 'Tabelle' }).click();
    const firstCell = page.locator('[data-testid="table-Rates"] input[data-row="0"][data-col="0"]');
    await firstCell.click();
    await page.evaluate((text) => navigator.clipboard.writeText(text), `${rows.join('\r\n')}\r\n`);
    await page.keyboard.press('Control+V');
    await page.locator('[data-testid="table-Rates"] [data-testid="grid-applied"]').filter({ hasText: `${rows.length} righe` }).waitFor();
    // keyboard navigation: ArrowDown then ArrowRight land on the second row's territory
    await firstCell.click();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('End');
    await page.keyboard.press('ArrowRight');
    expect(await page.evaluate(() => [document.activeElement?.getAttribute('data-row'), document.activeElement?.getAttribute('data-col')])).toEqual(['1', '1']);
    expect(await page.locator('[data-testid="plan-valid"]').count()).toBe(1);
    await checkPage(page, 'the plan builder');

    await page.getByRole('button', { name: 'Salva' }).click();
    await page.locator('[data-testid="plan-message"]').filter({ hasText: 'Salvato come versione 1.' }).waitFor();
    await page.locator('[data-testid="version-list"] tr[data-version="1"]').waitFor();

    await page.getByRole('button', { name: 'Anteprima su tutti i partner' }).click();
    await page.locator('[data-testid="what-if"]').waitFor({ timeout: 60_000 });
    const shown = await page.locator('[data-testid="what-if-partner"]').evaluateAll((trs) =>
      trs.map((tr): [string, string] => [tr.getAttribute('data-partner') ?? '', tr.querySelector('[data-testid="what-if-after"]')?.textContent ?? '']),
    );
    expect(new Map(shown)).toEqual(new Map([...expected].map(([id, c]) => [id, euro(c)])));
    await checkPage(page, 'the plan page with its preview');
    await page.screenshot({ path: join(artifacts, 'studio-plan-authoring.png'), fullPage: true });

    // calculate the period (the designer is also the calculator)
    await page.getByRole('tab', { name: /Periodo/ }).click();
    await page.locator('[data-testid="period-page"]').waitFor({ timeout: 30_000 });
    await page.locator('[data-testid="action-calculate"]').click();
    expect(await page.locator('[data-testid="action-result"]').textContent({ timeout: 120_000 })).toMatch(/^Calcolato: esecuzione /);
    await checkPage(page, 'the period page (calculated)');
    await page.close();

    // validated and approved by a second person
    const approver = await browser.newPage({ viewport: { width: 1280, height: 1000 }, bypassCSP: true });
    await typeLogin(approver, flow.url, 'approver');
    await approver.getByRole('tab', { name: /Periodo/ }).click();
    await approver.locator('[data-testid="period-page"]').waitFor({ timeout: 30_000 });
    await approver.locator('[data-testid="action-validate"]').click();
    await approver.waitForFunction(() => document.querySelector('[data-testid="run-state"]')?.textContent === 'validato', undefined, { timeout: 120_000 });
    await approver.locator('[data-testid="action-approve"]').click();
    await approver.waitForFunction(() => document.querySelector('[data-testid="run-state"]')?.textContent === 'approvato', undefined, { timeout: 120_000 });
    await checkPage(approver, 'the approver screen (approved)');
    await approver.close();

    // the partner with both ends of the bonus window reads its statement and the bonus's explanation
    const partner = await browser.newPage({ viewport: { width: 1280, height: 1000 }, bypassCSP: true });
    await typeLogin(partner, flow.url, 'agt-0001');
    await partner.locator('[data-testid="statement"]').waitFor({ timeout: 30_000 });
    const ours = partner.locator('[data-testid="statement-line"][data-line^="agenti-tariffe:"]');
    const amounts = await ours.evaluateAll((trs) => trs.map((tr) => [tr.getAttribute('data-line') ?? '', tr.querySelector('[data-testid="line-amount"]')?.textContent ?? '']));
    // zero lines are folded away: every line shown pays; their sum is the independent total of AGT-0001
    const toCents = (text: string) => Math.round(Number(text.replace(/[^\d,-]/g, '').replace(',', '.')) * 100);
    expect(amounts.reduce((sum, [, a]) => sum + toCents(a!), 0)).toBe(expected.get('AGT-0001'));
    const bonusLines = amounts.filter(([id]) => id!.startsWith('agenti-tariffe:ContractBonus:'));
    expect(bonusLines).toEqual([...bonused].sort().map((id) => [`agenti-tariffe:ContractBonus:${id}`, euro(5000)]));
    const bonusRow = partner.locator('[data-testid="statement-line"][data-line="agenti-tariffe:ContractBonus:T11-EMOB-10"]');
    await bonusRow.locator('[data-testid="explain-toggle"]').click();
    const explanation = partner.locator('[data-testid="explanation"]');
    await explanation.waitFor();
    // the explanation states the amount and, in Italian, the function names (E, GIORNO) and the parameter's label
    const text = (await explanation.textContent()) ?? '';
    expect(text).toContain('50,00 €');
    expect(text).not.toMatch(/\bDAY\(|\bAND\(/);
    await checkPage(partner, "the partner's statement");
    await partner.screenshot({ path: join(artifacts, 'studio-flow-statement.png'), fullPage: true });
    await partner.close();
  });
});

/** Drags with the mouse; `beforeDrop` runs while the item is held over the target. */
async function dragTo(page: Page, from: string, to: string, beforeDrop?: () => Promise<void>): Promise<void> {
  const a = (await page.locator(from).boundingBox())!;
  const b = (await page.locator(to).boundingBox())!;
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(a.x + a.width / 2 + 10, a.y + a.height / 2 + 10, { steps: 5 });
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 20 });
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2 + 2, { steps: 2 });
  await beforeDrop?.();
  await page.mouse.up();
}

describe('the partner statement page at a phone and a desktop width (issue 11 §6)', () => {
  // The agency of the sample with amounts held until activation (the sample's agencies are paid on activation).
  const agency = sample.partners.find((p) => p.kind === 'agency')!;
  for (const width of [390, 1280]) {
    for (const locale of ['it', 'en'] as const) {
      it(`${locale} at ${width} px: net to pay first, held amounts itemised, no sideways scrolling, axe clean`, async () => {
        const page = await browser.newPage({ viewport: { width, height: 900 }, bypassCSP: true });
        await page.goto(studio.url);
        await page.fill('#username', agency.id.toLowerCase());
        await page.fill('#password', PASSWORD);
        await page.click('button[type="submit"]');
        await page.locator('[data-testid="statement"]').waitFor({ timeout: 30_000 });
        if (locale === 'en') await page.selectOption('select[data-testid="language"]', 'en');
        await page.locator('[data-testid="held-item"]').first().waitFor();
        await page.locator('[data-testid="explain-toggle"]').first().click();
        await page.locator('[data-testid="explanation"]').first().waitFor();
        const { scroll, inner } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
        expect(scroll).toBeLessThanOrEqual(inner);
        const netFirst = await page.evaluate(() => {
          const net = document.querySelector('[data-testid="net-to-pay"]')!;
          return Array.from(document.querySelectorAll('[data-testid="statement"] table')).every((t) => net.compareDocumentPosition(t) & Node.DOCUMENT_POSITION_FOLLOWING);
        });
        expect(netFirst).toBe(true);
        expect(await page.locator('[data-testid="held-reason"]').first().textContent()).toMatch(locale === 'it' ? /^In attesa di / : /^Waiting for /);
        await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
        const violations = await page.evaluate(async () => {
          const w = window as unknown as { axe: { run: (c: unknown, o: unknown) => Promise<{ violations: { id: string }[] }> } };
          return (await w.axe.run('#root', { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] } })).violations.map((v) => v.id);
        });
        expect(violations).toEqual([]);
        await page.screenshot({ path: join(artifacts, `studio-statement-${locale}-${width}.png`), fullPage: true });
        await page.close();
      });
    }
  }
});

describe('the approver screen in Italian (issue 11 §3)', () => {
  // A studio of its own (same built client): its period starts uncalculated.
  let fresh: StudioServer;
  beforeAll(async () => {
    fresh = await startStudio({ db: 'memory://', sample, users: await demoUsers(sample.partners, PASSWORD), clientDir: join(appDir, 'dist/client'), now: () => '2026-11-05T09:00:00Z' });
  }, 120_000);
  afterAll(async () => {
    await fresh?.close();
  });
  async function staff(username: string): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 }, bypassCSP: true });
    await page.goto(fresh.url);
    await page.fill('#username', username);
    await page.fill('#password', PASSWORD);
    await page.click('button[type="submit"]');
    await page.getByRole('tab', { name: /Periodo/ }).click();
    await page.locator('[data-testid="period-page"]').waitFor({ timeout: 30_000 });
    return page;
  }
  const result = (page: Page) => page.locator('[data-testid="action-result"]').textContent({ timeout: 120_000 });
  const disabled = (page: Page, action: string) => page.locator(`[data-testid="action-${action}"]`).isDisabled();

  it('calculate, validate, reject with a reason, recalculate, validate, approve — buttons enabled only where they act, each result in words, axe clean', async () => {
    const designer = await staff('designer');
    expect(await disabled(designer, 'validate')).toBe(true);
    await designer.locator('[data-testid="action-calculate"]').click();
    expect(await result(designer)).toMatch(/^Calcolato: esecuzione /);
    await designer.waitForFunction(() => document.querySelector('[data-testid="run-state"]')?.textContent === 'calcolato');
    // the review shows the counts of the contracts table; the sample has one period, so nothing to compare with
    expect(await designer.locator('[data-testid="counts"] tr[data-table="contracts"] td').first().textContent()).toBe(String(sample.facts['contracts']!.length));
    expect(await designer.locator('[data-testid="no-previous"]').count()).toBe(1);

    const approver = await staff('approver');
    expect(await disabled(approver, 'approve')).toBe(true);
    // rejecting needs a reason: the button waits for one
    expect(await disabled(approver, 'reject')).toBe(true);
    await approver.locator('[data-testid="action-validate"]').click();
    expect(await result(approver)).toMatch(/^Validato: /);
    await approver.waitForFunction(() => document.querySelector('[data-testid="run-state"]')?.textContent === 'validato');
    expect(await disabled(approver, 'validate')).toBe(true);
    expect(await disabled(approver, 'approve')).toBe(false);
    await approver.locator('[data-testid="reject-reason"]').fill('Tariffe del Lazio da rivedere');
    await approver.locator('[data-testid="action-reject"]').click();
    expect(await result(approver)).toBe('Respinto e rimandato al ricalcolo. Motivo: Tariffe del Lazio da rivedere');
    await approver.waitForFunction(() => document.querySelector('[data-testid="run-state"]')?.textContent === 'calcolato (respinto)');
    expect(await approver.locator('[data-testid="rejections"]').textContent()).toContain('Tariffe del Lazio da rivedere');
    expect(await disabled(approver, 'validate')).toBe(true);
    expect(await disabled(approver, 'approve')).toBe(true);

    await designer.reload();
    await designer.getByRole('tab', { name: /Periodo/ }).click();
    await designer.locator('[data-testid="action-calculate"]').click();
    expect(await result(designer)).toMatch(/^Calcolato: /);
    await approver.reload();
    await approver.getByRole('tab', { name: /Periodo/ }).click();
    await approver.locator('[data-testid="action-validate"]').click();
    expect(await result(approver)).toMatch(/^Validato: /);
    await approver.locator('[data-testid="action-approve"]').click();
    expect(await result(approver)).toMatch(/^Approvato: \d+ partner, \d+ bloccati, \d+ movimenti contabilizzati\.$/);
    await approver.waitForFunction(() => document.querySelector('[data-testid="run-state"]')?.textContent === 'approvato');
    for (const a of ['validate', 'approve', 'reject']) expect(await disabled(approver, a), a).toBe(true);
    // an approved run may go to SAP: the approver reads what is there (nothing yet); the designer has no SAP panel
    expect(await approver.locator('[data-testid="sap-nothing"]').textContent({ timeout: 30_000 })).toBe('Niente di questo periodo è ancora in SAP.');
    await designer.reload();
    await designer.getByRole('tab', { name: /Periodo/ }).click();
    await designer.waitForFunction(() => document.querySelector('[data-testid="run-state"]')?.textContent === 'approvato');
    expect(await designer.locator('[data-testid="sap-postings"]').count()).toBe(0);

    await approver.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
    const violations = await approver.evaluate(async () => {
      const w = window as unknown as { axe: { run: (c: unknown, o: unknown) => Promise<{ violations: { id: string }[] }> } };
      return (await w.axe.run('#root', { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] } })).violations.map((v) => v.id);
    });
    expect(violations).toEqual([]);
    const { scroll, inner } = await approver.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
    expect(scroll).toBeLessThanOrEqual(inner);
    await approver.screenshot({ path: join(artifacts, 'studio-approver-it.png'), fullPage: true });
    await designer.close();
    await approver.close();
  });
});

describe('a partner question and its answer, in Chromium', () => {
  it('the partner asks about one line of its statement, finance answers on the period page, the partner reads the answer', async () => {
    const agency = sample.partners.find((p) => p.kind === 'agency')!;
    const partner = await browser.newPage({ viewport: { width: 1280, height: 1000 }, bypassCSP: true });
    await typeLogin(partner, studio.url, agency.id.toLowerCase());
    const form = partner.locator('[data-testid="ask-form"]');
    await form.waitFor({ timeout: 30_000 });
    // the first line the form offers (after "tutto l'estratto conto"): a line of this partner's statement
    const line = await form.locator('select option').nth(1).getAttribute('value');
    expect(line).toBeTruthy();
    await form.locator('select').selectOption(line!);
    await form.locator('textarea').fill('Il cliente ha attivato la fornitura il 3: perché la riga è trattenuta?');
    await form.getByRole('button', { name: 'Invia la domanda' }).click();
    expect(await partner.locator('[data-testid="ask-result"]').textContent()).toBe('Domanda inviata: l’amministrazione risponderà qui.');
    const card = partner.locator(`[data-testid="partner-questions"] li[data-answered="false"]`);
    await card.waitFor();
    expect(await card.textContent()).toContain('In attesa di risposta.');

    const finance = await browser.newPage({ viewport: { width: 1280, height: 1000 }, bypassCSP: true });
    await typeLogin(finance, studio.url, 'finance');
    await finance.getByRole('tab', { name: /Periodo/ }).click();
    const panel = finance.locator('[data-testid="staff-questions"]');
    await panel.waitFor({ timeout: 30_000 });
    expect(await panel.locator('[data-testid="open-questions"]').textContent()).toBe('1 domanda attende risposta.');
    // the statements table counts it beside the agency, and nothing beside the others
    expect(await finance.locator(`[data-testid="awaiting-${agency.id}"]`).textContent()).toBe('1');
    const others = sample.partners.find((p) => p.id !== agency.id)!;
    expect(await finance.locator(`[data-testid="awaiting-${others.id}"]`).textContent()).toBe('');
    const open = panel.locator('li[data-answered="false"]');
    expect(await open.textContent()).toContain(agency.id);
    await open.locator('textarea').fill('La fornitura risulta attiva: la riga sarà pagata nel prossimo periodo.');
    await open.getByLabel('Sarà corretto').check();
    await open.getByRole('button', { name: 'Invia la risposta' }).click();
    expect(await finance.locator('[data-testid="answer-result"]').textContent()).toBe('Risposta inviata.');
    await panel.locator('li[data-answered="true"]').waitFor();
    expect(await panel.locator('[data-testid="open-questions"]').count()).toBe(0);
    // the answer promised a correction no run has booked yet: finance's page counts it
    expect(await panel.locator('[data-testid="promised-corrections"]').textContent()).toBe('1 risposta ha promesso una correzione che nessuna esecuzione ha ancora registrato.');
    // and no e-mail has carried it to the partner yet: finance sends it from here, and the page says where it went
    const unsent = panel.locator('[data-testid="unsent-answers"]');
    expect(await unsent.textContent()).toBe('1 risposta non è ancora stata inviata per e-mail al partner. Invia le risposte ai partner per e-mail');
    await unsent.getByRole('button', { name: 'Invia le risposte ai partner per e-mail' }).click();
    await expect.poll(() => finance.locator('[data-testid="answer-result"]').textContent(), { timeout: 30_000 }).toBe('Inviate per e-mail a 1 partner.');
    await panel.locator('[data-testid="inquiry-notice"]').waitFor({ timeout: 30_000 });
    expect(await panel.locator('[data-testid="inquiry-notice"]').textContent()).toMatch(new RegExp(`^Inviata per e-mail a ${agency.billing!.email!.replace(/[.]/g, '\\.')} il `));
    expect(await unsent.count()).toBe(0);
    expect((await smtp.received()).map((m) => (m.to && 'text' in m.to ? m.to.text : ''))).toEqual([agency.billing!.email]);
    expect(await finance.locator(`[data-testid="awaiting-${agency.id}"]`).textContent()).toBe('');

    await partner.reload();
    const answer = partner.locator('[data-testid="partner-questions"] [data-testid="inquiry-answer"]');
    await answer.waitFor({ timeout: 30_000 });
    const said = (await answer.textContent()) ?? '';
    expect(said).toContain('Risposta di finance');
    expect(said).toContain('Sarà corretto');
    expect(said).toContain('La fornitura risulta attiva: la riga sarà pagata nel prossimo periodo.');
    // "it will be corrected", and no later run has booked the correction yet: the partner is told so
    expect(await partner.locator('[data-testid="inquiry-correction-awaited"]').textContent()).toBe('La correzione non è ancora in un estratto conto.');
    await partner.close();
    await finance.close();
  });
});

describe('the audit log in Chromium, in Italian', () => {
  it('an auditor reads the log newest first, filters it by action and checks it: axe clean, no sideways scrolling', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 }, bypassCSP: true });
    await typeLogin(page, studio.url, 'auditor');
    await page.getByRole('tab', { name: 'Registro di audit' }).click();
    const table = page.locator('[data-testid="audit-entries"]');
    await table.waitFor({ timeout: 30_000 });
    // the whole log as the export route gives it, read by the page's own session
    const whole = await page.evaluate(async () => ((await (await fetch('/api/audit')).json()) as { entries: { seq: number; action: string }[] }).entries);
    const seqsShown = () => table.locator('tbody tr').evaluateAll((rows) => rows.map((r) => Number((r as HTMLElement).dataset['seq'])));
    // the tab's first page: the newest 50 entries, newest first (the log read after it holds nothing newer: only reads since)
    const shown = await seqsShown();
    expect(shown).toEqual([...whole].reverse().map((e) => e.seq).slice(0, 50));

    await page.getByLabel('Azione').fill('run.approve');
    await page.getByRole('button', { name: 'Mostra' }).click();
    const approvals = whole.filter((e) => e.action === 'run.approve').map((e) => e.seq).reverse();
    expect(approvals.length).toBeGreaterThan(0);
    await expect.poll(seqsShown, { timeout: 30_000 }).toEqual(approvals);

    // the link downloads the entries the filter shows, in chain order, as a CSV for Italian Excel
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), page.getByRole('link', { name: 'Scarica queste voci (CSV)' }).click()]);
    expect(download.suggestedFilename()).toBe('audit-log.csv');
    const rows = parse(await readFile((await download.path())!), { bom: true, columns: true, delimiter: ';' }) as { seq: string; action: string }[];
    expect(rows.map((r) => [Number(r.seq), r.action])).toEqual([...approvals].reverse().map((seq) => [seq, 'run.approve']));

    await page.getByRole('button', { name: 'Verifica il registro e i dati che ne derivano' }).click();
    const check = page.locator('[data-testid="audit-check"]');
    await check.waitFor({ timeout: 30_000 });
    expect(await check.getAttribute('data-ok')).toBe('true');
    expect(await check.textContent()).toMatch(/^Integro: \d+ voci, ognuna segue la precedente/);
    await checkPage(page, 'the audit log');
    await page.close();
  });
});
