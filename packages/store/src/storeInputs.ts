import type { AuditInput, LedgerEntry, PeriodStatement, Plan, PlanVersionRef, RunRecord, Statement } from '@provvigo/core';
import type { RunSummaryData } from './runs.js';
import type { StoredSnapshot } from './snapshots.js';

/** What the `Store`'s methods take: who runs the process, a transition's outcome, a calculation to save. */

/** Who runs the process, recorded next to the declared actor in every audit entry. */
export interface StoreSession {
  osUser?: string;
}

/** The result a transition callback returns: the new record, the ledger entries to append, the audit entry. */
export interface TransitionOutcome<T = void> {
  record: RunRecord;
  ledger?: readonly LedgerEntry[];
  audit: AuditInput;
  value?: T;
}

/** A plan version to store with a calculation: the plan numbered as the version, and its reference. */
export interface NewPlanVersion {
  plan: Plan;
  ref: PlanVersionRef;
}

export interface SaveCalculationInput {
  record: RunRecord;
  summary: RunSummaryData;
  /** The statements `evaluate` returned (with traces). */
  evaluated: readonly Statement[];
  /** The period statements built by core's ledger rules; their `lines` must be the evaluated lines. */
  statements: readonly PeriodStatement[];
  /** Ledger entries that approval will book (computed against `ledgerSeq`). */
  proposed: readonly LedgerEntry[];
  ledgerSeq: number;
  audit: AuditInput;
  /** Plan versions the run evaluated that are not stored yet: saved in the same transaction, then pinned. */
  planVersions?: readonly NewPlanVersion[];
  /** What the run keeps of its inputs and its fiscal results (`snapshots.ts`): replaced with the calculation. */
  snapshot?: StoredSnapshot;
}
