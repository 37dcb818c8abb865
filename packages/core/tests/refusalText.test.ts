import { describe, expect, it } from 'vitest';
import { bothTexts, errorTexts, issueTexts, periodIssues, RunError, refusalText, type Issue } from '../src/index.js';

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

describe('errorTexts and bothTexts', () => {
  it("takes an error's texts in both languages when it carries them, else its message in both", () => {
    const run = new RunError('four_eyes', { en: 'run r1 is not yours to approve', it: "l'esecuzione r1 non puoi approvarla tu" }, 'r1');
    expect(errorTexts(run)).toEqual({ en: 'run r1 is not yours to approve', it: "l'esecuzione r1 non puoi approvarla tu" });
    expect(errorTexts(new Error('boom'))).toEqual({ en: 'boom', it: 'boom' });
    expect(errorTexts('text')).toEqual({ en: 'text', it: 'text' });
    // a `messages` without its Italian is not taken for both texts; the English is always `message`
    expect(errorTexts(Object.assign(new Error('x'), { messages: { en: 'y' } }))).toEqual({ en: 'x', it: 'x' });
  });

  it('gives one string in both languages and copies a pair', () => {
    const pair = { en: 'a', it: 'b' };
    const both = bothTexts(pair);
    pair.it = 'changed';
    expect([bothTexts('id-1'), both]).toEqual([{ en: 'id-1', it: 'id-1' }, { en: 'a', it: 'b' }]);
  });
});

describe('issueTexts', () => {
  it("takes an issue's Italian when it carries one, else its English in both", () => {
    const [bad] = periodIssues({ id: '2026-02', start: '2026-02-31', end: '2026-03-31' });
    expect(issueTexts(bad!)).toEqual({ en: 'period 2026-02: start 2026-02-31 is not a date in the calendar', it: 'periodo 2026-02: inizio 2026-02-31 non è una data del calendario' });
    const englishOnly: Issue = { code: 'invalid_input', severity: 'warning', message: 'only English', path: [] };
    expect(issueTexts(englishOnly)).toEqual({ en: 'only English', it: 'only English' });
    // the English is always `message`, even when `messages.en` says otherwise
    expect(issueTexts({ message: 'x', messages: { en: 'y', it: 'z' } })).toEqual({ en: 'x', it: 'z' });
  });
});
