// No TypeError from inside our code on a missing options object (issue 18): each public function whose options are
// required, called from plain JavaScript without them (tests/withoutOptions.mjs), throws a TypeError that names the
// function and the options to pass; functions whose options all have defaults (evaluate) just work.
import { describe, expect, it } from 'vitest';
import { calls, defaulted } from './withoutOptions.mjs';

describe('a public function called from JavaScript without its options object', () => {
  for (const [name, call] of Object.entries(calls)) {
    it(`${name}: a TypeError naming ${name} and what to pass`, async () => {
      const outcome = await Promise.resolve()
        .then(call)
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      expect(outcome).toBeInstanceOf(TypeError);
      const message = (outcome as TypeError).message;
      expect(message).not.toMatch(/Cannot read propert/);
      expect(message.startsWith(name)).toBe(true);
      expect(message).toMatch(/pass (\{ \w+(, \w+)* \}|an options object)/);
    });
  }

  it('evaluate(input) without options uses the defaults', () => {
    const result = defaulted.evaluate();
    expect(result.statements).toEqual([]);
  });
});
