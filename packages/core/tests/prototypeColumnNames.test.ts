import { describe, expect, it } from 'vitest';
import { hashFactTable } from '../src/engine/factBytes.js';
import { factValue, factValues, type CheckedRecord } from '../src/engine/facts.js';
import { keyOrder } from '../src/facts/keyOrder.js';
import { evaluate, parseFactSchemaOrThrow, validateFacts, type FactSchema, type FactSchemaInput, type PlanInput } from '../src/index.js';
import { lineLinksFromFacts, serviceEventCounts, serviceEventsFromFacts } from '../src/ledger/index.js';
import type { Conditions } from '../src/schema/plan.js';
import type { Statement } from '../src/schema/result.js';
import * as tiny from './fixtures/tiny.js';

/**
 * A fact schema's column names are the user's, and `toString`, `valueOf` or `hasOwnProperty` are valid ones (the
 * schema refuses only `__proto__`, `constructor` and `prototype`). Every read of a record by a declared column is an
 * own-property read: a record without such a column lacks it exactly as it would lack `amount` — in the checks, in
 * the run's input hash, in the values the engine computes with and in the ledger's service events — and never reads
 * the method every object inherits from Object.prototype.
 */
const PROTOTYPE_NAMES = ['toString', 'valueOf', 'hasOwnProperty'] as const;
const contracts = tiny.factSchema.tables.contracts!;

/** tiny's contracts table with one more column `name` (declared with `spec`). */
const schemaWith = (name: string, spec: Record<string, unknown>): FactSchema =>
  parseFactSchemaOrThrow({ tables: { contracts: { ...contracts, columns: { ...contracts.columns, [name]: spec } } } } as FactSchemaInput);

/** tiny's contracts table with its key, partner or date column renamed to `name`. */
const schemaWithRole = (role: 'key' | 'partner' | 'date', name: string): FactSchema => {
  const old = contracts[role] as string;
  const columns = Object.fromEntries(Object.entries(contracts.columns).map(([c, spec]) => [c === old ? name : c, spec]));
  return parseFactSchemaOrThrow({ tables: { contracts: { ...contracts, [role]: name, columns } } } as FactSchemaInput);
};

const record = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  id: 'C1',
  partnerId: 'P1',
  signedDate: '2026-10-03',
  category: 'LUCE_CASA',
  territory: 'Lombardia',
  kWh: 3200,
  ...extra,
});

const partners = tiny.partners as never;

describe('a required column named like an Object.prototype member, missing from a record', () => {
  for (const name of ['amount', ...PROTOTYPE_NAMES]) {
    it(`validateFacts reports "${name}" as missing, in English and Italian, naming table, record and field`, () => {
      const r = validateFacts({ factSchema: schemaWith(name, { type: 'number', required: true }), partners, facts: { contracts: [record()] } });
      expect(r.ok).toBe(false);
      expect(r.counts).toEqual({ contracts: { in: 1, valid: 0, rejected: 1 } });
      expect(r.issues).toHaveLength(1);
      const issue = r.issues[0]!;
      expect(issue).toMatchObject({
        code: 'missing_input',
        severity: 'error',
        message: `contracts C1: "${name}" is required but missing`,
        messages: { en: `contracts C1: "${name}" is required but missing`, it: `contracts C1: "${name}" è obbligatorio ma manca` },
        path: ['facts', 'contracts', 0, name],
        record: { table: 'contracts', id: 'C1' },
        field: name,
        rule: 'required',
        partnerId: 'P1',
      });
      // a missing field has no value to show (an inherited method would have been shown as one)
      expect(issue).not.toHaveProperty('value');
      expect(JSON.stringify(issue)).not.toMatch(/function|native code/);
    });

    it(`a run rejects the record without "${name}" with the same issue, and computes nothing from it`, () => {
      const r = evaluate({ period: tiny.period, plans: [tiny.plan as never], partners, factSchema: schemaWith(name, { type: 'number', required: true }), facts: { contracts: [record()] } });
      expect(r.counts['contracts']).toMatchObject({ in: 1, used: 0, rejected: 1 });
      const missing = r.issues.filter((i) => i.code === 'missing_input');
      expect(missing.map((i) => [i.message, i.messages?.it, i.field, i.record])).toEqual([
        [`contracts C1: "${name}" is required but missing`, `contracts C1: "${name}" è obbligatorio ma manca`, name, { table: 'contracts', id: 'C1' }],
      ]);
    });
  }

  for (const name of PROTOTYPE_NAMES) {
    it(`a record that has "${name}" is valid, and a wrong value in it is reported as written`, () => {
      const factSchema = schemaWith(name, { type: 'number', required: true });
      expect(validateFacts({ factSchema, partners, facts: { contracts: [record({ [name]: 5 })] } })).toMatchObject({ ok: true, issues: [] });
      const bad = validateFacts({ factSchema, partners, facts: { contracts: [record({ [name]: 'abc' })] } });
      expect(bad.issues.map((i) => [i.code, i.field, i.value, i.message])).toEqual([['invalid_input', name, 'abc', `contracts C1: "${name}": expected a number, found "abc"`]]);
    });

    for (const role of ['key', 'partner', 'date'] as const) {
      it(`a ${role} column named "${name}" is missing from a record without it`, () => {
        const rec = record();
        delete rec[contracts[role] as string];
        const r = validateFacts({ factSchema: schemaWithRole(role, name), partners, facts: { contracts: [rec] } });
        // without its key, the record is named by its position
        const id = role === 'key' ? '#1' : 'C1';
        expect(r.issues.map((i) => [i.code, i.field, i.message, i.messages?.it])).toEqual([
          ['missing_input', name, `contracts ${id}: "${name}" is required but missing`, `contracts ${id}: "${name}" è obbligatorio ma manca`],
        ]);
      });
    }
  }
});

