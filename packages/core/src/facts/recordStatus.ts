/** What became of one fact record in a run: used by a plan, excluded (and why), or rejected (with an issue). */
export type RecordStatus = { status: 'used' } | { status: 'excluded'; reason: string } | { status: 'rejected' };

// Shared status values: one object per reason, not per record (a million records stay cheap).
export const USED: RecordStatus = { status: 'used' };
export const REJECTED: RecordStatus = { status: 'rejected' };
const reasons = new Map<string, RecordStatus>();
export const excluded = (reason: string): RecordStatus => {
  let s = reasons.get(reason);
  if (!s) reasons.set(reason, (s = { status: 'excluded', reason }));
  return s;
};
