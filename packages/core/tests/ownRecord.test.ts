import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { NameSchema, ownRecord, parseFactSchema, parsePlan, PlanSchema } from '../src/index.js';
import { factSchema, plan } from './fixtures/tiny.js';

/**
 * zod's `z.record` skips an own `__proto__` key: it neither validates it nor copies it to the output, so a plan with a
 * sheet, payout, table or parameter named `__proto__` (JSON.parse makes it an own key) parsed "successfully" without
 * it. `ownRecord` reports it at that key instead; every other name, `constructor` and `toString` included, stays an
 * own entry as before.
 */
const MESSAGE = '`__proto__` cannot be a name here: JavaScript reserves it';

/** `record` as JSON.parse reads it from a file with an extra first member `"__proto__": value`. */
function withProto(record: object, value: unknown): Record<string, unknown> {
  const rest = JSON.stringify(record).slice(1, -1);
  return JSON.parse(`{"__proto__":${JSON.stringify(value)}${rest ? `,${rest}` : ''}}`) as Record<string, unknown>;
}

const clone = <T>(value: T): T => structuredClone(value);

describe('ownRecord', () => {
  const schema = ownRecord(z.string(), z.object({ a: z.number() }).strict());
  const input = withProto({ b: { a: 2 } }, { a: 1 });

  it('reports an own __proto__ key at that key, where z.record drops it', () => {
    expect(Object.keys(z.record(z.string(), z.object({ a: z.number() })).parse(input))).toEqual(['b']);
    const r = schema.safeParse(input);
    expect(r.success).toBe(false);
    expect(r.error?.issues).toEqual([{ code: 'custom', message: MESSAGE, path: ['__proto__'] }]);
  });

  it('keeps constructor, toString and hasOwnProperty as own entries of a plain object', () => {
    const r = schema.parse({ constructor: { a: 1 }, toString: { a: 2 }, hasOwnProperty: { a: 3 } });
    expect(Object.getPrototypeOf(r)).toBe(Object.prototype);
    expect(Object.entries(r)).toEqual([['constructor', { a: 1 }], ['toString', { a: 2 }], ['hasOwnProperty', { a: 3 }]]);
  });

  it('reports what z.record reports for anything else', () => {
    for (const value of ['x', null, [], { b: { a: 'no' } }]) {
      expect(schema.safeParse(value).error?.issues).toEqual(z.record(z.string(), z.object({ a: z.number() }).strict()).safeParse(value).error?.issues);
    }
  });

  it('has z.record’s input and output types', () => {
    const record = z.record(NameSchema, z.object({ a: z.number().default(1) }));
    const own = ownRecord(NameSchema, z.object({ a: z.number().default(1) }));
    expectTypeOf<z.output<typeof own>>().toEqualTypeOf<z.output<typeof record>>();
    expectTypeOf<z.input<typeof own>>().toEqualTypeOf<z.input<typeof record>>();
  });
});

