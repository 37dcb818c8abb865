import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { coerceValue, numberToDecimalString } from '../src/coerce.js';
import { parseSalesforceDateTime } from '../src/datetime.js';
import { backoffDelay } from '../src/retry.js';
import { compileFilter, soqlString } from '../src/soql.js';
import { RemoteError } from '../src/errors.js';
import { splitTimedOut } from '../src/splitWindow.js';
import { evalCond, parseSoql } from '../src/testing/index.js';

describe('money never passes through a float artefact', () => {
  it('a JSON number prints back to the decimal it was written as (≤ 15 significant digits)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 13n), max: 10n ** 13n }), fc.integer({ min: 0, max: 2 }), (units, scale) => {
        const s = units.toString().replace(/^(-?)(\d+)$/, (_, sign: string, digits: string) => {
          if (scale === 0) return sign + digits;
          const padded = digits.padStart(scale + 1, '0');
          return `${sign}${padded.slice(0, -scale)}.${padded.slice(-scale)}`;
        });
        const expected = s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
        const norm = expected === '-0' ? '0' : expected.replace(/^-0$/, '0');
        expect(numberToDecimalString(Number(s))).toBe(norm);
      }),
      { seed: 107474426, numRuns: 1000 },
    );
  });

  it('coerces money from REST numbers and Bulk strings to exact decimal strings, and refuses the rest', () => {
    expect(coerceValue(1200.5, 'money', false)).toEqual({ ok: true, value: '1200.5' });
    expect(coerceValue(0.1 + 0.2, 'money', false)).toEqual({
      ok: false,
      reason: 'expected a decimal amount, got 0.30000000000000004',
      reasons: { en: 'expected a decimal amount, got 0.30000000000000004', it: 'atteso un importo decimale, trovato 0.30000000000000004' },
    });
    expect(coerceValue('00012.30', 'money', true)).toEqual({ ok: true, value: '12.30' });
    expect(coerceValue('1e3', 'money', true)).toMatchObject({ ok: false });
    expect(coerceValue('', 'money', true)).toEqual({ ok: true, value: null });
    expect(coerceValue(1e-7, 'money', false)).toEqual({ ok: true, value: '0.0000001' });
  });

  it('coerces the other types strictly', () => {
    expect(coerceValue('12', 'integer', true)).toEqual({ ok: true, value: 12 });
    expect(coerceValue(1.5, 'integer', false)).toMatchObject({ ok: false });
    expect(coerceValue('true', 'boolean', true)).toEqual({ ok: true, value: true });
    // 23:15 UTC on 2 November is 00:15 on 3 November in Rome (+01:00 in winter): the day the commission belongs to
    expect(coerceValue('2026-11-02T23:15:27.000+0000', 'date', false)).toEqual({ ok: true, value: '2026-11-03' });
    expect(coerceValue('2026-02-30', 'date', false)).toMatchObject({ ok: false });
    expect(coerceValue('2026-13-45', 'date', true)).toMatchObject({ ok: false });
    expect(coerceValue({ a: 1 }, 'text', false)).toMatchObject({ ok: false, reason: 'expected text, got an object' });
  });
});

describe('Salesforce datetimes', () => {
  it('accepts the +0000 form zod rejects and normalises to UTC', () => {
    expect(parseSalesforceDateTime('2026-11-02T09:15:27.000+0000')).toBe('2026-11-02T09:15:27.000Z');
    expect(parseSalesforceDateTime('2026-11-02T09:15:27.000+0130')).toBe('2026-11-02T07:45:27.000Z');
    expect(parseSalesforceDateTime('2026-11-02T09:15:27Z')).toBe('2026-11-02T09:15:27.000Z');
    expect(parseSalesforceDateTime('2026-11-02 09:15:27')).toBeUndefined();
  });
});

describe('safe filter DSL', () => {
  it('any string literal survives SOQL escaping: a SOQL parser reads back exactly the value (no injection)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (value) => {
        const soql = `SELECT Id FROM Contract WHERE ${compileFilter({ field: 'Offer__c', op: 'eq', value })}`;
        const parsed = parseSoql(soql);
        expect(parsed.where).toEqual({ field: 'Offer__c', op: '=', value });
        expect(evalCond(parsed.where!, { Offer__c: value })).toBe(true);
      }),
      { seed: 1902173548, numRuns: 500 },
    );
    expect(soqlString("x' OR Name != '")).toBe("'x\\' OR Name != \\''");
  });

  it('compiles nested all/any/not, IN lists and typed dates', () => {
    expect(
      compileFilter({
        all: [
          { field: 'Status', op: 'in', values: ['Activated', 'Signed'] },
          { any: [{ field: 'Amount__c', op: 'ge', value: 100 }, { not: { field: 'Partner__r.Code__c', op: 'eq', value: null } }] },
          { field: 'CustomerSignedDate', op: 'ge', value: { date: '2026-01-01' } },
        ],
      }),
    ).toBe("(Status IN ('Activated', 'Signed')) AND ((Amount__c >= 100) OR (NOT (Partner__r.Code__c = null))) AND (CustomerSignedDate >= 2026-01-01)");
  });
});

