import type { EventRef, LedgerEntry, LedgerOptions, ServiceEvent } from '../schema/ledger.js';
import type { Conditions } from '../schema/plan.js';
import type { Period } from '../schema/result.js';
import { byString, type Decimal, fmt, round } from './util.js';

export type EntryInput = Partial<LedgerEntry> & Pick<LedgerEntry, 'id' | 'partnerId' | 'kind' | 'amount' | 'currency' | 'explanation'>;

/** The period's new entries, appended in the order the rules produce them and kept per partner. */
export class LedgerBook {
  readonly entries: LedgerEntry[] = [];
  private readonly byPartner = new Map<string, LedgerEntry[]>();

  constructor(
    private readonly period: Period,
    private readonly runId: string,
  ) {}

  add(partial: EntryInput): LedgerEntry {
    const e: LedgerEntry = {
      period: this.period.id,
      runId: this.runId,
      unitId: null,
      lineId: null,
      lineKey: null,
      originalPeriod: null,
      originalEntryId: null,
      subject: null,
      event: null,
      windowStart: null,
      agreementId: null,
      source: null,
      planId: null,
      payout: null,
      component: null,
      dueDate: null,
      traceRef: null,
      details: {},
      ...partial,
    };
    this.entries.push(e);
    const list = this.byPartner.get(e.partnerId);
    if (list) list.push(e);
    else this.byPartner.set(e.partnerId, [e]);
    return e;
  }

  of(partnerId: string): LedgerEntry[] {
    return this.byPartner.get(partnerId) ?? [];
  }

  /** Forgets a partner whose period had nothing to book (its entries are filtered from the result). */
  drop(partnerId: string): void {
    this.byPartner.delete(partnerId);
  }
}

export const eventRef = (e: ServiceEvent): EventRef => ({ id: e.id, type: e.type, date: e.date });

/** Service events known by the period end, by subject, in a canonical order (arrival order must not matter). */
export class EventIndex {
  private readonly bySubject = new Map<string, ServiceEvent[]>();

  constructor(events: readonly ServiceEvent[], periodEnd: string) {
    const known = events
      .filter((e) => e.date <= periodEnd)
      .sort(byString((e) => `${e.date}\u0000${e.id}\u0000${e.type}\u0000${e.subject}`));
    for (const e of known) {
      const list = this.bySubject.get(e.subject);
      if (list) list.push(e);
      else this.bySubject.set(e.subject, [e]);
    }
  }

  /** The first event of one of `types` for the subject, from `table` (when the event names one), dated ≤ notAfter. */
  find(subject: string | null, table: string, types: readonly string[], notAfter?: string): ServiceEvent | undefined {
    if (subject === null) return undefined;
    return (this.bySubject.get(subject) ?? []).find(
      (e) => types.includes(e.type) && (e.table === undefined || e.table === table) && (notAfter === undefined || e.date <= notAfter),
    );
  }
}

/** What every ledger rule reads: the period, the options, the plans' conditions, the events and the book it writes. */
export interface BookingContext {
  period: Period;
  runId: string;
  opts: LedgerOptions;
  conditions: Record<string, Conditions | undefined>;
  events: EventIndex;
  book: LedgerBook;
  /** Whether the partner is booked by this call (not already booked for the period, and asked for). */
  inScope(partnerId: string): boolean;
}

export const roundAmount = (ctx: BookingContext, d: Decimal): Decimal => round(d, ctx.opts.scale, ctx.opts.rounding);
export const money = (ctx: BookingContext, d: Decimal): string => fmt(d, ctx.opts.scale);
