import type { Store } from './store.js';

/**
 * The e-mails that told partners the answers to their questions (`provvigo period notify`). Each message sent is an
 * `inquiry.notify` entry of the audit log naming the questions it carried: the log is the record, so the next run
 * leaves those answers out and staff see which answers reached the partner, without a table of its own to keep in
 * step with the chain.
 */
export const INQUIRY_NOTIFY_ACTION = 'inquiry.notify';

/** One message that carried answers to a partner. */
export interface InquiryNotice {
  periodId: string;
  partnerId: string;
  /** The questions whose answers it carried. */
  inquiries: number[];
  /** The address it was sent to, and the SMTP server's message id. */
  to: string;
  messageId: string;
  /** Who sent it (the audit entry's actor), and when. */
  by: string;
  at: string;
}

/** Records a message the SMTP server accepted: one audit entry, written after the send (a crash in between resends). */
export async function recordInquiryNotice(store: Store, notice: InquiryNotice): Promise<void> {
  const { periodId, partnerId, inquiries, to, messageId, by, at } = notice;
  await store.appendAudit({ at, actor: by, action: INQUIRY_NOTIFY_ACTION, runId: null, inputHash: null, outputHash: null, details: { period: periodId, partnerId, inquiries, to, messageId } });
}

/** A notice as its audit entry holds it; undefined for an entry whose details are not a notice's. */
function noticeOf(details: Record<string, unknown>, by: string, at: string): InquiryNotice | undefined {
  const { period, partnerId, inquiries, to, messageId } = details;
  if (typeof period !== 'string' || typeof partnerId !== 'string' || typeof to !== 'string' || typeof messageId !== 'string') return undefined;
  if (!Array.isArray(inquiries) || !inquiries.every((id) => Number.isInteger(id))) return undefined;
  return { periodId: period, partnerId, inquiries: inquiries as number[], to, messageId, by, at };
}

/**
 * The last notice that carried each question of `periodId`'s answer, by question id (questions never notified are
 * absent); read from the audit log's notices a page at a time.
 */
export async function inquiryNotices(store: Store, periodId: string): Promise<Map<number, InquiryNotice>> {
  const out = new Map<number, InquiryNotice>();
  for await (const e of store.auditEntries({ action: INQUIRY_NOTIFY_ACTION })) {
    const notice = noticeOf(e.details, e.actor, e.at);
    if (notice?.periodId === periodId) for (const id of notice.inquiries) out.set(id, notice);
  }
  return out;
}
