import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';

const require = createRequire(import.meta.url);

/** Runs axe-core (WCAG 2 A/AA rules) on the story root and returns the violations. */
export async function axe(page: Page): Promise<{ id: string; nodes: string[] }[]> {
  await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
  return page.evaluate(async () => {
    const w = window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> } };
    const r = await w.axe.run('#storybook-root', { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return r.violations.map((v) => ({ id: v.id, nodes: v.nodes.map((n) => n.target.join(' ')) }));
  });
}

/** A story opened in its own page, with what the browser said while it loaded. */
export interface OpenedStory {
  page: Page;
  /** Console errors and uncaught exceptions, in order. */
  errors: string[];
  /** Milliseconds from navigation to the story's first render (Storybook's `storyRendered`), and to its end (play included). */
  renderedMs: number;
  finishedMs: number;
  /** `success`, or why Storybook says the story (or its play function) failed. */
  status: string;
}

/**
 * Opens `iframe.html?id=…` (the story alone, as Storybook's manager shows it) and waits until Storybook's preview says
 * the story's render is over (its `currentRender.phase`): rendered and its play function, if any, done. Times are read
 * in the page (performance.now() counts from the navigation's start), polled each frame. `globals` (`locale:it`) are
 * Storybook's URL globals: they stay set for every story the page switches to.
 */
export async function openStoryPage(browser: Browser, base: string, id: string, width: number, height = 900, globals?: string): Promise<OpenedStory> {
  const page = await browser.newPage({ viewport: { width, height } });
  const errors: string[] = [];
  page.on('console', (m) => {
    // Chromium asks every new page for /favicon.ico on its own; the static Storybook has none, and no story asked
    if (m.type() === 'error' && !m.location().url.endsWith('/favicon.ico')) errors.push(`${m.text()} (${m.location().url})`);
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  try {
    await page.goto(`${base}/iframe.html?id=${encodeURIComponent(id)}&viewMode=story${globals ? `&globals=${globals}` : ''}`);
    const outcome = await storyOutcome(page, id);
    return { page, errors, ...outcome };
  } catch (e) {
    await page.close();
    throw e;
  }
}

type Outcome = Pick<OpenedStory, 'renderedMs' | 'finishedMs' | 'status'>;

/** Waits until story `id` is on screen and its render is over; reads when, and whether Storybook showed an error. */
async function storyOutcome(page: Page, id: string): Promise<Outcome> {
  type Preview = { __STORYBOOK_PREVIEW__?: { currentRender?: { id?: string; phase?: string } } };
  const rendered = await page.waitForFunction(
    (sid) => {
      const r = (window as unknown as Preview).__STORYBOOK_PREVIEW__?.currentRender;
      return r?.id === sid && document.querySelector('#storybook-root > *') ? performance.now() : false;
    },
    id,
    { timeout: 30_000 },
  );
  // an error in the story or its play function also ends in `finished`, with Storybook's error display shown
  const finished = await page.waitForFunction(
    (sid) => {
      const r = (window as unknown as Preview).__STORYBOOK_PREVIEW__?.currentRender;
      return r?.id === sid && (r.phase === 'finished' || r.phase === 'aborted') ? { at: performance.now(), phase: r.phase } : false;
    },
    id,
    { timeout: 30_000 },
  );
  const end = (await finished.jsonValue()) as { at: number; phase: string };
  const shownError = await page.evaluate(() => (document.body.classList.contains('sb-show-errordisplay') ? (document.querySelector('#error-message')?.textContent ?? 'error shown') : ''));
  const status = end.phase === 'finished' && !shownError ? 'success' : `${end.phase}${shownError ? `: ${shownError}` : ''}`;
  return { renderedMs: (await rendered.jsonValue()) as number, finishedMs: end.at, status };
}

/**
 * Shows another story in an already opened Storybook page (Storybook's own `setCurrentStory` event, as its manager
 * sends it): the stories of one file share their module, so only the first of them is a cold load. Console errors
 * from here on are the new story's; the times count from the switch.
 */
export async function switchStory(opened: OpenedStory, id: string, width: number, height = 900): Promise<OpenedStory> {
  const { page } = opened;
  opened.errors.length = 0;
  await page.setViewportSize({ width, height });
  const start = await page.evaluate((sid) => {
    const t = performance.now();
    (window as unknown as { __STORYBOOK_ADDONS_CHANNEL__: { emit: (e: string, p: unknown) => void } }).__STORYBOOK_ADDONS_CHANNEL__.emit('setCurrentStory', { storyId: sid, viewMode: 'story' });
    return t;
  }, id);
  const o = await storyOutcome(page, id);
  return { ...opened, renderedMs: o.renderedMs - start, finishedMs: o.finishedMs - start, status: o.status };
}
