// The live preview's input, shared by the bench (its "P" line, main.ts) and previewLoop.ts: the partner nearest 500
// lines of a workload, and the plan with its Commission formula edited `k` times, as a designer typing would.
import type { Plan } from '@provvigo/core';
import type { Workload } from './data.js';

export interface PreviewInput {
  partnerId: string;
  /** The partner's own lines. */
  lines: number;
  /** The run input for one partner after the k-th edit of the Commission formula. */
  inputOf(k: number): { period: Workload['period']; plans: Plan[]; partners: never; factSchema: Workload['factSchema']; facts: { contracts: Workload['contracts'] } };
}

export function previewInput(w: Workload): PreviewInput {
  const counts = new Map<string, number>();
  for (const c of w.contracts) counts.set(String(c.partnerId), (counts.get(String(c.partnerId)) ?? 0) + 1);
  const [partnerId, lines] = [...counts].sort((a, b) => Math.abs(a[1] - 500) - Math.abs(b[1] - 500))[0]!;
  const partner = w.partners.find((p) => p.id === partnerId)!;
  const own = w.contracts.filter((c) => c.partnerId === partnerId);
  const edited = (k: number): Plan => {
    const plan = structuredClone(w.plan);
    const sheet = plan.sheets.Lines!;
    if (sheet.kind === 'lines') sheet.columns.Commission!.formula = `=[@Units] * [@Rate] + [@Fixed] + ${k / 100}`;
    return plan;
  };
  return {
    partnerId,
    lines,
    inputOf: (k) => ({ period: w.period, plans: [edited(k)], partners: [partner] as never, factSchema: w.factSchema, facts: { contracts: own } }),
  };
}
