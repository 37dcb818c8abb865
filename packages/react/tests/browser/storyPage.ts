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
 * Opens `iframe.html?id=…` (the story alone, as Storybook's manager shows it) and waits until Storybook reports the
 * story finished: rendered and its play function, if any, done. Listens on Storybook's own channel, so the times are
 * the story's, not a guess.
 */
export async function openStoryPage(browser: Browser, base: string, id: string, width: number, height = 900): Promise<OpenedStory> {
  const page = await browser.newPage({ viewport: { width, height } });
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.addInitScript(() => {
    const w = window as unknown as { __pv: { rendered?: number; finished?: number; status?: string }; __STORYBOOK_ADDONS_CHANNEL__?: { on: (e: string, f: (x: unknown) => void) => void } };
    // performance.now() counts from the navigation's start (the page's time origin)
    w.__pv = {};
    const hook = () => {
      const ch = w.__STORYBOOK_ADDONS_CHANNEL__;
      if (!ch) return void setTimeout(hook, 2);
      ch.on('storyRendered', () => void (w.__pv.rendered ??= performance.now()));
      ch.on('storyFinished', (x) => {
        w.__pv.finished ??= performance.now();
        w.__pv.status ??= String((x as { status?: string } | undefined)?.status ?? 'success');
      });
      for (const e of ['playFunctionThrewException', 'storyThrewException', 'storyErrored', 'storyMissing']) ch.on(e, (x) => {
        w.__pv.finished ??= performance.now();
        w.__pv.status ??= `${e}: ${String((x as { message?: string } | undefined)?.message ?? JSON.stringify(x))}`;
      });
    };
    hook();
  });
  try {
    await page.goto(`${base}/iframe.html?id=${encodeURIComponent(id)}&viewMode=story`);
    await page.waitForFunction(() => (window as unknown as { __pv: { finished?: number } }).__pv.finished !== undefined, undefined, { timeout: 30_000 });
  } catch (e) {
    await page.close();
    throw e;
  }
  const pv = await page.evaluate(() => (window as unknown as { __pv: { rendered?: number; finished: number; status: string } }).__pv);
  return { page, errors, renderedMs: pv.rendered ?? pv.finished, finishedMs: pv.finished, status: pv.status };
}
