import type { BothLanguages } from './schema/common.js';

/**
 * A refusal's text as an error keeps it: `message` always English (what logs and older callers read), `messages` the
 * two languages when the refusal was given both, else undefined. `RunError` and the store's `StoreError` take either
 * form, and both read it through here so they cannot disagree on which text is `message`.
 */
export function refusalText(text: string | BothLanguages): { message: string; messages: BothLanguages | undefined } {
  if (typeof text === 'string') return { message: text, messages: undefined };
  return { message: text.en, messages: { en: text.en, it: text.it } };
}

/** A text in both languages; one string (an id, a path, a remote system's own words) serves both. */
export function bothTexts(text: string | BothLanguages): BothLanguages {
  return typeof text === 'string' ? { en: text, it: text } : { en: text.en, it: text.it };
}

/**
 * An issue's text in both languages: `message` as the English, and its `messages.it` when it carries one, else its
 * one message in both (an issue from a source that words only English). For printing an issue in the reader's
 * language, or quoting it inside a refusal, without each caller choosing the fallback itself.
 */
export function issueTexts(issue: { readonly message: string; readonly messages?: Partial<BothLanguages> | undefined }): BothLanguages {
  const it = issue.messages?.it;
  return { en: issue.message, it: typeof it === 'string' ? it : issue.message };
}

/**
 * An error's text in both languages: `message` as the English, and its `messages.it` when it carries one (core's,
 * the store's, the queue's, the adapters' errors do), else its one message in both. For re-wording an error inside
 * another one without losing its Italian.
 */
export function errorTexts(error: unknown): BothLanguages {
  if (!(error instanceof Error)) return bothTexts(String(error));
  const messages = (error as { messages?: Partial<BothLanguages> }).messages;
  return { en: error.message, it: typeof messages?.it === 'string' ? messages.it : error.message };
}
