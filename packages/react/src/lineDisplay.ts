/**
 * How the statement's lines are displayed: the options the caller passes down (`LineDisplayProps`) and pure helpers —
 * lines grouped by payout component, zero amounts recognised, each line's record and plan labels found. Split from
 * Statement.tsx; the summary, the lines table and the line groups share them. (Not named statementLines.ts: a name
 * differing from StatementLines.tsx only in case makes esbuild resolve `./StatementLines.js` to the wrong file.)
 */
import type { ExplanationLabels, LocalizedText, StatementLine } from '@provvigo/core';
import type { SourceRef } from './Explanation.js';
import { recordKey } from './heldItems.js';
import type { RecordFacts } from './heldItems.js';
import type { Messages, UiLocale } from './i18n.js';

/** How the lines are shown: what the `<Statement>` caller passes down to its lines table and each component group. */
export interface LineDisplayProps {
  componentLabels?: Record<string, LocalizedText>;
  records?: Readonly<Record<string, RecordFacts>>;
  explanationLabels?: readonly ExplanationLabels[];
  sourceHref?: (source: SourceRef) => string | undefined;
  money: (v: string) => string;
  locale: UiLocale;
  t: Messages;
}

/** The labels of the plan version a line was calculated with, when given. */
export function labelsOf(line: StatementLine, all: readonly ExplanationLabels[] | undefined): ExplanationLabels | undefined {
  return all?.find((l) => l.plan.id === line.trace.plan.id && l.plan.version === line.trace.plan.version);
}

/** The lines by payout component, in the order each component first appears. */
export function groupByComponent(lines: StatementLine[]): [string, StatementLine[]][] {
  const groups = new Map<string, StatementLine[]>();
  for (const l of lines) groups.set(l.component, [...(groups.get(l.component) ?? []), l]);
  return [...groups.entries()];
}

/** Whether a decimal amount is zero ("0", "-0.00", ".0"): such lines are folded away. */
export const isZero = (amount: string): boolean => /^-?0*(\.0*)?$/.test(amount.trim());

/** What a line's record is, for people: customer and product from the run's facts, else the record id. */
export function recordText(line: StatementLine, records: Readonly<Record<string, RecordFacts>> | undefined, t: Messages): string {
  if (!line.source) return '—';
  const r = records?.[recordKey(line.source)];
  const parts = [r?.customer, r?.product].filter((x): x is string => Boolean(x));
  return parts.length ? parts.join(' · ') : line.source.id || t.noRecord;
}
