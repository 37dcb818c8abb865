import type { UiLocale } from '../src/index.js';

/**
 * The states every component's stories cover (issue 11 §7), as Storybook tags so they can be filtered in the sidebar
 * and checked by tests/storyCoverage.test.ts: empty, error, long data, Italian (story global `locale: 'it'`) and a
 * 390 px phone (story global viewport `phone390`). The real-browser test opens a `state:mobile` story 390 px wide.
 * Storybook indexes tags without running the story file, so a story writes them as string literals
 * (`tags: ['state:empty']`); these constants are what the tests compare them with.
 */
export const STATE = {
  empty: 'state:empty',
  error: 'state:error',
  longData: 'state:long-data',
  italian: 'state:italian',
  mobile: 'state:mobile',
} as const;
export type StoryState = keyof typeof STATE;

/** The phone viewport of the Storybook toolbar (.storybook/preview.tsx): 390 px wide, as the issue asks. */
export const PHONE_VIEWPORT = { phone390: { name: 'Phone 390 px', styles: { width: '390px', height: '844px' }, type: 'mobile' } } as const;

/** A story in Italian: the global the toolbar's language switch sets (tag it `state:italian`). */
export const italian = { globals: { locale: 'it' } };
/** A story on a 390 px phone (tag it `state:mobile`). */
export const onAPhone = { globals: { viewport: { value: 'phone390', isRotated: false } } };

/** The language a story renders in: the toolbar's (or the story's) `locale` global, else the given default. */
export function localeOf(globals: Record<string, unknown>, fallback: UiLocale = 'en'): UiLocale {
  const l = globals['locale'];
  return l === 'it' || l === 'en' ? l : fallback;
}
