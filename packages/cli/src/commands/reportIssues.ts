import type { Issue, Locale } from '@provvigo/core';
import { formatIssues } from '../core.js';
import type { Io } from './shared.js';

/** Prints issues to stderr with a count line, in the user's language where the issue has both; returns whether any is an error. */
export function reportIssues(issues: readonly Issue[], io: Io, limit = 50, locale?: Locale): boolean {
  if (issues.length === 0) return false;
  const shown = issues.slice(0, limit).map((i) => (locale && i.messages ? { ...i, message: i.messages[locale] } : i));
  if (shown.length > 0) io.err(formatIssues(shown) + '\n');
  if (issues.length > limit && limit > 0) io.err(`… and ${issues.length - limit} more (all of them in issues.csv / --json)\n`);
  const errors = issues.filter((i) => i.severity === 'error').length;
  io.err(`${errors} error(s), ${issues.length - errors} warning(s)\n`);
  return errors > 0;
}
