import {
  bookPeriod,
  computeFiscal,
  conditionsByPlan,
  evaluate,
  fiscalLinesFromPeriodStatement,
  lineLinksFromFacts,
  serviceEventsFromFacts,
} from '@provvigo/core';
import type { FiscalResult, LedgerEntry, Partner, PartnerInput, PeriodStatement, Plan, Statement } from '@provvigo/core';
import type { RecordFacts } from '../src/index.js';
import { itPack } from '@provvigo/fiscal-it';
import { facts, factSchema, sampleInput } from './sampleData.js';

/**
 * A partner's whole portal view on the sample, computed in the browser with the real engine: the evaluated statement,
 * the period statement from the ledger rules (release on activation, reserve, clawbacks) and the Italian pack's fiscal
 * items and net to pay.
 */
export interface PortalView {
  statement: Statement;
  periodStatement?: PeriodStatement;
  fiscal?: FiscalResult;
  /** The partner's ledger entries of the period (held amounts, reserve, clawbacks are itemised from them). */
  ledgerEntries: LedgerEntry[];
  /** Product of each contract the lines and entries point at, keyed `table/id` (as the studio sends it). */
  records: Record<string, RecordFacts>;
}

/** Product of each contract record, from the sample's facts (the studio reads the same from the run's snapshot). */
function recordsOf(sources: readonly ({ table: string; id: string } | null)[]): Record<string, RecordFacts> {
  const out: Record<string, RecordFacts> = {};
  const contracts = new Map((facts['contracts'] ?? []).map((r) => [String(r['id']), r]));
  for (const s of sources) {
    const product = s?.table === 'contracts' ? contracts.get(s.id)?.['product'] : undefined;
    if (s && typeof product === 'string') out[`${s.table}/${s.id}`] = { product };
  }
  return out;
}

export function portalView(plan: Plan, partner: PartnerInput | Partner): PortalView {
  const result = evaluate({ ...sampleInput, plans: [plan], partners: [partner] });
  const statement = result.statements.find((s) => s.partnerId === partner.id)!;
  const conditions = conditionsByPlan([plan]);
  const events = serviceEventsFromFacts('serviceEvents', factSchema, facts['serviceEvents'] ?? [], { skipUnusable: true });
  const links = lineLinksFromFacts(result.statements, conditions, factSchema, facts);
  const booked = bookPeriod({ runId: 'story-r1', period: sampleInput.period, statements: result.statements, conditions, events, links, ledger: [] });
  const periodStatement = booked.statements.find((s) => s.partnerId === partner.id);
  const outcome = periodStatement
    ? computeFiscal([itPack], { partner, period: sampleInput.period, currency: periodStatement.currency, lines: fiscalLinesFromPeriodStatement(periodStatement) })
    : undefined;
  // a partner whose fiscal items fail shows its statement without them (the portal's own fallback)
  const fiscal = outcome?.ok ? outcome.fiscal : undefined;
  const ledgerEntries = booked.entries.filter((e) => e.partnerId === partner.id);
  const records = recordsOf([...statement.lines.map((l) => l.source), ...ledgerEntries.map((e) => e.source)]);
  return { statement, ...(periodStatement ? { periodStatement } : {}), ...(fiscal ? { fiscal } : {}), ledgerEntries, records };
}
