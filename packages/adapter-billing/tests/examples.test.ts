import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FactSchemaSchema } from '@provvigo/core/schema';
import { parseBillingMapping } from '../src/mapping.js';

const read = (rel: string) => JSON.parse(readFileSync(new URL(rel, import.meta.url), 'utf8')) as unknown;

describe('shipped example mappings', () => {
  it('parse, and write exactly the columns of the sample utility serviceEvents table', () => {
    const facts = FactSchemaSchema.parse(read('../../../examples/utility/factSchema.json'));
    const table = facts.tables.serviceEvents!;
    for (const file of ['utility-export.mapping.json', 'stripe.mapping.json', 'middleware-webhook.mapping.json']) {
      const parsed = parseBillingMapping(read(`../examples/${file}`));
      expect(parsed.ok, file).toBe(true);
      if (!parsed.ok) continue;
      expect(parsed.mapping.table).toBe('serviceEvents');
      expect(Object.values(parsed.mapping.columns).sort()).toEqual(Object.keys(table.columns).sort());
      expect(parsed.mapping.columns.id).toBe(table.key);
      expect(parsed.mapping.columns.partnerId).toBe(table.partner);
      expect(parsed.mapping.columns.date).toBe(table.date);
    }
    // the fact types are the ones the sample's description lists
    expect(table.columns.type!.description).toBe('activated, first_invoice_paid, terminated, switched_out, ee_order_delivered');
  });
});
