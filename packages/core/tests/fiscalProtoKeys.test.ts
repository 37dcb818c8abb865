import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  computeFiscal,
  euVatPack,
  FiscalDocumentSchema,
  FiscalInputSchema,
  FiscalItemSchema,
  FiscalTableRowSchema,
  FiscalTablesSchema,
  FiscalTraceSchema,
  fiscalInputJsonSchema,
  fiscalResultJsonSchema,
  PrincipalFiscalSchema,
  YtdStateSchema,
  type FiscalInputInput,
  type FiscalTable,
} from '../src/index.js';

/**
 * zod's `z.record` skips an own `__proto__` key (JSON.parse makes one): it neither validated nor kept it, so fiscal
 * tables, a year-to-date state, the principal's settings, a trace's settings and an item's or document's codes read
 * from a file parsed "successfully" without that entry. The fiscal schemas use `ownRecord`: the key is an issue at its
 * path, and every other name (`toString`, `constructor` included) stays an own entry.
 */
const MESSAGE = '`__proto__` cannot be a name here: JavaScript reserves it';

/** `record` as JSON.parse reads it from a file with an extra first member `"__proto__": value`. */
function withProto(record: object, value: unknown): Record<string, unknown> {
  const rest = JSON.stringify(record).slice(1, -1);
  return JSON.parse(`{"__proto__":${JSON.stringify(value)}${rest ? `,${rest}` : ''}}`) as Record<string, unknown>;
}

/** [path, message] of every issue of a failed parse (the result of `safeParse`), or 'ok'. */
function issuesOf(r: { success: boolean; error?: z.ZodError }): Array<[PropertyKey[], string]> | 'ok' {
  return r.success ? 'ok' : r.error!.issues.map((i) => [i.path, i.message]);
}

const row = (values: Record<string, unknown>) => ({ validFrom: '2026-01-01', validTo: null, values });
const table = (id: string, values: Record<string, unknown>) => ({ id, rows: [row(values)] });
const ytd = (values?: Record<string, unknown>) => ({ partnerId: 'P1', year: 2026, ...(values ? { values } : {}) });
const item = (codes?: Record<string, unknown>) => ({
  id: 'VAT',
  code: 'VAT',
  label: { it: 'IVA', en: 'VAT' },
  base: '100.00',
  ratePercent: '22',
  amount: '22.00',
  currency: 'EUR',
  payer: 'principal',
  effect: 'addsToDocument',
  rule: 'eu.vat.standard',
  citation: 'art. 96 Directive 2006/112/EC',
  ...(codes ? { codes } : {}),
  trace: { inputs: [], steps: [], rounding: [] },
});
const trace = (settings: Record<string, unknown>) => ({
  pack: 'eu-vat',
  profile: 'eu-vat:standard',
  partnerId: 'P1',
  period: '2026-03',
  settings,
  lines: [],
  tables: [],
  ytdBefore: null,
  items: [],
});
const period = { id: '2026-03', start: '2026-03-01', end: '2026-03-31' };
const fiscalInput = (extra: Partial<FiscalInputInput> = {}): FiscalInputInput => ({
  currency: 'EUR',
  partner: { id: 'P1', fiscalProfile: 'eu-vat:standard', billing: { address: { country: 'IT' } } },
  period,
  lines: [{ component: 'commission', amount: '100.00' }],
  ...extra,
});

