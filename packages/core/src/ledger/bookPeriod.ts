import type { FactRecord, FactSchema } from '../schema/facts.js';
import type {
  AdjustmentLine,
  Agreement,
  EventRef,
  LedgerEntry,
  LedgerEntryKind,
  LedgerOptionsInput,
  PeriodStatement,
  ServiceEvent,
} from '../schema/ledger.js';
import { AgreementSchema, LedgerOptionsSchema } from '../schema/ledger.js';
import type { Conditions, Plan } from '../schema/plan.js';
import type { Period, Statement, StatementLine } from '../schema/result.js';
import { buildPeriodStatement } from './periodStatement.js';
import { addMonths, byString, daysBetween, Decimal, dec, fmt, lineKey, round, sum } from './util.js';

/** Where a line links to the service events: the link value (e.g. contract id) and the sale date. */
export interface LineLink {
  subject: string | null;
  date?: string | null;
}

export interface BookPeriodInput {
  /** The approved run that books the period. */
  runId: string;
  period: Period;
  /** The period's approved statements (core `evaluate` output). */
  statements: Statement[];
  /** Corrections of earlier approved periods to book in this one (`adjustmentsFor`). */
  adjustments?: AdjustmentLine[];
  /** Payment conditions per plan id (`conditionsByPlan(plans)`). */
  conditions?: Record<string, Conditions | undefined>;
  /** Every service event known so far (any date; events dated after the period end are ignored until then). */
  events?: ServiceEvent[];
  /** Link value and sale date per statement line id (`lineLinksFromFacts`); default: the line's source id. */
  links?: Record<string, LineLink>;
  /** Every ledger entry booked before this period. */
  ledger?: LedgerEntry[];
  agreements?: Agreement[];
  /** Book only these partners (the approved ones); default: all partners with statements or ledger activity. */
  partners?: string[];
  options?: LedgerOptionsInput;
}

export interface BookPeriodResult {
  /** The period's new ledger entries, deterministic order and ids. Append them; never edit earlier ones. */
  entries: LedgerEntry[];
  /** One period statement per partner with a statement or ledger activity in the period. */
  statements: PeriodStatement[];
}

/** A thrown ledger error naming partner, line or agreement. */
export class LedgerError extends Error {
  readonly code: 'currency_mismatch' | 'period_order' | 'invalid_input';
  constructor(code: LedgerError['code'], message: string) {
    super(message);
    this.name = 'LedgerError';
    this.code = code;
  }
}

/** Plan id → its conditions (the last version given wins; pass the versions the run evaluated). */
export function conditionsByPlan(plans: Plan[]): Record<string, Conditions | undefined> {
  const out: Record<string, Conditions | undefined> = {};
  for (const p of [...plans].sort((a, b) => a.version - b.version)) out[p.id] = p.conditions;
  return out;
}

/**
 * Line id → link value and sale date, read from each line's source record: the record whose key column equals
 * `source.id`, its `link` column (release link, else clawback link) and its date column.
 */
export function lineLinksFromFacts(
  statements: Statement[],
  conditions: Record<string, Conditions | undefined>,
  factSchema: FactSchema,
  facts: Record<string, FactRecord[]>,
): Record<string, LineLink> {
  const index = new Map<string, Map<string, FactRecord>>();
  const tableIndex = (table: string): Map<string, FactRecord> => {
    let m = index.get(table);
    if (!m) {
      m = new Map();
      const def = factSchema.tables[table];
      if (def) for (const r of facts[table] ?? []) m.set(String(r[def.key]), r);
      index.set(table, m);
    }
    return m;
  };
  const out: Record<string, LineLink> = {};
  for (const s of statements) {
    for (const line of s.lines) {
      if (!line.source) continue;
      const c = conditions[line.planId];
      const link = c?.release?.link ?? c?.clawback?.link;
      const def = factSchema.tables[line.source.table];
      const rec = tableIndex(line.source.table).get(line.source.id);
      if (!rec || !def) continue;
      const subject = link ? rec[link] : line.source.id;
      const date = rec[def.date];
      out[line.id] = {
        subject: subject === null || subject === undefined || subject === '' ? null : String(subject),
        date: typeof date === 'string' ? date.slice(0, 10) : null,
      };
    }
  }
  return out;
}

