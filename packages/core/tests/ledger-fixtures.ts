// Hand-built statements for the ledger tests: input data to pure functions (the shape core `evaluate` returns).
import { Decimal } from 'decimal.js';
import type { Period, Statement, StatementLine } from '../src/schema/result.js';

export function period(id: string): Period {
  const [y, m] = id.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { id, start: `${id}-01`, end: `${id}-${String(last).padStart(2, '0')}` };
}

export function line(args: {
  id: string;
  partnerId: string;
  period: string;
  amount: string;
  planId?: string;
  planVersion?: number;
  payout?: string;
  sourceId?: string | null;
  status?: StatementLine['status'];
  component?: string;
}): StatementLine {
  const planId = args.planId ?? 'energy';
  const payout = args.payout ?? 'commission';
  const source = args.sourceId === null ? null : { system: 'salesforce', table: 'contracts', id: args.sourceId ?? args.id };
  return {
    id: args.id,
    partnerId: args.partnerId,
    planId,
    planVersion: args.planVersion ?? 1,
    payout,
    component: args.component ?? 'commission',
    label: 'Commission',
    sheet: 'Lines',
    row: 1,
    source,
    currency: 'EUR',
    amount: args.amount,
    status: args.status ?? (new Decimal(args.amount).isZero() ? 'zero' : 'ok'),
    issues:
      args.status === 'error'
        ? [{ code: 'formula_error', severity: 'error', message: `#DIV/0! in line ${args.id}`, path: ['sheets', 'Lines'] }]
        : [],
    trace: {
      plan: { id: planId, version: args.planVersion ?? 1, hash: 'h' },
      partnerId: args.partnerId,
      period: args.period,
      payout,
      sheet: 'Lines',
      row: 1,
      source,
      cells: [],
      formulaValue: args.amount,
      exactValue: args.amount,
      rounding: [],
      amount: args.amount,
      flags: [],
    },
  };
}

export function statement(partnerId: string, periodId: string, lines: StatementLine[]): Statement {
  const total = lines.reduce((t, l) => t.plus(l.amount), new Decimal(0));
  const byComponent: Record<string, string> = {};
  for (const l of lines) byComponent[l.component] = new Decimal(byComponent[l.component] ?? '0').plus(l.amount).toFixed(2);
  return {
    partnerId,
    period: periodId,
    currency: 'EUR',
    lines,
    total: total.toFixed(2),
    byComponent,
    blocked: lines.some((l) => l.status === 'error'),
    issues: [],
  };
}
