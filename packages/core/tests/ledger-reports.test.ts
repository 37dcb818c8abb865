import { describe, expect, it } from 'vitest';
import { csvCellText, DEFAULT_DIALECT, writeCsv } from '../src/csv/writeCsv.js';
import { accruals, accrualsToCsv, accrualsToJson, bookPeriod, LedgerError, whatIf } from '../src/ledger/index.js';
import { AccrualRowSchema, WhatIfResultSchema, type LedgerEntry } from '../src/schema/ledger.js';
import type { Conditions } from '../src/schema/plan.js';
import { line, period, statement } from './ledger-fixtures.js';

const held: Conditions = { release: { events: 'serviceEvents', on: 'activated', link: 'contractId' } };

function twoMonths(): LedgerEntry[] {
  const jan = bookPeriod({
    runId: 'run-jan',
    period: period('2026-01'),
    statements: [
      statement('P1', '2026-01', [line({ id: 'a', partnerId: 'P1', period: '2026-01', amount: '100.00' }), line({ id: 'b', partnerId: 'P1', period: '2026-01', amount: '40.00', planId: 'plain' })]),
      statement('=HYPERLINK("x")', '2026-01', [line({ id: 'c', partnerId: '=HYPERLINK("x")', period: '2026-01', amount: '5.00', planId: 'plain' })]),
    ],
    conditions: { energy: held },
    events: [],
  });
  const feb = bookPeriod({
    runId: 'run-feb',
    period: period('2026-02'),
    statements: [statement('P1', '2026-02', [])],
    conditions: { energy: held },
    events: [{ id: 'E1', subject: 'a', type: 'activated', date: '2026-02-03' }],
    ledger: jan.entries,
  });
  return [...jan.entries, ...feb.entries];
}

describe('accruals', () => {
  it('gives earned, held, payable and paid per period and partner, with balances', () => {
    const rows = accruals(twoMonths(), { runStates: { 'run-jan': 'posted', 'run-feb': 'approved' } });
    for (const r of rows) expect(AccrualRowSchema.parse(r)).toEqual(r);
    const p1 = rows.filter((r) => r.partnerId === 'P1');
    expect(p1.map((r) => [r.period, r.earned, r.held, r.released, r.payable, r.paid, r.heldBalance])).toEqual([
      ['2026-01', '140.00', '100.00', '0.00', '40.00', '40.00', '100.00'],
      ['2026-02', '0.00', '0.00', '100.00', '100.00', '0.00', '0.00'],
    ]);
    expect(accruals(twoMonths(), { periods: ['2026-02'] }).map((r) => r.period)).toEqual(['2026-02']);
  });

  it('exports CSV with a BOM, CRLF, quoting, and formula injection neutralised (numbers kept)', () => {
    const csv = accrualsToCsv(accruals(twoMonths()));
    expect(csv.startsWith('\uFEFFperiod,partnerId,currency,earned,')).toBe(true);
    expect(csv).toContain('\r\n2026-01,P1,EUR,140.00,');
    expect(csv).toContain(`"'=HYPERLINK(""x"")"`);
    // accruals go through the one CSV writer: amounts are number cells, the rest text
    expect(csvCellText('-12.50', 'number', DEFAULT_DIALECT)).toBe('-12.50');
    expect(csvCellText('-1+2', 'number', DEFAULT_DIALECT)).toBe("'-1+2");
    expect(csvCellText('+39 333', 'text', DEFAULT_DIALECT)).toBe("'+39 333");
    expect(csvCellText('@SUM(A1)', 'text', DEFAULT_DIALECT)).toBe("'@SUM(A1)");
    expect(writeCsv(['a,b'], [{ header: 'x', value: (r) => r }], { bom: false })).toBe('x\r\n"a,b"\r\n');
    const json = JSON.parse(accrualsToJson(accruals(twoMonths())));
    expect(json.rows).toHaveLength(3);
    expect(json.columns[0]).toBe('period');
  });
});

