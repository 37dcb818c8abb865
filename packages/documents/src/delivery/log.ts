import { appendFile, mkdir, open, readFile, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { schemaIssueMessage } from '@provvigo/core';
import { z } from 'zod';
import { DeliveryLogError } from './deliveryLogError.js';

/** One delivery attempt of a partner's documents: sent (with the server's message id) or failed (with its reason). */
export const DeliveryRecordSchema = z
  .object({
    /** partner + period + document hash: the same documents are never sent twice. */
    key: z.string().min(1),
    partnerId: z.string().min(1),
    period: z.string().min(1),
    documentHash: z.string().regex(/^[0-9a-f]{64}$/),
    invoiceNumber: z.string(),
    recipient: z.string().nullable(),
    status: z.enum(['sent', 'failed']),
    messageId: z.string().nullable(),
    /** The SMTP server's reply (e.g. "250 OK: queued as …", "550 5.1.1 mailbox unavailable") or the error. */
    response: z.string().nullable(),
    attempt: z.number().int().positive(),
    at: z.string(),
  })
  .strict();
export type DeliveryRecord = z.infer<typeof DeliveryRecordSchema>;

/** Where deliveries are recorded. Implementations: a JSON-lines file, or the store database (`SqlDeliveryLog`). */
export interface DeliveryLog {
  /** The successful delivery for this key, if any. */
  findSent(key: string): Promise<DeliveryRecord | undefined>;
  /** How many attempts were recorded for this key (sent or failed). */
  attempts(key: string): Promise<number>;
  record(entry: DeliveryRecord): Promise<void>;
  list(): Promise<DeliveryRecord[]>;
}

/**
 * A JSON-lines file: one record per line, appended, never rewritten. For the CLI without a database. Read strictly: a
 * line that is not a delivery record is a DeliveryLogError naming file, line and field; a byte-order mark, CRLF line
 * ends and blank lines are accepted; a record is never appended to a last line left without its line break (both
 * lines would be unreadable from then on).
 */
export class JsonlDeliveryLog implements DeliveryLog {
  constructor(readonly file: string) {}

  /** Every record, the whole file checked (read again on every call: the file is the truth between attempts). */
  async list(): Promise<DeliveryRecord[]> {
    const lines = (await this.text()).split(/\r?\n/);
    const records: DeliveryRecord[] = [];
    lines.forEach((text, i) => {
      if (text.trim() !== '') records.push(this.recordAt(text, i + 1, i === lines.length - 1));
    });
    return records;
  }

  async findSent(key: string): Promise<DeliveryRecord | undefined> {
    return (await this.list()).find((r) => r.key === key && r.status === 'sent');
  }

  async attempts(key: string): Promise<number> {
    return (await this.list()).filter((r) => r.key === key).length;
  }

  async record(entry: DeliveryRecord): Promise<void> {
    await mkdir(dirname(this.file), { recursive: true });
    await endLastLine(this.file);
    await appendFile(this.file, `${JSON.stringify(DeliveryRecordSchema.parse(entry))}\n`);
  }

  /** The file as text: strict UTF-8 without its byte-order mark; a missing file is a log without records. */
  private async text(): Promise<string> {
    let bytes: Buffer;
    try {
      bytes = await readFile(this.file);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return '';
      const why = code ?? (e as Error).message;
      throw new DeliveryLogError(
        this.file,
        code === 'EISDIR'
          ? { en: 'this is a folder, not a file', it: 'questa è una cartella, non un file' }
          : { en: `cannot read the delivery log (${why})`, it: `impossibile leggere il registro degli invii (${why})` },
      );
    }
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      throw new DeliveryLogError(this.file, { en: 'the delivery log is not valid UTF-8 (damaged?)', it: 'il registro degli invii non è UTF-8 valido (danneggiato?)' });
    }
  }

  /** Line `line`'s record; `unended` when it is the last piece of a file without a final line break. */
  private recordAt(text: string, line: number, unended: boolean): DeliveryRecord {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      const why = (e as Error).message;
      // `why` is JSON.parse's own message: quoted as the runtime gave it, in both languages
      const reason = unended
        ? {
            en: `the last line is cut short (${why}): a delivery was being recorded when the log stopped; check whether it was sent, then complete or remove the line`,
            it: `l'ultima riga è troncata (${why}): si stava registrando un invio quando il registro si è interrotto; verificare se è stato inviato, poi completare o eliminare la riga`,
          }
        : { en: `not valid JSON: ${why}`, it: `JSON non valido: ${why}` };
      throw new DeliveryLogError(this.file, reason, line);
    }
    const parsed = DeliveryRecordSchema.safeParse(value);
    if (parsed.success) return parsed.data;
    const first = parsed.error.issues[0];
    const field = first?.path.map(String).join('.') || undefined;
    // the schema's reason in each language, as every other schema refusal words it (core's schemaIssueMessage)
    const why = first ? schemaIssueMessage(first) : { en: 'invalid', it: 'non valido' };
    throw new DeliveryLogError(this.file, { en: `not a delivery record: ${why.en}`, it: `non è un record di invio: ${why.it}` }, line, field);
  }
}

