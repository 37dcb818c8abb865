import type { BothLanguages } from '@provvigo/core';
import type { SapErrorDetail } from './errors.js';
import type { SapMessage } from './sapMessage.js';

/**
 * Where the posting state of each invoice lives: pending before the first attempt, posted with SAP's document
 * number, failed with SAP's message (or our reason, in English and Italian), or unknown (a write whose answer never
 * came; reconciled on the next run).
 * `SqlPostingLog` keeps it in the store database (`@provvigo/store`'s `Db`), `MemoryPostingLog` in memory.
 */

export type PostingState = 'pending' | 'posted' | 'failed' | 'unknown';

export interface PostingRecord {
  /** `companyCode/supplier/reference/fiscalYear` (the idempotency key). */
  key: string;
  periodId: string;
  invoiceNumber: string;
  partnerId: string;
  companyCode: string;
  supplier: string;
  reference: string;
  fiscalYear: string;
  grossAmount: string;
  currency: string;
  state: PostingState;
  /** SAP's SupplierInvoice number and fiscal year, once posted. */
  sapDocument: string | null;
  sapFiscalYear: string | null;
  /** created: our POST made it; found: it was already in SAP (a lost answer, or posted elsewhere). */
  resolution: 'created' | 'found' | null;
  errorCode: string | null;
  /** Why it failed, in English (column `error_message`). */
  errorMessage: string | null;
  /**
   * Why it failed, in both languages (`errorMessages.en === errorMessage`; SAP's own message serves both).
   * Optional when saving: a log given none keeps no Italian. `SqlPostingLog` reads it back beside `errorMessage`
   * (null when that is null); a row written before migration `sap/005_error_message_it` reads its English in both.
   */
  errorMessages?: BothLanguages | null | undefined;
  errorDetails: SapErrorDetail[] | null;
  transactionId: string | null;
  /** Messages SAP attached to a successful create (`sap-message` header, e.g. warnings), kept for the auditor. */
  sapMessages?: SapMessage[] | null | undefined;
  /** POST attempts so far, over all runs. */
  attempts: number;
  updatedAt: string;
}

export interface PostingFilter {
  periodId?: string | undefined;
  state?: PostingState | undefined;
}

export interface PostingLog {
  get(key: string): Promise<PostingRecord | undefined>;
  /** Inserts or replaces the record of `record.key`; must be durable when the promise resolves. */
  save(record: PostingRecord): Promise<void>;
  list(filter?: PostingFilter): Promise<PostingRecord[]>;
}

export class MemoryPostingLog implements PostingLog {
  private readonly records = new Map<string, PostingRecord>();

  async get(key: string): Promise<PostingRecord | undefined> {
    const r = this.records.get(key);
    return r ? structuredClone(r) : undefined;
  }

  async save(record: PostingRecord): Promise<void> {
    this.records.set(record.key, structuredClone(record));
  }

  async list(filter: PostingFilter = {}): Promise<PostingRecord[]> {
    return [...this.records.values()]
      .filter((r) => (filter.periodId === undefined || r.periodId === filter.periodId) && (filter.state === undefined || r.state === filter.state))
      .sort((a, b) => a.key.localeCompare(b.key))
      .map((r) => structuredClone(r));
  }
}

/** The query surface of `@provvigo/store`'s `Db` (and of its transactions) this log needs. */
export interface SapSqlQueryable {
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<{ rows: R[] }>;
}

