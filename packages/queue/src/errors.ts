import { type BothLanguages, refusalText } from '@provvigo/core';

/**
 * A refusal or failure of the queue that a user reads (a `--queue` URL, the store a run on the queue needs, an input
 * snapshot that cannot be used, a run that could not finish). As the store's `StoreError`: `message` is the English
 * text, `messages` both languages when it was given both, so the CLI can show it in the user's language.
 */
export class QueueError extends Error {
  /** The text in both languages, when it was given both (`messages.en === message`). */
  readonly messages: BothLanguages | undefined;

  constructor(message: string | BothLanguages) {
    const text = refusalText(message);
    super(text.message);
    this.name = 'QueueError';
    this.messages = text.messages;
  }
}
