import { Decimal, evaluate, formatAmount, sumAmounts } from '@provvigo/core';
import type { Issue, Plan, RunInput, Statement } from '@provvigo/core';

/** One statement line as the what-if compares it: matched by line id (plan, payout, source record), which versions share. */
export interface WhatIfLine {
  id: string;
  payout: string;
  label: string;
  source: string | null;
  before: string | null;
  after: string | null;
  delta: string;
}

export interface WhatIfPartner {
  partnerId: string;
  name: string;
  kind: string;
  /** Under the baseline (null: the baseline does not select this partner). */
  before: string | null;
  /** Under the draft (null: the draft does not select this partner). */
  after: string | null;
  delta: string;
  /** Errors of the draft's statement (a blocked partner under the draft). */
  blocked: boolean;
  lines: WhatIfLine[];
}

export interface WhatIfResult {
  planId: string;
  period: string;
  currency: string;
  scale: number;
  /** The version compared with; null when the plan has none (never saved nor shipped): every total is new. */
  baselineVersion: number | null;
  partners: WhatIfPartner[];
  /** Partners whose total changes, largest change (in absolute value) first, at most `topCount`. */
  topMovers: string[];
  totals: { before: string; after: string; delta: string };
  /** Issues of the draft's evaluation (formulas, facts), so the designer sees why a partner moved or failed. */
  issues: Issue[];
}

const amountOrZero = (a: string | null) => a ?? '0';

function difference(after: string | null, before: string | null, scale: number): string {
  return formatAmount(new Decimal(amountOrZero(after)).minus(amountOrZero(before)), scale);
}

function compareLines(before: Statement | undefined, after: Statement | undefined, scale: number): WhatIfLine[] {
  const byId = new Map<string, WhatIfLine>();
  for (const l of before?.lines ?? []) {
    byId.set(l.id, { id: l.id, payout: l.payout, label: l.label, source: l.source?.id ?? null, before: l.amount, after: null, delta: '' });
  }
  for (const l of after?.lines ?? []) {
    const seen = byId.get(l.id);
    if (seen) {
      seen.after = l.amount;
      seen.label = l.label;
    } else byId.set(l.id, { id: l.id, payout: l.payout, label: l.label, source: l.source?.id ?? null, before: null, after: l.amount, delta: '' });
  }
  const lines = [...byId.values()].map((l) => ({ ...l, delta: difference(l.after, l.before, scale) }));
  // the lines that changed first, then in line id order, so a drill-down opens on what moved
  return lines.sort((a, b) => Number(b.delta !== formatAmount(new Decimal(0), scale)) - Number(a.delta !== formatAmount(new Decimal(0), scale)) || (a.id < b.id ? -1 : 1));
}

/**
 * The draft of a plan against its baseline (the approved version), evaluated each on its own with core's engine over
 * every partner and fact of the period: per partner the totals before and after, the change, and the lines behind it.
 */
export function planWhatIf(input: Omit<RunInput, 'plans'>, baseline: Plan | undefined, draft: Plan, topCount = 5): WhatIfResult {
  if (baseline && baseline.currency !== draft.currency) {
    throw new Error(`the draft pays in ${draft.currency}, the approved version in ${baseline.currency}: the totals cannot be compared`);
  }
  const options = { keepTrace: false, hashInputs: false, hashOutputs: false } as const;
  const before = baseline ? evaluate({ ...input, plans: [baseline] }, options) : { statements: [] as Statement[] };
  const after = evaluate({ ...input, plans: [draft] }, options);
  const beforeOf = new Map(before.statements.map((s) => [s.partnerId, s]));
  const afterOf = new Map(after.statements.map((s) => [s.partnerId, s]));
  const scale = Math.max(baseline?.rounding.scale ?? 0, draft.rounding.scale);
  const zero = formatAmount(new Decimal(0), scale);
  const partners: WhatIfPartner[] = [];
  for (const p of input.partners) {
    const b = beforeOf.get(p.id);
    const a = afterOf.get(p.id);
    if (!b && !a) continue;
    const row: WhatIfPartner = {
      partnerId: p.id,
      name: p.name,
      kind: p.kind,
      before: b ? b.total : null,
      after: a ? a.total : null,
      delta: difference(a?.total ?? null, b?.total ?? null, scale),
      blocked: a?.blocked ?? false,
      lines: compareLines(b, a, scale),
    };
    partners.push(row);
  }
  const magnitude = (d: string) => new Decimal(d).abs();
  const topMovers = partners
    .filter((p) => p.delta !== zero)
    .sort((x, y) => magnitude(y.delta).comparedTo(magnitude(x.delta)) || (x.partnerId < y.partnerId ? -1 : 1))
    .slice(0, topCount)
    .map((p) => p.partnerId);
  const totalBefore = sumAmounts(partners.map((p) => amountOrZero(p.before)), scale);
  const totalAfter = sumAmounts(partners.map((p) => amountOrZero(p.after)), scale);
  return {
    planId: draft.id,
    period: input.period.id,
    currency: draft.currency,
    scale,
    baselineVersion: baseline?.version ?? null,
    partners,
    topMovers,
    totals: { before: totalBefore, after: totalAfter, delta: difference(totalAfter, totalBefore, scale) },
    issues: after.issues,
  };
}
