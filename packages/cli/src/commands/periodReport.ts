import {
  conditionsByPlan,
  Decimal,
  MOVEMENT_COLUMNS,
  reconciliationFailures,
  statementScale,
  serviceEventCounts,
  serviceEventTables,
  statementMovements,
  ownValue,
  type Locale,
  type PeriodStatement,
  type TableCounts,
} from '@provvigo/core';
import type { PeriodInputs } from '@provvigo/core';
import { table } from '../io/textTable.js';

/** A table's record counts, as the run or the ledger counts them. */
type Counted = Pick<TableCounts, 'in' | 'used' | 'excluded' | 'rejected'>;

/**
 * The words of the summary in each language. Only words: the amounts stay raw exact decimals (the table is there to
 * check sums by hand or in a spreadsheet), and the Italian headers keep single spaces, so the columns still split at
 * two or more. The movement columns' headers are core's (`MOVEMENT_COLUMNS[].headers`), and so are the words of a
 * reconciliation problem (`reconciliationFailures`).
 */
const REPORT_WORDS = {
  en: {
    counts: (t: string, c: Counted) => `  ${t}: ${c.in} in = ${c.used} used + ${c.excluded} excluded + ${c.rejected} rejected\n`,
    events: (t: string, c: Counted) =>
      `  ${t} (service events): ${c.in} in = ${c.used} used by the ledger + ${c.excluded} excluded (dated after the period) + ${c.rejected} rejected\n`,
    more: (n: number) => `… ${n} more (--all)`,
    total: 'total',
    legend: 'payable = earned + adjust − held + released − reserve + res.rel − clawback − b/fwd − adv.rec + carried; memo: held b/f + held − released − lapsed = held c/f\n',
    partner: 'partner',
    currency: 'cur',
    reconcile: (problem: string) => `does not reconcile: ${problem}\n`,
  },
  it: {
    counts: (t: string, c: Counted) => `  ${t}: letti ${c.in} = usati ${c.used} + esclusi ${c.excluded} + scartati ${c.rejected}\n`,
    events: (t: string, c: Counted) =>
      `  ${t} (eventi di servizio): letti ${c.in} = usati dal registro contabile ${c.used} + esclusi (con data successiva al periodo) ${c.excluded} + scartati ${c.rejected}\n`,
    more: (n: number) => `… altri ${n} (--all)`,
    total: 'totale',
    legend:
      'da pagare = maturato + rettifiche − in attesa + sbloccato − riserva + ris.sv. − storno − riportato − rec.ant. + rinviato; ' +
      'promemoria (in attesa a inizio e a fine periodo): att.iniz. + in attesa − sbloccato − decaduto = att.fin.\n',
    partner: 'partner',
    currency: 'valuta',
    reconcile: (problem: string) => `non quadra: ${problem}\n`,
  },
} as const;

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
  /** The language of the words (default English); the numbers are the same in both. */
  locale?: Locale;
}): string {
  const locale = args.locale ?? 'en';
  return countLines(args.counts, args.inputs, args.periodEnd, locale) + movementTable(args.statements, args.limit, locale);
}

function countLines(counts: Record<string, TableCounts>, inputs: PeriodInputs, periodEnd: string, locale: Locale): string {
  const w = REPORT_WORDS[locale];
  const eventTables = new Set(serviceEventTables(conditionsByPlan(inputs.plans)));
  return Object.entries(counts)
    .map(([t, c]) => {
      if (!eventTables.has(t)) return w.counts(t, c);
      // the lines of the table no reader made a record of are in and rejected, as the run counts them
      return w.events(t, serviceEventCounts(t, inputs.factSchema, ownValue(inputs.facts, t) ?? [], periodEnd, inputs.rejected));
    })
    .join('');
}

const BRIDGE = MOVEMENT_COLUMNS.filter((c) => c.sign !== 0 || c.key === 'payable');
const MEMO = MOVEMENT_COLUMNS.filter((c) => ['heldBefore', 'lapsed', 'heldAfter'].includes(c.key));

/** The partner rows and the totals per currency (exact, at the statements' own scale), with words in `locale`. */
export function movementTable(statements: readonly PeriodStatement[], limit?: number, locale: Locale = 'en'): string {
  const w = REPORT_WORDS[locale];
  const cols = [...BRIDGE, ...MEMO];
  // each statement's movements once: the shown rows and the totals read the same values
  const movements = statements.map((s) => ({ s, mv: statementMovements(s) }));
  const shown = movements.slice(0, limit);
  const rows = shown.map(({ s, mv }) => [s.partnerId, s.currency, ...cols.map((c) => mv[c.key])]);
  if (shown.length < statements.length) rows.push([w.more(statements.length - shown.length), '', ...cols.map(() => '')]);
  const byCurrency = new Map<string, { sums: Decimal[]; scale: number }>();
  const problems: string[] = [];
  for (const { s, mv } of movements) {
    problems.push(...reconciliationFailures(mv).map((p) => p.messages[locale]));
    const acc = byCurrency.get(s.currency) ?? { sums: cols.map(() => new Decimal(0)), scale: 0 };
    cols.forEach((c, i) => (acc.sums[i] = acc.sums[i]!.plus(mv[c.key])));
    acc.scale = Math.max(acc.scale, statementScale(s));
    byCurrency.set(s.currency, acc);
  }
  for (const [cur, acc] of byCurrency) rows.push([w.total, cur, ...acc.sums.map((d) => d.toFixed(acc.scale))]);
  const head = [w.partner, w.currency, ...cols.map((c) => c.headers[locale])];
  return w.legend + table(head, rows, head.map((_, i) => i > 1)) + problems.map((p) => w.reconcile(p)).join('');
}
