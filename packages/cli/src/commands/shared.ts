import { InvalidArgumentError, type Command } from 'commander';
import type { Issue, Locale } from '@provvigo/core';
import { formatIssues } from '../core.js';
import { CliError } from '../io/errors.js';
import { EXIT } from '../program.js';

/** Where a command writes: stdout for results, stderr for issues and progress. Replaceable in tests. */
export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
}

export const processIo: Io = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
};

/**
 * Wraps a command action: a `CliError` prints one line naming file, record and field and sets its exit code (1 data
 * or plan, 2 usage or IO); any other error is an IO failure (2). The action returns its own exit code.
 */
export function action<A extends unknown[]>(name: string, fn: (...args: A) => Promise<number>, io: Io = processIo) {
  return async (...args: A): Promise<void> => {
    try {
      process.exitCode = await fn(...args);
    } catch (e) {
      if (e instanceof CliError) {
        io.err(`provvigo ${name}: ${e.format()}\n`);
        process.exitCode = e.exitCode;
        return;
      }
      io.err(`provvigo ${name}: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exitCode = EXIT.usage;
    }
  };
}

export function parseLocale(value: string): Locale {
  if (value !== 'it' && value !== 'en') throw new InvalidArgumentError('use it or en');
  return value;
}

export function parsePositiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('a positive whole number');
  return n;
}

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

/** Adds the help footer listing exit codes, shared by every command. */
export function withExitCodes(cmd: Command): Command {
  return cmd.addHelpText('after', '\nExit codes: 0 ok, 1 plan or data issues, 2 usage or IO error.');
}

