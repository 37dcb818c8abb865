import type { Issue, Locale } from '@provvigo/core';
import { formatIssues } from '../core.js';
import { cliLocale, said } from '../io/cliLocale.js';
import type { Io } from './shared.js';

/**
 * Prints issues to stderr with a count line, in `locale` (a command's `--locale` when the user gave one) or else the
 * CLI's language, as every other line the command prints; returns whether any is an error. An issue written in one
 * language only is shown as it is.
 */
export function reportIssues(issues: readonly Issue[], io: Io, limit = 50, locale?: Locale): boolean {
  if (issues.length === 0) return false;
  const language = locale ?? cliLocale();
  const shown = issues.slice(0, limit).map((i) => (i.messages ? { ...i, message: i.messages[language] } : i));
  if (shown.length > 0) io.err(formatIssues(shown) + '\n');
  const words = cliLocale();
  const more = issues.length - limit;
  if (more > 0 && limit > 0) io.err(said({ en: `… and ${more} more (all of them in issues.csv / --json)\n`, it: `… e altri ${more} (tutti in issues.csv / --json)\n` }, words));
  const errors = issues.filter((i) => i.severity === 'error').length;
  const warnings = issues.length - errors;
  io.err(said({ en: `${errors} error(s), ${warnings} warning(s)\n`, it: `errori: ${errors}, avvisi: ${warnings}\n` }, words));
  return errors > 0;
}
