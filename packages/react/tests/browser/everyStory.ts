import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { STATE } from '../../stories/storyStates.js';
import { artifactsDir, staticDir } from './storybookServer.js';
import { axe, openStoryPage } from './storyPage.js';

/** Where each story's load time goes; scripts/story-load-budget.mjs checks it against the 3 s budget (issue 11 §7). */
export const LOAD_TIMES = join(artifactsDir, 'story-load-times.json');

interface IndexEntry {
  id: string;
  type: string;
  tags?: string[];
}

/**
 * Every story of the built Storybook (its index.json), each opened alone in Chromium: it must finish (render and play)
 * with Storybook reporting success, no console error or uncaught exception, no axe (WCAG 2.1 A/AA) violation, and, for
 * a phone story, nothing wider than the 390 px screen. The load times are recorded, not asserted (the machine is shared;
 * the budget is checked by scripts/story-load-budget.mjs in CI).
 */
export function describeEveryStory(ctx: () => { browser: Browser; base: string }): void {
  describe('every story in Chromium (issue 11 §7)', () => {
    it('each story renders without errors, axe clean, and phone stories fit 390 px; load times recorded', async () => {
      const { browser, base } = ctx();
      const index = JSON.parse(readFileSync(join(staticDir, 'index.json'), 'utf8')) as { entries: Record<string, IndexEntry> };
      const stories = Object.values(index.entries).filter((e) => e.type === 'story');
      // react's and the studio's story files: well over a hundred stories in all
      expect(stories.length).toBeGreaterThan(80);
      expect(stories.some((s) => s.id.startsWith('studio-'))).toBe(true);
      const failures: string[] = [];
      const times: Record<string, { renderedMs: number; finishedMs: number }> = {};
      for (const s of stories) {
        const phone = s.tags?.includes(STATE.mobile) ?? false;
        // a story that never finishes is one failure among the others, not the end of the sweep
        const opened = await openStoryPage(browser, base, s.id, phone ? 390 : 1280).catch((e: unknown) => `${s.id}: ${String(e)}`);
        if (typeof opened === 'string') {
          failures.push(opened);
          continue;
        }
        const { page } = opened;
        times[s.id] = { renderedMs: Math.round(opened.renderedMs), finishedMs: Math.round(opened.finishedMs) };
        if (opened.status !== 'success') failures.push(`${s.id}: ${opened.status}`);
        if ((await page.locator('#storybook-root > *').count()) === 0) failures.push(`${s.id}: nothing rendered`);
        for (const e of opened.errors) failures.push(`${s.id}: console: ${e}`);
        for (const v of await axe(page)) failures.push(`${s.id}: axe ${v.id} at ${v.nodes.join(', ')}`);
        if (phone) {
          const { scroll, inner } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
          if (scroll > inner) failures.push(`${s.id}: ${scroll} px wide on a ${inner} px phone`);
        }
        await page.close();
      }
      writeFileSync(LOAD_TIMES, `${JSON.stringify(times, null, 2)}\n`);
      expect(failures).toEqual([]);
    }, 900_000);
  });
}