describe('fiscal tables refuse a name __proto__', () => {
  it('a table id __proto__', () => {
    const input = withProto({ t: table('t', { rate: '1' }) }, table('__proto__', { rate: '2' }));
    expect(issuesOf(FiscalTablesSchema.safeParse(input))).toEqual([[['__proto__'], MESSAGE]]);
  });

  it('a value __proto__ of a row', () => {
    const values = withProto({ IT: '22' }, '5');
    expect(issuesOf(FiscalTableRowSchema.safeParse(row(values)))).toEqual([[['values', '__proto__'], MESSAGE]]);
    expect(issuesOf(FiscalTablesSchema.safeParse({ t: table('t', values) }))).toEqual([[['t', 'rows', 0, 'values', '__proto__'], MESSAGE]]);
  });

  it('a name __proto__ inside a value that is an object (in an object or an array)', () => {
    // One issue each, at the key itself with the reason (not the JSON union's bare "Invalid input" at `bands`).
    const nested = FiscalTableRowSchema.safeParse(row({ bands: withProto({ a: 1 }, 2) }));
    expect(issuesOf(nested)).toEqual([[['values', 'bands', '__proto__'], MESSAGE]]);
    const inArray = FiscalTableRowSchema.safeParse(row({ bands: [{ a: 1 }, withProto({ a: 1 }, 2)] }));
    expect(issuesOf(inArray)).toEqual([[['values', 'bands', 1, '__proto__'], MESSAGE]]);
    const deeper = FiscalTablesSchema.safeParse({ t: table('t', { caps: { it: [withProto({}, { x: 1 })] } }) });
    expect(issuesOf(deeper)).toEqual([[['t', 'rows', 0, 'values', 'caps', 'it', 0, '__proto__'], MESSAGE]]);
  });

  it('keeps tables, values and nested names toString and constructor as own entries', () => {
    const values = JSON.parse('{"toString":"1","constructor":{"toString":2,"constructor":[{"toString":true}]},"IT":"22"}') as Record<string, unknown>;
    const input = JSON.parse(JSON.stringify({ toString: table('toString', values), constructor: table('constructor', { rate: '3' }) })) as unknown;
    const r = FiscalTablesSchema.parse(input);
    expect(Object.getPrototypeOf(r)).toBe(Object.prototype);
    expect(Object.keys(r)).toEqual(['toString', 'constructor']);
    expect(Object.getOwnPropertyDescriptor(r, 'toString')?.value).toEqual(table('toString', values));
    expect(Object.getOwnPropertyDescriptor(r, 'constructor')?.value).toEqual(table('constructor', { rate: '3' }));
    const parsedValues = (Object.getOwnPropertyDescriptor(r, 'toString')!.value as FiscalTable).rows[0]!.values;
    expect(Object.keys(parsedValues)).toEqual(['toString', 'constructor', 'IT']);
    expect(Object.hasOwn(parsedValues, 'toString') && parsedValues.toString).toBe('1');
    expect(Object.hasOwn(parsedValues, 'constructor') && parsedValues.constructor).toEqual({ toString: 2, constructor: [{ toString: true }] });
  });
});

describe('a year-to-date state refuses a value __proto__', () => {
  it('as a state and as the fiscal input’s ytd', () => {
    const values = withProto({ 'vat.taxable': '100.00' }, '5.00');
    expect(issuesOf(YtdStateSchema.safeParse(ytd(values)))).toEqual([[['values', '__proto__'], MESSAGE]]);
    expect(issuesOf(FiscalInputSchema.safeParse(fiscalInput({ ytd: ytd(values) as never })))).toEqual([[['ytd', 'values', '__proto__'], MESSAGE]]);
  });

  it('keeps values toString and constructor, and defaults values to {}', () => {
    const r = YtdStateSchema.parse(JSON.parse('{"partnerId":"P1","year":2026,"values":{"toString":"1.00","constructor":"2.00"}}'));
    expect(Object.entries(r.values)).toEqual([['toString', '1.00'], ['constructor', '2.00']]);
    expect(YtdStateSchema.parse(ytd())).toEqual({ partnerId: 'P1', year: 2026, values: {}, periods: [] });
  });
});

describe('the principal’s settings refuse a name __proto__', () => {
  it('as the principal and as the fiscal input’s principal', () => {
    const settings = withProto({ agriculturalEnterprise: true }, false);
    expect(issuesOf(PrincipalFiscalSchema.safeParse({ settings }))).toEqual([[['settings', '__proto__'], MESSAGE]]);
    expect(issuesOf(FiscalInputSchema.safeParse(fiscalInput({ principal: { settings } as never })))).toEqual([[['principal', 'settings', '__proto__'], MESSAGE]]);
  });

  it('keeps settings toString and constructor, and keeps the defaults of settings, principal and ytd', () => {
    const r = PrincipalFiscalSchema.parse(JSON.parse('{"settings":{"toString":true,"constructor":"x"}}'));
    expect(Object.entries(r.settings)).toEqual([['toString', true], ['constructor', 'x']]);
    expect(PrincipalFiscalSchema.parse({})).toEqual({ country: 'IT', splitPayment: false, settings: {} });
    const input = FiscalInputSchema.parse(fiscalInput());
    expect(input.principal).toEqual({ country: 'IT', splitPayment: false, settings: {} });
    expect(input.ytd).toBeNull();
    expect(input.settle).toEqual({});
  });
});

