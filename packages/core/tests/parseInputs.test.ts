// The one result contract of the input parsers: { ok: true, … } | { ok: false, issues }, with *OrThrow variants.
import { describe, expect, expectTypeOf, it } from 'vitest';
import { PlanError, parseFactSchema, parseFactSchemaOrThrow, parsePartners, parsePartnersOrThrow, validateFacts, validateFactsOrThrow, type Issue } from '../src/index.js';

const good = { id: 'AG-1', name: 'Mario Rossi', kind: 'agent', territory: 'RM' };
// "kind" must be one of the partner kinds: "wizard" is not one of them, so this partner fails.
const bad = { id: 'AG-2', name: 'Anna Bianchi', kind: 'wizard', territory: 'MI' };

describe('parsePartners', () => {
  it('all valid: { ok: true, partners }, with the language default applied', () => {
    const r = parsePartners([good]);
    expect(r).toEqual({ ok: true, partners: [{ ...good, language: 'it' }] });
    expect(parsePartnersOrThrow([good])).toEqual([{ ...good, language: 'it' }]);
  });

  it('one invalid: { ok: false, issues } naming partner and field, and the valid partners still returned', () => {
    const r = parsePartners([good, bad]);
    expect(r.ok).toBe(false);
    expect(r.partners.map((p) => p.id)).toEqual(['AG-1']);
    expect(!r.ok && r.issues).toEqual([expect.objectContaining({ severity: 'error', partnerId: 'AG-2', field: 'kind' })]);
    expect(() => parsePartnersOrThrow([good, bad])).toThrow(PlanError);
  });

  it('not an array: { ok: false } with one issue', () => {
    const r = parsePartners({ partners: [] });
    expect(r).toEqual({ ok: false, partners: [], issues: [expect.objectContaining({ code: 'invalid_schema' })] });
  });
});

describe('parseFactSchemaOrThrow', () => {
  it('throws a PlanError carrying the issues parseFactSchema returns', () => {
    const input = { tables: { t: { key: 'id', partner: 'missing', date: 'd', columns: { id: { type: 'string' }, d: { type: 'date' } } } } };
    const r = parseFactSchema(input);
    expect(r.ok).toBe(false);
    let thrown: unknown;
    try {
      parseFactSchemaOrThrow(input);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(PlanError);
    expect((thrown as PlanError).issues).toEqual(!r.ok && r.issues);
  });
});

describe('validateFacts', () => {
  const factSchema = parseFactSchemaOrThrow({
    tables: { sales: { key: 'id', partner: 'partnerId', date: 'd', columns: { id: { type: 'text' }, partnerId: { type: 'text' }, d: { type: 'date' }, amount: { type: 'number' } } } },
  });
  const partners = parsePartnersOrThrow([good]);
  const record = { id: 'S1', partnerId: 'AG-1', d: '2026-03-01', amount: 10 };

  it('every record valid: ok true with the counts, and the *OrThrow variant returns the counts', () => {
    const r = validateFacts({ factSchema, partners, facts: { sales: [record] } });
    expect(r).toEqual({ ok: true, issues: [], counts: { sales: { in: 1, valid: 1, rejected: 0 } } });
    expect(validateFactsOrThrow({ factSchema, partners, facts: { sales: [record] } })).toEqual({ sales: { in: 1, valid: 1, rejected: 0 } });
  });

  it('a rejected record: ok false with its issue, counts kept, and ok narrows', () => {
    // "ten" is not a number, so the record is rejected: 2 in = 1 valid + 1 rejected.
    const input = { factSchema, partners, facts: { sales: [record, { ...record, id: 'S2', amount: 'ten' }] } };
    const r = validateFacts(input);
    expect(r.ok).toBe(false);
    expect(r.counts).toEqual({ sales: { in: 2, valid: 1, rejected: 1 } });
    expect(r.issues).toEqual([expect.objectContaining({ severity: 'error', record: { table: 'sales', id: 'S2' }, field: 'amount' })]);
    if (r.ok) expectTypeOf(r.ok).toEqualTypeOf<true>();
    else expectTypeOf(r.issues).toEqualTypeOf<Issue[]>();
    expect(() => validateFactsOrThrow(input)).toThrow(PlanError);
  });
});
