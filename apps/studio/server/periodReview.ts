import { blockedPartners, Decimal, isRunImmutable } from '@provvigo/core';
import type { AuditEntry, Issue } from '@provvigo/core';
import { getFiscalResults, withFiscalBlocks, type StatementHeader, type Store, type StoredRun } from '@provvigo/store';

/** One partner's total in the previous approved period and in this run (exact decimals; null when absent). */
export interface DiffRow {
  partnerId: string;
  previous: string | null;
  current: string | null;
  /** current − previous, absent sides counted as zero. */
  delta: string;
}

/** Totals per partner of two runs, every partner of either, sorted by the size of the change (largest first). */
export function periodDiff(previous: readonly Pick<StatementHeader, 'partnerId' | 'total'>[], current: readonly Pick<StatementHeader, 'partnerId' | 'total'>[]): DiffRow[] {
  const before = new Map(previous.map((h) => [h.partnerId, h.total]));
  const now = new Map(current.map((h) => [h.partnerId, h.total]));
  const ids = [...new Set([...before.keys(), ...now.keys()])];
  return ids
    .map((partnerId) => {
      const p = before.get(partnerId) ?? null;
      const c = now.get(partnerId) ?? null;
      return { partnerId, previous: p, current: c, delta: new Decimal(c ?? '0').minus(p ?? '0').toFixed() };
    })
    .sort((a, b) => new Decimal(b.delta).abs().comparedTo(new Decimal(a.delta).abs()) || (a.partnerId < b.partnerId ? -1 : 1));
}

/** What the approver reviews before deciding: validation results, the change against the previous period, remarks. */
export interface PeriodReview {
  run: { id: string; state: string; calculatedBy: string | null; calculatedAt: string | null; validatedBy: string | null; approvedBy: string | null; rejected: boolean };
  currency: string | null;
  /** Per fact table: records in, used, excluded, rejected (in = used + excluded + rejected). */
  counts: Record<string, { in: number; used: number; excluded: number; rejected: number }>;
  issues: Issue[];
  /** Issues beyond the first 200 are counted, not listed. */
  issuesLeftOff: number;
  blocked: { partnerId: string; reasons: { code: string; message: string; messages?: { it: string; en: string } | undefined }[] }[];
  previousPeriod: string | null;
  diff: DiffRow[];
  comments: { at: string; actor: string; text: string }[];
  rejections: { at: string; actor: string; reason: string }[];
}

const MAX_ISSUES = 200;

/** The review of a period's current run, read from the store only. */
export async function periodReview(store: Store, run: StoredRun): Promise<PeriodReview> {
  const rec = run.record;
  const headers = await store.listStatementHeaders(rec.id);
  const evaluated = withFiscalBlocks(await store.getEvaluated(rec.id), await getFiscalResults(store, rec.id));
  // chosen by core as validation and approval choose them; the review shows each reason's code and texts
  const blocked = blockedPartners(evaluated).map((b) => ({ partnerId: b.partnerId, reasons: b.reasons.map((r) => ({ code: r.code, message: r.message, messages: r.messages })) }));
  // the previous period: the latest period starting before this one, compared through its last approved run
  const periods = (await store.listPeriods()).filter((p) => p.start < rec.period.start).sort((a, b) => (a.start < b.start ? 1 : -1));
  let previousPeriod: string | null = null;
  let previous: StatementHeader[] = [];
  for (const p of periods.slice(0, 1)) {
    const approved = (await store.listRuns(p.id)).filter((r) => isRunImmutable(r.record)).at(-1);
    if (approved) {
      previousPeriod = p.id;
      previous = await store.listStatementHeaders(approved.record.id);
    }
  }
  const log: AuditEntry[] = await store.runAudit(rec.id);
  const issues = run.summary?.issues ?? [];
  return {
    run: {
      id: rec.id,
      state: rec.state,
      calculatedBy: rec.calculatedBy,
      calculatedAt: rec.calculatedAt,
      validatedBy: rec.validatedBy,
      approvedBy: rec.approvedBy,
      rejected: rec.history.at(-1)?.action === 'reject',
    },
    currency: headers[0]?.currency ?? null,
    counts: run.summary?.counts ?? {},
    issues: issues.slice(0, MAX_ISSUES),
    issuesLeftOff: Math.max(0, issues.length - MAX_ISSUES),
    blocked,
    previousPeriod,
    diff: previousPeriod ? periodDiff(previous, headers) : [],
    comments: log.filter((e) => e.action === 'run.comment').map((e) => ({ at: e.at, actor: e.actor, text: String(e.details?.['text'] ?? '') })),
    rejections: log.filter((e) => e.action === 'run.reject').map((e) => ({ at: e.at, actor: e.actor, reason: String(e.details?.['reason'] ?? '') })),
  };
}
