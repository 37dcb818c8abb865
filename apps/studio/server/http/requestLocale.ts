import type { Locale } from '@provvigo/core';

/**
 * The language a refusal is worded in: the studio's own language switch (`?lang=it|en`, which the client adds to the
 * links it opens in a new tab), else the browser's first Italian or English preference (Accept-Language), else the
 * fallback (the partner's document language).
 */
export function requestLocale(query: string | undefined, acceptLanguage: string | undefined, fallback: Locale): Locale {
  if (query === 'it' || query === 'en') return query;
  for (const part of (acceptLanguage ?? '').split(',')) {
    const tag = part.trim().split(';')[0]!.toLowerCase();
    if (tag === 'it' || tag.startsWith('it-')) return 'it';
    if (tag === 'en' || tag.startsWith('en-')) return 'en';
  }
  return fallback;
}
