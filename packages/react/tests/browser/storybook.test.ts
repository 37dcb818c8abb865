import { mkdirSync, readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluate, listMetricInstances, parsePlan, PlanSchema } from '@provvigo/core';
import { formatMoney } from '@provvigo/core';
import { formatValue } from '../../src/index.js';
import { TYPING_PAUSE_MS } from '../../src/typingField.js';
import { loadSample } from '../sample.js';
import { describeAutoScrollDrag } from './autoScrollDrag.js';
import { describeEveryStory } from './everyStory.js';
import { arrowTo, liveText, pressAndHear, untilHeard } from './liveRegion.js';
import { artifactsDir, buildStorybook, serveStorybook } from './storybookServer.js';
import { axe, openStoryPage, switchStory } from './storyPage.js';
import type { OpenedStory } from './storyPage.js';
import type { PortalFixtures } from '../../stories/fixtures/portalFixtures.js';

// Real-browser tests (issue 5 §3): the root Storybook built statically, served on 127.0.0.1, driven in Debian's
// Chromium through playwright-core. Never downloads a browser.
const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const sample = loadSample();

let browser: Browser;
let server: Server;
let base: string;

beforeAll(async () => {
  buildStorybook();
  ({ url: base, server } = await serveStorybook());
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
  mkdirSync(artifactsDir, { recursive: true });
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((ok) => (server ? server.close(ok) : ok(undefined)));
});

/** A story in a page of its own, rendered and its play function done, with no error said on the way. */
async function openStory(id: string, globals?: string, width = 1400): Promise<Page> {
  const { page, errors, status } = await openStoryPage(browser, base, id, width, 1000, globals);
  expect({ id, status, errors }).toEqual({ id, status: 'success', errors: [] });
  return page;
}

async function dragTo(page: Page, from: string, to: string): Promise<void> {
  const a = (await page.locator(from).boundingBox())!;
  const b = (await page.locator(to).boundingBox())!;
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(a.x + a.width / 2 + 10, a.y + a.height / 2 + 10, { steps: 5 });
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 20 });
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2 + 2, { steps: 2 });
  await page.mouse.up();
}