/** Migrations for `migrate(db, SAP_MIGRATIONS)` of `@provvigo/store`. */
export const SAP_MIGRATIONS: readonly { id: string; sql: string }[] = [
  {
    id: 'sap/001_postings',
    sql: `CREATE TABLE sap_postings (
  key text PRIMARY KEY,
  period_id text NOT NULL,
  invoice_number text NOT NULL,
  partner_id text NOT NULL,
  company_code text NOT NULL,
  supplier text NOT NULL,
  reference text NOT NULL,
  fiscal_year text NOT NULL,
  gross_amount text NOT NULL,
  currency text NOT NULL,
  state text NOT NULL CHECK (state IN ('pending','posted','failed','unknown')),
  sap_document text,
  sap_fiscal_year text,
  resolution text CHECK (resolution IN ('created','found')),
  error_code text,
  error_message text,
  error_details jsonb,
  transaction_id text,
  attempts integer NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL
);
CREATE INDEX sap_postings_period ON sap_postings (period_id, state);
CREATE TABLE sap_journal_entries (
  accrual_id text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('accrual','reversal')),
  period_id text NOT NULL,
  company_code text NOT NULL,
  message_id text NOT NULL,
  state text NOT NULL CHECK (state IN ('sent','failed')),
  error_message text,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (accrual_id, kind)
);`,
  },
  {
    id: 'sap/002_post_locks',
    sql: `CREATE TABLE sap_post_locks (
  scope text PRIMARY KEY,
  holder text NOT NULL,
  acquired_at timestamptz NOT NULL
);`,
  },
  {
    // accepted (202) and posted (read back) are distinct states of an asynchronous journal entry
    id: 'sap/003_journal_states_and_messages',
    sql: `ALTER TABLE sap_journal_entries DROP CONSTRAINT IF EXISTS sap_journal_entries_state_check;
UPDATE sap_journal_entries SET state = 'accepted' WHERE state = 'sent';
ALTER TABLE sap_journal_entries ADD CONSTRAINT sap_journal_entries_state_check CHECK (state IN ('accepted','posted','failed'));
ALTER TABLE sap_journal_entries ADD COLUMN accounting_document text;
ALTER TABLE sap_postings ADD COLUMN sap_messages jsonb;`,
  },
  {
    // a posted invoice is a fact in SAP: its row never changes again and no posting row is ever removed
    // (verifySapPostings finds it when the triggers are switched off)
    id: 'sap/004_posted_rows_frozen',
    sql: `CREATE FUNCTION sap_postings_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.state <> 'posted' THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'provvigo: sap_postings row % is % and cannot change (% refused)', OLD.key, OLD.state, TG_OP USING ERRCODE = 'P0001';
END $$;
CREATE FUNCTION sap_postings_refuse_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'provvigo: sap_postings cannot be truncated' USING ERRCODE = 'P0001';
END $$;
CREATE TRIGGER sap_postings_frozen BEFORE UPDATE OR DELETE ON sap_postings
  FOR EACH ROW EXECUTE FUNCTION sap_postings_guard();
CREATE TRIGGER sap_postings_no_truncate BEFORE TRUNCATE ON sap_postings
  FOR EACH STATEMENT EXECUTE FUNCTION sap_postings_refuse_truncate();`,
  },
  {
    // The failure's reason in Italian beside the English `error_message`, in both logs. Nullable: rows written before
    // this migration have none, and read their English reason in both languages.
    id: 'sap/005_error_message_it',
    sql: `ALTER TABLE sap_postings ADD COLUMN IF NOT EXISTS error_message_it text;
ALTER TABLE sap_journal_entries ADD COLUMN IF NOT EXISTS error_message_it text;`,
  },
  {
    // a journal entry whose send got no verdict (timeout, reset, 5xx without a SOAP fault) is `unknown`, not failed:
    // SAP may hold the message, and the next run sends it again with the same message id. Existing rows keep their state.
    id: 'sap/006_journal_unknown',
    sql: `ALTER TABLE sap_journal_entries DROP CONSTRAINT IF EXISTS sap_journal_entries_state_check;
ALTER TABLE sap_journal_entries ADD CONSTRAINT sap_journal_entries_state_check CHECK (state IN ('accepted','posted','failed','unknown'));`,
  },
  {
    // what each message carried for an entry (SHA-256 of its JournalEntry elements): an `unknown` entry whose accruals
    // changed must not go again under the old message id, which SAP drops as a duplicate. Nullable: existing rows have none.
    id: 'sap/007_journal_content_digest',
    sql: `ALTER TABLE sap_journal_entries ADD COLUMN IF NOT EXISTS content_digest text;`,
  },
];

/**
 * One posting run per scope (e.g. a period) at a time: two runs posting the same invoices concurrently could each
 * find an invoice missing and both create it. `acquire` inserts a row or reports who holds it.
 */
export class SqlPostingLock {
  constructor(private readonly db: SapSqlQueryable) {}

  async acquire(scope: string, holder: string, at: Date): Promise<{ ok: true } | { ok: false; holder: string; since: string }> {
    const { rows } = await this.db.query<{ holder: string }>(
      'INSERT INTO sap_post_locks (scope, holder, acquired_at) VALUES ($1, $2, $3) ON CONFLICT (scope) DO NOTHING RETURNING holder',
      [scope, holder, at.toISOString()],
    );
    if (rows.length > 0) return { ok: true };
    const held = await this.db.query<{ holder: string; acquired_at: Date | string }>('SELECT holder, acquired_at FROM sap_post_locks WHERE scope = $1', [scope]);
    const r = held.rows[0];
    if (!r) return this.acquire(scope, holder, at); // released in between
    return { ok: false, holder: r.holder, since: new Date(r.acquired_at).toISOString() };
  }

  async release(scope: string, holder: string): Promise<void> {
    await this.db.query('DELETE FROM sap_post_locks WHERE scope = $1 AND holder = $2', [scope, holder]);
  }

  /** For a run that died holding the lock (checked by a person first). */
  async forceRelease(scope: string): Promise<void> {
    await this.db.query('DELETE FROM sap_post_locks WHERE scope = $1', [scope]);
  }
}

