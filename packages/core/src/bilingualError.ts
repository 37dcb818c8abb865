import type { BothLanguages } from './schema/common.js';
import { refusalText } from './refusalText.js';

/**
 * An error a user reads, given one text or the two languages: `message` is always the English text (what logs and
 * older callers read), `messages` both languages when both were given (`messages.en === message`), else undefined.
 * Core's, the store's, the queue's and the adapters' errors extend it, so none of them can disagree on which text is
 * `message`. To read an error's texts, use `errorTexts(e)`: it reads any error, this class or not (another copy of
 * core in a bundle makes `instanceof` fail).
 */
export class BilingualError extends Error {
  /** The text in both languages, when it was given both (`messages.en === message`). */
  readonly messages: BothLanguages | undefined;

  constructor(message: string | BothLanguages, options?: ErrorOptions) {
    const text = refusalText(message);
    super(text.message, options);
    this.messages = text.messages;
  }
}
