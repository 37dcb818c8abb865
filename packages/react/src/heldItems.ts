import type { LedgerEntry, PeriodStatement } from '@provvigo/core';

/** What the partner recognises a source record by (from the run's stored facts), instead of a CRM id. */
export interface RecordFacts {
  customer?: string;
  product?: string;
}

/** Key of a source record in `StatementProps.records`: `table/id`. */
export const recordKey = (source: { table: string; id: string }): string => `${source.table}/${source.id}`;

/** One amount the partner is owed but not paid this period, with why and until when. */
export interface HeldItem {
  entryId: string;
  /** `held`: waits for a service event; `reserved`: a reserve share, released on a date. */
  kind: 'held' | 'reserved';
  /** Positive: the amount kept back. */
  amount: string;
  currency: string;
  /** The contract (the entry's link value); null when the line has none. */
  contract: string | null;
  record: RecordFacts | undefined;
  /** held: the service event type that releases it (e.g. `activated`); reserved: undefined. */
  waitsFor: string | undefined;
  /** reserved: the reserve share (exact decimal, 0.1 = 10 %). */
  share: string | undefined;
  /** held: the last day the releasing event may happen (else the amount lapses); reserved: the release date. */
  releaseBy: string | null;
  /** The period the amount was earned in. */
  earnedIn: string | null;
  /** True when it was held in an earlier period and is still waiting. */
  earlier: boolean;
}

/**
 * The held amounts of a period statement, itemised from the ledger entries the run booked: this period's holds and
 * reserve shares, then holds of earlier periods still outstanding. An entry the statement names but the given
 * entries lack is still listed (with its amount), so the items always add up to the statement's totals.
 */
export function heldItems(ps: PeriodStatement, entries: readonly LedgerEntry[], records: Readonly<Record<string, RecordFacts>> = {}): HeldItem[] {
  const byId = new Map(entries.filter((e) => e.partnerId === ps.partnerId).map((e) => [e.id, e]));
  const item = (line: PeriodStatement['held'][number], kind: HeldItem['kind'], earlier: boolean): HeldItem => {
    const e = byId.get(line.entryId);
    const source = e?.source ?? null;
    return {
      entryId: line.entryId,
      kind,
      amount: line.amount.startsWith('-') ? line.amount.slice(1) : line.amount,
      currency: e?.currency ?? ps.currency,
      contract: line.subject ?? e?.subject ?? null,
      record: source ? records[recordKey(source)] : undefined,
      waitsFor: kind === 'held' ? e?.details['on'] : undefined,
      share: kind === 'reserved' ? e?.details['share'] : undefined,
      releaseBy: e?.dueDate ?? null,
      earnedIn: line.originalPeriod ?? e?.originalPeriod ?? null,
      earlier,
    };
  };
  const now = new Set(ps.held.map((h) => h.entryId));
  return [
    ...ps.held.map((h) => item(h, 'held', false)),
    ...ps.reserve.withheld.map((r) => item(r, 'reserved', false)),
    ...(ps.heldOutstanding ?? []).filter((h) => !now.has(h.entryId)).map((h) => item(h, 'held', true)),
  ];
}
