import { BilingualError, type BothLanguages } from '@provvigo/core';

/**
 * A document could not be built or rendered; `path` names the field (e.g. ['fiscal', 'vatAmount']). Every refusal
 * this package raises gives its text in both languages (`messages`, read with core's `errorTexts`); `message` is the
 * English, as before. One string is still accepted for callers that word the refusal in one language themselves
 * (then `messages` is undefined).
 */
export class DocumentError extends BilingualError {
  readonly path: string[];
  constructor(message: string | BothLanguages, path: string[] = []) {
    super(message);
    this.name = 'DocumentError';
    this.path = path;
  }
}