describe('plan builder in Chromium', () => {
  it('drags a metric into the plan: the emitted plan validates and the preview shows the expected amount', async () => {
    const page = await openStory('planbuilder--agencies-and-agents');
    expect(await axe(page)).toEqual([]);
    await dragTo(page, '[data-testid="palette-metric:tierTable"]', '[data-testid="sheet-Summary"] .pv-drop-hint');
    await page.waitForSelector('[data-testid="inspector"] [data-testid="preview"][data-pending="false"]', { timeout: 30_000 });

    const emitted = PlanSchema.parse(JSON.parse((await page.locator('[data-testid="emitted-plan"]').textContent())!));
    const parsed = parsePlan(emitted, { factSchema: sample.input.factSchema });
    expect(parsed.issues.filter((i) => i.severity === 'error')).toEqual([]);
    const cellName = Object.keys(emitted.payouts).find((k) => k.startsWith('TierBonus'))!;
    expect(cellName).toBeDefined();
    expect(await page.locator(`[data-testid="sheet-Summary"] [data-testid="node-Summary-${cellName}"]`).count()).toBe(1);

    // The same figures from core, computed here for the partner the story previews.
    const partnerId = await page.locator('[data-testid="preview-partner"]').inputValue();
    const result = evaluate({ ...sample.input, plans: [emitted] });
    const statement = result.statements.find((s) => s.partnerId === partnerId)!;
    const line = statement.lines.find((l) => l.payout === cellName)!;
    expect(await page.locator('[data-testid="preview-total"]').textContent()).toBe(formatMoney(statement.total, statement.currency, 'en', statement.scale));
    const cell = line.trace.cells.find((c) => c.name === cellName)!;
    expect(await page.locator('[data-testid="preview-value"]').textContent()).toBe(formatValue(cell.value, 'en'));
    // The story previews the busiest partner, so the dropped tier pays something: the check is not 0 = 0.
    expect(Number(line.amount)).toBeGreaterThan(0);
    await page.screenshot({ path: join(artifactsDir, 'builder-drag-metric.png'), fullPage: true });

    // Collapse back for editing: the metric's parameters, changed in its form, re-expand it in place.
    const tableName = (emitted.sheets['Summary'] as { cells: Record<string, { formula: string }> }).cells[cellName]!.formula.match(/TIER\.AMOUNT\((\w+),/)![1]!;
    await page.locator('[data-testid="metric-params"] select[id$="-mode"]').selectOption('retroactive');
    await page.locator('[data-testid="metric-params"] button[type="submit"]').click();
    await page.waitForFunction((t) => JSON.parse(document.querySelector('[data-testid="emitted-plan"]')!.textContent!).tables[t].mode === 'retroactive', tableName);
    const edited = PlanSchema.parse(JSON.parse((await page.locator('[data-testid="emitted-plan"]').textContent())!));
    expect(listMetricInstances(edited).find((i) => i.instance === cellName)).toMatchObject({ detached: false, params: { mode: 'retroactive' } });
    await page.close();
  });

  it('reorders a column and drops a palette metric with the keyboard, announced to screen readers; undo restores the order', async () => {
    const page = await openStory('planbuilder--agencies-and-agents');
    const order = async () =>
      page.locator('[data-testid="sheet-Lines"] .pv-node').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')));
    const before = await order();
    // each key waits for what it leads to (the announcement, the plan), not for a fixed time
    await page.locator('[data-testid="handle-Lines-Units"]').focus();
    await page.keyboard.press('Space');
    await untilHeard(page, /Units \(Lines\)/);
    await pressAndHear(page, 'ArrowDown');
    await page.keyboard.press('Space');
    await untilHeard(page, /is now number/);
    const after = await order();
    expect(after).not.toEqual(before);
    expect(after[1]).toBe('node-Lines-Units');
    // the announcement says where the column really went (issue 11 §4), not only which area was under it
    expect(await liveText(page)).toContain('Units (Lines) is now number 2 of sheet Lines.');
    await page.locator('[data-testid="undo"]').click();
    expect(await order()).toEqual(before);

    // A palette metric by keyboard: pick it up, arrow to the line sheet, drop; the plan gets the metric and validates.
    await page.locator('[data-testid="palette-metric:spif"]').focus();
    await page.keyboard.press('Space');
    await untilHeard(page, /^(Picked up )?One-off bonus/);
    // Arrow keys move through the drop areas (a list that does not wrap around); stop on the line sheet.
    // the sheet itself, or one of its columns (the held item's centre may be closest to one)
    const heard = await arrowTo(page, /is over (Line sheet Lines|.*\(Lines\))\.$/);
    expect(heard).toMatch(/^One-off bonus \(SPIF\) is over (Line sheet Lines|.*\(Lines\))\.$/);
    expect(await liveText(page)).toBe(heard);
    // the line sheet is the first area, and the areas do not wrap around: up from it, the item stays on it, and the
    // builder says why nothing moved (dnd-kit's own region speaks only when the area changes)
    const END_NOTE = '[data-testid="drag-end-note"]';
    const endNote = page.locator(END_NOTE);
    /** Waits until the end note's text is no longer `before`. */
    const noteChangedFrom = (before: string) =>
      page.waitForFunction(({ selector, before }) => document.querySelector(selector)!.textContent !== before, { selector: END_NOTE, before });
    expect(await endNote.textContent()).toBe('');
    expect(await pressAndHear(page, 'ArrowUp')).toBe(heard);
    const said = 'One-off bonus (SPIF) is already over the first drop area.';
    expect(await endNote.textContent()).toBe(said);
    // pressed again, the note is said again: a live region speaks only when its text changes, so the text changes (a
    // trailing no-break space, every other time) while what is read stays the same
    expect(await pressAndHear(page, 'ArrowUp')).toBe(heard);
    await noteChangedFrom(said);
    expect(await endNote.textContent()).toBe(`${said}\u00a0`);
    expect(await pressAndHear(page, 'ArrowUp')).toBe(heard);
    await noteChangedFrom(`${said}\u00a0`);
    expect(await endNote.textContent()).toBe(said);
    await page.keyboard.press('Space');
    await page.waitForFunction(() => 'Spif' in JSON.parse(document.querySelector('[data-testid="emitted-plan"]')!.textContent!).payouts);
    expect(await endNote.textContent()).toBe('');
    const emitted = PlanSchema.parse(JSON.parse((await page.locator('[data-testid="emitted-plan"]').textContent())!));
    expect(parsePlan(emitted, { factSchema: sample.input.factSchema }).issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(Object.keys((emitted.sheets['Lines'] as { columns: object }).columns)).toContain('Spif_n');
    await page.close();
  });

  it('undo and redo reach the details form: a burst of typing is one step; a typed name, a refused blank name and a refused currency give way to the plan', async () => {
    const page = await openStory('planbuilder--agencies-and-agents');
    const emitted = async () => PlanSchema.parse(JSON.parse((await page.locator('[data-testid="emitted-plan"]').textContent())!));
    const original = (await emitted()).name;
    await page.locator('[data-testid="tab-details"]').click();
    const nameIt = page.locator('#pv-details-name-it');
    const nameEn = page.locator('#pv-details-name-en');
    const currency = page.locator('#pv-details-currency');
    const shown = async () => ({ it: await nameIt.inputValue(), en: await nameEn.inputValue(), marked: await nameEn.getAttribute('aria-invalid') });
    const before = await shown();
    expect(before.it).not.toBe('');
    expect(before.en).not.toBe('');
    expect(before.en).not.toBe('Renamed plan');

    // a burst of typing is one undo step: eight keys in the English name, one undo takes them all back (the story
    // starts with nothing to undo, so after it there is nothing left), one redo brings them all again. The page's
    // clock stands still, so a slow machine's gap between two keys cannot pass for a pause in typing.
    await page.clock.setFixedTime(Date.now());
    const undoButton = page.locator('[data-testid="undo"]');
    expect(await undoButton.isDisabled()).toBe(true);
    await nameEn.click();
    await nameEn.press('End');
    await nameEn.pressSequentially(' (draft)');
    await expect.poll(async () => (await emitted()).name).toEqual({ it: before.it, en: `${before.en} (draft)` });
    await undoButton.click();
    await expect.poll(shown).toEqual(before);
    expect(await undoButton.isDisabled()).toBe(true);
    await page.locator('[data-testid="redo"]').click();
    await expect.poll(shown).toEqual({ ...before, en: `${before.en} (draft)` });
    await undoButton.click();
    await expect.poll(shown).toEqual(before);

    // a name typed reaches the plan; undo puts the plan's name back in the field, redo the typed one again
    await nameEn.fill('Renamed plan');
    await expect.poll(async () => (await emitted()).name).toEqual({ it: before.it, en: 'Renamed plan' });
    await page.locator('[data-testid="undo"]').click();
    await expect.poll(async () => (await emitted()).name).toEqual(original);
    await expect.poll(shown).toEqual(before);
    await page.locator('[data-testid="redo"]').click();
    await expect.poll(shown).toEqual({ ...before, en: 'Renamed plan' });

    // both names blanked: the second blank is refused and marked, the plan keeps its English name; undo (of the
    // first blank) shows both names the plan has again, unmarked
    await nameIt.fill('');
    await expect.poll(async () => (await emitted()).name).toEqual({ en: 'Renamed plan' });
    await nameEn.fill('');
    await expect.poll(shown).toEqual({ it: '', en: '', marked: 'true' });
    expect((await emitted()).name).toEqual({ en: 'Renamed plan' });
    await page.locator('[data-testid="undo"]').click();
    await expect.poll(shown).toEqual({ it: before.it, en: 'Renamed plan', marked: null });

    // a currency taken, then one refused (marked, the plan keeps the one taken); undo takes the plan back to its first
    // currency, and the field shows it, unmarked
    const planCurrency = (await emitted()).currency;
    expect(planCurrency).not.toBe('CHF');
    await currency.fill('CHF');
    await expect.poll(async () => (await emitted()).currency).toBe('CHF');
    await currency.fill('us');
    await expect.poll(() => currency.getAttribute('aria-invalid')).toBe('true');
    expect(await currency.inputValue()).toBe('US');
    expect((await emitted()).currency).toBe('CHF');
    await page.locator('[data-testid="undo"]').click();
    await expect.poll(async () => (await emitted()).currency).toBe(planCurrency);
    await expect.poll(() => currency.inputValue()).toBe(planCurrency);
    expect(await currency.getAttribute('aria-invalid')).toBeNull();
    await page.close();
  });

  it('a pause in typing ends the undo step: one undo takes back the word typed after the pause, a second the one before', async () => {
    const page = await openStory('planbuilder--agencies-and-agents');
    // the page's clock is set, never waited on: Date.now() stands still through each word, then jumps past the pause
    const start = Date.now();
    await page.clock.setFixedTime(start);
    await page.locator('[data-testid="tab-details"]').click();
    const nameEn = page.locator('#pv-details-name-en');
    const emittedEn = async () => {
      const { name } = PlanSchema.parse(JSON.parse((await page.locator('[data-testid="emitted-plan"]').textContent())!));
      return typeof name === 'string' ? name : name.en;
    };
    const before = await nameEn.inputValue();
    expect(before).not.toBe('');

    await nameEn.click();
    await nameEn.press('End');
    await nameEn.pressSequentially(' North');
    await page.clock.setFixedTime(start + TYPING_PAUSE_MS + 1);
    await nameEn.pressSequentially(' East');
    await expect.poll(emittedEn).toBe(`${before} North East`);

    const undoButton = page.locator('[data-testid="undo"]');
    await undoButton.click();
    await expect.poll(() => nameEn.inputValue()).toBe(`${before} North`);
    expect(await emittedEn()).toBe(`${before} North`);
    await undoButton.click();
    await expect.poll(() => nameEn.inputValue()).toBe(before);
    expect(await emittedEn()).toBe(before);
    // the story starts with nothing to undo: the two words were two steps, no more
    expect(await undoButton.isDisabled()).toBe(true);
    await page.close();
  });
});

describe('payouts editor in Chromium', () => {
  it('adds payouts named toString and valueOf, names the plan does not have yet, and refuses one it has', async () => {
    const page = await openStory('authoring-payoutseditor--agencies-and-agents');
    const add = async (name: string) => {
      await page.locator('input[name="name"]').fill(name);
      await page.getByRole('button', { name: 'Add payout' }).click();
    };
    // looked up in a plain object, both names were found on Object.prototype and refused as taken
    for (const name of ['toString', 'valueOf']) {
      await add(name);
      await page.waitForSelector(`[data-testid="payout-${name}"]`);
    }
    expect(await page.getByRole('alert').count()).toBe(0);
    const first = (await page.locator('[data-testid^="payout-"]').first().getAttribute('data-testid'))!;
    await add(first.slice('payout-'.length));
    expect(await page.getByRole('alert').textContent()).toBeTruthy();
    expect(await page.locator(`[data-testid="${first}"]`).count()).toBe(1);
    await page.close();
  });
});

describe('formula editor in Chromium', () => {
  it('places the error of a broken formula on the misspelt reference, as you type', async () => {
    const page = await openStory('formulaeditor--broken-formula');
    await page.waitForSelector('[data-testid="formula-error-range"]');
    expect(await page.locator('[data-testid="formula-error-range"]').textContent()).toBe('Lines[Comission]');
    expect(await page.locator('[data-testid="formula-errors"]').textContent()).toContain('Comission');

    const input = page.locator('[data-testid="formula-input"]');
    await input.fill('');
    await input.pressSequentially('=IF(Activations>2, Bonuss, 0)');
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => document.querySelector('[data-testid="formula-error-range"]')?.textContent === 'Bonuss');
    const start = Number(await page.locator('[data-testid="formula-error-range"]').getAttribute('data-start'));
    expect(start).toBe('=IF(Activations>2, '.length);
    expect(await page.locator('[data-testid="formula-input"]').getAttribute('aria-invalid')).toBe('true');
    await page.screenshot({ path: join(artifactsDir, 'formula-error.png'), fullPage: true });
    expect(await axe(page)).toEqual([]);
    await page.close();
  });

  it('takes Italian function names and separators and stores the canonical English formula', async () => {
    const page = await openStory('formulaeditor--summary-cell', 'locale:it');
    const input = page.locator('[data-testid="formula-input"]');
    await input.fill('');
    await input.pressSequentially('=SE(Activations>2;SOMMA(Lines[Commission]);0)');
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => document.querySelector('[data-testid="stored-formula"]')?.textContent === '=IF(Activations > 2, SUM(Lines[Commission]), 0)' || document.querySelector('[data-testid="stored-formula"]')?.textContent?.startsWith('=IF('));
    const stored = await page.locator('[data-testid="stored-formula"]').textContent();
    expect(stored).toMatch(/^=IF\(Activations ?> ?2, ?SUM\(Lines\[Commission\]\), ?0\)$/);
    expect(await page.locator('[data-testid="formula-errors"]').count()).toBe(0);
    await page.waitForSelector('[data-testid="preview"][data-pending="false"]');
    expect(await page.locator('[data-testid="preview"] h3').textContent()).toContain('Anteprima');
    // the story's host passes no HyperFormula licence key: the preview still computes (exact engine) and says, in
    // the reader's language, that the cross-check is off until the host passes preview.licenseKey
    const note = page.locator('[data-testid="preview-crosscheck"]');
    expect(await note.getAttribute('data-crosscheck')).toBe('off');
    expect(await note.textContent()).toContain("l'applicazione che ospita l'editor non ha passato una chiave di licenza (preview.licenseKey");
    await page.screenshot({ path: join(artifactsDir, 'formula-italian.png'), fullPage: true });
    // a formula the reader's Italian cannot be read as: the error is said in Italian (the parser's own words), not in
    // the English it is stored in
    await input.fill('');
    await input.pressSequentially('=SOMMA(Lines[Commission]');
    await page.waitForSelector('[data-testid="formula-errors"]');
    expect(await page.locator('[data-testid="formula-errors"]').textContent()).toContain('Errore di sintassi: manca la ")" che chiude SOMMA(');
    await page.close();
  });
});

