import type { Issue } from '../schema/issue.js';
import type { PeriodStatement } from '../schema/ledger.js';
import type { Partner } from '../schema/partner.js';
import type { Period } from '../schema/result.js';
import type { FiscalInput, FiscalResult, FiscalTables, JurisdictionPack, PrincipalFiscal, YtdState } from '../schema/fiscal.js';
import { fiscalLinesFromPeriodStatement } from './fromStatement.js';
import { emptyFiscalResult, fiscalIssue, fiscalResultOf } from './registry.js';

/**
 * What a period run needs to compute fiscal items: the jurisdiction packs, the paying company's fiscal facts and,
 * optionally, updated tables. The CLI and the studio pass the same setup to the same store function, which calls
 * `computePeriodFiscal` below, so both compute the fiscal lines and the net to pay inside the run, before validation.
 */
export interface PeriodFiscalSetup {
  packs: readonly JurisdictionPack[];
  principal?: Partial<PrincipalFiscal>;
  tables?: FiscalTables;
}

export interface PeriodFiscalInput {
  period: Period;
  /** The run's period statements (what is paid): one fiscal result each. */
  statements: readonly PeriodStatement[];
  /** The run's partners (master data as calculated). */
  partners: readonly Partner[];
  /**
   * Year-to-date state per partner before this period: the state after the partner's last approved period of the
   * year, or an imported opening balance. Missing = first statement of the year.
   */
  ytd: ReadonlyMap<string, YtdState>;
}

/**
 * The fiscal result of every period statement of a run (sorted by partner), computed with the pack named by each
 * partner's fiscal profile over the statement's taxable lines (`fiscalLinesFromPeriodStatement`, which add up to
 * `payable`). Never throws: a partner missing from the run's partners, a missing profile or a pack failure is an
 * error issue on that partner's result, which blocks its approval (`fiscalBlockers`); the other partners compute.
 */
export function computePeriodFiscal(setup: PeriodFiscalSetup, input: PeriodFiscalInput): FiscalResult[] {
  const partners = new Map(input.partners.map((p) => [p.id, p]));
  const sorted = [...input.statements].sort((a, b) => (a.partnerId < b.partnerId ? -1 : a.partnerId > b.partnerId ? 1 : 0));
  return sorted.map((ps) => {
    const lines = fiscalLinesFromPeriodStatement(ps);
    const ytd = input.ytd.get(ps.partnerId) ?? null;
    const partner = partners.get(ps.partnerId);
    if (!partner) {
      const stub = { partner: { id: ps.partnerId }, period: input.period, currency: ps.currency, lines, ytd } as unknown as FiscalInput;
      return emptyFiscalResult(stub, '', [
        fiscalIssue(
          'error',
          'unknown_reference',
          {
            en: `partner "${ps.partnerId}" has a statement but is not among the run's partners: no fiscal items`,
            it: `il partner "${ps.partnerId}" ha un rendiconto ma non è tra i partner dell'esecuzione: nessuna voce fiscale`,
          },
          ps.partnerId,
          ['partners', ps.partnerId],
        ),
      ]);
    }
    return fiscalResultOf(
      setup.packs,
      { partner, period: input.period, currency: ps.currency, lines, ytd, ...(setup.principal ? { principal: setup.principal } : {}) },
      setup.tables,
    );
  });
}

/** The error issues of a fiscal result: they block the partner's approval like an erroneous statement line. */
export function fiscalBlockers(result: FiscalResult): Issue[] {
  return result.issues.filter((i) => i.severity === 'error');
}

/**
 * The year-to-date state to carry into a period: per partner, the `ytdAfter` of its most recent approved fiscal
 * result (pass them oldest first) or, when there is none in the period's year, its opening balance for that year.
 * Results of another year are dropped here; `ytdForPeriod` inside the packs starts a fresh year anyway.
 */
export function carryYtd(period: Period, approved: ReadonlyArray<Pick<FiscalResult, 'partnerId' | 'period' | 'ytdAfter'>>, openings: readonly YtdState[]): Map<string, YtdState> {
  const year = Number(period.end.slice(0, 4));
  const out = new Map<string, YtdState>();
  for (const o of openings) if (o.year === year) out.set(o.partnerId, o);
  for (const r of approved) if (r.ytdAfter.year === year && r.period !== period.id) out.set(r.partnerId, r.ytdAfter);
  return out;
}
