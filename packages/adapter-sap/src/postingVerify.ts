import { hash, type BothLanguages } from '@provvigo/core';
import { SqlPostingLog, type PostingRecord, type SapSqlQueryable } from './postingLog.js';

/**
 * Tamper evidence for the posting log in the store database (`sap_postings`): a posted row is frozen by triggers
 * (`SAP_MIGRATIONS`), and the run's `post` move in the store's audit chain records `postingRecordHash` of each posted
 * row (the CLI's `post sap`). `verifySapPostings` compares the rows with those hashes: `provvigo audit verify` calls
 * it with the hashes it read from the chain. The SAP adapter keeps its own table and check; the store knows nothing
 * of it.
 */

/**
 * One finding, in `verifyStore`'s shape: table, row key (the posting's idempotency key), what is wrong in English
 * (`message`) and in both languages (`messages`), for an auditor reading either.
 */
export interface PostingProblem {
  table: 'sap_postings';
  key: string;
  message: string;
  messages: BothLanguages;
}

/** A problem of a posting, worded in both languages; `where` given as one text is used in both. */
function problem(key: string, where: string | BothLanguages, text: (w: BothLanguages) => BothLanguages): PostingProblem {
  const messages = text(typeof where === 'string' ? { en: where, it: where } : where);
  return { table: 'sap_postings', key, message: messages.en, messages };
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
 * Each recorded posting (`recorded`: posting key → hash and where it was recorded, e.g. "entry #14", or in both
 * languages `{ en: 'entry #14 (…)', it: 'voce n. 14 (…)' }`: the Italian reads "registrata dalla <where>") against its row:
 * a changed amount, currency, partner or SAP document, a row no longer posted and a missing row are reported. Rows
 * not yet recorded (pending, failed, or posted for a run not yet moved to `posted`) are not judged.
 */
export async function verifySapPostings(db: SapSqlQueryable, recorded: ReadonlyMap<string, { hash: string; where: string | BothLanguages }>): Promise<PostingProblem[]> {
  const rows = new Map((await new SqlPostingLog(db).list()).map((r) => [r.key, r]));
  const problems: PostingProblem[] = [];
  for (const [key, r] of recorded) {
    const row = rows.get(key);
    if (!row) problems.push(problem(key, r.where, (w) => ({ en: `is missing: ${w.en} recorded it`, it: `manca: l'aveva registrata la ${w.it}` })));
    else if (postingRecordHash(row) !== r.hash) {
      problems.push(
        problem(key, r.where, (w) => ({
          en: `its content (amount, currency, partner, SAP document, state) is not the one ${w.en} recorded`,
          it: `il suo contenuto (importo, valuta, partner, documento SAP, stato) non è quello registrato dalla ${w.it}`,
        })),
      );
    }
  }
  return problems;
}
