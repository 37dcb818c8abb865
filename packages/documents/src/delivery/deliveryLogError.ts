import { BilingualError, bothTexts, type BothLanguages } from '@provvigo/core';

/** The place of a problem in each language: `file, line 3, field attempt` / `file, riga 3, campo attempt`. */
const PLACE_WORDS = { en: { line: 'line', field: 'field' }, it: { line: 'riga', field: 'campo' } } as const;

function placed(file: string, reasons: BothLanguages, line: number | undefined, field: string | undefined): BothLanguages {
  const text = (locale: 'en' | 'it') => {
    const words = PLACE_WORDS[locale];
    const place = [file, line === undefined ? undefined : `${words.line} ${line}`, field && `${words.field} ${field}`].filter(Boolean).join(', ');
    return `${place}: ${reasons[locale]}`;
  };
  return { en: text('en'), it: text('it') };
}

/**
 * A delivery log file that cannot be read as delivery records: names the file, the line (from 1, blank lines counted)
 * and the field, so the caller can say exactly what to fix. A bad line is never skipped: a "sent" record skipped would
 * send that partner's documents again. `message` and `reason` are English (as before); `messages` and `reasons` hold
 * both languages, so a caller that words the place itself (the CLI) still shows the reason in the user's language.
 */
export class DeliveryLogError extends BilingualError {
  // `declare`, not a field: a field would be reset to undefined after super() set it (ES2022 class fields)
  declare readonly messages: BothLanguages;
  /** What is wrong, without the place, in English (`reasons.en`). */
  readonly reason: string;
  /** What is wrong, without the place, in both languages; a zod or system message inside stays as it was given. */
  readonly reasons: BothLanguages;
  constructor(
    readonly file: string,
    /** `{ en, it }`; one string (a caller's own words) serves both languages. */
    reason: string | BothLanguages,
    readonly line?: number,
    readonly field?: string,
  ) {
    const reasons = bothTexts(reason);
    super(placed(file, reasons, line, field));
    this.name = 'DeliveryLogError';
    this.reason = reasons.en;
    this.reasons = reasons;
  }
}
