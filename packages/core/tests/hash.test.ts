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
  it('canonical JSON is JSON.stringify of the value with every object\'s keys sorted', () => {
    // The reference: JSON.stringify for every scalar, objects printed member by member in sorted key order (an object
    // rebuilt in that order would not do: JS puts integer-like keys such as "0" first whatever the insertion order).
    const reference = (v: unknown): string =>
      Array.isArray(v)
        ? `[${v.map(reference).join(',')}]`
        : v !== null && typeof v === 'object'
          ? `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${reference((v as Record<string, unknown>)[k])}`).join(',')}}`
          : JSON.stringify(v);
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(canonicalJson(v)).toBe(reference(v));
      }),
      { seed: 20261204, numRuns: 300 },
    );
    // What JSON has no value for: undefined members are left out, undefined items and non-finite numbers are null.
    expect(canonicalJson({ b: undefined, a: [undefined, Number.NaN, -0, 1e21] })).toBe('{"a":[null,null,0,1e+21]}');
  });
});
