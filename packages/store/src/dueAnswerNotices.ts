import type { Partner } from '@provvigo/core';
import { listInquiries, type Inquiry } from './inquiries.js';
import { inquiryCorrections, type InquiryCorrection } from './inquiryCorrections.js';
import { inquiryNotices } from './inquiryNotices.js';
import { getRunSnapshot } from './snapshots.js';
import type { Store } from './store.js';

/**
 * What one partner should be told by e-mail about a period: its answered questions no notice has carried yet, with
 * the labels of the lines they ask about and the corrections approved runs booked since. The partner (name, language,
 * address) is the one the run asked about stored in its snapshot, never today's files.
 */
export interface DueAnswerNotice {
  periodId: string;
  partner: Partner;
  inquiries: Inquiry[];
  labels: Map<string, string>;
  corrections: Map<number, InquiryCorrection[]>;
}

/**
 * The notices due for `periodId`, one per partner with answers not yet notified (`inquiryNotices`); `missing`: the
 * partners whose run has no snapshot of its partners (calculated by an older version), which cannot be written to.
 */
export async function dueAnswerNotices(store: Store, periodId: string): Promise<{ due: DueAnswerNotice[]; missing: string[] }> {
  const sent = await inquiryNotices(store, periodId);
  const pending = (await listInquiries(store, { periodId })).filter((q) => q.answer !== null && !sent.has(q.id));
  const corrections = await inquiryCorrections(store, pending, { visibleOnly: true });
  const byPartner = new Map<string, Inquiry[]>();
  for (const q of pending) byPartner.set(q.partnerId, [...(byPartner.get(q.partnerId) ?? []), q]);
  // each run's partners read once: a period's questions were asked about one run or a few
  const partnersOf = new Map<string, Promise<Map<string, Partner>>>();
  const partnerIn = (runId: string, partnerId: string) => {
    if (!partnersOf.has(runId)) partnersOf.set(runId, getRunSnapshot(store, runId).then((s) => new Map((s?.partners ?? []).map((p) => [p.id, p]))));
    return partnersOf.get(runId)!.then((partners) => partners.get(partnerId));
  };
  const due: DueAnswerNotice[] = [];
  const missing: string[] = [];
  for (const [partnerId, asked] of byPartner) {
    const partner = await partnerIn(asked[0]!.runId, partnerId);
    if (!partner) {
      missing.push(partnerId);
      continue;
    }
    const labels = new Map<string, string>();
    for (const runId of new Set(asked.map((q) => q.runId))) for (const l of (await store.statementLines(runId, partnerId)) ?? []) labels.set(l.id, l.label);
    due.push({ periodId, partner, inquiries: asked, labels, corrections: new Map(asked.map((q) => [q.id, corrections.get(q.id) ?? []])) });
  }
  return { due, missing };
}
