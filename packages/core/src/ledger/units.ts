import type { AdjustmentLine, EventRef, LedgerEntry } from '../schema/ledger.js';
import type { Period, Statement, StatementLine } from '../schema/result.js';
import type { LineLink } from './serviceEvents.js';
import { byString, type Decimal, dec, lineKey } from './util.js';

/** An earning unit: a statement line (earned) or an adjustment line, each with its own life in the ledger. */
export interface Unit {
  unitId: string;
  kind: 'earned' | 'adjustment';
  partnerId: string;
  currency: string;
  amount: Decimal;
  lineId: string | null;
  lineKey: string;
  originalPeriod: string;
  planId: string;
  payout: string;
  component: string;
  source: StatementLine['source'];
  subject: string | null;
  saleDate: string;
  traceRef: { runId: string; lineId: string } | null;
  /** The entry id of the earned/adjustment entry. */
  entryId: string;
}

/** A unit that was paid out (payable at earning, or released): what a clawback can reverse. */
export interface PaidUnit {
  unitId: string;
  partnerId: string;
  currency: string;
  amount: Decimal;
  planId: string;
  subject: string | null;
  saleDate: string;
  fields: Partial<LedgerEntry>;
  originalEntryId: string;
  releasedBy: EventRef | null;
}

/** An amount that became payable in the period (a unit paid at earning, or released): the reserve's base. */
export interface PayableAmount {
  unitId: string;
  partnerId: string;
  planId: string;
  currency: string;
  amount: Decimal;
  fields: Partial<LedgerEntry>;
}

/** The unit fields every entry about a unit repeats, so each entry stands on its own in the audit trail. */
export function unitFields(u: Unit): Partial<LedgerEntry> {
  return {
    unitId: u.unitId,
    lineId: u.lineId,
    lineKey: u.lineKey,
    originalPeriod: u.originalPeriod,
    subject: u.subject,
    source: u.source,
    planId: u.planId,
    payout: u.payout,
    component: u.component,
    traceRef: u.traceRef,
  };
}

/** The same fields, copied from an earlier entry of the unit. */
export function fieldsOf(e: LedgerEntry): Partial<LedgerEntry> {
  return {
    unitId: e.unitId,
    lineId: e.lineId,
    lineKey: e.lineKey,
    originalPeriod: e.originalPeriod,
    subject: e.subject,
    source: e.source,
    planId: e.planId,
    payout: e.payout,
    component: e.component,
    traceRef: e.traceRef,
  };
}

/** The period's units: non-zero statement lines and adjustment deltas, in a canonical order. */
export function periodUnits(args: {
  period: Period;
  runId: string;
  statements: readonly Statement[];
  adjustments: readonly AdjustmentLine[];
  links: Record<string, LineLink>;
  ledger: readonly LedgerEntry[];
}): Unit[] {
  const { period, runId, links } = args;
  const units: Unit[] = [];
  for (const s of args.statements) {
    for (const line of s.lines) {
      if (dec(line.amount).isZero()) continue;
      const link = links[line.id];
      const unitId = `${period.id}:${line.id}`;
      units.push({
        unitId,
        kind: 'earned',
        partnerId: s.partnerId,
        currency: line.currency || s.currency,
        amount: dec(line.amount),
        lineId: line.id,
        lineKey: lineKey(line),
        originalPeriod: period.id,
        planId: line.planId,
        payout: line.payout,
        component: line.component,
        source: line.source,
        subject: link ? link.subject : (line.source?.id ?? null),
        saleDate: link?.date ?? period.end,
        traceRef: { runId, lineId: line.id },
        entryId: `${period.id}:${s.partnerId}:earned:${unitId}`,
      });
    }
  }
  const earnedByKey = new Map<string, LedgerEntry>();
  for (const e of args.ledger) if (e.kind === 'earned') earnedByKey.set(`${e.partnerId}\u0000${e.originalPeriod}\u0000${e.lineKey}`, e);
  for (const a of args.adjustments) {
    if (dec(a.delta).isZero()) continue;
    const lineRef = a.newLineId ?? a.previousLineId;
    const link = lineRef ? links[lineRef] : undefined;
    // adjustments of earlier lines inherit the original line's link from the ledger when not given
    const earlier = earnedByKey.get(`${a.partnerId}\u0000${a.originalPeriod}\u0000${a.lineKey}`);
    units.push({
      unitId: a.id,
      kind: 'adjustment',
      partnerId: a.partnerId,
      currency: a.currency,
      amount: dec(a.delta),
      lineId: lineRef,
      lineKey: a.lineKey,
      originalPeriod: a.originalPeriod,
      planId: a.planId,
      payout: a.payout,
      component: a.component,
      source: a.source,
      subject: link ? link.subject : (earlier?.subject ?? a.source?.id ?? null),
      saleDate: link?.date ?? earlier?.details['saleDate'] ?? period.end,
      traceRef: a.newLineId ? { runId, lineId: a.newLineId } : null,
      entryId: `${period.id}:${a.partnerId}:adjustment:${a.id}`,
    });
  }
  return units.sort(byString((u) => `${u.partnerId}\u0000${u.kind}\u0000${u.unitId}`));
}

/** What the ledger so far says about units: held entries still open, and paid units not yet clawed back. */
export interface PriorState {
  /** Ids of held / reserved entries already released or lapsed. */
  settled: Set<string>;
  /** Held entry id → entry, still open (prior; the earn rule adds the period's own). */
  heldOpen: Map<string, LedgerEntry>;
  paidUnits: PaidUnit[];
}

export function priorState(ledger: readonly LedgerEntry[]): PriorState {
  const settled = new Set<string>();
  const clawedUnits = new Set<string>();
  for (const e of ledger) {
    if ((e.kind === 'released' || e.kind === 'lapsed' || e.kind === 'reserve_released') && e.originalEntryId) settled.add(e.originalEntryId);
    if (e.kind === 'clawback' && e.unitId) clawedUnits.add(e.unitId);
  }
  const byUnit = new Map<string, LedgerEntry[]>();
  for (const e of ledger) {
    if (!e.unitId) continue;
    const list = byUnit.get(e.unitId);
    if (list) list.push(e);
    else byUnit.set(e.unitId, [e]);
  }
  const heldOpen = new Map<string, LedgerEntry>();
  const paidUnits: PaidUnit[] = [];
  for (const [unitId, list] of [...byUnit.entries()].sort(byString(([k]) => k))) {
    const base = list.find((e) => e.kind === 'earned' || e.kind === 'adjustment');
    if (!base) continue;
    const held = list.find((e) => e.kind === 'held');
    const released = list.find((e) => e.kind === 'released');
    if (held && !settled.has(held.id)) heldOpen.set(held.id, held);
    const paidAmount = !held ? dec(base.amount) : released ? dec(released.amount) : null;
    if (paidAmount && !clawedUnits.has(unitId)) {
      paidUnits.push({
        unitId,
        partnerId: base.partnerId,
        currency: base.currency,
        amount: paidAmount,
        planId: base.planId ?? '',
        subject: base.subject,
        saleDate: base.details['saleDate'] ?? base.period,
        fields: { ...fieldsOf(base), unitId },
        originalEntryId: base.id,
        releasedBy: released?.event ?? base.event,
      });
    }
  }
  return { settled, heldOpen, paidUnits };
}