describe('booking a period once per partner', () => {
  it('books partners blocked at approval in a later run of the same period, and refuses to book a partner twice', () => {
    const st = (p: string) => statement(p, '2026-01', [line({ id: `l-${p}`, partnerId: p, period: '2026-01', amount: '10.00', planId: 'plain' })]);
    const first = bookPeriod({ runId: 'r1', period: period('2026-01'), statements: [st('P1'), st('P2')], partners: ['P1'] });
    expect(first.statements.map((s) => s.partnerId)).toEqual(['P1']);
    expect(new Set(first.entries.map((e) => e.partnerId))).toEqual(new Set(['P1']));
    const second = bookPeriod({ runId: 'r2', period: period('2026-01'), statements: [st('P2')], ledger: first.entries });
    expect(second.statements.map((s) => [s.partnerId, s.payable])).toEqual([['P2', '10.00']]);
    expect(() => bookPeriod({ runId: 'r3', period: period('2026-01'), statements: [st('P1')], ledger: first.entries })).toThrowError(LedgerError);
    expect(() => bookPeriod({ runId: 'r3', period: period('2026-01'), statements: [st('P1')], ledger: first.entries })).toThrowError(/already booked/);
  });
});

describe('what-if', () => {
  it('diffs plan version A against B per partner and per line', () => {
    const a = [
      statement('P1', '2026-01', [
        line({ id: 'energy:commission:S1', partnerId: 'P1', period: '2026-01', amount: '10.00', sourceId: 'S1' }),
        line({ id: 'energy:commission:S2', partnerId: 'P1', period: '2026-01', amount: '20.00', sourceId: 'S2' }),
      ]),
      statement('P2', '2026-01', [line({ id: 'energy:commission:S3', partnerId: 'P2', period: '2026-01', amount: '7.00', sourceId: 'S3' })]),
    ];
    const b = [
      statement('P1', '2026-01', [
        line({ id: 'energy:commission:S1', partnerId: 'P1', period: '2026-01', amount: '12.50', sourceId: 'S1', planVersion: 2 }),
        line({ id: 'energy:bonus:P1', partnerId: 'P1', period: '2026-01', amount: '5.00', payout: 'bonus', component: 'bonus', sourceId: null, planVersion: 2 }),
      ]),
      statement('P2', '2026-01', [line({ id: 'energy:commission:S3', partnerId: 'P2', period: '2026-01', amount: '7.00', sourceId: 'S3', planVersion: 2 })]),
    ];
    const r = whatIf(a, b);
    expect(WhatIfResultSchema.parse(r)).toEqual(r);
    expect(r.totals).toEqual({ EUR: { a: '37.00', b: '24.50', delta: '-12.50' } });
    expect(r.changedPartners).toBe(1);
    expect(r.changedLines).toBe(3);
    const p1 = r.partners[0]!;
    expect(p1).toMatchObject({ partnerId: 'P1', totalA: '30.00', totalB: '17.50', delta: '-12.50' });
    expect(p1.byComponent).toEqual({ bonus: { a: '0.00', b: '5.00', delta: '5.00' }, commission: { a: '30.00', b: '12.50', delta: '-17.50' } });
    expect(p1.lines.map((l) => [l.lineKey, l.amountA, l.amountB, l.delta, l.change])).toEqual([
      ['energy|bonus|partner/P1', '0.00', '5.00', '5.00', 'added'],
      ['energy|commission|salesforce/contracts/S1', '10.00', '12.50', '2.50', 'changed'],
      ['energy|commission|salesforce/contracts/S2', '20.00', '0.00', '-20.00', 'removed'],
    ]);
    expect(r.partners[1]).toMatchObject({ partnerId: 'P2', delta: '0.00', lines: [] });
    expect(whatIf(a, b, { includeUnchanged: true }).partners[1]!.lines).toHaveLength(1);
    expect(whatIf(a, a).changedLines).toBe(0);
  });
});

describe('JSON Schemas of run and ledger data', () => {
  it('describe the period statement, entries, agreements, accruals, runs and audit entries', async () => {
    const m = await import('../src/ledger/index.js');
    const ps = m.periodStatementJsonSchema() as { type: string; required: string[]; properties: Record<string, unknown> };
    expect(ps.type).toBe('object');
    expect(ps.required).toEqual(expect.arrayContaining(['partnerId', 'period', 'payable', 'totals', 'clawbacks', 'advances']));
    expect((m.agreementJsonSchema() as { required: string[] }).required).toEqual(expect.arrayContaining(['id', 'partnerId', 'advance', 'signedOn', 'recovery']));
    expect((m.ledgerEntryJsonSchema() as { properties: { kind: { enum: string[] } } }).properties.kind.enum).toContain('clawback');
    for (const f of [m.accrualRowJsonSchema, m.runRecordJsonSchema, m.auditEntryJsonSchema]) expect(f()).toMatchObject({ type: 'object' });
  });
});