describe('a plan with a name __proto__ is refused at that name', () => {
  const parsed = (input: unknown) => {
    const r = parsePlan(input);
    return r.ok ? 'ok' : r.issues.map((i) => [i.path, i.message]);
  };

  it.each(['sheets', 'payouts', 'tables', 'parameters'] as const)('%s.__proto__', (key) => {
    const input = clone(plan) as unknown as Record<string, Record<string, unknown>>;
    const [first] = Object.values(input[key]!);
    input[key] = withProto(input[key]!, first);
    expect(parsed(input)).toEqual([[[key, '__proto__'], MESSAGE]]);
  });

  it('overrides of a partner __proto__', () => {
    expect(parsed({ ...clone(plan), overrides: withProto({ P2: { EeBonus: '30' } }, { EeBonus: '40' }) })).toEqual([[['overrides', '__proto__'], MESSAGE]]);
  });

  it('a column __proto__ of a lookup table, and a row value under __proto__', () => {
    const columns = clone(plan);
    const rates = columns.tables!.Rates as { columns: object; rows: object[] };
    rates.columns = withProto(rates.columns, { type: 'number' });
    expect(parsed(columns)).toEqual([[['tables', 'Rates', 'columns', '__proto__'], MESSAGE]]);
    const rows = clone(plan);
    const row = (rows.tables!.Rates as { rows: object[] }).rows;
    row[1] = withProto(row[1]!, '0.5');
    expect(parsed(rows)).toEqual([[['tables', 'Rates', 'rows', 1, '__proto__'], MESSAGE]]);
  });

  it('a column or cell __proto__ of a sheet', () => {
    const lines = clone(plan);
    const sheet = lines.sheets.Lines as { columns: object };
    sheet.columns = withProto(sheet.columns, { formula: '=1' });
    expect(parsed(lines)).toEqual([[['sheets', 'Lines', 'columns', '__proto__'], MESSAGE]]);
    const summary = clone(plan);
    const cells = summary.sheets.Summary as { cells: object };
    cells.cells = withProto(cells.cells, { formula: '=1' });
    expect(parsed(summary)).toEqual([[['sheets', 'Summary', 'cells', '__proto__'], MESSAGE]]);
  });

  it('a payout component __proto__ (statements total amounts by component in a record keyed by it)', () => {
    const input = clone(plan);
    const [name, payout] = Object.entries(input.payouts)[0]!;
    input.payouts[name] = { ...payout, component: '__proto__' };
    expect(parsed(input)).toEqual([[['payouts', name, 'component'], '`__proto__` cannot be a component name: JavaScript reserves it']]);
    input.payouts[name] = { ...payout, component: 'toString' };
    expect(parsed(input)).toBe('ok');
  });

  it('still parses a table toString and overrides of partners constructor and toString as own entries', () => {
    const input = { ...clone(plan), overrides: { constructor: { EeBonus: '31' }, toString: { EeBonus: '32' } } };
    input.tables = { ...input.tables, toString: { kind: 'tier' as const, mode: 'marginal' as const, bands: [{ from: '0', rate: '1' }] } };
    const r = PlanSchema.parse(input);
    expect(Object.keys(r.overrides)).toEqual(['constructor', 'toString']);
    expect(Object.getOwnPropertyDescriptor(r.overrides, 'toString')?.value).toEqual({ EeBonus: '32' });
    expect(Object.keys(r.tables)).toEqual(['Rates', 'Tiers', 'toString']);
    expect(NameSchema.safeParse('__proto__').error?.issues.map((i) => i.message)).toEqual(['is a reserved name (__proto__, constructor, prototype)']);
  });
});

describe('a fact schema with a name __proto__ is refused at that name', () => {
  const issues = (input: unknown) => {
    const r = parseFactSchema(input);
    return r.ok ? 'ok' : r.issues.map((i) => [i.path, i.message]);
  };

  it('a table __proto__', () => {
    expect(issues({ tables: withProto(factSchema.tables, factSchema.tables.contracts) })).toEqual([[['tables', '__proto__'], MESSAGE]]);
  });

  it('a column __proto__', () => {
    const input = clone(factSchema);
    input.tables.contracts!.columns = withProto(input.tables.contracts!.columns, { type: 'text' }) as never;
    expect(issues(input)).toEqual([[['tables', 'contracts', 'columns', '__proto__'], MESSAGE]]);
  });

  it('a partner attribute __proto__', () => {
    expect(issues({ ...clone(factSchema), partnerAttributes: withProto({ region: { type: 'text' } }, { type: 'text' }) })).toEqual([[['partnerAttributes', '__proto__'], MESSAGE]]);
  });

  it('still parses a table and a column named toString as own entries', () => {
    const input = clone(factSchema);
    input.tables.contracts!.columns = { ...input.tables.contracts!.columns, toString: { type: 'text' as const } };
    const r = parseFactSchema({ tables: { ...input.tables, toString: input.tables.contracts } });
    expect(r.ok && Object.keys(r.factSchema.tables)).toEqual(['contracts', 'toString']);
    expect(r.ok && Object.hasOwn(r.factSchema.tables.contracts!.columns, 'toString')).toBe(true);
  });
});
