import { describe, expect, it } from 'vitest';
import { BilingualError, RunError, errorTexts } from '../src/index.js';

/**
 * The errors a user reads keep `message` English and `messages` both languages. Core's RunError, the store's,
 * the queue's and the adapters' errors share this class, so a subclass cannot lose `messages` to a field of its own
 * (with ES2022 class fields, a redeclared `messages` would be reset to undefined after `super`).
 */
describe('BilingualError', () => {
  it('keeps the English as message and both texts as messages, or one text with no messages', () => {
    const both = new BilingualError({ en: 'the run is approved', it: "l'esecuzione è approvata" });
    expect([both.message, both.messages]).toEqual(['the run is approved', { en: 'the run is approved', it: "l'esecuzione è approvata" }]);
    const one = new BilingualError('RUN-7');
    expect([one.message, one.messages]).toEqual(['RUN-7', undefined]);
    expect(errorTexts(both)).toEqual({ en: 'the run is approved', it: "l'esecuzione è approvata" });
  });

  it('passes a cause on, and a subclass keeps its messages and its own fields', () => {
    const cause = new Error('socket closed');
    expect(new BilingualError({ en: 'a', it: 'b' }, { cause }).cause).toBe(cause);
    const e = new RunError('invalid_transition', { en: 'not yet validated', it: 'non ancora convalidata' }, 'R1');
    expect(e).toBeInstanceOf(BilingualError);
    expect([e.name, e.code, e.runId, e.message, e.messages?.it]).toEqual(['RunError', 'invalid_transition', 'R1', 'not yet validated', 'non ancora convalidata']);
  });
});