/** Service events from a fact table: id = key column, subject/type columns, date = the table's date column. */
export function serviceEventsFromFacts(
  table: string,
  factSchema: FactSchema,
  records: FactRecord[],
  columns: { subject?: string; type?: string } = {},
): ServiceEvent[] {
  const def = factSchema.tables[table];
  if (!def) throw new LedgerError('invalid_input', `unknown fact table "${table}" for service events`);
  const subjectCol = columns.subject ?? 'subject';
  const typeCol = columns.type ?? 'type';
  return records.map((r, i) => {
    const id = r[def.key];
    const subject = r[subjectCol];
    const type = r[typeCol];
    const date = r[def.date];
    if (id == null || subject == null || type == null || typeof date !== 'string') {
      throw new LedgerError('invalid_input', `${table} record ${String(id ?? `#${i + 1}`)}: a service event needs ${def.key}, ${subjectCol}, ${typeCol} and ${def.date}`);
    }
    return { id: String(id), subject: String(subject), type: String(type), date: date.slice(0, 10), partnerId: r[def.partner] == null ? null : String(r[def.partner]), table };
  });
}

interface Unit {
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

const ref = (e: ServiceEvent): EventRef => ({ id: e.id, type: e.type, date: e.date });

/**
 * Books one period: turns the approved statements, adjustments, service events, agreements and the prior ledger into
 * the period's new ledger entries and period statements. Pure and deterministic: the order of statements, lines,
 * events or prior entries never changes the result. See packages/core/docs/ledger.md for the rules.
 */
export function bookPeriod(input: BookPeriodInput): BookPeriodResult {
  const opts = LedgerOptionsSchema.parse(input.options ?? {});
  // agreements are hand-written configuration: validate them here, naming the agreement
  const agreementsIn = (input.agreements ?? []).map((a, i) => {
    const parsed = AgreementSchema.safeParse(a);
    if (!parsed.success) {
      const where = parsed.error.issues.map((x) => `${x.path.join('.') || '(root)'}: ${x.message}`).join('; ');
      throw new LedgerError('invalid_input', `agreement ${(a as { id?: string })?.id ?? `#${i + 1}`}: ${where}`);
    }
    return parsed.data;
  });
  const { period, runId } = input;
  const conditions = input.conditions ?? {};
  const ledger = input.ledger ?? [];
  const links = input.links ?? {};
  const roundAmt = (d: Decimal): Decimal => round(d, opts.scale, opts.rounding);

  // events: only those known by the period end, in a canonical order (arrival order must not matter)
  const events = (input.events ?? [])
    .filter((e) => e.date <= period.end)
    .sort(byString((e) => `${e.date}\u0000${e.id}\u0000${e.type}\u0000${e.subject}`));
  const eventsBySubject = new Map<string, ServiceEvent[]>();
  for (const e of events) {
    const list = eventsBySubject.get(e.subject) ?? [];
    list.push(e);
    eventsBySubject.set(e.subject, list);
  }
  const findEvent = (subject: string | null, table: string, types: readonly string[], notAfter?: string): ServiceEvent | undefined => {
    if (subject === null) return undefined;
    return (eventsBySubject.get(subject) ?? []).find(
      (e) => types.includes(e.type) && (e.table === undefined || e.table === table) && (notAfter === undefined || e.date <= notAfter),
    );
  };


  const newEntries: LedgerEntry[] = [];
  const newByPartner = new Map<string, LedgerEntry[]>();
  const entry = (partial: Partial<LedgerEntry> & Pick<LedgerEntry, 'id' | 'partnerId' | 'kind' | 'amount' | 'currency' | 'explanation'>): LedgerEntry => {
    const e: LedgerEntry = {
      period: period.id,
      runId,
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
    newEntries.push(e);
    const list = newByPartner.get(e.partnerId);
    if (list) list.push(e);
    else newByPartner.set(e.partnerId, [e]);
    return e;
  };
  const unitFields = (u: Unit): Partial<LedgerEntry> => ({
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
  });

  // --- the period's units: statement lines (earned) and adjustment lines ---
  const units: Unit[] = [];
  for (const s of input.statements) {
    if (s.period !== period.id) throw new LedgerError('invalid_input', `statement of ${s.partnerId} is for period ${s.period}, booking ${period.id}`);
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
  for (const e of ledger) if (e.kind === 'earned') earnedByKey.set(`${e.partnerId}\u0000${e.originalPeriod}\u0000${e.lineKey}`, e);
  for (const a of input.adjustments ?? []) {
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
  units.sort(byString((u) => `${u.partnerId}\u0000${u.kind}\u0000${u.unitId}`));

  // partners and currencies
  const only = input.partners ? new Set(input.partners) : null;
  const currencyOf = new Map<string, string>();
  const setCurrency = (partnerId: string, currency: string, what: string): void => {
    const known = currencyOf.get(partnerId);
    if (known !== undefined && known !== currency) {
      throw new LedgerError('currency_mismatch', `partner ${partnerId}: ${what} is in ${currency}, the partner's ledger is in ${known}`);
    }
    currencyOf.set(partnerId, currency);
  };
  for (const e of ledger) setCurrency(e.partnerId, e.currency, `entry ${e.id}`);
  for (const u of units) setCurrency(u.partnerId, u.currency, `line ${u.lineId ?? u.unitId}`);
  for (const s of input.statements) if (s.lines.length > 0 || !currencyOf.has(s.partnerId)) setCurrency(s.partnerId, s.currency, `statement ${s.period}`);
  for (const a of agreementsIn) setCurrency(a.partnerId, a.currency, `agreement ${a.id}`);
  // a period is booked once per partner: partners blocked at approval may be booked by a later run of the same
  // period; partners already booked are left alone, and giving one of them a statement again is an error
  const alreadyBooked = new Set<string>();
  for (const e of ledger) if (e.period === period.id) alreadyBooked.add(e.partnerId);
  for (const s of input.statements) {
    if (alreadyBooked.has(s.partnerId) && (only === null || only.has(s.partnerId))) {
      throw new LedgerError('period_order', `partner ${s.partnerId} is already booked for ${period.id}: an approved period never changes; book corrections as adjustments in the next open period`);
    }
  }
  const inScope = (partnerId: string): boolean => !alreadyBooked.has(partnerId) && (only === null || only.has(partnerId));

  // prior state, per entry id
  const settled = new Set<string>(); // ids of held / reserved entries already released or lapsed
  const clawedUnits = new Set<string>();
  for (const e of ledger) {
    if ((e.kind === 'released' || e.kind === 'lapsed' || e.kind === 'reserve_released') && e.originalEntryId) settled.add(e.originalEntryId);
    if (e.kind === 'clawback' && e.unitId) clawedUnits.add(e.unitId);
  }

  /** A payable amount just became due for a unit: withhold the reserve share. */
  const reserveFor = (planId: string, amount: Decimal, partnerId: string, currency: string, unitId: string, fields: Partial<LedgerEntry>): void => {
    const c = conditions[planId];
    if (!c?.reserve || amount.lte(0)) return;
    const share = dec(c.reserve.share);
    const withheld = roundAmt(amount.times(share));
    if (withheld.isZero()) return;
    const due = addMonths(period.start, c.reserve.releaseAfterMonths);
    entry({
      ...fields,
      id: `${period.id}:${partnerId}:reserved:${unitId}`,
      partnerId,
      kind: 'reserved',
      amount: fmt(withheld, opts.scale),
      currency,
      dueDate: due,
      explanation: `Reserve of ${share.times(100).toString()}% withheld from ${fmt(amount, opts.scale)}, released on or after ${due}.`,
      details: { share: share.toString(), base: fmt(amount, opts.scale), releaseAfterMonths: String(c.reserve.releaseAfterMonths) },
    });
  };

  /** Units that were paid out (payable at earning, or released), for clawbacks: unit id → paid amount and fields. */
  interface PaidUnit { unitId: string; partnerId: string; currency: string; amount: Decimal; planId: string; subject: string | null; saleDate: string; fields: Partial<LedgerEntry>; originalEntryId: string; releasedBy: EventRef | null }
  const paidUnits: PaidUnit[] = [];
  const heldIndex = new Map<string, LedgerEntry>(); // held entry id → entry (prior and new)

  // prior paid units and held units, from the ledger
  const priorByUnit = new Map<string, LedgerEntry[]>();
  for (const e of ledger) {
    if (!e.unitId) continue;
    const list = priorByUnit.get(e.unitId) ?? [];
    list.push(e);
    priorByUnit.set(e.unitId, list);
  }
  for (const [unitId, list] of [...priorByUnit.entries()].sort(byString(([k]) => k))) {
    const base = list.find((e) => e.kind === 'earned' || e.kind === 'adjustment');
    if (!base) continue;
    const held = list.find((e) => e.kind === 'held');
    const released = list.find((e) => e.kind === 'released');
    const fields: Partial<LedgerEntry> = {
      unitId, lineId: base.lineId, lineKey: base.lineKey, originalPeriod: base.originalPeriod, subject: base.subject,
      source: base.source, planId: base.planId, payout: base.payout, component: base.component, traceRef: base.traceRef,
    };
    const saleDate = base.details['saleDate'] ?? base.period;
    if (held && !settled.has(held.id)) heldIndex.set(held.id, held);
    const paidAmount = !held ? dec(base.amount) : released ? dec(released.amount) : null;
    if (paidAmount && !clawedUnits.has(unitId)) {
      paidUnits.push({ unitId, partnerId: base.partnerId, currency: base.currency, amount: paidAmount, planId: base.planId ?? '', subject: base.subject, saleDate, fields, originalEntryId: base.id, releasedBy: released?.event ?? base.event });
    }
  }

  // --- 1. earn the period's units: payable now, or held until the release event ---
  for (const u of units) {
    if (!inScope(u.partnerId)) continue;
    const c = conditions[u.planId];
    // service conditions bind lines of a source record (a contract); partner-level lines (bonuses, caps) are payable now
    const release = u.source ? c?.release : undefined;
    const deadline = release?.deadlineMonths ? addMonths(u.saleDate, release.deadlineMonths) : null;
    const releasing = release ? findEvent(u.subject, release.events, [release.on], deadline ?? undefined) : undefined;
    const what = u.kind === 'earned' ? `Earned in ${u.originalPeriod}` : `Adjustment of ${u.originalPeriod} (${u.unitId})`;
    entry({
      ...unitFields(u),
      id: u.entryId,
      partnerId: u.partnerId,
      kind: u.kind,
      amount: fmt(u.amount, opts.scale),
      currency: u.currency,
      event: releasing ? ref(releasing) : null,
      explanation: release
        ? releasing
          ? `${what}; payable now: ${release.on} ${releasing.id} on ${releasing.date}.`
          : `${what}; held until ${release.on}${u.subject ? ` of ${u.subject}` : ''}.`
        : c?.release
          ? `${what}; payable now (a partner-level line: service conditions do not apply).`
          : `${what}; payable now (no release condition).`,
      details: { saleDate: u.saleDate },
    });
    if (release && !releasing) {
      const held = entry({
        ...unitFields(u),
        id: `${period.id}:${u.partnerId}:held:${u.unitId}`,
        partnerId: u.partnerId,
        kind: 'held',
        amount: fmt(u.amount, opts.scale),
        currency: u.currency,
        originalEntryId: u.entryId,
        dueDate: deadline,
        explanation: `Held until ${release.on}${u.subject ? ` of ${u.subject}` : ' (the line has no link value)'}${deadline ? `; lapses if not met by ${deadline}` : ''}.`,
        details: { saleDate: u.saleDate, on: release.on, ...(deadline ? { deadline } : {}) },
      });
      heldIndex.set(held.id, held);
    } else {
      reserveFor(u.planId, u.amount, u.partnerId, u.currency, u.unitId, unitFields(u));
      paidUnits.push({ unitId: u.unitId, partnerId: u.partnerId, currency: u.currency, amount: u.amount, planId: u.planId, subject: u.subject, saleDate: u.saleDate, fields: unitFields(u), originalEntryId: u.entryId, releasedBy: releasing ? ref(releasing) : null });
    }
  }

  // --- 2. held units: release on the event, lapse on termination or past the deadline ---
  for (const held of [...heldIndex.values()].sort(byString((e) => e.id))) {
    if (!inScope(held.partnerId)) continue;
    const c = conditions[held.planId ?? ''];
    const fields: Partial<LedgerEntry> = {
      unitId: held.unitId, lineId: held.lineId, lineKey: held.lineKey, originalPeriod: held.originalPeriod, subject: held.subject,
      source: held.source, planId: held.planId, payout: held.payout, component: held.component, traceRef: held.traceRef,
    };
    const amount = dec(held.amount);
    const release = c?.release;
    const releasing = release && held.period !== period.id ? findEvent(held.subject, release.events, [release.on], held.dueDate ?? undefined) : undefined;
    if (releasing) {
      entry({
        ...fields,
        id: `${period.id}:${held.partnerId}:released:${held.unitId}`,
        partnerId: held.partnerId,
        kind: 'released',
        amount: held.amount,
        currency: held.currency,
        originalEntryId: held.id,
        event: ref(releasing),
        explanation: `Released: ${releasing.type} ${releasing.id} of ${held.subject} on ${releasing.date} (held since ${held.period}).`,
        details: { heldSince: held.period },
      });
      reserveFor(held.planId ?? '', amount, held.partnerId, held.currency, held.unitId ?? held.id, fields);
      paidUnits.push({ unitId: held.unitId ?? held.id, partnerId: held.partnerId, currency: held.currency, amount, planId: held.planId ?? '', subject: held.subject, saleDate: held.details['saleDate'] ?? period.end, fields, originalEntryId: held.originalEntryId ?? held.id, releasedBy: ref(releasing) });
      continue;
    }
    const claw = c?.clawback;
    const ending = claw ? findEvent(held.subject, claw.events, claw.on) : undefined;
    const pastDeadline = held.dueDate !== null && held.dueDate <= period.end;
    if (ending || pastDeadline) {
      entry({
        ...fields,
        id: `${period.id}:${held.partnerId}:lapsed:${held.unitId}`,
        partnerId: held.partnerId,
        kind: 'lapsed',
        amount: held.amount,
        currency: held.currency,
        originalEntryId: held.id,
        event: ending ? ref(ending) : null,
        explanation: ending
          ? `Lapsed: ${held.subject} ended (${ending.type} ${ending.id} on ${ending.date}) before ${release?.on ?? 'release'}.`
          : `Lapsed: ${release?.on ?? 'the release condition'} not met by ${held.dueDate}.`,
        details: { reason: ending ? 'terminated' : 'deadline', ...(held.dueDate ? { deadline: held.dueDate } : {}) },
      });
    }
  }

  // --- 3. reserve releases ---
  const reserved = [...ledger.filter((e) => e.kind === 'reserved' && !settled.has(e.id))].sort(byString((e) => e.id));
  for (const r of reserved) {
    if (!inScope(r.partnerId) || r.dueDate === null || r.dueDate > period.end) continue;
    entry({
      unitId: r.unitId, lineId: r.lineId, lineKey: r.lineKey, originalPeriod: r.originalPeriod, subject: r.subject, source: r.source,
      planId: r.planId, payout: r.payout, component: r.component, traceRef: r.traceRef,
      id: `${period.id}:${r.partnerId}:reserve_released:${r.unitId ?? r.id}`,
      partnerId: r.partnerId,
      kind: 'reserve_released',
      amount: r.amount,
      currency: r.currency,
      originalEntryId: r.id,
      explanation: `Reserve withheld in ${r.period} released (due ${r.dueDate}).`,
      details: { withheldIn: r.period, dueDate: r.dueDate },
    });
  }

  // --- 4. clawbacks of paid units whose contract ended within the window ---
  for (const p of paidUnits.sort(byString((x) => `${x.partnerId}\u0000${x.unitId}`))) {
    if (!inScope(p.partnerId)) continue;
    const c = conditions[p.planId];
    const claw = c?.clawback;
    if (!claw) continue;
    const ending = findEvent(p.subject, claw.events, claw.on);
    if (!ending) continue;
    const fromType = claw.from ?? c?.release?.on;
    let start: EventRef | null = null;
    let startDate: string | null = null;
    if (fromType) {
      const ev = fromType === c?.release?.on && p.releasedBy ? p.releasedBy : (() => {
        const found = findEvent(p.subject, claw.events, [fromType], ending.date) ?? (c?.release ? findEvent(p.subject, c.release.events, [fromType], ending.date) : undefined);
        return found ? ref(found) : null;
      })();
      start = ev;
      startDate = ev?.date ?? null;
    } else {
      startDate = p.saleDate;
    }
    if (startDate === null) continue;
    const windowEnd = addMonths(startDate, claw.withinMonths);
    if (!(ending.date < windowEnd)) continue;
    let fraction = new Decimal(1);
    if (claw.mode === 'proRata') {
      const total = daysBetween(startDate, windowEnd);
      const left = Math.max(0, daysBetween(ending.date < startDate ? startDate : ending.date, windowEnd));
      fraction = new Decimal(left).dividedBy(total);
    }
    const amount = claw.mode === 'proRata' ? roundAmt(p.amount.times(fraction)) : p.amount;
    if (amount.isZero()) continue;
    entry({
      ...p.fields,
      id: `${period.id}:${p.partnerId}:clawback:${p.unitId}`,
      partnerId: p.partnerId,
      kind: 'clawback',
      amount: fmt(amount, opts.scale),
      currency: p.currency,
      originalEntryId: p.originalEntryId,
      event: ref(ending),
      windowStart: start,
      explanation:
        claw.mode === 'proRata'
          ? `Clawback pro rata: ${p.subject} ended (${ending.type} ${ending.id}) on ${ending.date}, ${daysBetween(ending.date, windowEnd)} of ${daysBetween(startDate, windowEnd)} days before the ${claw.withinMonths}-month window from ${startDate} closes; ${fmt(p.amount, opts.scale)} × ${fraction.toSignificantDigits(10).toString()}.`
          : `Clawback in full: ${p.subject} ended (${ending.type} ${ending.id}) on ${ending.date}, within ${claw.withinMonths} months of ${startDate}.`,
      details: {
        mode: claw.mode,
        paidAmount: fmt(p.amount, opts.scale),
        fraction: fraction.toString(),
        windowStart: startDate,
        windowEnd,
        terminatedOn: ending.date,
      },
    });
  }

  // --- 5. per partner: carry-in, advance recovery, floor and payable ---
  const partners = new Set<string>();
  for (const s of input.statements) partners.add(s.partnerId);
  for (const e of newEntries) partners.add(e.partnerId);
  for (const a of agreementsIn) if (a.signedOn <= period.end) partners.add(a.partnerId);
  const sortedPartners = [...partners].filter(inScope).sort();
  const agreementsBy = new Map<string, Agreement[]>();
  for (const a of [...agreementsIn].sort(byString((x) => x.id))) {
    const list = agreementsBy.get(a.partnerId) ?? [];
    list.push(a);
    agreementsBy.set(a.partnerId, list);
  }
  const statementsOut: PeriodStatement[] = [];
  const priorByPartner = new Map<string, LedgerEntry[]>();
  for (const e of ledger) {
    const list = priorByPartner.get(e.partnerId);
    if (list) list.push(e);
    else priorByPartner.set(e.partnerId, [e]);
  }
  const statementBy = new Map(input.statements.map((s) => [s.partnerId, s]));
  const adjustmentsBy = new Map<string, AdjustmentLine[]>();
  for (const a of input.adjustments ?? []) adjustmentsBy.set(a.partnerId, [...(adjustmentsBy.get(a.partnerId) ?? []), a]);
  for (const partnerId of sortedPartners) {
    const currency = currencyOf.get(partnerId) ?? 'EUR';
    const prior = priorByPartner.get(partnerId) ?? [];
    const mine = (): LedgerEntry[] => newByPartner.get(partnerId) ?? [];
    const total = (kinds: LedgerEntryKind[]): Decimal => sum(mine().filter((e) => kinds.includes(e.kind)).map((e) => e.amount));
    // agreements: skip partners whose only activity is an agreement not yet relevant
    const agreements = agreementsBy.get(partnerId) ?? [];
    const carryIn = sum(prior.filter((e) => e.kind === 'carry_forward').map((e) => e.amount));
    if (carryIn.gt(0)) {
      entry({
        id: `${period.id}:${partnerId}:carry_forward:in`,
        partnerId,
        kind: 'carry_forward',
        amount: fmt(carryIn.negated(), opts.scale),
        currency,
        explanation: `Negative balance of ${fmt(carryIn, opts.scale)} brought forward from earlier statements.`,
        details: {},
      });
    }
    const held = total(['held']);
    let running = total(['earned', 'adjustment'])
      .minus(held)
      .plus(total(['released']))
      .minus(total(['reserved']))
      .plus(total(['reserve_released']))
      .minus(total(['clawback']))
      .minus(carryIn.gt(0) ? carryIn : 0);
    for (const a of agreements) {
      if (a.signedOn > period.end) continue;
      const paidBefore = prior.some((e) => e.kind === 'advance_paid' && e.agreementId === a.id);
      if (!paidBefore) {
        entry({
          id: `${period.id}:${partnerId}:advance_paid:${a.id}`,
          partnerId,
          kind: 'advance_paid',
          amount: fmt(dec(a.advance), opts.scale),
          currency,
          agreementId: a.id,
          explanation: `Advance of agreement ${a.id} paid at signing on ${a.signedOn}; recovered from later statements.`,
          details: { signedOn: a.signedOn },
        });
      }
      const all = [...prior, ...mine()].filter((e) => e.agreementId === a.id);
      const balance = sum(all.filter((e) => e.kind === 'advance_paid').map((e) => e.amount)).minus(
        sum(all.filter((e) => e.kind === 'advance_recovered' || e.kind === 'advance_recovery_on_termination').map((e) => e.amount)),
      );
      if (balance.lte(0)) continue;
      const termEnd = addMonths(a.signedOn, a.termMonths);
      const ends = a.terminatedOn && a.terminatedOn < termEnd ? a.terminatedOn : termEnd;
      if (ends <= period.end) {
        entry({
          id: `${period.id}:${partnerId}:advance_recovery_on_termination:${a.id}`,
          partnerId,
          kind: 'advance_recovery_on_termination',
          amount: fmt(balance, opts.scale),
          currency,
          agreementId: a.id,
          explanation: a.terminatedOn && a.terminatedOn < termEnd
            ? `Agreement ${a.id} terminated early on ${a.terminatedOn}: the unrecovered advance of ${fmt(balance, opts.scale)} is recovered in full.`
            : `Agreement ${a.id} ended on ${termEnd} with ${fmt(balance, opts.scale)} of the advance unrecovered: recovered in full.`,
          details: { reason: a.terminatedOn && a.terminatedOn < termEnd ? 'terminated' : 'term_end', endedOn: ends },
        });
        running = running.minus(balance);
        continue;
      }
      if (!(period.start > a.signedOn)) continue; // recovery starts with the statements after signing
      let amount = balance;
      const details: Record<string, string> = { balanceBefore: fmt(balance, opts.scale), base: fmt(running, opts.scale) };
      if (a.recovery.maxShare !== undefined) {
        const cap = running.gt(0) ? running.times(a.recovery.maxShare).toDecimalPlaces(opts.scale, Decimal.ROUND_DOWN) : new Decimal(0);
        amount = Decimal.min(amount, cap);
        details['maxShare'] = a.recovery.maxShare;
        details['cap'] = fmt(cap, opts.scale);
      }
      if (a.recovery.instalment !== undefined) {
        amount = Decimal.min(amount, dec(a.recovery.instalment));
        details['instalment'] = a.recovery.instalment;
      }
      if (amount.lte(0)) continue;
      entry({
        id: `${period.id}:${partnerId}:advance_recovered:${a.id}`,
        partnerId,
        kind: 'advance_recovered',
        amount: fmt(amount, opts.scale),
        currency,
        agreementId: a.id,
        explanation: `Advance of agreement ${a.id}: ${fmt(amount, opts.scale)} recovered from this statement${a.recovery.maxShare !== undefined ? ` (at most ${dec(a.recovery.maxShare).times(100).toString()}% of ${fmt(Decimal.max(running, 0), opts.scale)})` : ''}; ${fmt(balance.minus(amount), opts.scale)} left.`,
        details,
      });
      running = running.minus(amount);
    }
    const hasStatement = statementBy.has(partnerId);
    if (!hasStatement && mine().every((e) => e.kind === 'carry_forward')) {
      // nothing happened for this partner: no statement, and any balance stays carried as it was
      newByPartner.delete(partnerId);
      continue;
    }
    let payable = running;
    if (running.lt(0) && opts.floorAtZero) {
      entry({
        id: `${period.id}:${partnerId}:carry_forward:out`,
        partnerId,
        kind: 'carry_forward',
        amount: fmt(running.negated(), opts.scale),
        currency,
        explanation: `Statement balance ${fmt(running, opts.scale)} is negative: payable floored at zero, ${fmt(running.negated(), opts.scale)} carried forward to the next statement.`,
        details: {},
      });
      payable = new Decimal(0);
    }
    entry({
      id: `${period.id}:${partnerId}:paid`,
      partnerId,
      kind: 'paid',
      amount: fmt(payable, opts.scale),
      currency,
      explanation: `Payable for ${period.id}.`,
      details: {},
    });
    const statement = statementBy.get(partnerId) ?? null;
    statementsOut.push(
      buildPeriodStatement({
        partnerId,
        period: period.id,
        runId,
        currency,
        statement,
        adjustments: adjustmentsBy.get(partnerId) ?? [],
        entries: mine(),
        prior,
        floorAtZero: opts.floorAtZero,
        scale: opts.scale,
      }),
    );
  }

  const order: Record<LedgerEntryKind, number> = {
    earned: 0, adjustment: 1, held: 2, released: 3, lapsed: 4, reserved: 5, reserve_released: 6, clawback: 7,
    carry_forward: 8, advance_paid: 9, advance_recovered: 10, advance_recovery_on_termination: 11, paid: 12,
  };
  const booked = new Set(statementsOut.map((s) => s.partnerId));
  const entries = newEntries
    .filter((e) => booked.has(e.partnerId))
    .sort((a, b) => (a.partnerId < b.partnerId ? -1 : a.partnerId > b.partnerId ? 1 : order[a.kind] - order[b.kind] || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)));
  return { entries, statements: statementsOut };
}
