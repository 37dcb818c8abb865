import { describe, expect, it } from 'vitest';
import { parseSalesforceConfig } from '../src/mapping.js';
import { QueryPageSchema } from '../src/query.js';

/**
 * A Salesforce sync configuration is JSON keyed by the caller's names: target columns and Salesforce partner values.
 * zod's record dropped a key `__proto__` without a word (a mapped column or a partner translation vanished); the file
 * is refused at that key instead, and so is a query page whose record has one.
 */
const MESSAGE = '`__proto__` cannot be a name here: JavaScript reserves it';

/** `record` as JSON.parse reads it with an extra first member `"__proto__": value`. */
function withProto(record: object, value: unknown): Record<string, unknown> {
  const rest = JSON.stringify(record).slice(1, -1);
  return JSON.parse(`{"__proto__":${JSON.stringify(value)}${rest ? `,${rest}` : ''}}`) as Record<string, unknown>;
}

const columns = {
  id: { field: 'Id', type: 'text' },
  partner: { field: 'AccountId', type: 'text' },
  amount: { field: 'Amount', type: 'money' },
};
const config = (mapping: Record<string, unknown>) => ({
  apiVersion: '64.0',
  auth: { kind: 'accessToken', instanceUrl: 'https://example.my.salesforce.com', accessToken: 'x' },
  objects: [{ object: 'Opportunity', table: 'orders', keyColumn: 'id', partnerColumn: 'partner', columns, ...mapping }],
});

describe('Salesforce configuration keys named __proto__', () => {
  it('refuses a mapped column __proto__, naming it', () => {
    const r = parseSalesforceConfig(config({ columns: withProto(columns, { field: 'Name', type: 'text' }) }));
    expect(r).toEqual({
      ok: false,
      issues: [`objects.0.columns.__proto__: ${MESSAGE}`],
      messages: [{ en: `objects.0.columns.__proto__: ${MESSAGE}`, it: 'objects.0.columns.__proto__: `__proto__` non può essere un nome qui: JavaScript lo riserva' }],
    });
  });

  it('refuses a partnerMap entry __proto__, naming it', () => {
    const r = parseSalesforceConfig(config({ partnerMap: withProto({ '001A': 'P1' }, 'P2') }));
    expect(r).toEqual({
      ok: false,
      issues: [`objects.0.partnerMap.__proto__: ${MESSAGE}`],
      messages: [{ en: `objects.0.partnerMap.__proto__: ${MESSAGE}`, it: 'objects.0.partnerMap.__proto__: `__proto__` non può essere un nome qui: JavaScript lo riserva' }],
    });
  });

  it('keeps partnerMap entries constructor and toString as own entries', () => {
    const r = parseSalesforceConfig(config({ partnerMap: { constructor: 'P1', toString: 'P2' } }));
    expect(r.ok && Object.entries(r.config.objects[0]!.partnerMap!)).toEqual([['constructor', 'P1'], ['toString', 'P2']]);
  });

  it('refuses a query page whose record has a field __proto__, naming the record', () => {
    const page = { totalSize: 2, done: true, records: [{ Id: '006A' }, withProto({ Id: '006B' }, 'x')] };
    expect(QueryPageSchema.safeParse(page).error?.issues.map((i) => [i.path, i.message])).toEqual([[['records', 1, '__proto__'], MESSAGE]]);
  });
});
