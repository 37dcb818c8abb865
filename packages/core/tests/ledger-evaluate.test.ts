// The ledger on real `evaluate` output: three months of a small plan with release and clawback conditions, runs
// approved four-eyes, an audit chain, and a retro correction booked as an adjustment.
import { describe, expect, it } from 'vitest';
import { appendAudit, verifyAuditLog } from '../src/audit/index.js';
import { evaluate, parseFactSchema } from '../src/index.js';
import {
  adjustmentsFor,
  bookPeriod,
  conditionsByPlan,
  lineLinksFromFacts,
  serviceEventsFromFacts,
} from '../src/ledger/index.js';
import { approveRun, openRun, transition, unwrapRun } from '../src/run/index.js';
import type { FactSchemaInput, PartnerInput, PlanInput } from '../src/index.js';
import type { LedgerEntry, PeriodStatement } from '../src/schema/ledger.js';
import type { AuditEntry } from '../src/schema/run.js';
import { period } from './ledger-fixtures.js';

const factSchemaInput: FactSchemaInput = {
  tables: {
    contracts: {
      system: 'salesforce', key: 'id', partner: 'partnerId', date: 'signedDate',
      columns: { id: { type: 'text' }, partnerId: { type: 'text' }, signedDate: { type: 'date' }, kWh: { type: 'number' } },
    },
    serviceEvents: {
      system: 'billing', key: 'id', partner: 'partnerId', date: 'date',
      columns: { id: { type: 'text' }, subject: { type: 'text' }, partnerId: { type: 'text' }, type: { type: 'text' }, date: { type: 'date' } },
    },
  },
};

const plan: PlanInput = {
  id: 'energy',
  version: 1,
  name: 'Energy',
  effectiveFrom: '2026-01-01',
  currency: 'EUR',
  parameters: { Rate: { type: 'number', value: '0.01' } },
  sheets: {
    Lines: { kind: 'lines', source: 'contracts', columns: { Commission: { formula: '=[@kWh]*Rate', type: 'money' } } },
  },
  payouts: { commission: { label: 'Commission', sheet: 'Lines', column: 'Commission' } },
  conditions: {
    release: { events: 'serviceEvents', on: 'activated', link: 'id', deadlineMonths: 3 },
    clawback: { events: 'serviceEvents', on: ['terminated'], link: 'id', withinMonths: 6, mode: 'full' },
  },
};

const partners: PartnerInput[] = [
  { id: 'P1', name: 'Agenzia Uno', kind: 'agency', territory: 'Lombardia' },
  { id: 'P2', name: 'Agenzia Due', kind: 'agency', territory: 'Lazio' },
];

const contracts = [
  { id: 'C1', partnerId: 'P1', signedDate: '2026-10-03', kWh: 3000 },
  { id: 'C2', partnerId: 'P1', signedDate: '2026-10-10', kWh: 1000 },
  { id: 'C3', partnerId: 'P2', signedDate: '2026-11-02', kWh: 5000 },
];
const serviceEvents = [
  { id: 'E1', subject: 'C1', partnerId: 'P1', type: 'activated', date: '2026-10-20' },
  { id: 'E2', subject: 'C2', partnerId: 'P1', type: 'activated', date: '2026-11-05' },
  { id: 'E3', subject: 'C1', partnerId: 'P1', type: 'terminated', date: '2026-11-15' },
  { id: 'E4', subject: 'C3', partnerId: 'P2', type: 'activated', date: '2026-11-20' },
];

const carla = { id: 'carla', roles: ['calculator' as const] };
const anna = { id: 'anna', roles: ['approver' as const] };

