import { errorTexts, maskUrl } from '@provvigo/core';
import { CliError } from './errors.js';

/**
 * The store at `target` could not be opened: the error names it with core's `maskUrl`, which masks a password
 * wherever the URL holds it (after the user name, as ?password=, or in a URL that does not parse), since secrets are
 * never logged.
 */
export function storeOpenError(target: string, error: unknown): CliError {
  // the store words its refusals in both languages (`messages`); an error without them (a driver's) reads the same in both
  const reason = errorTexts(error);
  return new CliError({ en: `cannot open the store: ${reason.en}`, it: `impossibile aprire l'archivio: ${reason.it}` }, { file: maskUrl(target) });
}