describe('a gate previewed for every partner (issue 11 §4)', () => {
  it('shows VERO or FALSO for each partner the plan covers, the same as each partner\'s own preview says', async () => {
    const page = await openStory('formulaeditor--gate-for-every-partner', 'locale:it');
    const gates = page.locator('[data-testid="preview-gates"]');
    await gates.waitFor({ timeout: 30_000 });
    const rows = await gates.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [tr.getAttribute('data-partner') ?? '', tr.querySelector('[data-testid="gate-value"]')?.textContent ?? '']));
    // the plan covers agencies and agents (its selector); the gate is Activations >= BonusTarget, from core here
    const plan = sample.plans['agency-agents']!;
    const covered = sample.input.partners.filter((p) => p.kind === 'agency' || p.kind === 'agent');
    const result = evaluate({ ...sample.input, plans: [plan] }, {});
    const expected = covered.map((p) => {
      const s = result.statements.find((x) => x.partnerId === p.id);
      const cell = s?.lines.flatMap((l) => l.trace.cells).find((c) => c.name === 'TargetReached');
      return [p.id, cell ? formatValue(cell.gate === 'passed', 'it') : undefined];
    });
    expect(rows.map(([id]) => id)).toEqual(covered.map((p) => p.id));
    // a partner whose lines never read the gate has no trace of it here; most do, and those must agree
    const known = expected.filter(([, v]) => v !== undefined);
    expect(known.length).toBeGreaterThan(covered.length / 2);
    for (const [id, v] of known) expect(rows.find(([r]) => r === id)?.[1], id).toBe(v);
    expect(await axe(page)).toEqual([]);
    await page.close();
  });
});

