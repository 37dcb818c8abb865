import { describe, expect, it } from 'vitest';
import { evaluate, misspeltKeys, parseFactSchema, validateFacts, type FactSchemaInput, type RunInput } from '../src/index.js';
import * as tiny from './fixtures/tiny.js';

/**
 * A caller that hands a run its records (an embedding app, an adapter) may spell an optional column differently
 * ("EE" where the fact schema declares "ee"). Undeclared fields are not read, so the record used to be paid as if the
 * column were blank: no efficiency bonus, and nothing said. The CLI refuses such a file; the run now rejects such a
 * record, naming table, record and field, and computes the rest.
 */
function schemaOf(input: FactSchemaInput) {
  const r = parseFactSchema(input);
  if (!r.ok) throw new Error('bad fixture');
  return r.factSchema;
}

const factSchema = schemaOf(tiny.factSchema);
// the same columns, with an enum on category: no record can be decided by the column pass, so all go the long way
const enumSchema = schemaOf({
  tables: { contracts: { ...tiny.factSchema.tables.contracts!, columns: { ...tiny.factSchema.tables.contracts!.columns, category: { type: 'text', enum: ['LUCE_CASA', 'GAS_CASA'] } } } },
});

const c = (id: string, extra: Record<string, unknown>, kWh: number | string = 100) => ({ id, partnerId: 'P1', signedDate: '2026-10-10', category: 'LUCE_CASA', territory: 'Lombardia', kWh, ...extra });

function run(contracts: Record<string, unknown>[], schema = factSchema) {
  const input: RunInput = { period: tiny.period, plans: [tiny.plan as never], partners: tiny.partners as never, factSchema: schema, facts: { contracts } };
  return evaluate(input);
}

describe('a record field that looks like a declared column the record lacks', () => {
  it('rejects the record, naming table, record, field and the column meant, in both languages; the rest is paid', () => {
    const r = run([c('C1', { EE: true }), c('C2', { ee: true }), c('C3', {})]);
    const found = r.issues.filter((i) => i.path[3] === 'EE');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ code: 'invalid_input', severity: 'error', record: { table: 'contracts', id: 'C1' }, field: 'EE', path: ['facts', 'contracts', 0, 'EE'], value: true, rule: 'column ee' });
    expect(found[0]!.messages!.en).toBe('contracts C1: "EE" is not a column of the fact schema, and the record lacks its column "ee": rename the field to "ee" (or declare it in the fact schema); as it is, its value true would not be read');
    expect(found[0]!.messages!.it).toBe('contracts C1: "EE" non è una colonna dello schema dei dati, e al record manca la sua colonna "ee": rinomina il campo in "ee" (oppure dichiaralo nello schema dei dati); così com\'è, il suo valore true non verrebbe letto');
    expect(r.counts.contracts).toMatchObject({ in: 3, used: 2, rejected: 1 });
    // C2 and C3: 100 kWh at Lombardia's 0.012 each, and one efficiency bonus (EeBonus 25) for C2 alone
    const p1 = r.statements.find((s) => s.partnerId === 'P1')!;
    expect(p1.byComponent).toMatchObject({ commission: '2.40', eeBonus: '25.00' });
  });

  it('names the column meant by its label, and rejects each misspelt field that holds a value', () => {
    const labelled = schemaOf({
      tables: { contracts: { ...tiny.factSchema.tables.contracts!, columns: { ...tiny.factSchema.tables.contracts!.columns, ee: { type: 'boolean', required: false, label: { en: 'Efficiency', it: 'Efficienza' } }, notes: { type: 'text', required: false } } } },
    });
    const r = run([c('C1', { EE: true, Notez: 'x' })], labelled);
    const found = r.issues.filter((i) => i.record?.id === 'C1');
    expect(found.map((i) => [i.field, i.rule])).toEqual([['EE', 'column ee'], ['Notez', 'column notes']]);
    expect(found[0]!.messages!.en).toContain('the record lacks its column "Efficiency" (ee)');
    expect(found[0]!.messages!.it).toContain('al record manca la sua colonna "Efficienza" (ee)');
  });

  it('leaves alone a blank misspelt field, one beside the column it resembles, and fields near no missing column', () => {
    const records = [c('C1', { EE: null }), c('C2', { EE: '  ' }), c('C3', { ee: false, EE: true }), c('C4', { notes: 'call back', Kwh: 5 }), c('C5', { EE: undefined })];
    const r = run(records);
    expect(r.counts.contracts).toMatchObject({ in: 5, used: 5, rejected: 0 });
    expect(r.issues.filter((i) => i.path[0] === 'facts')).toEqual([]);
  });

  it('gives the same verdicts whether the column pass decides a record or the per-record checks do', () => {
    const records = [c('C1', { EE: true }), c('C2', { ee: true }), c('C3', { Ee: false }), c('C4', { EE: null }), c('C5', { eee: true }), c('C6', { e: true })];
    const fast = run(records);
    const slow = run(records, enumSchema);
    const verdicts = (x: typeof fast) => x.issues.filter((i) => i.path[0] === 'facts').map((i) => [i.record?.id, i.field, i.messages?.en]);
    expect(verdicts(fast)).toEqual(verdicts(slow));
    // "Ee" and "EE" differ from "ee" only in case; "eee" and "e" are one edit from it
    expect(verdicts(fast).map((v) => v[0])).toEqual(['C1', 'C3', 'C5', 'C6']);
  });

  it('validateFacts reports it as the run does', () => {
    const v = validateFacts({ factSchema, facts: { contracts: [c('C1', { EE: true })] }, partners: tiny.partners as never });
    expect(v.issues.map((i) => [i.record?.id, i.field, i.rule])).toEqual([['C1', 'EE', 'column ee']]);
  });
});

describe('misspeltKeys', () => {
  const table = factSchema.tables.contracts!;

  it('finds undeclared keys within two edits of a declared column the keys lack, in the keys\' order', () => {
    expect(misspeltKeys(['id', 'partnerID', 'signed_date', 'KWH'], table)).toEqual([
      { key: 'partnerID', meant: 'partnerId' },
      { key: 'signed_date', meant: 'signedDate' },
      { key: 'KWH', meant: 'kWh' },
    ]);
  });

  it('says nothing of a key near a column the keys hold, or further than two edits from any', () => {
    expect(misspeltKeys(['id', 'partnerId', 'partnerID', 'signedDate', 'category', 'territory', 'kWh', 'ee'], table)).toEqual([]);
    expect(misspeltKeys(['id', 'partnerId', 'signedDate', 'category', 'territory', 'kWh', 'efficient'], table)).toEqual([]);
    expect(misspeltKeys(['id', 'agentCode', 'signedDate'], table)).toEqual([]);
  });
});
