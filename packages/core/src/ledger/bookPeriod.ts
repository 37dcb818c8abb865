import { statementMoney } from '../money.js';
import type { BothLanguages, RoundingMode } from '../schema/common.js';
import type { AdjustmentLine, Agreement, LedgerEntry, LedgerEntryKind, LedgerOptions, LedgerOptionsInput, PeriodStatement, ServiceEvent } from '../schema/ledger.js';
import { AgreementSchema, LedgerOptionsSchema } from '../schema/ledger.js';
import type { Conditions } from '../schema/plan.js';
import type { Period, Statement } from '../schema/result.js';
import { type BookingContext, EventIndex, LedgerBook } from './booking.js';
import { LedgerError } from './ledgerError.js';
import { schemaIssuesJoined } from '../plan/schemaMessages.js';
import { clawbacks } from './rules/clawback.js';
import { earnUnits } from './rules/earnUnits.js';
import { releaseReserves, withholdReserves } from './rules/reserve.js';
import { settleHeld } from './rules/settleHeld.js';
import { settleStatement } from './rules/settleStatement.js';
import type { LineLink } from './serviceEvents.js';
import { type PayableAmount, periodUnits, priorState } from './units.js';
import { byString, partnerScales } from './util.js';

export { LedgerError } from './ledgerError.js';
export { conditionsByPlan, lineLinksFromFacts, serviceEventsFromFacts } from './serviceEvents.js';
export type { LineLink } from './serviceEvents.js';

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

/**
 * Books one period: turns the approved statements, adjustments, service events, agreements and the prior ledger into
 * the period's new ledger entries and period statements. Pure and deterministic: the order of statements, lines,
 * events or prior entries never changes the result. Each rule is a function of its own (`rules/`), applied in this
 * order; packages/core/docs/ledger.md states the rules and their conventions.
 */
export function bookPeriod(input: BookPeriodInput): BookPeriodResult {
  const given = LedgerOptionsSchema.parse(input.options ?? {});
  const rounding = resolveRounding(input, given);
  const agreements = parseAgreements(input.agreements ?? []);
  if (given.scale !== undefined) return bookAt(input, { ...given, scale: given.scale, rounding }, agreements);
  // Each partner's computed amounts are rounded at its own plan's scale: partners of a yen plan (0) and a euro plan
  // (2) booked by one run each keep theirs. Partners never interact, so booking them in groups by scale gives what
  // booking each alone would (partition independence).
  const groups = scaleGroups(input, agreements);
  if (groups.size <= 1) return bookAt(input, { ...given, scale: [...groups.keys()][0] ?? 0, rounding }, agreements);
  const only = input.partners ? new Set(input.partners) : null;
  const entries: LedgerEntry[] = [];
  const statements: PeriodStatement[] = [];
  for (const [scale, partners] of groups) {
    const r = bookAt({ ...input, partners: partners.filter((p) => only === null || only.has(p)) }, { ...given, scale, rounding }, agreements);
    entries.push(...r.entries);
    statements.push(...r.statements);
  }
  return { entries: entries.sort(entryOrder), statements: statements.sort(byString((s) => s.partnerId)) };
}

function bookAt(input: BookPeriodInput, opts: LedgerOptions, agreements: Agreement[]): BookPeriodResult {
  const { period, runId } = input;
  const ledger = input.ledger ?? [];
  const units = periodUnits({ period, runId, statements: input.statements, adjustments: input.adjustments ?? [], links: input.links ?? {}, ledger });
  const currencyOf = partnerCurrencies(input, ledger, units, agreements);
  const inScope = scopeOf(input, ledger);
  const ctx: BookingContext = {
    period,
    runId,
    opts,
    conditions: input.conditions ?? {},
    events: new EventIndex(input.events ?? [], period.end),
    book: new LedgerBook(period, runId),
    inScope,
  };

  const prior = priorState(ledger);
  const payable: PayableAmount[] = [];
  earnUnits(ctx, units, prior.heldOpen, prior.paidUnits, payable);
  settleHeld(ctx, prior.heldOpen, prior.paidUnits, payable);
  withholdReserves(ctx, payable);
  releaseReserves(ctx, ledger, prior.settled);
  clawbacks(ctx, prior.paidUnits);

  const statements = settleStatements(ctx, input, ledger, agreements, currencyOf);
  const booked = new Set(statements.map((s) => s.partnerId));
  const entries = ctx.book.entries.filter((e) => booked.has(e.partnerId)).sort(entryOrder);
  return { entries, statements };
}

