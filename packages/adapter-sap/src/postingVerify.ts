import { hash } from '@provvigo/core';
import { SqlPostingLog, type PostingRecord, type SapSqlQueryable } from './postingLog.js';

/**
 * Tamper evidence for the posting log in the store database (`sap_postings`): a posted row is frozen by triggers
 * (`SAP_MIGRATIONS`), and the run's `post` move in the store's audit chain records `postingRecordHash` of each posted
 * row (the CLI's `post sap`). `verifySapPostings` compares the rows with those hashes: `provvigo audit verify` calls
 * it with the hashes it read from the chain. The SAP adapter keeps its own table and check; the store knows nothing
 * of it.
 */

/** One finding, in `verifyStore`'s shape: table, row key (the posting's idempotency key), what is wrong. */
export interface PostingProblem {
  table: 'sap_postings';
  key: string;
  message: string;
}

/** SHA-256 of what a posted invoice is: who, which invoice, how much, and SAP's document (not the attempt history). */
export function postingRecordHash(r: PostingRecord): string {
  return hash({
    key: r.key,
    periodId: r.periodId,
    invoiceNumber: r.invoiceNumber,
    partnerId: r.partnerId,
    companyCode: r.companyCode,
    supplier: r.supplier,
    reference: r.reference,
    fiscalYear: r.fiscalYear,
    grossAmount: r.grossAmount,
    currency: r.currency,
    state: r.state,
    sapDocument: r.sapDocument,
    sapFiscalYear: r.sapFiscalYear,
  });
}

/**
 * Each recorded posting (`recorded`: posting key → hash and where it was recorded, e.g. "entry #14") against its row:
 * a changed amount, currency, partner or SAP document, a row no longer posted and a missing row are reported. Rows
 * not yet recorded (pending, failed, or posted for a run not yet moved to `posted`) are not judged.
 */
export async function verifySapPostings(db: SapSqlQueryable, recorded: ReadonlyMap<string, { hash: string; where: string }>): Promise<PostingProblem[]> {
  const rows = new Map((await new SqlPostingLog(db).list()).map((r) => [r.key, r]));
  const problems: PostingProblem[] = [];
  for (const [key, r] of recorded) {
    const row = rows.get(key);
    if (!row) problems.push({ table: 'sap_postings', key, message: `is missing: ${r.where} recorded it` });
    else if (postingRecordHash(row) !== r.hash) problems.push({ table: 'sap_postings', key, message: `its content (amount, currency, partner, SAP document, state) is not the one ${r.where} recorded` });
  }
  return problems;
}
