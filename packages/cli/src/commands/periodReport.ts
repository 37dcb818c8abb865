import {
  conditionsByPlan,
  Decimal,
  MOVEMENT_COLUMNS,
  reconciliationProblems,
  statementScale,
  serviceEventCounts,
  serviceEventTables,
  statementMovements,
  ownValue,
  type PeriodStatement,
  type TableCounts,
} from '@provvigo/core';
import type { PeriodInputs } from '@provvigo/core';
import { table } from '../io/textTable.js';

/**
 * What `period calculate` prints: record counts per table (service-event tables as the ledger reads them), then one
 * row per partner whose columns add up — payable = earned + adjust − held + released − reserve + res.rel − clawback
 * − b/fwd − adv.rec + carried — followed by the memo roll-forwards (held b/f + held − released − lapsed = held c/f).
 */
export function calculateSummary(args: {
  statements: readonly PeriodStatement[];
  counts: Record<string, TableCounts>;
  inputs: PeriodInputs;
  periodEnd: string;
  limit?: number;
}): string {
  return countLines(args.counts, args.inputs, args.periodEnd) + movementTable(args.statements, args.limit);
}

function countLines(counts: Record<string, TableCounts>, inputs: PeriodInputs, periodEnd: string): string {
  const eventTables = new Set(serviceEventTables(conditionsByPlan(inputs.plans)));
  return Object.entries(counts)
    .map(([t, c]) => {
      if (!eventTables.has(t)) return `  ${t}: ${c.in} in = ${c.used} used + ${c.excluded} excluded + ${c.rejected} rejected\n`;
      // the lines of the table no reader made a record of are in and rejected, as the run counts them
      const e = serviceEventCounts(t, inputs.factSchema, ownValue(inputs.facts, t) ?? [], periodEnd, inputs.rejected);
      return `  ${t} (service events): ${e.in} in = ${e.used} used by the ledger + ${e.excluded} excluded (dated after the period) + ${e.rejected} rejected\n`;
    })
    .join('');
}

const BRIDGE = MOVEMENT_COLUMNS.filter((c) => c.sign !== 0 || c.key === 'payable');
const MEMO = MOVEMENT_COLUMNS.filter((c) => ['heldBefore', 'lapsed', 'heldAfter'].includes(c.key));

/** The partner rows and the totals per currency (exact, at the statements' own scale). */
export function movementTable(statements: readonly PeriodStatement[], limit?: number): string {
  const cols = [...BRIDGE, ...MEMO];
  // each statement's movements once: the shown rows and the totals read the same values
  const movements = statements.map((s) => ({ s, mv: statementMovements(s) }));
  const shown = movements.slice(0, limit);
  const rows = shown.map(({ s, mv }) => [s.partnerId, s.currency, ...cols.map((c) => mv[c.key])]);
  if (shown.length < statements.length) rows.push([`… ${statements.length - shown.length} more (--all)`, '', ...cols.map(() => '')]);
  const byCurrency = new Map<string, { sums: Decimal[]; scale: number }>();
  const problems: string[] = [];
  for (const { s, mv } of movements) {
    problems.push(...reconciliationProblems(mv));
    const acc = byCurrency.get(s.currency) ?? { sums: cols.map(() => new Decimal(0)), scale: 0 };
    cols.forEach((c, i) => (acc.sums[i] = acc.sums[i]!.plus(mv[c.key])));
    acc.scale = Math.max(acc.scale, statementScale(s));
    byCurrency.set(s.currency, acc);
  }
  for (const [cur, acc] of byCurrency) rows.push(['total', cur, ...acc.sums.map((d) => d.toFixed(acc.scale))]);
  const legend =
    'payable = earned + adjust − held + released − reserve + res.rel − clawback − b/fwd − adv.rec + carried; ' +
    'memo: held b/f + held − released − lapsed = held c/f\n';
  const head = ['partner', 'cur', ...cols.map((c) => c.header)];
  return legend + table(head, rows, head.map((_, i) => i > 1)) + problems.map((p) => `does not reconcile: ${p}\n`).join('');
}
