import { issueTexts, type Issue } from '@provvigo/core';
import { DocumentError } from './errors.js';

/**
 * The refusal of a document whose fiscal result has errors: names partner and period and lists every error issue, in
 * each language (an issue without Italian is listed as it is). One text for the documents built from a result and for
 * the CLI, which refuses a failed `computeFiscal` before any document is built.
 */
export function fiscalErrorsRefusal(partnerId: string, periodId: string, issues: readonly Issue[]): DocumentError {
  const errors = issues.filter((i) => i.severity === 'error');
  const texts = errors.map(issueTexts);
  const en = texts.map((t) => t.en).join('; ');
  const it = texts.map((t) => t.it).join('; ');
  return new DocumentError(
    { en: `partner ${partnerId}, period ${periodId}: fiscal result has errors: ${en}`, it: `partner ${partnerId}, periodo ${periodId}: il risultato fiscale contiene errori: ${it}` },
    ['fiscal', 'issues'],
  );
}
