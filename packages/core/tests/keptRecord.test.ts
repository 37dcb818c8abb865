import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { evaluate, FactSchemaSchema, keptRecord, PartnerSchema, PartnerSnapshotSchema, PlanSchema, RunSnapshotSchema, takeRunSnapshot } from '../src/index.js';
import * as tiny from './fixtures/tiny.js';

/**
 * Run data keeps every name the run read. A facts file may hold a table the schema does not declare (kept as a shared
 * table) and records with fields it does not declare, one named `__proto__` among them (JSON.parse makes it an own
 * key). The store reads an approved run's snapshot back through these schemas; z.record dropped such a key, so the
 * snapshot read back lacked a table or field the run had read and hashed.
 */

describe('keptRecord', () => {
  const schema = keptRecord(z.array(z.number()));

  it('keeps an own __proto__ key as an own entry, where z.record drops it', () => {
    const input = JSON.parse('{"__proto__": [1], "b": [2]}') as object;
    expect(Object.keys(z.record(z.string(), z.array(z.number())).parse(input))).toEqual(['b']);
    const out = schema.parse(input);
    expect(Object.keys(out)).toEqual(['__proto__', 'b']);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(out, '__proto__')?.value).toEqual([1]);
  });

  it('reports a bad value at its key, and a value that is not a record', () => {
    const issues = (v: unknown) => schema.safeParse(v).error?.issues.map((i) => [i.path, i.code]);
    expect(issues(JSON.parse('{"ok": [1], "__proto__": ["x"]}'))).toEqual([[['__proto__', 0], 'invalid_type']]);
    expect(issues([1])).toEqual([[[], 'invalid_type']]);
    expect(issues(null)).toEqual([[[], 'invalid_type']]);
  });
});

describe('a run snapshot read back keeps the tables and fields named __proto__ that the run read', () => {
  // the tiny fixture's contracts, with an undeclared field "__proto__" in each, and an undeclared table "__proto__"
  const facts = JSON.parse(
    JSON.stringify({ contracts: tiny.contracts })
      .replace(/"id":"/g, '"__proto__":"kept","id":"')
      .replace(/}$/, ',"__proto__":[{"id":"x","note":"shared"}]}'),
  ) as Record<string, Array<Record<string, unknown>>>;
  const inputs = { plans: [PlanSchema.parse(tiny.plan)], partners: tiny.partners.map((p) => PartnerSchema.parse(p)), factSchema: FactSchemaSchema.parse(tiny.factSchema), facts };
  const result = evaluate({ period: tiny.period, ...inputs });
  const snapshot = takeRunSnapshot(tiny.period, inputs, result, [], [], new Map());
  const readBack = <T>(schema: z.ZodType<T>, value: unknown): T => schema.parse(JSON.parse(JSON.stringify(value)));

  it('the shared table __proto__', () => {
    expect(Object.keys(snapshot.run.sharedFacts)).toContain('__proto__');
    const run = readBack(RunSnapshotSchema, snapshot.run);
    expect(Object.getOwnPropertyDescriptor(run.sharedFacts, '__proto__')?.value).toEqual([{ id: 'x', note: 'shared' }]);
    expect(run).toEqual(snapshot.run);
  });

  it("each partner's records with their field __proto__", () => {
    expect(snapshot.partners.length).toBeGreaterThan(0);
    for (const part of snapshot.partners) {
      const back = readBack(PartnerSnapshotSchema, part);
      const records = Object.values(back.facts).flat();
      expect(records.length).toBeGreaterThan(0);
      for (const r of records) expect(Object.getOwnPropertyDescriptor(r, '__proto__')?.value).toBe('kept');
      expect(back).toEqual(part);
    }
  });
});

describe('a partner whose attributes or fiscal settings name __proto__', () => {
  // Master data a person keeps: the name is refused, naming it, instead of dropped (the partner's other data stays).
  it.each(['attributes', 'fiscalSettings'] as const)('%s.__proto__ is an issue at that key', (field) => {
    const partner = JSON.parse(`{"id":"P1","name":"Agenzia Uno","kind":"agency","territory":"Lombardia","${field}":{"__proto__":"x","region":"Nord"}}`) as unknown;
    expect(PartnerSchema.safeParse(partner).error?.issues.map((i) => [i.path, i.message])).toEqual([[[field, '__proto__'], '`__proto__` cannot be a name here: JavaScript reserves it']]);
    const fine = JSON.parse(`{"id":"P1","name":"Agenzia Uno","kind":"agency","territory":"Lombardia","${field}":{"toString":"x"}}`) as unknown;
    expect(Object.getOwnPropertyDescriptor(PartnerSchema.parse(fine)[field], 'toString')?.value).toBe('x');
  });
});
