import { errorTexts, formatMoneyMove, type BothLanguages, type Locale } from '@provvigo/core';
import type { Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';

/**
 * The e-mail that tells a partner the answers to its questions on a period's statements, in the partner's language:
 * each question with what it was about (a line, by its label, or the whole statement), the answer, its outcome, and
 * the corrections later approved runs booked (or that one is still to come). The caller gathers what is due (the
 * store's `dueAnswerNotices`) and records what was sent (`recordInquiryNotice`); the command line's `period notify` and
 * the studio's period page both send through here.
 */

/** A correction of what was asked, as the store's `inquiryCorrections` gives it. */
export interface NoticeCorrection {
  periodId: string;
  label: string;
  currency: string;
  previousAmount: string;
  newAmount: string;
  delta: string;
}

/** What one partner's notice carries (the store's `DueAnswerNotice` has this shape). */
export interface AnswerNoticeInput {
  periodId: string;
  partner: { id: string; name: string; language: Locale; billing?: { email?: string | undefined } | undefined };
  inquiries: ReadonlyArray<{ id: number; lineId: string | null; question: string; answer: { text: string; outcome: 'explained' | 'toCorrect' } | null }>;
  /** The labels of the lines asked about, by line id. */
  labels: ReadonlyMap<string, string>;
  /** The corrections booked for each question, by question id. */
  corrections: ReadonlyMap<number, readonly NoticeCorrection[]>;
}

const MAIL: Record<Locale, {
  subject: (period: string) => string;
  greeting: (name: string) => string;
  intro: (period: string) => string;
  whole: string;
  line: (label: string) => string;
  answer: string;
  outcomes: Record<'explained' | 'toCorrect', string>;
  corrected: (period: string) => string;
  awaitingCorrection: string;
  portal: (url: string) => string;
}> = {
  en: {
    subject: (period) => `Answers to your questions on your commission statement – period ${period}`,
    greeting: (name) => `Dear ${name},`,
    intro: (period) => `we have answered your questions on your commission statement for period ${period}:`,
    whole: 'the whole statement',
    line: (label) => `the line "${label}"`,
    answer: 'Answer',
    outcomes: { explained: 'the statement stands', toCorrect: 'it will be corrected' },
    corrected: (period) => `Corrected in period ${period}`,
    awaitingCorrection: 'The correction will appear in a later statement.',
    portal: (url) => `You can read them, with your statements, in the portal: ${url}`,
  },
  it: {
    subject: (period) => `Risposte alle sue domande sull'estratto conto provvigioni – periodo ${period}`,
    greeting: (name) => `Gentile ${name},`,
    intro: (period) => `abbiamo risposto alle sue domande sull'estratto conto provvigioni del periodo ${period}:`,
    whole: "l'estratto conto nel suo insieme",
    line: (label) => `la riga «${label}»`,
    answer: 'Risposta',
    outcomes: { explained: "l'estratto conto è confermato", toCorrect: 'sarà corretto' },
    corrected: (period) => `Corretto nel periodo ${period}`,
    awaitingCorrection: 'La correzione comparirà in un prossimo estratto conto.',
    portal: (url) => `Può leggerle, con i suoi estratti conto, nel portale: ${url}`,
  },
};

/** Each line of a text indented under its heading (a question or an answer can hold several lines). */
const indented = (text: string): string => text.split('\n').map((l) => `   ${l}`).join('\n');

/** One answered question: what was asked about, the question, the answer and outcome, and its corrections. */
function answeredText(n: AnswerNoticeInput, q: AnswerNoticeInput['inquiries'][number], locale: Locale): string {
  const w = MAIL[locale];
  const about = q.lineId === null ? w.whole : w.line(n.labels.get(q.lineId) ?? q.lineId);
  const corrections = n.corrections.get(q.id) ?? [];
  const parts = [`- ${about}:`, indented(q.question), `  ${w.answer} (${w.outcomes[q.answer!.outcome]}):`, indented(q.answer!.text)];
  for (const c of corrections) parts.push(`  ${w.corrected(c.periodId)}: ${c.label} ${formatMoneyMove(c.previousAmount, c.newAmount, c.delta, c.currency, locale)}`);
  if (q.answer!.outcome === 'toCorrect' && corrections.length === 0) parts.push(`  ${w.awaitingCorrection}`);
  return parts.join('\n');
}

/** The notice's subject and plain text, in the partner's language; its answered questions only. */
export function answerNoticeMail(n: AnswerNoticeInput, options: { portalUrl?: string | undefined } = {}): { subject: string; text: string } {
  const locale = n.partner.language;
  const w = MAIL[locale];
  const body = n.inquiries.filter((q) => q.answer !== null).map((q) => answeredText(n, q, locale));
  const portal = options.portalUrl ? [w.portal(options.portalUrl), ''] : [];
  return { subject: w.subject(n.periodId), text: [w.greeting(n.partner.name), '', w.intro(n.periodId), '', ...body.flatMap((b) => [b, '']), ...portal].join('\n') };
}

/** What became of one partner's notice: sent (with the server's message id) or not, and why in both languages. */
export interface AnswerNoticeResult {
  partnerId: string;
  inquiries: number[];
  status: 'sent' | 'failed';
  to: string | null;
  messageId: string | null;
  reason?: BothLanguages;
}

export interface SendAnswerNoticesOptions {
  transport: Transporter<SMTPTransport.SentMessageInfo>;
  from: string;
  portalUrl?: string | undefined;
  /** Records a message the server accepted (the store's `recordInquiryNotice`), before the next is sent. */
  record: (sent: { partnerId: string; inquiries: number[]; to: string; messageId: string }) => Promise<void>;
}

/** Where a partner's notice goes: its billing e-mail as the run asked about stored it, or why it cannot be sent. */
export function noticeRecipient(n: AnswerNoticeInput): { to: string } | { reason: BothLanguages } {
  const to = n.partner.billing?.email;
  if (to) return { to };
  return { reason: { en: 'no e-mail address (partner.billing.email in the run asked about)', it: "nessun indirizzo e-mail (partner.billing.email nell'esecuzione a cui si riferiscono le domande)" } };
}

/**
 * Sends each partner its notice and records each one the server accepted. A partner without an address, or whose
 * mailbox the server refuses, is that partner's failure (with the server's reason): the others are still sent, and
 * its answers stay due for the next run.
 */
export async function sendAnswerNotices(notices: readonly AnswerNoticeInput[], options: SendAnswerNoticesOptions): Promise<AnswerNoticeResult[]> {
  const results: AnswerNoticeResult[] = [];
  for (const n of notices) {
    const inquiries = n.inquiries.filter((q) => q.answer !== null).map((q) => q.id);
    const base = { partnerId: n.partner.id, inquiries };
    const recipient = noticeRecipient(n);
    if ('reason' in recipient) {
      results.push({ ...base, status: 'failed', to: null, messageId: null, reason: recipient.reason });
      continue;
    }
    const { to } = recipient;
    const { subject, text } = answerNoticeMail(n, options);
    let messageId: string;
    try {
      const headers = { 'X-Provvigo-Notice': `${n.periodId}/${n.partner.id}/${inquiries.join(',')}` };
      messageId = (await options.transport.sendMail({ from: options.from, to, subject, text, headers })).messageId ?? '';
    } catch (e) {
      // the server's own reply ("550 5.1.1 … mailbox unavailable") when it gave one, in both languages as it said it
      const said = (e as { response?: string }).response;
      results.push({ ...base, status: 'failed', to, messageId: null, reason: said ? { en: said, it: said } : errorTexts(e) });
      continue;
    }
    // after the send: a crash in between sends these answers again with the next run, never loses them
    await options.record({ ...base, to, messageId });
    results.push({ ...base, status: 'sent', to, messageId });
  }
  return results;
}