describe('an optional column named like an Object.prototype member, missing from a record', () => {
  for (const name of PROTOTYPE_NAMES) {
    it(`computes as blank when a formula reads [@${name}] (the record has no value, not a function)`, () => {
      const plan: PlanInput = {
        ...tiny.roundPlan,
        sheets: { Lines: { kind: 'lines', source: 'contracts', columns: { Pay: { formula: `=[@kWh] + [@${name}]`, type: 'money' } } } },
      };
      const r = evaluate({
        period: tiny.period,
        plans: [plan as never],
        partners,
        factSchema: schemaWith(name, { type: 'number', required: false }),
        facts: { contracts: [record({ id: 'C1', kWh: 10 }), record({ id: 'C2', kWh: 20, [name]: 5 })] },
      });
      expect(r.issues.filter((i) => i.severity === 'error')).toEqual([]);
      expect(r.statements.flatMap((s) => s.lines.map((l) => [l.source?.id, l.amount]))).toEqual([
        ['C1', '10.00'],
        ['C2', '25.00'],
      ]);
    });
  }

  it("never reads a declared column's value through the record's prototype", () => {
    // A record whose prototype holds `ee`: the checks find no `ee` (an optional column), so the run must not pay the bonus.
    const inherited = Object.assign(Object.create({ ee: true }) as Record<string, unknown>, record({ id: 'C1', kWh: 100 }));
    const own = record({ id: 'C2', kWh: 100, ee: true });
    const r = evaluate({ period: tiny.period, plans: [tiny.plan as never], partners, factSchema: parseFactSchemaOrThrow(tiny.factSchema), facts: { contracts: [inherited, own] } });
    expect(r.counts['contracts']).toMatchObject({ in: 2, used: 2, rejected: 0 });
    const amount = (id: string, payout: string) => r.statements.flatMap((s) => s.lines).find((l) => l.source?.id === id && l.payout === payout)?.amount;
    // both records are used (kWh × the Lombardia rate 0.012), and only the one with an own `ee` earns the bonus
    expect([amount('C1', 'commission'), amount('C2', 'commission')]).toEqual(['1.20', '1.20']);
    expect(amount('C2', 'eeBonus')).toBe('25.00');
    expect(amount('C1', 'eeBonus') ?? '0.00').toBe('0.00');
  });

  it('never reads a declared column from Object.prototype itself, when something in the process has set it there', () => {
    // A read that skips the own check for names Object.prototype lacks (tried for speed, bench/README.md) would
    // miss a library polluting Object.prototype with that name: a missing `ee` must stay missing. (A whole run cannot
    // be tried this way: the schemas' strict objects refuse the polluted name first.)
    const table = parseFactSchemaOrThrow(tiny.factSchema).tables['contracts']!;
    const checked = (source: Record<string, unknown>, index: number): CheckedRecord => ({ id: String(source['id']), partnerId: 'P1', date: '2026-10-03', index, table, source });
    const records = [checked(record({ id: 'C1' }), 0), checked(record({ id: 'C2', ee: true }), 1)];
    const proto = Object.prototype as Record<string, unknown>;
    proto['ee'] = true;
    try {
      expect(factValues(records, 'ee')).toEqual([null, true]);
      expect([factValue(records[0]!, 'ee'), factValue(records[1]!, 'ee')]).toEqual([null, true]);
    } finally {
      delete proto['ee'];
    }
  });
});

