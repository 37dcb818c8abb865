import { studioMessages } from '../../studioMessages.js';
import type { UiLocale } from '@provvigo/react';
import { useId, useState } from 'react';
import type { FormEvent, ReactElement } from 'react';
import { InquiryThread, type InquiryItem } from './InquiryThread.js';
import { isNewQuestion } from './news.js';

type Outcome = 'explained' | 'toCorrect';

/** The answer form under one open question. */
function AnswerForm({ inquiry, locale, busy, onAnswer }: { inquiry: InquiryItem; locale: UiLocale; busy: boolean; onAnswer: (id: number, answer: string, outcome: Outcome) => Promise<boolean> }): ReactElement {
  const w = studioMessages(locale);
  const id = useId();
  const [text, setText] = useState('');
  const [outcome, setOutcome] = useState<Outcome>('explained');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (await onAnswer(inquiry.id, text, outcome)) setText('');
  };
  return (
    <form onSubmit={submit} className="pv-comment-form" data-testid={`answer-form-${inquiry.id}`}>
      <label htmlFor={`${id}-text`}>{w.answerTitle}</label>
      <textarea id={`${id}-text`} value={text} onChange={(e) => setText(e.target.value)} rows={2} maxLength={2000} />
      <fieldset>
        <legend>{w.answerOutcome}</legend>
        {(['explained', 'toCorrect'] as const).map((o) => (
          <label key={o}>
            <input type="radio" name={`${id}-outcome`} value={o} checked={outcome === o} onChange={() => setOutcome(o)} /> {w.outcomes[o]}
          </label>
        ))}
      </fieldset>
      <button type="submit" className="pv-button" disabled={busy || !text.trim()}>
        {w.answerSend}
      </button>
    </form>
  );
}

/**
 * Every partner's questions about the period, open ones first counted, and the corrections promised that no run has
 * booked yet; finance and the approver (`canAnswer`) answer an open one under it, saying whether the statement stands
 * or will be corrected. Others read only.
 */
export function StaffQuestions({ inquiries, since = null, locale, canAnswer, busy, result, onAnswer, onNotify }: {
  inquiries: readonly InquiryItem[];
  /** The reader's previous sign-in (GET …/inquiries `since`): open questions asked after it are marked new. */
  since?: string | null;
  locale: UiLocale;
  canAnswer: boolean;
  busy: boolean;
  result: { ok: boolean; text: string } | null;
  onAnswer: (id: number, answer: string, outcome: Outcome) => Promise<boolean>;
  /** E-mails the answers no message has carried yet (POST …/inquiries/notify); absent when the studio has no e-mail. */
  onNotify?: (() => Promise<void>) | undefined;
}): ReactElement {
  const w = studioMessages(locale);
  const id = useId();
  const open = inquiries.filter((q) => q.answer === null).length;
  const fresh = inquiries.filter((q) => isNewQuestion(q, since)).length;
  // promised corrections no run has booked yet: finance's own to-do, beside the partners' open questions
  const promised = inquiries.filter((q) => q.answer?.outcome === 'toCorrect' && (q.corrections ?? []).length === 0).length;
  // answers no e-mail has carried yet (`notice: null` from the staff route): what the button (or `provvigo period
  // notify`) sends
  const unsent = inquiries.filter((q) => q.answer !== null && q.notice === null).length;
  return (
    <section aria-labelledby={`${id}-q`} className="pv-review" data-testid="staff-questions">
      <h3 id={`${id}-q`}>{w.questionsStaff}</h3>
      {inquiries.length === 0 ? <p>{w.noQuestions}</p> : null}
      {open > 0 ? <p data-testid="open-questions">{w.openQuestions(open)}{fresh > 0 ? ` ${w.newQuestions(fresh)}` : ''}</p> : null}
      {promised > 0 ? <p data-testid="promised-corrections">{w.promisedCorrections(promised)}</p> : null}
      {unsent > 0 ? (
        <p data-testid="unsent-answers">
          {w.unsentAnswers(unsent)}
          {canAnswer && onNotify ? (
            <>
              {' '}
              <button type="button" className="pv-button" disabled={busy} onClick={() => void onNotify()}>
                {w.notifySend}
              </button>
            </>
          ) : null}
        </p>
      ) : null}
      {result ? (
        <p role={result.ok ? 'status' : 'alert'} className={result.ok ? undefined : 'studio-error'} data-testid="answer-result">
          {result.text}
        </p>
      ) : null}
      {inquiries.length > 0 ? (
        <ul className="studio-questions">
          {inquiries.map((q) => (
            <InquiryThread key={q.id} inquiry={q} locale={locale} showPartner news={isNewQuestion(q, since) ? w.newQuestion : undefined}>
              {canAnswer && q.answer === null ? <AnswerForm inquiry={q} locale={locale} busy={busy} onAnswer={onAnswer} /> : null}
            </InquiryThread>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
