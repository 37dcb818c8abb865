import type { InquiryItem } from './InquiryThread.js';

/**
 * What happened since the reader's previous sign-in (`since`, the server's reading of the audit log; null on a first
 * sign-in, when nothing is marked): for a partner, answers given after it; for staff, questions asked after it and
 * still awaiting an answer. Times are compared as instants, whatever their written form.
 */
export function isNewAnswer(q: InquiryItem, since: string | null): boolean {
  return since !== null && q.answer !== null && Date.parse(q.answer.at) > Date.parse(since);
}

export function isNewQuestion(q: InquiryItem, since: string | null): boolean {
  return since !== null && q.answer === null && Date.parse(q.askedAt) > Date.parse(since);
}
