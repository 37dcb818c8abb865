import { listFiscalOpenings, listFiscalSettlements, type Store } from '../../src/index.js';
import { openRun, unwrapRun, type LedgerEntry, type PeriodStatement, type RunRecord, type Statement, type StatementLine } from '@provvigo/core';

// Hand-written data in core's shapes, for tests of persistence only (the period tests use the real engine).

export const PERIOD = { id: '2026-10', start: '2026-10-01', end: '2026-10-31' };

export function line(partnerId: string, n: number, amount: string, status: StatementLine['status'] = 'ok'): StatementLine {
  const source = { system: 'salesforce', table: 'contracts', id: `C-${partnerId}-${n}` };
  return {
    id: `${partnerId}:plan:act:${n}`,
    partnerId,
    planId: 'plan',
    planVersion: 1,
    payout: 'act',
    component: 'activation',
    label: 'Activation',
    sheet: 'Lines',
    row: n,
    source,
    currency: 'EUR',
    amount,
    status,
    issues: status === 'error' ? [{ code: 'formula_error', severity: 'error', message: 'bad row', path: [] }] : [],
    trace: {
      plan: { id: 'plan', version: 1, hash: 'h' },
      partnerId,
      period: PERIOD.id,
      payout: 'act',
      sheet: 'Lines',
      row: n,
      source,
      cells: [{ sheet: 'Lines', name: 'Commission', formula: '=[@kWh]*0.01', inputs: [{ name: 'kWh', kind: 'fact', value: n * 100, source }], value: Number(amount) }],
      formulaValue: amount,
      exactValue: amount,
      rounding: [],
      amount,
      flags: [],
    },
  };
}

export function statement(partnerId: string, amounts: string[], errorAt = -1): Statement {
  const lines = amounts.map((a, i) => line(partnerId, i + 1, a, i === errorAt ? 'error' : 'ok'));
  const total = amounts.reduce((s, a) => s + Math.round(Number(a) * 100), 0);
  return {
    partnerId,
    period: PERIOD.id,
    currency: 'EUR',
    lines,
    total: (total / 100).toFixed(2),
    byComponent: { activation: (total / 100).toFixed(2) },
    blocked: errorAt >= 0,
    issues: [],
  };
}

const Z = '0.00';
export function periodStatement(s: Statement, runId: string): PeriodStatement {
  return {
    partnerId: s.partnerId,
    period: s.period,
    currency: s.currency,
    runId,
    lines: s.lines,
    earned: s.lines.map((l) => ({ unitId: l.id, lineId: l.id, component: l.component, amount: l.amount, status: 'payable' as const, subject: l.source!.id })),
    adjustments: [],
    held: [],
    released: [],
    lapsed: [],
    reserve: { withheld: [], released: [], balance: Z },
    clawbacks: [],
    advances: [],
    carryForward: { floorAtZero: true, broughtForward: Z, carriedForward: Z },
    totals: {
      earned: s.total, adjustments: Z, earnedPayable: s.total, adjustmentsPayable: Z, held: Z, released: Z, lapsed: Z,
      reserveWithheld: Z, reserveReleased: Z, clawbacks: Z, broughtForward: Z, beforeAdvance: s.total, advanceRecovered: Z,
      advanceBalance: Z, beforeFloor: s.total, carriedForward: Z, heldBalance: Z,
    },
    payable: s.total,
  };
}

export function earnedEntries(s: Statement, runId: string): LedgerEntry[] {
  return s.lines.map((l) => ({
    id: `earned:${runId}:${l.id}`,
    partnerId: s.partnerId,
    period: s.period,
    kind: 'earned' as const,
    amount: l.amount,
    currency: 'EUR',
    runId,
    unitId: l.id,
    lineId: l.id,
    lineKey: l.id,
    originalPeriod: s.period,
    originalEntryId: null,
    subject: l.source!.id,
    event: null,
    windowStart: null,
    agreementId: null,
    source: l.source,
    planId: l.planId,
    payout: l.payout,
    component: l.component,
    dueDate: null,
    traceRef: { runId, lineId: l.id },
    explanation: 'earned',
    details: {},
  }));
}

/** A run just opened, as core's run state machine opens it. */
export function draftRun(id: string, actor: string, at: string): RunRecord {
  return unwrapRun(openRun({ id, period: { ...PERIOD }, actor: { id: actor, roles: ['calculator'] }, at })).run;
}

/** Opens run `runId` and saves `evaluated` as its calculation (by carla at `at`): the run is then `calculated`. */
export async function saveCalculatedRun(store: Store, runId: string, evaluated: Statement[], at: string): Promise<void> {
  await store.createRun(draftRun(runId, 'carla', at), { at, actor: 'carla', action: 'run.open', runId });
  await store.saveCalculation(
    {
      record: { ...draftRun(runId, 'carla', at), state: 'calculated', inputHash: 'in', outputHash: 'out', calculatedBy: 'carla', calculatedAt: at },
      summary: { period: PERIOD, plans: [], issues: [], counts: {}, totals: {}, inputHash: 'in', outputHash: 'out' },
      evaluated,
      statements: evaluated.map((s) => periodStatement(s, runId)),
      proposed: evaluated.flatMap((s) => earnedEntries(s, runId)),
      ledgerSeq: await store.ledgerHead(),
      audit: { at, actor: 'carla', action: 'run.calculate', runId },
    },
    ['draft', 'calculated'],
  );
}

/** Everything a refused call must leave as it was: periods, runs, the audit and ledger heads, plans, fiscal data. */
export async function storeState(store: Store): Promise<Record<string, unknown>> {
  return {
    periods: await store.listPeriods(),
    runs: await store.listRuns(),
    audit: await store.auditHead(),
    ledger: await store.ledgerHead(),
    plans: await store.latestPlans(),
    openings: await listFiscalOpenings(store),
    settlements: await listFiscalSettlements(store),
  };
}
