/**
 * Explicit settlements, for when no statement closes the quarter or the year (a quarter without commissions still
 * owes its Enasarco minimum once the year is productive; FIRR is accrued once a year). They read and return the
 * partner's year-to-date state — the same state the statements fold into — and are idempotent: a quarter or year
 * already settled (by a statement ending on it or by an earlier call) gives no item and a warning.
 */
import { mergeTables, PlanError, ytdForPeriod, type FiscalItem, type FiscalPartner, type FiscalTables, type Issue, type YtdState } from '@provvigo/core';
import { warn, type Ctx } from './context.js';
import { IT_TAX_MONEY, ZERO } from './euro.js';
import { firr } from './items/firr.js';
import { enasarcoMinimum, enasarcoSettlement } from './items/minimum.js';
import { parseSettings } from './profile.js';
import { sortKeys } from './compute.js';
import { IT_TABLES } from './tables.js';

export interface SettleInput {
  partner: Pick<FiscalPartner, 'id' | 'fiscalProfile' | 'fiscalSettings'>;
  year: number;
  /** The partner's year-to-date state (from the store, or the ytd file of `provvigo invoices`); null = none yet. */
  ytd: YtdState | null;
  currency?: string;
}

/** What a settlement holds, whether it succeeded or not. */
export interface SettlementFields {
  pack: 'it';
  partnerId: string;
  /** "2026-Q1" or "2026". */
  settles: string;
  items: FiscalItem[];
  ytdAfter: YtdState;
  issues: Issue[];
  tables: { id: string; validFrom: string; validTo: string | null }[];
}

/**
 * The one result contract: `ok: true` when the settlement can be recorded (its `issues` are warnings at most), `ok:
 * false` when an error issue (invalid settings, a missing table row…) says why not. Both keep every field, so a
 * failed settlement still shows the state it left untouched (`items` empty or partial, `ytdAfter` not to be stored).
 */
export type SettlementResult = (SettlementFields & { ok: true }) | (SettlementFields & { ok: false });

function withOk(fields: SettlementFields): SettlementResult {
  return fields.issues.some((i) => i.severity === 'error') ? { ok: false, ...fields } : { ok: true, ...fields };
}

const QUARTER_END = ['03-31', '06-30', '09-30', '12-31'] as const;

function context(input: SettleInput, quarter: number, overrides?: FiscalTables): Ctx | { issue: Issue } {
  const parsed = parseSettings(input.partner);
  if ('issue' in parsed) return parsed;
  const end = `${input.year}-${QUARTER_END[quarter - 1]}`;
  const before = ytdForPeriod(input.ytd, input.partner.id, { id: `${input.year}-Q${quarter}`, start: `${input.year}-01-01`, end });
  return {
    partnerId: input.partner.id,
    principal: { country: 'IT', splitPayment: false, settings: {} },
    s: parsed.settings,
    tables: mergeTables(IT_TABLES, overrides),
    date: end,
    year: input.year,
    quarter,
    currency: input.currency ?? IT_TAX_MONEY.currency,
    refs: new Map(),
    issues: [],
    items: [],
    before,
    after: { ...before.values },
  };
}

function result(ctx: Ctx | { issue: Issue }, input: SettleInput, settles: string): SettlementResult {
  if ('issue' in ctx) {
    const ytdAfter = input.ytd ?? { partnerId: input.partner.id, year: input.year, values: {}, periods: [] };
    return withOk({ pack: 'it', partnerId: input.partner.id, settles, items: [], ytdAfter, issues: [ctx.issue], tables: [] });
  }
  const ytdAfter: YtdState = { partnerId: ctx.partnerId, year: ctx.year, values: sortKeys(ctx.after), periods: [...ctx.before.periods] };
  return withOk({ pack: 'it', partnerId: ctx.partnerId, settles, items: ctx.items, ytdAfter, issues: ctx.issues, tables: [...ctx.refs.values()] });
}

/** Settles Enasarco for a quarter: the minimum top-up (individuals, partnerships) and what to pay for the quarter. */
export function settleQuarter(input: SettleInput & { quarter: 1 | 2 | 3 | 4 }, overrides?: FiscalTables): SettlementResult {
  const settles = `${input.year}-Q${input.quarter}`;
  const ctx = context(input, input.quarter, overrides);
  if ('issue' in ctx || !ctx.s.enasarco) return result(ctx, input, settles);
  if (Number(ctx.before.values['enasarco.settledQuarter'] ?? '0') >= input.quarter) {
    const text = {
      en: `Enasarco ${settles} is already settled in the year-to-date state: nothing to do`,
      it: `l'Enasarco del ${settles} risulta già liquidato nello stato progressivo dell'anno: nulla da fare`,
    };
    warn(ctx, 'duplicate_record', text, ['fiscal', 'ytd', 'enasarco.settledQuarter']);
    return result(ctx, input, settles);
  }
  const company = ctx.s.legalForm === 'srl' || ctx.s.legalForm === 'spa';
  const topup = !company && ctx.s.enasarcoMinimum ? enasarcoMinimum(ctx) : ZERO;
  enasarcoSettlement(ctx, topup);
  return result(ctx, input, settles);
}

/** Settles the year: FIRR on the year's commissions (by 31 March of the next year, or to the agent if the mandate ended). */
export function settleYear(input: SettleInput, overrides?: FiscalTables): SettlementResult {
  const settles = String(input.year);
  const ctx = context(input, 4, overrides);
  if ('issue' in ctx || !ctx.s.firr) return result(ctx, input, settles);
  if (ctx.before.values['firr.settled'] === '1') {
    const text = {
      en: `FIRR ${settles} is already accrued in the year-to-date state: nothing to do`,
      it: `il FIRR del ${settles} risulta già accantonato nello stato progressivo dell'anno: nulla da fare`,
    };
    warn(ctx, 'duplicate_record', text, ['fiscal', 'ytd', 'firr.settled']);
    return result(ctx, input, settles);
  }
  firr(ctx);
  return result(ctx, input, settles);
}

/** `settleQuarter` for callers that prefer an exception: the settlement, or a `PlanError` carrying its issues. */
export function settleQuarterOrThrow(input: SettleInput & { quarter: 1 | 2 | 3 | 4 }, overrides?: FiscalTables): SettlementFields {
  const r = settleQuarter(input, overrides);
  if (!r.ok) throw new PlanError(r.issues);
  return r;
}

/** `settleYear` for callers that prefer an exception: the settlement, or a `PlanError` carrying its issues. */
export function settleYearOrThrow(input: SettleInput, overrides?: FiscalTables): SettlementFields {
  const r = settleYear(input, overrides);
  if (!r.ok) throw new PlanError(r.issues);
  return r;
}
