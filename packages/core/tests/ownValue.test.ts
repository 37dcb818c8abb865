import { describe, expect, it } from 'vitest';
import * as core from '../src/index.js';
import { ownValue } from '../src/ownValue.js';

/**
 * `ownValue(obj, key)`: the value of an own property, never an inherited one. What core reads records, fact tables,
 * overrides and fiscal tables with, by names that come from the user.
 */
describe('ownValue', () => {
  it("returns an own property's value", () => {
    const record: Record<string, unknown> = { amount: 5, note: 'x', zero: 0, blank: '', none: null };
    expect(ownValue(record, 'amount')).toBe(5);
    expect(ownValue(record, 'note')).toBe('x');
    // falsy own values are values, not "missing"
    expect(ownValue(record, 'zero')).toBe(0);
    expect(ownValue(record, 'blank')).toBe('');
    expect(ownValue(record, 'none')).toBeNull();
  });

  it("is undefined for a name the object only inherits from Object.prototype", () => {
    const record: Record<string, unknown> = { amount: 5 };
    for (const name of ['toString', 'valueOf', 'hasOwnProperty', 'constructor', 'isPrototypeOf', 'toLocaleString', '__proto__']) {
      expect(record[name], name).not.toBeUndefined(); // a plain read finds the inherited member…
      expect(ownValue(record, name), name).toBeUndefined(); // …an own read does not
    }
    expect(ownValue(record, 'missing')).toBeUndefined();
  });

  it('returns own properties named like Object.prototype members, __proto__ included', () => {
    const record = JSON.parse('{"toString": "a", "valueOf": 2, "hasOwnProperty": false, "__proto__": "p"}') as Record<string, unknown>;
    expect(ownValue(record, 'toString')).toBe('a');
    expect(ownValue(record, 'valueOf')).toBe(2);
    expect(ownValue(record, 'hasOwnProperty')).toBe(false);
    expect(ownValue(record, '__proto__')).toBe('p');
  });

  it("ignores a custom prototype's properties and reads an own property that is not enumerable", () => {
    const record = Object.create({ amount: 9 }) as Record<string, unknown>;
    expect(record['amount']).toBe(9);
    expect(ownValue(record, 'amount')).toBeUndefined();
    Object.defineProperty(record, 'hidden', { value: 3, enumerable: false });
    expect(ownValue(record, 'hidden')).toBe(3);
  });

  it('works on objects without a prototype and on own properties whose value is undefined', () => {
    const bare = Object.assign(Object.create(null) as Record<string, unknown>, { id: 'C1', gone: undefined });
    expect(ownValue(bare, 'id')).toBe('C1');
    expect(ownValue(bare, 'gone')).toBeUndefined();
    expect(ownValue(bare, 'toString')).toBeUndefined();
  });

  it("is exported from the package's entry point", () => {
    expect(core.ownValue).toBe(ownValue);
    expect(core.ownValue({ contracts: [1] }, 'contracts')).toEqual([1]);
  });
});