describe('partner portal in Chromium', () => {
  it('opens a statement, expands a line and reads its derivation', async () => {
    const page = await openStory('portal-statement--agent');
    expect(await axe(page)).toEqual([]);
    const first = page.locator('[data-testid="statement-line"]').first();
    const amount = await first.locator('[data-testid="line-amount"]').textContent();
    await first.locator('[data-testid="explain-toggle"]').click();
    const explanation = page.locator('[data-testid="explanation"]').first();
    await explanation.waitFor();
    expect(await first.locator('[data-testid="explain-toggle"]').getAttribute('aria-expanded')).toBe('true');
    const steps = await explanation.locator('[data-testid="derivation-step"]').count();
    expect(steps).toBeGreaterThan(0);
    expect(await explanation.locator('[data-testid="explanation-amount"]').textContent()).toBe(amount);
    const substituted = await explanation.locator('[data-testid="substituted"]').allTextContents();
    expect(substituted.every((s) => s.startsWith('='))).toBe(true);
    expect(await explanation.locator('[data-testid="source-link"]').count()).toBe(1);
    expect(await axe(page)).toEqual([]);
    await page.screenshot({ path: join(artifactsDir, 'statement-derivation.png'), fullPage: true });
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.pv-noprint').first().isVisible()).toBe(false);
    await page.close();
  });

  it('shows ledger movements, fiscal items and the net to pay; axe clean; printable', async () => {
    const page = await openStory('portal-statement--with-ledger-and-invoice', 'locale:it');
    await page.locator('[data-testid="fiscal"]').waitFor();
    expect(await page.locator('[data-testid="ledger"]').count()).toBe(1);
    expect(await page.locator('[data-testid="net-to-pay"]').textContent()).toMatch(/^-?[\d.]+,\d{2} €$/);
    expect(await axe(page)).toEqual([]);
    await page.emulateMedia({ media: 'print' });
    await page.screenshot({ path: join(artifactsDir, 'statement-ledger-fiscal-print.png'), fullPage: true });
    expect(await page.locator('button:has-text("Stampa")').isVisible()).toBe(false);
    await page.close();
  });

  it('switches to Italian', async () => {
    const page = await openStory('portal-statement--agent', 'locale:it');
    expect(await page.locator('h2').first().textContent()).toContain('Estratto conto');
    const total = (await page.locator('[data-testid="statement-total"]').textContent())!;
    expect(total).toMatch(/^-?[\d.]+,\d{2} €$/);
    await page.locator('[data-testid="explain-toggle"]').first().click();
    expect(await page.locator('[data-testid="explanation"] h4').first().textContent()).toContain('Come è stata calcolata');
    await page.screenshot({ path: join(artifactsDir, 'statement-italian.png'), fullPage: true });
    const builder = await openStory('planbuilder--agencies-and-agents', 'locale:it');
    expect(await builder.locator('#pv-palette-title').textContent()).toBe('Libreria di metriche');
    expect(await axe(builder)).toEqual([]);
    await builder.screenshot({ path: join(artifactsDir, 'builder-italian.png'), fullPage: true });
    await builder.close();
    await page.close();
  });
});

