import type { BothLanguages } from '@provvigo/core';

/**
 * A failed partition's reason in both languages, through BullMQ. BullMQ keeps one text per failed job (its
 * `failedReason`, the error's message), so a worker that fails with a text in both languages writes the English, then
 * this mark, then the Italian; the coordinator splits them again. The English comes first so that a queue dashboard
 * showing the raw reason still reads it, and a reason without the mark (BullMQ's own, a worker of an older version)
 * is read as English in both, except BullMQ's own reasons, which are worded here.
 */
const ITALIAN_MARK = '\n[it] ';

/** BullMQ's own reasons for a job it fails itself (a worker that died under it, again and again). */
const BULLMQ_REASONS_IT: ReadonlyMap<string, string> = new Map([
  ['job stalled more than allowable limit', 'il job si è bloccato più volte del consentito (il worker che lo calcolava si è fermato)'],
  ['job started more than allowable limit', 'il job è stato avviato più volte del consentito'],
]);

/** The text a worker fails its job with: `reason.en`, and `reason.it` after the mark when it differs. */
export function failedReasonText(reason: BothLanguages): string {
  return reason.it === reason.en ? reason.en : `${reason.en}${ITALIAN_MARK}${reason.it}`;
}

/** A job's `failedReason` read back in both languages (see `failedReasonText`). */
export function readFailedReason(text: string): BothLanguages {
  const at = text.indexOf(ITALIAN_MARK);
  if (at >= 0) return { en: text.slice(0, at), it: text.slice(at + ITALIAN_MARK.length) };
  return { en: text, it: BULLMQ_REASONS_IT.get(text) ?? text };
}
