import { isRunImmutable, keyLines, type AdjustmentLine, type RunRecord } from '@provvigo/core';
import type { Inquiry } from './inquiries.js';
import { readAdjustmentRefs, type AdjustmentRef } from './statements.js';
import type { Store } from './store.js';

/**
 * Where a partner's question was answered by a correction: the adjustments a later period's run books for the
 * statement asked about. An approved period never changes; a correction of one of its lines is an adjustment line in
 * the next period calculated (core's `adjustmentsFor`), carrying the period it corrects and the line's key (plan,
 * payout, source record). So the link between an answer "it will be corrected" and the money that corrects it is read
 * from the runs' stored statements, not written by hand: it cannot point at an adjustment that does not exist, and
 * it appears by itself once the correcting run is calculated.
 */
export interface InquiryCorrection extends Pick<AdjustmentLine, 'label' | 'change' | 'currency' | 'previousAmount' | 'newAmount' | 'delta'> {
  /** The later period whose run books the adjustment, and that run. */
  periodId: string;
  runId: string;
  runState: RunRecord['state'];
  /** Whether that run is approved (or later): partners read only those; staff also see corrections under review. */
  approved: boolean;
  adjustmentId: string;
}

/** Which adjustments answer a question: the line's (by key) for a question about a line, any of the period's for the whole statement. */
interface Wanted {
  inquiry: Inquiry;
  /** The asked line's key; null for the whole statement. */
  key: string | null;
}

/**
 * Each question with the key of the line it asks about, as core keys the lines of an approved run when it books their
 * adjustments (`keyLines`: plan, payout, source record, and #2, #3… for repeats). A line id the asked run does not hold
 * matches nothing, never the whole statement's adjustments.
 */
async function wantedOf(store: Store, inquiries: readonly Inquiry[]): Promise<Wanted[]> {
  const keysByStatement = new Map<string, Map<string, string>>();
  const wanted: Wanted[] = [];
  for (const inquiry of inquiries) {
    if (inquiry.lineId === null) {
      wanted.push({ inquiry, key: null });
      continue;
    }
    const statement = `${inquiry.runId}\u0000${inquiry.partnerId}`;
    let keys = keysByStatement.get(statement);
    if (!keys) {
      const lines = (await store.statementLines(inquiry.runId, inquiry.partnerId)) ?? [];
      keys = new Map([...keyLines(lines)].map(([key, line]) => [line.id, key]));
      keysByStatement.set(statement, keys);
    }
    const key = keys.get(inquiry.lineId);
    if (key !== undefined) wanted.push({ inquiry, key });
  }
  return wanted;
}

const matches = (w: Wanted, a: AdjustmentRef): boolean =>
  a.partnerId === w.inquiry.partnerId && a.originalPeriod === w.inquiry.periodId && (w.key === null || a.lineKey === w.key);

/**
 * The corrections of each question, by question id (questions with none are absent), oldest period first. Read from
 * the current run of every period after the earliest asked, one query per period for all the questions' partners,
 * without traces; with `visibleOnly`, only runs a partner may read (approved, invoiced or posted), so a partner never
 * sees an adjustment before it is approved.
 */
export async function inquiryCorrections(
  store: Store,
  inquiries: readonly Inquiry[],
  options: { visibleOnly: boolean },
): Promise<Map<number, InquiryCorrection[]>> {
  const found = new Map<number, InquiryCorrection[]>();
  const wanted = await wantedOf(store, inquiries);
  if (wanted.length === 0) return found;
  const partners = [...new Set(wanted.map((w) => w.inquiry.partnerId))];
  const asked = [...new Set(wanted.map((w) => w.inquiry.periodId))];
  // each period's current run (its last, as `currentRun` reads it), periods by start date, from one read of the runs
  const current = new Map<string, RunRecord>();
  for (const run of await store.listRuns()) current.set(run.record.period.id, run.record);
  // a correction is booked in a later period than the one it corrects: periods starting no later than the earliest
  // asked one cannot hold any (the asked periods themselves included), so they are not read
  const earliest = [...current.values()].filter((r) => asked.includes(r.period.id)).reduce<string | undefined>((min, r) => (min === undefined || r.period.start < min ? r.period.start : min), undefined);
  for (const [periodId, run] of current) {
    if (earliest !== undefined && run.period.start <= earliest) continue;
    // approved runs are the ones partners may read
    if (options.visibleOnly && !isRunImmutable(run)) continue;
    for (const a of await readAdjustmentRefs(store.db, run.id, partners, asked)) {
      for (const w of wanted) {
        if (!matches(w, a)) continue;
        const list = found.get(w.inquiry.id) ?? [];
        list.push(correctionOf(periodId, run, a));
        found.set(w.inquiry.id, list);
      }
    }
  }
  return found;
}

function correctionOf(periodId: string, run: RunRecord, a: AdjustmentRef): InquiryCorrection {
  const { id: adjustmentId, label, change, currency, previousAmount, newAmount, delta } = a;
  return { periodId, runId: run.id, runState: run.state, approved: isRunImmutable(run), adjustmentId, label, change, currency, previousAmount, newAmount, delta };
}