describe('partner statement at phone and desktop widths (issue 11 §6)', () => {
  const fixtures = JSON.parse(readFileSync(new URL('../../stories/fixtures/portal.json', import.meta.url), 'utf8')) as PortalFixtures;
  const agency = fixtures.agency;
  /** Horizontal overflow of the page: what a reader would have to scroll sideways to see. */
  const sideways = (page: Page) => page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));

  // One page per language: the first story is a cold load (with the language in Storybook's URL globals), the other
  // five are switched to in it as Storybook's sidebar does (storyPage.ts). Consecutive checks always change story, so
  // each one is a fresh render of its story at its width; a cold load per check only repeated the same page load.
  for (const locale of ['it', 'en'] as const) {
    describe(`in ${locale}`, () => {
      let opened: OpenedStory | undefined;
      afterAll(async () => {
        await opened?.page.close();
      });
      for (const width of [390, 1280]) {
        for (const story of ['portal-statement--with-ledger-and-invoice', 'portal-statement--long-data', 'portal-statement--agent']) {
          it(`${story} in ${locale} at ${width} px: no sideways scrolling, axe clean, net to pay first`, async () => {
            opened = opened ? await switchStory(opened, story, width, 1000) : await openStoryPage(browser, base, story, width, 1000, `locale:${locale}`);
            expect(opened.status, story).toBe('success');
            expect(opened.errors, story).toEqual([]);
            const { page } = opened;
            expect(await page.locator('[data-testid="statement"]').getAttribute('lang'), 'the language stays set across stories').toBe(locale);
            // open one derivation too: formulas are the widest content
            await page.locator('[data-testid="explain-toggle"]').first().click();
            await page.locator('[data-testid="explanation"]').first().waitFor();
            const { scroll, inner } = await sideways(page);
            expect(scroll, `${story} ${locale} ${width}`).toBeLessThanOrEqual(inner);
            expect(await axe(page)).toEqual([]);
            // the net to pay comes before every table
            const order = await page.evaluate(() => {
              const net = document.querySelector('[data-testid="net-to-pay"]')!;
              return Array.from(document.querySelectorAll('[data-testid="statement"] table')).every((t) => net.compareDocumentPosition(t) & Node.DOCUMENT_POSITION_FOLLOWING);
            });
            expect(order).toBe(true);
            if (story.endsWith('with-ledger-and-invoice')) await page.screenshot({ path: join(artifactsDir, `statement-${locale}-${width}.png`), fullPage: true });
          });
        }
      }
    });
  }

  it('itemises held amounts per contract with product, reason and deadline, and folds the zero-euro lines', async () => {
    const page = await openStory('portal-statement--with-ledger-and-invoice', 'locale:it', 390);
    const ps = agency.periodStatement!;
    const entries = new Map(agency.ledgerEntries.map((e) => [e.id, e]));
    const rows = page.locator('[data-testid="held-item"]');
    expect(await rows.count()).toBe(ps.held.length);
    const first = ps.held[0]!;
    const entry = entries.get(first.entryId)!;
    const row = page.locator(`[data-testid="held-item"][data-entry="${first.entryId}"]`);
    const text = (await row.textContent())!;
    // contract, its product in the sample's contracts file, the event named in Italian, the deadline as dd/mm/yyyy
    expect(text).toContain(entry.subject!);
    const contract = sample.input.facts['contracts']!.find((c) => c['id'] === entry.source!.id)!;
    expect(text).toContain(String(contract['product']));
    expect(await row.locator('[data-testid="held-reason"]').textContent()).toMatch(/^In attesa di /);
    const [y, m, d] = entry.dueDate!.split('-');
    expect(await row.locator('[data-testid="held-release"]').textContent()).toContain(`${d}/${m}/${y}`);
    // zero-euro lines: counted from the fixture's lines, hidden until asked for
    const zeros = agency.statement.lines.filter((l) => Number(l.amount) === 0).length;
    const shownBefore = await page.locator('[data-testid="statement-line"]').count();
    expect(shownBefore).toBe(agency.statement.lines.length - zeros);
    const toggles = page.locator('[data-testid="zero-lines-toggle"]');
    const labels = await toggles.allTextContents();
    const counted = labels.map((l) => Number(/^(\d+) righ[ea] a zero$/.exec(l)?.[1] ?? 'NaN'));
    expect(counted.reduce((a, b) => a + b, 0)).toBe(zeros);
    for (let i = 0; i < labels.length; i++) await toggles.nth(i).click();
    expect(await page.locator('[data-testid="statement-line"]').count()).toBe(agency.statement.lines.length);
    expect(await axe(page)).toEqual([]);
    await page.close();
  });

  it('the empty and blocked states render, in both languages', async () => {
    const empty = await openStory('portal-statement--empty', 'locale:it', 390);
    expect(await empty.locator('[data-testid="no-lines"]').textContent()).toBe('Nessuna riga in questo periodo.');
    expect(await axe(empty)).toEqual([]);
    await empty.close();
    const blocked = await openStory('portal-statement--blocked', 'locale:en', 390);
    expect(await blocked.locator('.pv-warning').textContent()).toContain('cannot be approved');
    await blocked.close();
  });
});

// one Storybook build serves every browser check: each group is its own module
describeAutoScrollDrag(() => ({ browser, base }));
describeEveryStory(() => ({ browser, base }));
