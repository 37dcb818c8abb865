import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FactSchemaSchema } from '@provvigo/core/schema';
import { parseSalesforceConfig } from '../src/mapping.js';

const read = (rel: string) => JSON.parse(readFileSync(new URL(rel, import.meta.url), 'utf8')) as unknown;

describe('shipped example configuration', () => {
  it('parses, and maps every column of the sample utility contracts table with the same type', () => {
    const parsed = parseSalesforceConfig(read('../examples/contracts.salesforce.json'));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const facts = FactSchemaSchema.parse(read('../../../examples/utility/factSchema.json'));
    const table = facts.tables.contracts!;
    const mapping = parsed.config.objects[0]!;
    expect(mapping.table).toBe('contracts');
    expect(mapping.keyColumn).toBe(table.key);
    expect(mapping.partnerColumn).toBe(table.partner);
    expect(Object.keys(mapping.columns).sort()).toEqual(Object.keys(table.columns).sort());
    for (const [name, col] of Object.entries(table.columns)) {
      expect({ name, type: mapping.columns[name]!.type, required: mapping.columns[name]!.required }).toEqual({ name, type: col.type, required: col.required });
    }
  });
});