/** Appends the line break a non-empty file lacks at its end, so that the next record starts a line of its own. */
async function endLastLine(file: string): Promise<void> {
  const size = (await stat(file).catch(() => undefined))?.size ?? 0;
  if (size === 0) return;
  const last = Buffer.alloc(1);
  const handle = await open(file, 'r');
  try {
    await handle.read(last, 0, 1, size - 1);
  } finally {
    await handle.close();
  }
  if (last[0] !== 0x0a) await appendFile(file, '\n');
}

/** The SQL surface we need: `@provvigo/store`'s `Db` (PGlite or PostgreSQL) fits. */
export interface SqlQueryable {
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<{ rows: R[] }>;
}

/**
 * Migrations for `@provvigo/store`'s `migrate(db, DELIVERY_MIGRATIONS)`. The partial unique index makes a second
 * "sent" row for the same key impossible, whatever the caller does.
 */
export const DELIVERY_MIGRATIONS = [
  {
    id: 'documents/001_invoice_deliveries',
    sql: `CREATE TABLE invoice_deliveries (
  idempotency_key text NOT NULL,
  partner_id text NOT NULL,
  period text NOT NULL,
  document_hash text NOT NULL,
  invoice_number text NOT NULL,
  recipient text,
  status text NOT NULL CHECK (status IN ('sent', 'failed')),
  message_id text,
  response text,
  attempt integer NOT NULL,
  attempted_at timestamptz NOT NULL,
  PRIMARY KEY (idempotency_key, attempt)
);
CREATE UNIQUE INDEX invoice_deliveries_sent_once ON invoice_deliveries (idempotency_key) WHERE status = 'sent';
CREATE INDEX invoice_deliveries_partner_period ON invoice_deliveries (partner_id, period);`,
  },
  {
    // a delivery attempt is a fact: recorded once, never rewritten or removed (verifyDeliveries finds it when the
    // triggers are switched off)
    id: 'documents/002_invoice_deliveries_append_only',
    sql: `CREATE FUNCTION invoice_deliveries_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'provvigo: invoice_deliveries is append-only (% refused)', TG_OP USING ERRCODE = 'P0001';
END $$;
CREATE TRIGGER invoice_deliveries_append_only BEFORE UPDATE OR DELETE ON invoice_deliveries
  FOR EACH ROW EXECUTE FUNCTION invoice_deliveries_refuse_change();
CREATE TRIGGER invoice_deliveries_no_truncate BEFORE TRUNCATE ON invoice_deliveries
  FOR EACH STATEMENT EXECUTE FUNCTION invoice_deliveries_refuse_change();`,
  },
] as const;

interface Row {
  idempotency_key: string;
  partner_id: string;
  period: string;
  document_hash: string;
  invoice_number: string;
  recipient: string | null;
  status: 'sent' | 'failed';
  message_id: string | null;
  response: string | null;
  attempt: number;
  attempted_at: Date | string;
}

const fromRow = (r: Row): DeliveryRecord => ({
  key: r.idempotency_key,
  partnerId: r.partner_id,
  period: r.period,
  documentHash: r.document_hash,
  invoiceNumber: r.invoice_number,
  recipient: r.recipient,
  status: r.status,
  messageId: r.message_id,
  response: r.response,
  attempt: Number(r.attempt),
  at: r.attempted_at instanceof Date ? r.attempted_at.toISOString() : new Date(r.attempted_at).toISOString(),
});

/** The delivery log in the store database (table `invoice_deliveries`, see DELIVERY_MIGRATIONS). */
export class SqlDeliveryLog implements DeliveryLog {
  constructor(private readonly db: SqlQueryable) {}

  async findSent(key: string): Promise<DeliveryRecord | undefined> {
    const { rows } = await this.db.query<Row>(`SELECT * FROM invoice_deliveries WHERE idempotency_key = $1 AND status = 'sent'`, [key]);
    return rows[0] ? fromRow(rows[0]) : undefined;
  }

  async attempts(key: string): Promise<number> {
    const { rows } = await this.db.query<{ n: number }>('SELECT count(*)::int AS n FROM invoice_deliveries WHERE idempotency_key = $1', [key]);
    return Number(rows[0]?.n ?? 0);
  }

  async record(e: DeliveryRecord): Promise<void> {
    const r = DeliveryRecordSchema.parse(e);
    await this.db.query(
      `INSERT INTO invoice_deliveries (idempotency_key, partner_id, period, document_hash, invoice_number, recipient, status, message_id, response, attempt, attempted_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [r.key, r.partnerId, r.period, r.documentHash, r.invoiceNumber, r.recipient, r.status, r.messageId, r.response, r.attempt, r.at],
    );
  }

  async list(): Promise<DeliveryRecord[]> {
    const { rows } = await this.db.query<Row>('SELECT * FROM invoice_deliveries ORDER BY attempted_at, idempotency_key, attempt');
    return rows.map(fromRow);
  }
}
