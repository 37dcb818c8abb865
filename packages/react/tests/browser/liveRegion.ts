import type { Page } from 'playwright-core';

const SELECTOR = '[id^="DndLiveRegion"]';

/** What dnd-kit's live region says now. */
export const liveText = async (page: Page): Promise<string> => (await page.locator(SELECTOR).textContent()) ?? '';

/** Waits until dnd-kit's live region says something that matches `pattern` (the pick-up, the drop). */
export async function untilHeard(page: Page, pattern: RegExp): Promise<void> {
  await page.waitForFunction(({ selector, source, flags }) => new RegExp(source, flags).test(document.querySelector(selector)?.textContent ?? ''), {
    selector: SELECTOR,
    source: pattern.source,
    flags: pattern.flags,
  });
}

/**
 * Presses a key during a keyboard drag and returns what the live region says once the page has settled: neither the
 * announcement nor the page's scroll position has changed for five animation frames, and either the announcement
 * changed or twenty frames went by without it (the held item was already at the first or last drop area).
 * Why not a fixed wait: dnd-kit brings an area out of view under the held item by scrolling the page smoothly, and
 * the announcement changes only when the scroll has carried the area there; a test that read it two frames after the
 * key read a stale text and pressed once too often (CI, 2026-12-05).
 */
export async function pressAndHear(page: Page, key: string): Promise<string> {
  const before = await liveText(page);
  await page.evaluate(() => {
    (window as unknown as { __settle?: unknown }).__settle = undefined;
  });
  await page.keyboard.press(key);
  const heard = await page.waitForFunction(
    ({ selector, before }) => {
      type Settle = { text: string; y: number; still: number; frames: number };
      const w = window as unknown as { __settle?: Settle };
      const text = document.querySelector(selector)?.textContent ?? '';
      const y = window.scrollY;
      const last = w.__settle;
      const settle: Settle = last && last.text === text && last.y === y ? { ...last, still: last.still + 1 } : { text, y, still: 0, frames: last?.frames ?? 0 };
      settle.frames++;
      w.__settle = settle;
      return settle.still >= 5 && (text !== before || settle.frames >= 20) ? text : false;
    },
    { selector: SELECTOR, before },
    { polling: 'raf', timeout: 15_000 },
  );
  return (await heard.jsonValue()) as string;
}

/**
 * Arrows a held palette item to the drop area whose announcement matches `over`: up through the areas until it matches
 * or the first is reached, then down. The areas form a list that does not wrap around, so this finds any of them
 * wherever the item was picked up. Returns the last announcement (the caller asserts it).
 */
export async function arrowTo(page: Page, over: RegExp): Promise<string> {
  let heard = await liveText(page);
  for (const key of ['ArrowUp', 'ArrowDown']) {
    for (let i = 0; i < 12 && !over.test(heard); i++) {
      const next = await pressAndHear(page, key);
      if (next === heard) break;
      heard = next;
    }
  }
  return heard;
}
