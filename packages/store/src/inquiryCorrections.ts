import { isRunImmutable, lineKey, type AdjustmentLine, type RunRecord } from '@provvigo/core';
import type { Inquiry } from './inquiries.js';
import type { Store } from './store.js';

/**
 * Where a partner's question was answered by a correction: the adjustments a later period's run books for the
 * statement asked about. An approved period never changes; a correction of one of its lines is an adjustment line in
 * the next period calculated (core's `adjustmentsFor`), carrying the period it corrects and the line's key (plan,
 * payout, source record). So the link between an answer "it will be corrected" and the money that corrects it is read
 * from the runs' stored statements, not written by hand: it cannot point at an adjustment that does not exist, and
 * it appears by itself once the correcting run is calculated.
 */
export interface InquiryCorrection {
  /** The later period whose run books the adjustment, and that run. */
  periodId: string;
  runId: string;
  runState: RunRecord['state'];
  /** Whether that run is approved (or later): partners read only those; staff also see corrections under review. */
  approved: boolean;
  adjustmentId: string;
  label: string;
  change: AdjustmentLine['change'];
  currency: string;
  previousAmount: string;
  newAmount: string;
  delta: string;
}

/** Which adjustments answer a question: the line's (by key) for a question about a line, any of the period's for the whole statement. */
interface Wanted {
  inquiry: Inquiry;
  /** The asked line's key; null for the whole statement, or for a line the asked run no longer has. */
  key: string | null;
}

async function wantedOf(store: Store, inquiries: readonly Inquiry[]): Promise<Wanted[]> {
  const lines = new Map<string, Map<string, string>>();
  const keysOf = async (runId: string, partnerId: string): Promise<Map<string, string>> => {
    const id = `${runId}\u0000${partnerId}`;
    let keys = lines.get(id);
    if (!keys) {
      const [statement] = await store.getEvaluated(runId, partnerId);
      keys = new Map((statement?.lines ?? []).map((l) => [l.id, lineKey(l)]));
      lines.set(id, keys);
    }
    return keys;
  };
  const wanted: Wanted[] = [];
  for (const inquiry of inquiries) {
    const key = inquiry.lineId === null ? null : ((await keysOf(inquiry.runId, inquiry.partnerId)).get(inquiry.lineId) ?? null);
    // a line id the asked run does not hold matches nothing (never the whole statement's adjustments)
    if (inquiry.lineId !== null && key === null) continue;
    wanted.push({ inquiry, key });
  }
  return wanted;
}

const matches = (w: Wanted, a: AdjustmentLine): boolean =>
  a.partnerId === w.inquiry.partnerId && a.originalPeriod === w.inquiry.periodId && (w.key === null || a.lineKey === w.key);

/**
 * The corrections of each question, by question id (questions with none are absent), oldest period first. Read from
 * the current run of every period; with `visibleOnly`, only runs a partner may read (approved, invoiced or posted),
 * so a partner never sees an adjustment before it is approved.
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
  // every period by start date, the asked ones included: an adjustment names the period it corrects, never its own
  for (const period of await store.listPeriods()) {
    // the period's current run (its last), as `currentRun` reads it; approved runs are the ones partners may read
    const run = (await store.listRuns(period.id)).at(-1);
    if (!run || (options.visibleOnly && !isRunImmutable(run.record))) continue;
    for (const partnerId of partners) {
      const [statement] = await store.getStatements(run.record.id, partnerId);
      for (const a of statement?.adjustments ?? []) {
        for (const w of wanted) {
          if (!matches(w, a)) continue;
          const list = found.get(w.inquiry.id) ?? [];
          list.push(correctionOf(period.id, run.record, a));
          found.set(w.inquiry.id, list);
        }
      }
    }
  }
  return found;
}

function correctionOf(periodId: string, run: RunRecord, a: AdjustmentLine): InquiryCorrection {
  const { id: adjustmentId, label, change, currency, previousAmount, newAmount, delta } = a;
  return { periodId, runId: run.id, runState: run.state, approved: isRunImmutable(run), adjustmentId, label, change, currency, previousAmount, newAmount, delta };
}
