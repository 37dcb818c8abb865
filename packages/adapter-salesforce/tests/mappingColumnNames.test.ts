import { describe, expect, it } from 'vitest';
import { ObjectMappingSchema, parseSalesforceConfig } from '../src/mapping.js';

/**
 * The key and partner columns must be columns the mapping declares. The check used `col in m.columns`, which is
 * also true for Object.prototype's members: a partner column named `toString` (a valid fact name) passed as mapped
 * without being in `columns`, and every synced record then came back with no partner (`data.toString` is a function).
 */
const columns = {
  id: { field: 'Id', type: 'text' },
  partner: { field: 'AccountId', type: 'text' },
  amount: { field: 'Amount', type: 'money' },
};
const mapping = (over: Record<string, unknown>) => ({ object: 'Opportunity', table: 'orders', keyColumn: 'id', partnerColumn: 'partner', columns, ...over });

describe('key and partner columns must be mapped, whatever they are called', () => {
  for (const name of ['toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf']) {
    it(`refuses a partner column "${name}" that columns does not map`, () => {
      const r = ObjectMappingSchema.safeParse(mapping({ partnerColumn: name }));
      expect(r.success).toBe(false);
      expect(r.error?.issues.map((i) => i.message)).toEqual([`column "${name}" is not mapped in columns`]);
    });
    it(`refuses a key column "${name}" that columns does not map`, () => {
      const r = ObjectMappingSchema.safeParse(mapping({ keyColumn: name }));
      expect(r.success).toBe(false);
      expect(r.error?.issues.map((i) => i.message)).toEqual([`column "${name}" is not mapped in columns`]);
    });
  }

  it('reports it through parseSalesforceConfig', () => {
    const r = parseSalesforceConfig({
      apiVersion: '64.0',
      auth: { kind: 'accessToken', instanceUrl: 'https://example.my.salesforce.com', accessToken: 'x' },
      objects: [mapping({ partnerColumn: 'toString' })],
    });
    expect(r).toEqual({
      ok: false,
      issues: ['objects.0: column "toString" is not mapped in columns'],
      messages: [{ en: 'objects.0: column "toString" is not mapped in columns', it: 'objects.0: la colonna "toString" non è mappata in columns' }],
    });
  });

  it('accepts such a column when columns maps it, and ordinary mapped columns as before', () => {
    expect(ObjectMappingSchema.safeParse(mapping({})).success).toBe(true);
    const own = ObjectMappingSchema.safeParse(mapping({ partnerColumn: 'toString', columns: { ...columns, toString: { field: 'AccountId', type: 'text' } } }));
    expect(own.success).toBe(true);
    expect(ObjectMappingSchema.safeParse(mapping({ partnerColumn: 'owner' })).success).toBe(false);
  });
});
