import { BilingualError, type BothLanguages } from '@provvigo/core';

/**
 * A refusal or failure of the queue that a user reads (a `--queue` URL, the store a run on the queue needs, an input
 * snapshot that cannot be used, a run that could not finish). As the store's `StoreError`: `message` is the English
 * text, `messages` both languages when it was given both, so the CLI can show it in the user's language.
 */
export class QueueError extends BilingualError {
  constructor(message: string | BothLanguages) {
    super(message);
    this.name = 'QueueError';
  }
}
