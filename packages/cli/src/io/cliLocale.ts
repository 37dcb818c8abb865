import type { BothLanguages, Locale } from '@provvigo/core';

/**
 * The language of the CLI's own messages. `PROVVIGO_LOCALE` (it or en) wins, so a user can pick the language without
 * changing their system locale; otherwise the system's, with POSIX precedence (LC_ALL, then LC_MESSAGES, then LANG:
 * the first one set and not empty). Italian for `it`, `it_IT.UTF-8`, `it_CH`…, English for anything else (C, POSIX,
 * en_US, unset), since English is the fallback of every message.
 */
export function cliLocale(env: NodeJS.ProcessEnv = process.env): Locale {
  const chosen = env.PROVVIGO_LOCALE?.trim().toLowerCase();
  if (chosen === 'it' || chosen === 'en') return chosen;
  const system = [env.LC_ALL, env.LC_MESSAGES, env.LANG].find((v) => v !== undefined && v !== '');
  return system?.toLowerCase().startsWith('it') ? 'it' : 'en';
}

/**
 * The text in `locale` (by default the CLI's language): what a command prints for people, given in both languages
 * at the place it is printed, e.g. `io.out(said({ en: 'no periods yet', it: 'ancora nessun periodo' }))`. Commands
 * that print many lines keep a words table per language instead (`SUMMARY_WORDS` of `provvigo run`).
 */
export function said(text: BothLanguages, locale: Locale = cliLocale()): string {
  return text[locale];
}
