import { describe, expect, it } from 'vitest';
import { continuesBurst, TYPING_PAUSE_MS } from '../src/typingField.js';

// fields stand in as plain objects: the rule compares them by identity only
const name = {} as Element;
const currency = {} as Element;

describe('continuesBurst', () => {
  const burst = { field: name, lastKeyAt: 10_000 };

  it('joins a key in the same field up to the pause, and starts a new step after it', () => {
    expect(continuesBurst(burst, name, 10_000 + TYPING_PAUSE_MS)).toBe(true);
    expect(continuesBurst(burst, name, 10_000 + TYPING_PAUSE_MS + 1)).toBe(false);
  });

  it('starts a new step in another field, with no field focused, or with no burst going on', () => {
    expect(continuesBurst(burst, currency, 10_001)).toBe(false);
    expect(continuesBurst(burst, null, 10_001)).toBe(false);
    expect(continuesBurst(null, name, 10_001)).toBe(false);
  });
});
