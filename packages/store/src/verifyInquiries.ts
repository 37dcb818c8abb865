import type { AuditEntry } from '@provvigo/core';
import type { Queryable } from './db.js';
import { INQUIRY_COLUMNS, inquiryRowHash, type InquiryRow } from './inquiries.js';
import { compareRecorded, recordedRows } from './recordedRows.js';
import type { StoreProblem } from './verify.js';

const ANSWER_COLUMNS = {
  en: "its period, run, partner or line is not its question's",
  it: 'il suo periodo, la sua esecuzione, il suo partner o la sua riga non sono quelli della sua domanda',
};

/**
 * `verifyStore`'s check of partners' questions and answers (`provvigo_inquiries`): each message's audit entry recorded
 * the hash of the row it wrote; each row is hashed again and compared, every recorded row must still be there, and an
 * answer must name its question's period, run, partner and line. A question or answer edited or removed behind the
 * store's back (its triggers disabled) is found.
 */
export async function verifyInquiries(q: Queryable, log: readonly AuditEntry[]): Promise<StoreProblem[]> {
  const key = (r: Record<string, unknown>) => `#${String(r['id'])}`;
  const recorded = new Map([...recordedRows(log, 'inquiry.open', 'rows', key), ...recordedRows(log, 'inquiry.answer', 'rows', key)]);
  const { rows } = await q.query<InquiryRow>(`SELECT ${INQUIRY_COLUMNS} FROM provvigo_inquiries ORDER BY id`);
  const byId = new Map(rows.map((r) => [Number(r.id), r]));
  const stored = rows.map((r) => {
    const question = r.answers === null ? undefined : byId.get(Number(r.answers));
    const same = (a: InquiryRow, b: InquiryRow) => a.period_id === b.period_id && a.run_id === b.run_id && a.partner_id === b.partner_id && a.line_id === b.line_id;
    return { key: `#${r.id}`, hash: inquiryRowHash(r), columnsAgree: r.kind === 'question' || (question !== undefined && same(r, question)) };
  });
  return compareRecorded('provvigo_inquiries', recorded, stored, ANSWER_COLUMNS);
}
