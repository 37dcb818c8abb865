/**
 * The statements of partners that failed validation: one each, blocked, with their issues and the records rejected
 * for them (issue 12 §3: a partner without any valid record gets a statement that says why), emitted in partner-id
 * order among the valid partners' statements.
 */
import type { Issue } from '../schema/issue.js';
import type { Partner } from '../schema/partner.js';
import { buildStatement } from './finalise.js';
import type { RunPartners } from './runPartners.js';
import type { StatementEmitter } from './statementEmitter.js';
import { statementRejections } from './statementRejections.js';
import { selects, type PreparedPlan } from './units.js';

interface InvalidHere {
  partner: Partner;
  issues: Issue[];
  /** The plans that would select it (all plans when none does, e.g. an unknown kind): the currency to show. */
  plans: PreparedPlan[];
}

export class InvalidStatements {
  /** This partition's invalid partners, in id order. */
  private readonly here: InvalidHere[];
  private next = 0;

  constructor(
    partners: RunPartners,
    plans: PreparedPlan[],
    private readonly periodId: string,
    private readonly rejectedByPartner: ReadonlyMap<string, Issue[]>,
  ) {
    this.here = [...partners.invalidById]
      .filter(([id]) => partners.ownsHere(id))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([id, bad]) => {
        const raw = (typeof bad.raw === 'object' && bad.raw !== null ? bad.raw : {}) as Record<string, unknown>;
        const stub = { id, name: typeof raw['name'] === 'string' ? raw['name'] : id, kind: raw['kind'], territory: raw['territory'] } as Partner;
        const selected = plans.filter((p) => selects(p.analyzed.plan, stub));
        return { partner: stub, issues: bad.issues, plans: selected.length > 0 ? selected : plans };
      });
  }

  /** Emits the invalid partners' statements that come before `id` in partner order (all the rest without one). */
  emitBefore(out: StatementEmitter, id?: string): void {
    while (this.next < this.here.length && (id === undefined || this.here[this.next]!.partner.id < id)) {
      const bad = this.here[this.next++]!;
      if (bad.plans.length === 0) continue; // no plan at all: nothing can be shown, the run's issues say why
      const rejected = { issues: statementRejections(this.rejectedByPartner.get(bad.partner.id)), block: true };
      out.emit({ ...buildStatement(bad.partner, [], this.periodId, bad.plans, [], rejected), blocked: true, issues: bad.issues });
    }
  }
}