const entryOrder = (a: LedgerEntry, b: LedgerEntry): number =>
  a.partnerId < b.partnerId ? -1 : a.partnerId > b.partnerId ? 1 : KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

const KIND_ORDER: Record<LedgerEntryKind, number> = {
  earned: 0, adjustment: 1, held: 2, released: 3, lapsed: 4, reserved: 5, reserve_released: 6, clawback: 7,
  carry_forward: 8, advance_paid: 9, advance_recovered: 10, advance_recovery_on_termination: 11, paid: 12,
};

/**
 * The rounding mode: the given one wins; otherwise the plan's, as the period's statements carry it. Statements of
 * plans with different rounding modes need the mode stated, since one ledger cannot guess which plan's to use.
 */
function resolveRounding(input: BookPeriodInput, given: LedgerOptionsInput): RoundingMode {
  const modes = [...new Set(input.statements.map((s) => statementMoney(s).rounding))];
  if (given.rounding === undefined && modes.length > 1) {
    throw new LedgerError('invalid_input', {
      en: `the period's statements round in different modes (${modes.join(', ')}): set options.rounding`,
      it: `i rendiconti del periodo usano modalità di arrotondamento diverse (${modes.join(', ')}): imposta options.rounding`,
    });
  }
  return given.rounding ?? modes[0] ?? 'halfUp';
}

/** Partners by the scale their amounts are booked at (`partnerScales`), scales in ascending order. */
function scaleGroups(input: BookPeriodInput, agreements: readonly Agreement[]): Map<number, string[]> {
  const scaleOf = partnerScales({ ...input, agreements });
  const groups = new Map<number, string[]>();
  for (const [partnerId, scale] of [...scaleOf.entries()].sort((x, y) => x[1] - y[1] || (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0))) {
    const list = groups.get(scale);
    if (list) list.push(partnerId);
    else groups.set(scale, [partnerId]);
  }
  return groups;
}

/**
 * Agreements are hand-written configuration: validate them here, naming the agreement. An id listed twice is
 * refused: each copy would pay the advance again (the ledger knows an agreement by its id).
 */
function parseAgreements(raw: readonly Agreement[]): Agreement[] {
  const seen = new Set<string>();
  return raw.map((a, i) => {
    const parsed = AgreementSchema.safeParse(a);
    if (!parsed.success) {
      const where = schemaIssuesJoined(parsed.error.issues);
      const id = (a as { id?: string })?.id ?? `#${i + 1}`;
      throw new LedgerError('invalid_input', { en: `agreement ${id}: ${where.en}`, it: `accordo di anticipo ${id}: ${where.it}` });
    }
    const { id, partnerId } = parsed.data;
    if (seen.has(id)) {
      throw new LedgerError('invalid_input', {
        en: `agreement ${id} of partner ${partnerId}: id: listed twice; an agreement pays its advance once`,
        it: `accordo di anticipo ${id} del partner ${partnerId}: id: indicato due volte; un accordo paga l'anticipo una sola volta`,
      });
    }
    seen.add(id);
    return parsed.data;
  });
}

