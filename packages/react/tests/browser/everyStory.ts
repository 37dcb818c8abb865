import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { STATE } from '../../stories/storyStates.js';
import { staticDir } from './storybookServer.js';
import { axe, openStoryPage, switchStory } from './storyPage.js';
import type { OpenedStory } from './storyPage.js';

interface IndexEntry {
  id: string;
  type: string;
  importPath: string;
  tags?: string[];
}

/**
 * Every story of the built Storybook (its index.json) in Chromium: it must finish (render and play) without Storybook
 * showing an error, with no console error or uncaught exception and, for a phone story, nothing wider than the 390 px
 * screen; the first story of each file is also checked with axe (WCAG 2.1 A/AA). Load times are not asserted here (a
 * shared machine): packages/react/scripts/story-load-budget.ts measures them on their own after the tests.
 */
export function describeEveryStory(ctx: () => { browser: Browser; base: string }): void {
  describe('every story in Chromium (issue 11 §7)', () => {
    it('each story renders without errors, axe clean, and phone stories fit 390 px', async () => {
      const { browser, base } = ctx();
      const index = JSON.parse(readFileSync(join(staticDir, 'index.json'), 'utf8')) as { entries: Record<string, IndexEntry> };
      const stories = Object.values(index.entries).filter((e) => e.type === 'story');
      // react's and the studio's story files: well over a hundred stories in all
      expect(stories.length).toBeGreaterThan(80);
      expect(stories.some((s) => s.id.startsWith('studio-'))).toBe(true);
      const failures: string[] = [];
      const byFile = new Map<string, IndexEntry[]>();
      for (const s of stories) byFile.set(s.importPath, [...(byFile.get(s.importPath) ?? []), s]);
      // One page for the whole sweep: the first story is a cold load of the Storybook page, every other story is switched
      // to in it, as Storybook's own sidebar does (a story of another file loads that file's module on the way). Cold
      // loads, one per file, are what packages/react/scripts/story-load-budget.ts measures on its own; here they would
      // only repeat the same page load eighteen times. After a story that never finishes, the next one starts afresh.
      let opened: OpenedStory | undefined;
      for (const group of byFile.values()) {
        for (const s of group) {
          const phone = s.tags?.includes(STATE.mobile) ?? false;
          const width = phone ? 390 : 1280;
          try {
            opened = opened ? await switchStory(opened, s.id, width) : await openStoryPage(browser, base, s.id, width);
          } catch (e) {
            // a story that never finishes is one failure among the others, not the end of the sweep
            failures.push(`${s.id}: ${String(e)}`);
            await opened?.page.close();
            opened = undefined;
            continue;
          }
          const { page } = opened;
          if (opened.status !== 'success') failures.push(`${s.id}: ${opened.status}`);
          for (const e of opened.errors) failures.push(`${s.id}: console: ${e}`);
          // axe once per file (it is the slow part); the states' markup differs little within a file
          if (s === group[0]) for (const v of await axe(page)) failures.push(`${s.id}: axe ${v.id} at ${v.nodes.join(', ')}`);
          if (phone) {
            const { scroll, inner } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
            if (scroll > inner) failures.push(`${s.id}: ${scroll} px wide on a ${inner} px phone`);
          }
        }
      }
      await opened?.page.close();
      expect(failures).toEqual([]);
    }, 900_000);
  });
}
