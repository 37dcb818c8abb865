/**
 * The computation context shared by the item functions of one statement (or one settlement): the partner's
 * settings, the tables, the year-to-date state before and after, and the items and issues collected so far.
 */
import {
  FiscalTableError,
  errorTexts,
  fiscalIssue,
  resolveRow,
  type BilingualText,
  type BothLanguages,
  type FiscalInput,
  type FiscalItem,
  type FiscalItemTrace,
  type FiscalTables,
  type FiscalTraceInput,
  type Issue,
  type YtdState,
} from '@provvigo/core';
import type { ItSettings } from './settings.js';
import { cents, dec, type D } from './euro.js';

export type TableRef = { id: string; validFrom: string; validTo: string | null };
export type TableRow = { values: Record<string, unknown>; ref: TableRef };

export interface Ctx {
  partnerId: string;
  principal: FiscalInput['principal'];
  s: ItSettings;
  tables: FiscalTables;
  /** The date table rows are resolved on: the period's end (or the settled quarter's / year's last day). */
  date: string;
  year: number;
  quarter: number;
  currency: string;
  refs: Map<string, TableRef>;
  issues: Issue[];
  items: FiscalItem[];
  before: YtdState;
  after: Record<string, string>;
}

export function fail(ctx: Ctx, err: unknown, field?: string): undefined {
  // errorTexts reads the error's Italian by shape (a FiscalTableError has it; `instanceof` fails with a second copy of
  // core in a bundle), else its one text serves both
  const why: BothLanguages = errorTexts(err);
  report(ctx, 'error', err instanceof FiscalTableError ? 'missing_input' : 'invalid_input', why, ['fiscal', 'tables'], field);
  return undefined;
}

/** An issue the user reads, so in both languages; the partner is named in front of each. */
export function report(ctx: Ctx, severity: Issue['severity'], code: Issue['code'], message: BothLanguages, path: string[], field?: string): void {
  const p = ctx.partnerId;
  ctx.issues.push(fiscalIssue(severity, code, { en: `partner "${p}": ${message.en}`, it: `partner "${p}": ${message.it}` }, p, path, field));
}

/** A warning the user reads (`report`'s). */
export function warn(ctx: Ctx, code: Issue['code'], message: BothLanguages, path: string[]): void {
  report(ctx, 'warning', code, message, path);
}

/** The values of a table row in force on the context date; records the row in the trace. */
export function table(ctx: Ctx, id: string): TableRow | undefined {
  try {
    const r = resolveRow(ctx.tables, id, ctx.date);
    ctx.refs.set(id, r.ref);
    return { values: r.row.values, ref: r.ref };
  } catch (err) {
    return fail(ctx, err, id);
  }
}

/** A decimal-string value of a table row; an error issue naming the table, row and key when it is not one. */
export function str(ctx: Ctx, t: TableRow, key: string): string | undefined {
  const v = t.values[key];
  if (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v)) return v;
  const { id, validFrom } = t.ref;
  const error = new FiscalTableError(
    {
      en: `fiscal table "${id}" row ${validFrom}: "${key}" must be a decimal string`,
      it: `tabella fiscale "${id}" riga ${validFrom}: "${key}" deve essere un numero decimale scritto come stringa`,
    },
    id,
    ctx.date,
  );
  return fail(ctx, error);
}

export function tin(name: string, t: { ref: TableRef }, value: string): FiscalTraceInput {
  return { name, kind: 'table', value, table: t.ref };
}

export function ytd(ctx: Ctx, key: string): D {
  return dec(ctx.before.values[key] ?? '0');
}

export interface ItemSpec {
  id: string;
  code: string;
  label: BilingualText;
  base: D;
  baseSharePercent?: string;
  ratePercent: string;
  fixedAmount?: boolean;
  baseLabel?: BilingualText;
  amount: D;
  payer: FiscalItem['payer'];
  effect: FiscalItem['effect'];
  rule: string;
  citation: string;
  codes?: Record<string, string>;
  dueDate?: string;
  bands?: FiscalItem['bands'];
  trace: FiscalItemTrace;
}

export function push(ctx: Ctx, spec: ItemSpec): FiscalItem {
  const item: FiscalItem = {
    id: spec.id,
    code: spec.code,
    label: spec.label,
    base: cents(spec.base),
    ratePercent: spec.ratePercent,
    amount: cents(spec.amount),
    currency: ctx.currency,
    payer: spec.payer,
    effect: spec.effect,
    rule: spec.rule,
    citation: spec.citation,
    codes: spec.codes ?? {},
    trace: spec.trace,
  };
  if (spec.baseSharePercent !== undefined) item.baseSharePercent = spec.baseSharePercent;
  if (spec.fixedAmount) item.fixedAmount = true;
  if (spec.baseLabel) item.baseLabel = spec.baseLabel;
  if (spec.dueDate) item.dueDate = spec.dueDate;
  if (spec.bands) item.bands = spec.bands;
  ctx.items.push(item);
  return item;
}

export const pct2 = (p: string): string => dec(p).toFixed(2);

/** Enasarco's payment deadline of a quarter (informative: a missing year leaves it unset, never blocks). */
export function dueDateOf(ctx: Ctx, quarter: number): string | undefined {
  try {
    const r = resolveRow(ctx.tables, 'it.enasarco.dueDates', ctx.date);
    const v = r.row.values[`q${quarter}`];
    if (typeof v === 'string') {
      ctx.refs.set('it.enasarco.dueDates', r.ref);
      return v;
    }
  } catch {
    // Due dates are informative: a missing year leaves dueDate unset rather than blocking the statement.
  }
  return undefined;
}