interface Row {
  key: string;
  period_id: string;
  invoice_number: string;
  partner_id: string;
  company_code: string;
  supplier: string;
  reference: string;
  fiscal_year: string;
  gross_amount: string;
  currency: string;
  state: PostingState;
  sap_document: string | null;
  sap_fiscal_year: string | null;
  resolution: 'created' | 'found' | null;
  error_code: string | null;
  error_message: string | null;
  error_details: SapErrorDetail[] | string | null;
  transaction_id: string | null;
  attempts: number;
  updated_at: Date | string;
  sap_messages: SapMessage[] | string | null;
  error_message_it: string | null;
}

function fromRow(r: Row): PostingRecord {
  return {
    key: r.key,
    periodId: r.period_id,
    invoiceNumber: r.invoice_number,
    partnerId: r.partner_id,
    companyCode: r.company_code,
    supplier: r.supplier,
    reference: r.reference,
    fiscalYear: r.fiscal_year,
    grossAmount: r.gross_amount,
    currency: r.currency,
    state: r.state,
    sapDocument: r.sap_document,
    sapFiscalYear: r.sap_fiscal_year,
    resolution: r.resolution,
    errorCode: r.error_code,
    errorMessage: r.error_message,
    errorMessages: r.error_message === null ? null : { en: r.error_message, it: r.error_message_it ?? r.error_message },
    errorDetails: typeof r.error_details === 'string' ? (JSON.parse(r.error_details) as SapErrorDetail[]) : r.error_details,
    transactionId: r.transaction_id,
    attempts: Number(r.attempts),
    ...(r.sap_messages === null ? {} : { sapMessages: typeof r.sap_messages === 'string' ? (JSON.parse(r.sap_messages) as SapMessage[]) : r.sap_messages }),
    updatedAt: r.updated_at instanceof Date ? r.updated_at.toISOString() : new Date(r.updated_at).toISOString(),
  };
}

const COLUMNS =
  'key, period_id, invoice_number, partner_id, company_code, supplier, reference, fiscal_year, gross_amount, currency, state, sap_document, sap_fiscal_year, resolution, error_code, error_message, error_details, transaction_id, attempts, updated_at, sap_messages, error_message_it';

export class SqlPostingLog implements PostingLog {
  constructor(private readonly db: SapSqlQueryable) {}

  async get(key: string): Promise<PostingRecord | undefined> {
    const { rows } = await this.db.query<Row>(`SELECT ${COLUMNS} FROM sap_postings WHERE key = $1`, [key]);
    return rows[0] ? fromRow(rows[0]) : undefined;
  }

  async save(r: PostingRecord): Promise<void> {
    await this.db.query(
      `INSERT INTO sap_postings (${COLUMNS})
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17::jsonb,$18,$19,$20,$21::jsonb,$22)
       ON CONFLICT (key) DO UPDATE SET
         period_id = EXCLUDED.period_id, invoice_number = EXCLUDED.invoice_number, partner_id = EXCLUDED.partner_id,
         gross_amount = EXCLUDED.gross_amount, currency = EXCLUDED.currency, state = EXCLUDED.state,
         sap_document = EXCLUDED.sap_document, sap_fiscal_year = EXCLUDED.sap_fiscal_year,
         resolution = EXCLUDED.resolution, error_code = EXCLUDED.error_code, error_message = EXCLUDED.error_message,
         error_message_it = EXCLUDED.error_message_it,
         error_details = EXCLUDED.error_details, transaction_id = EXCLUDED.transaction_id,
         attempts = EXCLUDED.attempts, updated_at = EXCLUDED.updated_at, sap_messages = EXCLUDED.sap_messages`,
      [
        r.key,
        r.periodId,
        r.invoiceNumber,
        r.partnerId,
        r.companyCode,
        r.supplier,
        r.reference,
        r.fiscalYear,
        r.grossAmount,
        r.currency,
        r.state,
        r.sapDocument,
        r.sapFiscalYear,
        r.resolution,
        r.errorCode,
        r.errorMessage,
        r.errorDetails === null ? null : JSON.stringify(r.errorDetails),
        r.transactionId,
        r.attempts,
        r.updatedAt,
        r.sapMessages ? JSON.stringify(r.sapMessages) : null,
        r.errorMessage === null ? null : (r.errorMessages?.it ?? null),
      ],
    );
  }

  async list(filter: PostingFilter = {}): Promise<PostingRecord[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.periodId !== undefined) {
      params.push(filter.periodId);
      where.push(`period_id = $${params.length}`);
    }
    if (filter.state !== undefined) {
      params.push(filter.state);
      where.push(`state = $${params.length}`);
    }
    const { rows } = await this.db.query<Row>(
      `SELECT ${COLUMNS} FROM sap_postings${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY key`,
      params,
    );
    return rows.map(fromRow);
  }
}
