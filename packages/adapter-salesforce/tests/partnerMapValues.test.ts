import { describe, expect, it } from 'vitest';
import { convertRecord } from '../src/convert.js';
import { ObjectMappingSchema } from '../src/mapping.js';

/**
 * `partnerMap` translates the partner field's Salesforce values (any text: an Account Id, a partner code) to partner
 * ids. A value the map does not hold quarantines the record. A plain `partnerMap[value]` found Object.prototype's
 * members: a record whose partner field read `constructor` or `toString` was stored with a function as its partner
 * instead of being quarantined (and `__proto__`, which zod drops from the map, with Object.prototype).
 */
const mapping = ObjectMappingSchema.parse({
  object: 'Opportunity',
  table: 'orders',
  keyColumn: 'id',
  partnerColumn: 'partner',
  partnerMap: { 'AGY-CODE-1': 'AGY-0001', toString: 'AGY-0002' },
  columns: {
    id: { field: 'Id', type: 'text' },
    partner: { field: 'Partner_Code__c', type: 'text' },
    amount: { field: 'Amount', type: 'money' },
  },
});
const base = { attributes: { type: 'Opportunity' }, Id: '006XX000004TmiQYAS', SystemModstamp: '2026-11-02T09:15:27.000+0000', Amount: 1200.5 };

describe('partnerMap values, whatever the Salesforce value is', () => {
  for (const value of ['constructor', 'valueOf', 'hasOwnProperty', '__proto__']) {
    it(`quarantines a record whose partner value "${value}" is not in partnerMap`, () => {
      expect(convertRecord(mapping, { ...base, Partner_Code__c: value }, false)).toEqual({
        ok: false,
        id: base.Id,
        systemModstamp: '2026-11-02T09:15:27.000Z',
        isDeleted: false,
        issues: [
          {
            field: 'Partner_Code__c',
            column: 'partner',
            reason: `Partner_Code__c → partner: value ${JSON.stringify(value)} is not in partnerMap`,
            reasons: {
              en: `Partner_Code__c → partner: value ${JSON.stringify(value)} is not in partnerMap`,
              it: `Partner_Code__c → partner: il valore ${JSON.stringify(value)} non è in partnerMap`,
            },
          },
        ],
      });
    });
  }

  it('translates a value the map holds, toString included, as before', () => {
    expect(convertRecord(mapping, { ...base, Partner_Code__c: 'AGY-CODE-1' }, false)).toMatchObject({ ok: true, partner: 'AGY-0001', data: { partner: 'AGY-0001' } });
    expect(convertRecord(mapping, { ...base, Partner_Code__c: 'toString' }, false)).toMatchObject({ ok: true, partner: 'AGY-0002', data: { partner: 'AGY-0002' } });
  });

  it('quarantines the same values from a flat Bulk row', () => {
    const row = { Id: base.Id, SystemModstamp: '2026-11-02T09:15:27.000Z', Amount: '1200.50', Partner_Code__c: 'constructor' };
    expect(convertRecord(mapping, row, true)).toMatchObject({ ok: false, issues: [{ column: 'partner' }] });
  });
});
