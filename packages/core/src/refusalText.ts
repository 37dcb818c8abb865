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
