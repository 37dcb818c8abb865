import { InvalidArgumentError, type Command } from 'commander';
import type { Locale } from '@provvigo/core';
import { said } from '../io/cliLocale.js';
import { CliError, errorText } from '../io/errors.js';
import { EXIT } from '../exitCodes.js';

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
      io.err(`provvigo ${name}: ${errorText(e)}\n`);
      process.exitCode = EXIT.usage;
    }
  };
}

// The parsers word their reason in the CLI's language: commander prints it after its own words (io/commanderWords.ts).
export function parseLocale(value: string): Locale {
  if (value !== 'it' && value !== 'en') throw new InvalidArgumentError(said({ en: 'use it or en', it: 'usa it o en' }));
  return value;
}

export function parsePositiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError(said({ en: 'a positive whole number', it: 'serve un numero intero positivo' }));
  return n;
}

/** Adds the help footer listing exit codes, shared by every command. */
export function withExitCodes(cmd: Command): Command {
  return cmd.addHelpText('after', said({ en: '\nExit codes: 0 ok, 1 plan or data issues, 2 usage or IO error.', it: '\nCodici di uscita: 0 ok, 1 problemi nei piani o nei dati, 2 errore di utilizzo o di I/O.' }));
}

