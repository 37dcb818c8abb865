import { describe, expect, it } from 'vitest';
import { RunError, refusalText } from '../src/index.js';

describe('refusalText', () => {
  it('keeps English as the message and both languages apart from the caller\'s object', () => {
    const given = { en: 'run r1 is approved', it: "l'esecuzione r1 è approvata" };
    const text = refusalText(given);
    expect(text.message).toBe('run r1 is approved');
    expect(text.messages).toEqual({ en: 'run r1 is approved', it: "l'esecuzione r1 è approvata" });
    given.it = 'changed later';
    expect(text.messages?.it).toBe("l'esecuzione r1 è approvata");
  });

  it('an English-only refusal has no messages', () => {
    expect(refusalText('only English')).toEqual({ message: 'only English', messages: undefined });
  });

  it('RunError reads its texts through it', () => {
    const e = new RunError('four_eyes', { en: 'no', it: 'no (it)' }, 'r1');
    expect([e.message, e.messages?.it, e.toJSON().messages?.en]).toEqual(['no', 'no (it)', 'no']);
  });
});
