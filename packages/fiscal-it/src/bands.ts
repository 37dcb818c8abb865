import type { ItSettings } from './settings.js';
import { fail, type Ctx, type TableRow } from './context.js';
import { FiscalTableError } from '@provvigo/core';
import { dec, D, ZERO } from './euro.js';

export interface Band {
  upTo: D | null;
  percent: string;
}

/** Portions of `amount` (≥ 0) falling into each marginal band. */
export function bandPortions(amount: D, bands: readonly Band[]): { from: D; to: D | null; percent: string; portion: D }[] {
  const out: { from: D; to: D | null; percent: string; portion: D }[] = [];
  let from = ZERO;
  for (const b of bands) {
    if (amount.lte(from)) break;
    const top = b.upTo === null ? amount : D.min(amount, b.upTo);
    out.push({ from, to: b.upTo, percent: b.percent, portion: top.minus(from) });
    if (b.upTo === null) break;
    from = b.upTo;
  }
  return out;
}

/** The bands of a table value `key` (array of { upTo, <percentKey> }); an error issue when malformed. */
export function parseBands(ctx: Ctx, t: TableRow, key: string, percentKey: string): Band[] | undefined {
  const raw = t.values[key];
  const id = t.ref.id;
  if (!Array.isArray(raw) || raw.length === 0) {
    const error = new FiscalTableError(
      { en: `fiscal table "${id}": "${key}" must be a non-empty array of bands`, it: `tabella fiscale "${id}": "${key}" deve essere un array non vuoto di scaglioni` },
      id,
      ctx.date,
    );
    return fail(ctx, error);
  }
  const bands: Band[] = [];
  for (const b of raw as Record<string, unknown>[]) {
    const upTo = b['upTo'];
    const p = b[percentKey];
    if ((upTo !== null && typeof upTo !== 'string') || typeof p !== 'string') {
      const error = new FiscalTableError(
        {
          en: `fiscal table "${id}": band of "${key}" needs upTo (string|null) and ${percentKey}`,
          it: `tabella fiscale "${id}": uno scaglione di "${key}" richiede upTo (string|null) e ${percentKey}`,
        },
        id,
        ctx.date,
      );
      return fail(ctx, error);
    }
    bands.push({ upTo: upTo === null ? null : dec(upTo), percent: p });
  }
  return bands;
}

/**
 * [first, last] month (1..12) of `year` covered by the mandate; null when the mandate does not touch the year.
 * One day in a month counts as the whole month (Enasarco FIRR rule).
 */
export function mandateMonths(s: ItSettings, year: number): [number, number] | null {
  const start = s.mandateStart && s.mandateStart > `${year}-01-01` ? s.mandateStart : `${year}-01-01`;
  const end = s.mandateEnd && s.mandateEnd < `${year}-12-31` ? s.mandateEnd : `${year}-12-31`;
  if (start > end) return null;
  return [Number(start.slice(5, 7)), Number(end.slice(5, 7))];
}