describe('backoff', () => {
  it('stays within [ceiling/2, ceiling] and never exceeds the cap', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20 }), fc.double({ min: 0, max: 0.999999, noNaN: true }), (attempt, r) => {
        const d = backoffDelay({ baseDelayMs: 500, maxDelayMs: 30_000, random: () => r }, attempt);
        const ceiling = Math.min(30_000, 500 * 2 ** attempt);
        expect(d).toBeGreaterThanOrEqual(Math.floor(ceiling / 2));
        expect(d).toBeLessThanOrEqual(ceiling);
      }), { seed: 1751747798, numRuns: 100 },
    );
  });
});

describe('record conversion', () => {
  it('translates partners through partnerMap and quarantines unknown ones, naming the field', async () => {
    const { convertRecord } = await import('../src/convert.js');
    const { ObjectMappingSchema } = await import('../src/mapping.js');
    const mapping = ObjectMappingSchema.parse({
      object: 'Opportunity',
      table: 'orders',
      keyColumn: 'id',
      partnerColumn: 'partner',
      partnerMap: { '001XX0000000001AAA': 'AGY-0001' },
      columns: {
        id: { field: 'Id', type: 'text' },
        partner: { field: 'AccountId', type: 'text' },
        amount: { field: 'Amount', type: 'money' },
      },
    });
    const base = { attributes: { type: 'Opportunity' }, Id: '006XX000004TmiQYAS', SystemModstamp: '2026-11-02T09:15:27.000+0000', Amount: 1200.5 };
    expect(convertRecord(mapping, { ...base, AccountId: '001XX0000000001AAA' }, false)).toEqual({
      ok: true,
      id: '006XX000004TmiQYAS',
      systemModstamp: '2026-11-02T09:15:27.000Z',
      isDeleted: false,
      partner: 'AGY-0001',
      data: { id: '006XX000004TmiQYAS', partner: 'AGY-0001', amount: '1200.5' },
    });
    expect(convertRecord(mapping, { ...base, AccountId: '001XX0000000009AAA', Amount: 'x' }, false)).toMatchObject({
      ok: false,
      issues: [
        { field: 'Amount', column: 'amount', reason: 'Amount → amount: expected a decimal amount, got "x"' },
        { field: 'AccountId', column: 'partner', reason: 'AccountId → partner: value "001XX0000000009AAA" is not in partnerMap' },
      ],
    });
    expect(convertRecord(mapping, { ...base, Id: 'nope', AccountId: '001XX0000000001AAA' }, false)).toMatchObject({ ok: false, issues: [{ field: 'Id' }] });
  });
});

describe('a window whose query timed out', () => {
  const timeout = new RemoteError('query page 1: HTTP 400 QUERY_TIMEOUT (Your query request was running for too long.)', { errorCode: 'QUERY_TIMEOUT', status: 400 });

  it('is read in two halves, a full sync\'s from 2000-01-01', () => {
    expect(splitTimedOut('Contract', 'sync', { after: '2026-11-01T00:00:00.000Z', upTo: '2026-11-01T00:00:10.000Z' }, 0, timeout)).toEqual([
      { after: '2026-11-01T00:00:00.000Z', upTo: '2026-11-01T00:00:05.000Z' },
      { after: '2026-11-01T00:00:05.000Z', upTo: '2026-11-01T00:00:10.000Z' },
    ]);
    // 2000-01-01 … 2000-01-03: two days, halved at noon on the 2nd
    expect(splitTimedOut('Contract', 'sync', { upTo: '2000-01-03T00:00:00.000Z' }, 0, timeout)[0]).toEqual({ after: '2000-01-01T00:00:00.000Z', upTo: '2000-01-02T00:00:00.000Z' });
  });

  it('is given up on after 64 splits of the same query, naming the object and the window, with Salesforce\'s error as the cause', () => {
    const window = { after: '2026-11-01T00:00:00.000Z', upTo: '2026-11-02T00:00:00.000Z' };
    let error: RemoteError | undefined;
    try {
      splitTimedOut('Contract', 'filter-exit', window, 64, timeout);
    } catch (e) {
      error = e as RemoteError;
    }
    expect(error).toBeInstanceOf(RemoteError);
    expect(error?.errorCode).toBe('QUERY_TIMEOUT');
    expect(error?.status).toBe(400);
    expect(error?.cause).toBe(timeout);
    const span = 'SystemModstamp 2026-11-01T00:00:00.000Z … 2026-11-02T00:00:00.000Z';
    expect(error?.messages).toEqual({
      en: `Contract: the filter-exit query timed out (QUERY_TIMEOUT) on ${span}, not split further after 64 splits; run the sync again later: it reads this window again`,
      it: `Contract: la query delle uscite dal filtro è andata in timeout (QUERY_TIMEOUT) su ${span}, non divisa oltre dopo 64 divisioni; riesegui la sincronizzazione più tardi: rilegge questa finestra`,
    });
    expect(splitTimedOut('Contract', 'filter-exit', window, 63, timeout)).toHaveLength(2);
  });
});