describe('the input hash of a table whose key column is named like an Object.prototype member', () => {
  const textOf = (records: readonly unknown[], table: { key: string; columns: Record<string, unknown> }): string => {
    let text = '';
    hashFactTable({ update: (t) => void (text += t), digest: () => '' }, records, table);
    return text;
  };

  for (const name of PROTOTYPE_NAMES) {
    it(`orders a record without "${name}" as one without a key (key ''), first`, () => {
      const records = [{ [name]: 'b', a: 1 }, { a: 2 }];
      expect(keyOrder(records, name)).toEqual({ keys: ['b', ''], order: [1, 0] });
      // columns in name order (a, then the key), each top to bottom in key order: the keyless record first
      expect(textOf(records, { key: name, columns: { [name]: {}, a: {} } })).toBe(
        '#2\n' + '\u0000c"a"\n' + 'n2;' + 'n1;' + `\u0000c"${name}"\n` + 'u' + 's1:b' + '\u0000rest\n' + '..',
      );
    });
  }
});

describe('service events whose columns are named like Object.prototype members', () => {
  const factSchema = parseFactSchemaOrThrow({
    tables: {
      ...tiny.factSchema.tables,
      services: {
        key: 'id',
        partner: 'partnerId',
        date: 'date',
        eventSubject: 'valueOf',
        eventType: 'toString',
        columns: { id: { type: 'text' }, partnerId: { type: 'text' }, date: { type: 'date' }, valueOf: { type: 'text' }, toString: { type: 'text' } },
      },
    },
  } as FactSchemaInput);
  const complete = { id: 'S1', partnerId: 'P1', date: '2026-10-05', valueOf: 'C1', toString: 'activated' };

  it('reads subject and type from the declared columns of a record that has them', () => {
    expect(serviceEventsFromFacts('services', factSchema, [complete])).toEqual([
      { id: 'S1', subject: 'C1', type: 'activated', date: '2026-10-05', partnerId: 'P1', table: 'services' },
    ]);
  });

  it('finds a record without its type or subject column unusable, as one without `type` would be', () => {
    const noType = { id: 'S2', partnerId: 'P1', date: '2026-10-06', valueOf: 'C2' };
    const noSubject = { id: 'S3', partnerId: 'P1', date: '2026-10-07', toString: 'activated' };
    expect(() => serviceEventsFromFacts('services', factSchema, [noType])).toThrowError('services record S2: a service event needs id, valueOf, toString and date');
    expect(() => serviceEventsFromFacts('services', factSchema, [noSubject])).toThrowError('services record S3: a service event needs id, valueOf, toString and date');
    expect(serviceEventsFromFacts('services', factSchema, [complete, noType, noSubject], { skipUnusable: true }).map((e) => e.id)).toEqual(['S1']);
    expect(serviceEventCounts('services', factSchema, [complete, noType, noSubject], '2026-10-31')).toEqual({ in: 3, used: 1, excluded: 0, rejected: 2 });
  });

  it("links a line to no subject when its record has no link column named hasOwnProperty", () => {
    const schema = schemaWith('hasOwnProperty', { type: 'text', required: false });
    const conditions: Record<string, Conditions | undefined> = { agency: { release: { events: 'services', on: 'activated', link: 'hasOwnProperty' } } as Conditions };
    const statements = [{ partnerId: 'P1', lines: [{ id: 'L1', planId: 'agency', source: { table: 'contracts', id: 'C1' } }, { id: 'L2', planId: 'agency', source: { table: 'contracts', id: 'C2' } }] }] as unknown as Statement[];
    const facts = { contracts: [record({ id: 'C1' }), record({ id: 'C2', hasOwnProperty: 'S9' })] as never };
    expect(lineLinksFromFacts(statements, conditions, schema, facts)).toEqual({
      L1: { subject: null, date: '2026-10-03' },
      L2: { subject: 'S9', date: '2026-10-03' },
    });
  });
});
