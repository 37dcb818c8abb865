import { maskUrl } from '@provvigo/core';
import { CliError } from './errors.js';

/**
 * The store at `target` could not be opened: the error names it with core's `maskUrl`, which masks a password
 * wherever the URL holds it (after the user name, as ?password=, or in a URL that does not parse), since secrets are
 * never logged.
 */
export function storeOpenError(target: string, error: unknown): CliError {
  const reason = (error as Error).message;
  // the store's reason is its own (English) text: only the CLI's words are translated
  return new CliError({ en: `cannot open the store: ${reason}`, it: `impossibile aprire l'archivio: ${reason}` }, { file: maskUrl(target) });
}