/** Each partner's ledger currency; a partner's entries, lines and agreements must all share it. */
function partnerCurrencies(input: BookPeriodInput, ledger: readonly LedgerEntry[], units: ReturnType<typeof periodUnits>, agreements: readonly Agreement[]): Map<string, string> {
  const currencyOf = new Map<string, string>();
  const set = (partnerId: string, currency: string, what: BothLanguages): void => {
    const known = currencyOf.get(partnerId);
    if (known !== undefined && known !== currency) {
      throw new LedgerError('currency_mismatch', {
        en: `partner ${partnerId}: ${what.en} is in ${currency}, the partner's ledger is in ${known}`,
        it: `partner ${partnerId}: ${what.it} è in ${currency}, il registro del partner è in ${known}`,
      });
    }
    currencyOf.set(partnerId, currency);
  };
  for (const e of ledger) set(e.partnerId, e.currency, { en: `entry ${e.id}`, it: `il movimento ${e.id}` });
  for (const u of units) {
    const line = u.lineId ?? u.unitId;
    set(u.partnerId, u.currency, { en: `line ${line}`, it: `la riga ${line}` });
  }
  for (const s of input.statements) {
    if (s.lines.length > 0 || !currencyOf.has(s.partnerId)) set(s.partnerId, s.currency, { en: `statement ${s.period}`, it: `il rendiconto ${s.period}` });
  }
  for (const a of agreements) set(a.partnerId, a.currency, { en: `agreement ${a.id}`, it: `l'accordo di anticipo ${a.id}` });
  return currencyOf;
}

/**
 * A period is booked once per partner: partners blocked at approval may be booked by a later run of the same
 * period; partners already booked are left alone, and giving one of them a statement again is an error.
 */
function scopeOf(input: BookPeriodInput, ledger: readonly LedgerEntry[]): (partnerId: string) => boolean {
  const { period } = input;
  for (const s of input.statements) {
    if (s.period !== period.id) {
      throw new LedgerError('invalid_input', {
        en: `statement of ${s.partnerId} is for period ${s.period}, booking ${period.id}`,
        it: `il rendiconto di ${s.partnerId} è del periodo ${s.period}, si registra il periodo ${period.id}`,
      });
    }
  }
  const only = input.partners ? new Set(input.partners) : null;
  const alreadyBooked = new Set<string>();
  for (const e of ledger) if (e.period === period.id) alreadyBooked.add(e.partnerId);
  for (const s of input.statements) {
    if (alreadyBooked.has(s.partnerId) && (only === null || only.has(s.partnerId))) {
      throw new LedgerError('period_order', {
        en: `partner ${s.partnerId} is already booked for ${period.id}: an approved period never changes; book corrections as adjustments in the next open period`,
        it: `il partner ${s.partnerId} è già registrato per il periodo ${period.id}: un periodo approvato non cambia più; registra le correzioni come rettifiche nel prossimo periodo aperto`,
      });
    }
  }
  return (partnerId) => !alreadyBooked.has(partnerId) && (only === null || only.has(partnerId));
}

/** Rules 5–7 for every partner with a statement, a new entry or a signed agreement, in partner order. */
function settleStatements(ctx: BookingContext, input: BookPeriodInput, ledger: readonly LedgerEntry[], agreements: readonly Agreement[], currencyOf: Map<string, string>): PeriodStatement[] {
  const { period } = ctx;
  const partners = new Set<string>();
  for (const s of input.statements) partners.add(s.partnerId);
  for (const e of ctx.book.entries) partners.add(e.partnerId);
  for (const a of agreements) if (a.signedOn <= period.end) partners.add(a.partnerId);
  const agreementsBy = groupBy([...agreements].sort(byString((x) => x.id)), (a) => a.partnerId);
  const priorBy = groupBy(ledger, (e) => e.partnerId);
  const statementBy = new Map(input.statements.map((s) => [s.partnerId, s]));
  const adjustmentsBy = groupBy(input.adjustments ?? [], (a) => a.partnerId);
  const out: PeriodStatement[] = [];
  for (const partnerId of [...partners].filter(ctx.inScope).sort()) {
    const s = settleStatement(ctx, {
      partnerId,
      // a partner with no currency anywhere has nothing to book; settleStatement returns null for it
      currency: currencyOf.get(partnerId) ?? statementBy.get(partnerId)?.currency ?? '',
      statement: statementBy.get(partnerId) ?? null,
      adjustments: adjustmentsBy.get(partnerId) ?? [],
      agreements: agreementsBy.get(partnerId) ?? [],
      prior: priorBy.get(partnerId) ?? [],
    });
    if (s) out.push(s);
  }
  return out;
}

function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}
