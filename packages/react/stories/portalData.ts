import {
  bookPeriod,
  computeFiscal,
  conditionsByPlan,
  evaluate,
  fiscalLinesFromPeriodStatement,
  lineLinksFromFacts,
  serviceEventsFromFacts,
} from '@provvigo/core';
import type { FiscalResult, PartnerInput, PeriodStatement, Plan, Statement } from '@provvigo/core';
import { itPack } from '@provvigo/fiscal-it';
import { facts, factSchema, sampleInput } from './sampleData.js';

/**
 * A partner's whole portal view on the sample, computed in the browser with the real engine: the evaluated statement,
 * the period statement from the ledger rules (release on activation, reserve, clawbacks) and the Italian pack's fiscal
 * items and net to pay.
 */
export function portalView(plan: Plan, partner: PartnerInput): { statement: Statement; periodStatement?: PeriodStatement; fiscal?: FiscalResult } {
  const result = evaluate({ ...sampleInput, plans: [plan], partners: [partner] });
  const statement = result.statements.find((s) => s.partnerId === partner.id)!;
  const conditions = conditionsByPlan([plan]);
  const events = serviceEventsFromFacts('serviceEvents', factSchema, facts['serviceEvents'] ?? [], { skipUnusable: true });
  const links = lineLinksFromFacts(result.statements, conditions, factSchema, facts);
  const booked = bookPeriod({ runId: 'story-r1', period: sampleInput.period, statements: result.statements, conditions, events, links, ledger: [] });
  const periodStatement = booked.statements.find((s) => s.partnerId === partner.id);
  const fiscal = periodStatement
    ? computeFiscal([itPack], { partner, period: sampleInput.period, currency: periodStatement.currency, lines: fiscalLinesFromPeriodStatement(periodStatement) })
    : undefined;
  return { statement, ...(periodStatement ? { periodStatement } : {}), ...(fiscal ? { fiscal } : {}) };
}
