import type { BothLanguages } from '@provvigo/core';
import type { SapSqlQueryable } from './postingLog.js';

/**
 * Which accrual journal entries were handed to SAP. The asynchronous service gives no document number back, so a
 * re-run must know what it already sent (table `sap_journal_entries` of `SAP_MIGRATIONS`, with a failed send's reason
 * in English and Italian). `accepted` means SAP took the message (202); only a later read of the journal entries makes
 * it `posted`, with the document number. `unknown` means the message was (or was about to be) sent without a verdict
 * coming back (a timeout, a reset, a 5xx without a SOAP fault): SAP may hold it, so `messageId` is the id the next run
 * sends it again with (SAP processes a message id once). `failed` is SAP's refusal (a SOAP fault, a 4xx).
 */
export interface JournalRecord {
  accrualId: string;
  kind: 'accrual' | 'reversal';
  periodId: string;
  companyCode: string;
  messageId: string;
  state: 'accepted' | 'posted' | 'failed' | 'unknown';
  /** SAP's accounting document, once a read found the entry posted. */
  accountingDocument?: string | null | undefined;
  /** Why the send failed or its outcome is unknown, in English (column `error_message`). */
  errorMessage: string | null;
  /**
   * Why the send failed, in both languages (`errorMessages.en === errorMessage`; SAP's fault text serves both).
   * Optional when saving; `SqlJournalLog` reads it back beside `errorMessage` (null when that is null), and a row
   * written before migration `sap/005_error_message_it` reads its English in both.
   */
  errorMessages?: BothLanguages | null | undefined;
  /**
   * SHA-256 of what the message `messageId` carried for this entry (`journalEntryDigest`; column `content_digest`,
   * migration `sap/007_journal_content_digest`). An `unknown` entry goes again under its old id only while its
   * digest is unchanged: SAP would drop changed amounts as a duplicate. Null for rows written before the migration.
   */
  contentDigest?: string | null | undefined;
  updatedAt: string;
}

export interface JournalLog {
  get(accrualId: string, kind: JournalRecord['kind']): Promise<JournalRecord | undefined>;
  save(record: JournalRecord): Promise<void>;
}

/**
 * A period's records in the order an operator reads them: by accrual set, its accrual before its reversal. `list` is
 * not part of `JournalLog` (what `sendOnce` needs): a log an embedder wrote keeps working without it.
 */
function byAccrual(a: JournalRecord, b: JournalRecord): number {
  if (a.accrualId !== b.accrualId) return a.accrualId < b.accrualId ? -1 : 1;
  return a.kind === b.kind ? 0 : a.kind === 'accrual' ? -1 : 1;
}

export class MemoryJournalLog implements JournalLog {
  private readonly records = new Map<string, JournalRecord>();
  async get(accrualId: string, kind: JournalRecord['kind']): Promise<JournalRecord | undefined> {
    const r = this.records.get(`${accrualId}\u0000${kind}`);
    return r ? { ...r } : undefined;
  }
  async save(record: JournalRecord): Promise<void> {
    this.records.set(`${record.accrualId}\u0000${record.kind}`, { ...record });
  }

  /** The records of `periodId`, by accrual set (accrual, then reversal). */
  async list(periodId: string): Promise<JournalRecord[]> {
    return [...this.records.values()].filter((r) => r.periodId === periodId).sort(byAccrual).map((r) => ({ ...r }));
  }
}

interface Row {
  accrual_id: string;
  kind: JournalRecord['kind'];
  period_id: string;
  company_code: string;
  message_id: string;
  state: JournalRecord['state'];
  accounting_document: string | null;
  error_message: string | null;
  error_message_it: string | null;
  content_digest: string | null;
  updated_at: Date | string;
}

const COLUMNS = 'accrual_id, kind, period_id, company_code, message_id, state, accounting_document, error_message, error_message_it, content_digest, updated_at';

/** A row as the record it stores; a row written before `sap/005_error_message_it` reads its English in both languages. */
function fromRow(r: Row): JournalRecord {
  return {
    accrualId: r.accrual_id,
    kind: r.kind,
    periodId: r.period_id,
    companyCode: r.company_code,
    messageId: r.message_id,
    state: r.state,
    accountingDocument: r.accounting_document,
    errorMessage: r.error_message,
    errorMessages: r.error_message === null ? null : { en: r.error_message, it: r.error_message_it ?? r.error_message },
    contentDigest: r.content_digest,
    updatedAt: r.updated_at instanceof Date ? r.updated_at.toISOString() : new Date(r.updated_at).toISOString(),
  };
}

export class SqlJournalLog implements JournalLog {
  constructor(private readonly db: SapSqlQueryable) {}

  async get(accrualId: string, kind: JournalRecord['kind']): Promise<JournalRecord | undefined> {
    const { rows } = await this.db.query<Row>(`SELECT ${COLUMNS} FROM sap_journal_entries WHERE accrual_id = $1 AND kind = $2`, [accrualId, kind]);
    return rows[0] ? fromRow(rows[0]) : undefined;
  }

  /** The records of `periodId`, by accrual set (accrual, then reversal). */
  async list(periodId: string): Promise<JournalRecord[]> {
    const { rows } = await this.db.query<Row>(`SELECT ${COLUMNS} FROM sap_journal_entries WHERE period_id = $1`, [periodId]);
    // sorted here, not in SQL: the database's collation could order references otherwise than MemoryJournalLog does
    return rows.map(fromRow).sort(byAccrual);
  }

  async save(r: JournalRecord): Promise<void> {
    await this.db.query(
      `INSERT INTO sap_journal_entries (accrual_id, kind, period_id, company_code, message_id, state, error_message, updated_at, accounting_document, error_message_it, content_digest)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)
       ON CONFLICT (accrual_id, kind) DO UPDATE SET period_id = EXCLUDED.period_id, company_code = EXCLUDED.company_code,
         message_id = EXCLUDED.message_id, state = EXCLUDED.state, error_message = EXCLUDED.error_message, updated_at = EXCLUDED.updated_at,
         accounting_document = EXCLUDED.accounting_document, error_message_it = EXCLUDED.error_message_it, content_digest = EXCLUDED.content_digest`,
      [
        r.accrualId,
        r.kind,
        r.periodId,
        r.companyCode,
        r.messageId,
        r.state,
        r.errorMessage,
        r.updatedAt,
        r.accountingDocument ?? null,
        r.errorMessage === null ? null : (r.errorMessages?.it ?? null),
        r.contentDigest ?? null,
      ],
    );
  }
}
