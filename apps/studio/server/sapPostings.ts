import { postingRecordHash, SqlJournalLog, SqlPostingLog } from '@provvigo/adapter-sap';
import type { JournalRecord, PostingRecord, PostingState } from '@provvigo/adapter-sap';
import { Decimal } from '@provvigo/core';
import type { BothLanguages, FiscalResult } from '@provvigo/core';
import { getFiscalResults, type Store, type StoredRun } from '@provvigo/store';

/**
 * What SAP holds of a period, as `provvigo post sap` recorded it in the store database (adapter-sap's posting and
 * journal logs), set against the approved run: finance reads here what the CLI's `post sap --status` prints, and
 * whether what went to SAP is what was approved. The studio sends nothing to SAP and reads nothing from it: the logs
 * are what the last `post sap` run learnt (an `accepted` accrual stays so until an `--accruals` run reads it back).
 */

/** How a posted invoice stands against the approved run and against the run's `post` record. */
export interface InvoicePosting {
  invoiceNumber: string;
  partnerId: string;
  state: PostingState;
  grossAmount: string;
  currency: string;
  sapDocument: string | null;
  sapFiscalYear: string | null;
  /** created: our POST made it; found: it was already in SAP. */
  resolution: PostingRecord['resolution'];
  /** Why it failed or is unknown, in both languages. */
  error: BothLanguages | null;
  attempts: number;
  updatedAt: string;
  /** The approved run's document total for this partner (its fiscal result), or null when the run has none. */
  approved: { amount: string; currency: string } | null;
  /** Whether the amount and currency sent equal the approved ones (false when the run has no fiscal result for it). */
  matchesApproved: boolean;
  /**
   * Against the hash the run's `post` record chained for this posting: `same`, `changed` (the row was edited after the
   * run moved to posted; `provvigo audit verify` reports it too), or `none` (not recorded: the run is not posted yet).
   */
  recorded: 'same' | 'changed' | 'none';
}

export interface AccrualPosting {
  accrualId: string;
  kind: JournalRecord['kind'];
  state: JournalRecord['state'];
  accountingDocument: string | null;
  messageId: string;
  error: BothLanguages | null;
  updatedAt: string;
}

export interface SapPostingsView {
  run: { id: string; state: string };
  /** Who moved the run to `posted` and when, once every approved statement's invoice is in SAP. */
  posted: { actor: string; at: string } | null;
  invoices: InvoicePosting[];
  accruals: AccrualPosting[];
  /** Posting keys the run's `post` record chained whose row is gone from the log. */
  missing: string[];
}

/** The `run.post` audit entry of the run: when, by whom, and the posting hashes it chained (key → SHA-256). */
async function postRecord(store: Store, runId: string): Promise<{ actor: string; at: string; postings: Map<string, string> } | null> {
  const entry = (await store.runAudit(runId, 'run.post')).at(-1);
  if (!entry) return null;
  const postings = new Map<string, string>();
  for (const [key, hash] of Object.entries((entry.details?.['postings'] ?? {}) as Record<string, unknown>)) {
    if (typeof hash === 'string') postings.set(key, hash);
  }
  return { actor: entry.actor, at: entry.at, postings };
}

function invoicePosting(r: PostingRecord, fiscal: FiscalResult | undefined, recordedHash: string | undefined): InvoicePosting {
  const approved = fiscal ? { amount: fiscal.totals.documentTotal, currency: fiscal.totals.currency } : null;
  // compared as decimals: the log keeps the amount at the currency's scale, the fiscal result as it computed it
  const matchesApproved = approved !== null && approved.currency === r.currency && new Decimal(approved.amount).eq(r.grossAmount);
  const recorded = recordedHash === undefined ? 'none' : recordedHash === postingRecordHash(r) ? 'same' : 'changed';
  return {
    invoiceNumber: r.invoiceNumber,
    partnerId: r.partnerId,
    state: r.state,
    grossAmount: r.grossAmount,
    currency: r.currency,
    sapDocument: r.sapDocument,
    sapFiscalYear: r.sapFiscalYear,
    resolution: r.resolution,
    // adapter-sap's SQL logs read both languages back (a row older than the Italian column reads its English twice)
    error: r.errorMessages ?? null,
    attempts: r.attempts,
    updatedAt: r.updatedAt,
    approved,
    matchesApproved,
    recorded,
  };
}

const accrualPosting = (r: JournalRecord): AccrualPosting => ({
  accrualId: r.accrualId,
  kind: r.kind,
  state: r.state,
  accountingDocument: r.accountingDocument ?? null,
  messageId: r.messageId,
  error: r.errorMessages ?? null,
  updatedAt: r.updatedAt,
});

/** The period's postings from the store database, each invoice set against the run's approved fiscal result. */
export async function sapPostings(store: Store, run: StoredRun): Promise<SapPostingsView> {
  const rec = run.record;
  const post = await postRecord(store, rec.id);
  const fiscal = new Map((await getFiscalResults(store, rec.id)).map((f) => [f.partnerId, f]));
  const rows = await new SqlPostingLog(store.db).list({ periodId: rec.period.id });
  const logged = new Set(rows.map((r) => r.key));
  return {
    run: { id: rec.id, state: rec.state },
    posted: post ? { actor: post.actor, at: post.at } : null,
    invoices: rows.map((r) => invoicePosting(r, fiscal.get(r.partnerId), post?.postings.get(r.key))),
    accruals: (await new SqlJournalLog(store.db).list(rec.period.id)).map(accrualPosting),
    missing: [...(post?.postings.keys() ?? [])].filter((key) => !logged.has(key)).sort(),
  };
}
