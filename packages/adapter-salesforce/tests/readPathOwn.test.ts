import { describe, expect, it } from 'vitest';
import { readPath } from '../src/coerce.js';
import { convertRecord } from '../src/convert.js';
import { ObjectMappingSchema } from '../src/mapping.js';

/**
 * Field paths come from the mapping config: `toString`, `constructor` or `Account.hasOwnProperty` are valid field
 * paths. `readPath` read them with plain property access, so a record without such a field handed back
 * Object.prototype's member (a function, or Object.prototype itself for `__proto__`) instead of "absent": the record
 * was quarantined as "expected text, got function …", or a function travelled on as the field's value.
 */
const INHERITED = ['toString', 'constructor', '__proto__', 'hasOwnProperty', 'valueOf', 'isPrototypeOf'];

// Parsed from JSON like every REST record, so the objects are ordinary ones with Object.prototype behind them.
const rest = JSON.parse(
  '{"attributes":{"type":"Contract"},"Id":"800XX0000000001AAA","Account":{"attributes":{"type":"Account"},"Name":"ACME","Owner":{"Name":"Ada"}},"Partner__r":null}',
) as Record<string, unknown>;
const flat: Record<string, unknown> = { Id: '800XX0000000001AAA', 'Account.Name': 'ACME', 'Account.Owner.Name': 'Ada' };

describe('readPath reads own properties only, at every step', () => {
  for (const name of INHERITED) {
    it(`a REST record without "${name}" reads it as any absent field`, () => {
      expect(readPath(rest, name, false)).toBe(readPath(rest, 'Missing__c', false));
      expect(readPath(rest, name, false)).toBeUndefined();
      expect(readPath(rest, `Account.${name}`, false)).toBeUndefined();
      expect(readPath(rest, `Account.Owner.${name}`, false)).toBeUndefined();
      // past an absent relationship the value is null, as for `Missing__r.Name`
      expect(readPath(rest, `${name}.Name`, false)).toBe(readPath(rest, 'Missing__r.Name', false));
      expect(readPath(rest, `${name}.Name`, false)).toBeNull();
    });

    it(`a flat Bulk row without "${name}" reads it as absent`, () => {
      expect(readPath(flat, name, true)).toBeUndefined();
      expect(readPath(flat, `Account.${name}`, true)).toBeUndefined();
    });
  }

  it('still reads own fields of any name, relationships and null relationships as before', () => {
    const own = JSON.parse('{"toString":"t","__proto__":{"Name":"p"},"Account":{"constructor":"c","Owner":{"valueOf":"v"}}}') as Record<string, unknown>;
    expect(readPath(own, 'toString', false)).toBe('t');
    expect(readPath(own, '__proto__.Name', false)).toBe('p');
    expect(readPath(own, 'Account.constructor', false)).toBe('c');
    expect(readPath(own, 'Account.Owner.valueOf', false)).toBe('v');
    expect(readPath({ 'Account.constructor': 'c', toString: 't' }, 'Account.constructor', true)).toBe('c');
    expect(readPath({ 'Account.constructor': 'c', toString: 't' }, 'toString', true)).toBe('t');
    expect(readPath(rest, 'Account.Owner.Name', false)).toBe('Ada');
    expect(readPath(rest, 'Partner__r.Code__c', false)).toBeNull();
    expect(readPath(rest, 'Id.length', false)).toBeUndefined(); // a text value has no fields
    expect(readPath(flat, 'Account.Owner.Name', true)).toBe('Ada');
  });
});

describe('convertRecord treats a mapped field named like an Object member as absent', () => {
  const mapping = ObjectMappingSchema.parse({
    object: 'Contract',
    table: 'contracts',
    keyColumn: 'id',
    partnerColumn: 'partner',
    columns: {
      id: { field: 'Id', type: 'text' },
      partner: { field: 'Account.Name', type: 'text' },
      note: { field: 'constructor', type: 'text', required: false },
      ownerNote: { field: 'Account.toString', type: 'text', required: false },
      // one relationship: a column through two (`Account.Owner.…`) is refused by the schema, see parentColumns.test.ts
      count: { field: 'Account.valueOf', type: 'integer', required: false },
    },
  });
  const stamp = { SystemModstamp: '2026-11-02T09:15:27.000+0000' };

  it('stores a REST record whose optional fields are absent with nulls, not functions or a quarantine', () => {
    expect(convertRecord(mapping, { ...rest, ...stamp }, false)).toEqual({
      ok: true,
      id: '800XX0000000001AAA',
      systemModstamp: '2026-11-02T09:15:27.000Z',
      isDeleted: false,
      partner: 'ACME',
      data: { id: '800XX0000000001AAA', partner: 'ACME', note: null, ownerNote: null, count: null },
    });
  });

  it('does the same for a flat Bulk row', () => {
    expect(convertRecord(mapping, { ...flat, ...stamp }, true)).toMatchObject({
      ok: true,
      data: { id: '800XX0000000001AAA', partner: 'ACME', note: null, ownerNote: null, count: null },
    });
  });

  it('quarantines a record whose required field named like an Object member is absent, as "required value is missing"', () => {
    const required = ObjectMappingSchema.parse({ ...mapping, columns: { ...mapping.columns, amount: { field: 'hasOwnProperty', type: 'money' } } });
    expect(convertRecord(required, { ...rest, ...stamp }, false)).toMatchObject({
      ok: false,
      issues: [{ field: 'hasOwnProperty', column: 'amount', reason: 'hasOwnProperty → amount: required value is missing' }],
    });
  });
});