describe('ledger on evaluate output', () => {
  const fs = parseFactSchema(factSchemaInput);
  if (!fs.ok) throw new Error(JSON.stringify(fs.issues));
  const factSchema = fs.factSchema;
  const conditions = conditionsByPlan([plan as never]);
  const events = serviceEventsFromFacts('serviceEvents', factSchema, serviceEvents);

  let ledger: LedgerEntry[] = [];
  let audit: AuditEntry[] = [];
  const out: Record<string, PeriodStatement[]> = {};
  const approvedStatements: Record<string, ReturnType<typeof evaluate>['statements']> = {};

  const close = (id: string, facts: typeof contracts, adjustments = [] as ReturnType<typeof adjustmentsFor>) => {
    const p = period(id);
    const result = evaluate({ period: p, plans: [plan as never], partners: partners as never, factSchema, facts: { contracts: facts } });
    let run = unwrapRun(openRun({ id: `run-${id}`, period: p, actor: carla, at: `${id}-28T09:00:00Z` }));
    audit = appendAudit(audit, run.audit);
    run = unwrapRun(transition(run.run, 'calculate', carla, `${id}-28T09:01:00Z`, { plans: result.plans, inputHash: result.inputHash, outputHash: result.outputHash }));
    audit = appendAudit(audit, run.audit);
    run = unwrapRun(transition(run.run, 'validate', carla, `${id}-28T09:02:00Z`));
    audit = appendAudit(audit, run.audit);
    const approved = unwrapRun(approveRun(run.run, result.statements, anna, `${id}-28T10:00:00Z`, { outputHash: result.outputHash }));
    audit = appendAudit(audit, approved.audit);
    const statements = result.statements.filter((s) => approved.approved.includes(s.partnerId));
    approvedStatements[id] = statements;
    const booked = bookPeriod({
      runId: approved.run.id,
      period: p,
      statements,
      adjustments,
      conditions,
      events,
      links: lineLinksFromFacts(statements, conditions, factSchema, { contracts: facts }),
      ledger,
      partners: approved.approved,
    });
    ledger = [...ledger, ...booked.entries];
    out[id] = booked.statements;
    audit = appendAudit(audit, { at: `${id}-28T10:00:01Z`, actor: 'anna', action: 'ledger.book', runId: approved.run.id, outputHash: result.outputHash, details: { entries: booked.entries.length } });
    return result;
  };

  close('2026-10', contracts);
  close('2026-11', contracts);
  // December: C2's kWh corrected for October (1000 → 1200): the approved October stays, the delta is booked now
  const corrected = contracts.map((c) => (c.id === 'C2' ? { ...c, kWh: 1200 } : c));
  const octAgain = evaluate({ period: period('2026-10'), plans: [plan as never], partners: partners as never, factSchema, facts: { contracts: corrected } });
  const adjustments = adjustmentsFor(approvedStatements['2026-10']!, octAgain.statements);
  close('2026-12', corrected, adjustments);

  const of = (id: string, partnerId: string) => out[id]!.find((s) => s.partnerId === partnerId)!;

  it('October: C1 activated in the month is payable, C2 is held', () => {
    const s = of('2026-10', 'P1');
    expect(s.lines.map((l) => [l.source?.id, l.amount])).toEqual([['C1', '30.00'], ['C2', '10.00']]);
    expect(s.earned.map((e) => [e.subject, e.status])).toEqual([['C1', 'payable'], ['C2', 'held']]);
    expect(s.payable).toBe('30.00');
  });

  it('November: C2 released by E2, C1 clawed back in full (terminated within 6 months), balance carried', () => {
    const s = of('2026-11', 'P1');
    expect(s.released.map((r) => [r.subject, r.amount, r.event?.id])).toEqual([['C2', '10.00', 'E2']]);
    expect(s.clawbacks.map((c) => [c.subject, c.amount, c.event?.id, c.windowStart?.id, c.originalPeriod])).toEqual([['C1', '30.00', 'E3', 'E1', '2026-10']]);
    expect(s.totals).toMatchObject({ beforeAdvance: '-20.00', carriedForward: '20.00' });
    expect(s.payable).toBe('0.00');
    expect(of('2026-11', 'P2').payable).toBe('50.00');
  });

  it('December: the retro correction is one adjustment line with both traces, netted against the carried balance', () => {
    expect(adjustments).toHaveLength(1);
    expect(adjustments[0]).toMatchObject({ partnerId: 'P1', originalPeriod: '2026-10', previousAmount: '10.00', newAmount: '12.00', delta: '2.00', change: 'changed', revision: 1 });
    expect(adjustments[0]!.previousTrace?.amount).toBe('10.00');
    expect(adjustments[0]!.newTrace?.amount).toBe('12.00');
    const s = of('2026-12', 'P1');
    expect(s.adjustments).toHaveLength(1);
    expect(s.totals).toMatchObject({ adjustmentsPayable: '2.00', broughtForward: '20.00', beforeAdvance: '-18.00', carriedForward: '18.00' });
    expect(s.payable).toBe('0.00');
    // an unchanged recalculation gives nothing
    expect(adjustmentsFor(approvedStatements['2026-10']!, evaluate({ period: period('2026-10'), plans: [plan as never], partners: partners as never, factSchema, facts: { contracts } }).statements)).toEqual([]);
  });

  it('every step is in an intact audit chain', () => {
    expect(audit.map((a) => a.action).slice(0, 5)).toEqual(['run.open', 'run.calculate', 'run.validate', 'run.approve', 'ledger.book']);
    expect(verifyAuditLog(audit)).toMatchObject({ ok: true, count: 15 });
  });
});
