import { maskUrl } from '@provvigo/core';
import { CliError } from './errors.js';

/**
 * The store at `target` could not be opened: the error names it with core's `maskUrl`, which masks a password
 * wherever the URL holds it (after the user name, as ?password=, or in a URL that does not parse), since secrets are
 * never logged.
 */
export function storeOpenError(target: string, error: unknown): CliError {
  return new CliError(`cannot open the store: ${(error as Error).message}`, { file: maskUrl(target) });
}