describe('codes and a trace’s settings refuse a name __proto__', () => {
  it('codes of an item', () => {
    expect(issuesOf(FiscalItemSchema.safeParse(item(withProto({ natura: 'N6.7' }, 'X'))))).toEqual([[['codes', '__proto__'], MESSAGE]]);
    const r = FiscalItemSchema.parse(item(JSON.parse('{"toString":"T","constructor":"C"}') as Record<string, unknown>));
    expect(Object.entries(r.codes)).toEqual([['toString', 'T'], ['constructor', 'C']]);
    expect(FiscalItemSchema.parse(item()).codes).toEqual({});
  });

  it('codes of a document', () => {
    expect(issuesOf(FiscalDocumentSchema.safeParse({ kind: 'invoice', codes: withProto({ tipoDocumento: 'TD01' }, 'TD04') }))).toEqual([[['codes', '__proto__'], MESSAGE]]);
    const r = FiscalDocumentSchema.parse({ kind: 'invoice', codes: JSON.parse('{"toString":"T","constructor":"C"}') });
    expect(Object.entries(r.codes)).toEqual([['toString', 'T'], ['constructor', 'C']]);
    expect(FiscalDocumentSchema.parse({ kind: 'invoice' })).toEqual({ kind: 'invoice', codes: {}, notes: [] });
  });

  it('settings of a trace (still required)', () => {
    expect(issuesOf(FiscalTraceSchema.safeParse(trace(withProto({ exempt: false }, true))))).toEqual([[['settings', '__proto__'], MESSAGE]]);
    const r = FiscalTraceSchema.parse(trace(JSON.parse('{"toString":1,"constructor":null}') as Record<string, unknown>));
    expect(Object.entries(r.settings)).toEqual([['toString', 1], ['constructor', null]]);
    const { settings: _settings, ...withoutSettings } = trace({});
    expect(FiscalTraceSchema.safeParse(withoutSettings).success).toBe(false);
  });
});

describe('the EU VAT pack refuses a rate __proto__', () => {
  const rates = (values: Record<string, unknown>) => ({ 'eu.vat.standardRates': table('eu.vat.standardRates', values) }) as never;

  it('reports the rate table as invalid instead of computing without that entry', () => {
    const r = computeFiscal([euVatPack], fiscalInput(), rates(withProto({ IT: '23' }, '5')));
    expect(r.ok).toBe(false);
    const issues = r.ok ? [] : r.issues;
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ severity: 'error', path: ['fiscal', 'tables', 'eu.vat.standardRates'] });
    // one issue, the ownRecord one, at a path ending in __proto__
    expect(issues[0]!.message).toBe(`fiscal table "eu.vat.standardRates" is invalid: rows.0.values.__proto__: ${MESSAGE}`);
  });

  it('computes with a rate table of ordinary countries', () => {
    const r = computeFiscal([euVatPack], fiscalInput(), rates(JSON.parse('{"DE":"19","IT":"23"}') as Record<string, unknown>));
    expect(r.ok && r.fiscal.totals.vatTotal).toBe('23.00');
  });
});

describe('the published JSON Schemas keep the defaults', () => {
  type Json = { properties: Record<string, Json>; default?: unknown; anyOf?: Json[]; items?: Json; $ref?: string };

  it('of the fiscal input (input JSON Schema)', () => {
    const s = fiscalInputJsonSchema() as unknown as Json;
    expect(s.properties.ytd!.default).toBeNull();
    expect(s.properties.principal!.default).toEqual({ country: 'IT', splitPayment: false, settings: {} });
    expect(s.properties.principal!.properties.settings!.default).toEqual({});
    const ytdState = s.properties.ytd!.anyOf!.find((o) => o.properties)!;
    expect(ytdState.properties.values!.default).toEqual({});
  });

  it('of the fiscal result (output JSON Schema)', () => {
    const s = fiscalResultJsonSchema() as unknown as Json;
    expect(s.properties.items!.items!.properties.codes!.default).toEqual({});
    expect(s.properties.document!.properties.codes!.default).toEqual({});
    expect(s.properties.ytdAfter!.properties.values!.default).toEqual({});
  });
});
