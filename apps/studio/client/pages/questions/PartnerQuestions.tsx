import { formatMoney } from '@provvigo/core';
import { studioMessages } from '../../studioMessages.js';
import type { UiLocale } from '@provvigo/react';
import { useId, useState } from 'react';
import type { FormEvent, ReactElement } from 'react';
import { InquiryThread, type InquiryItem } from './InquiryThread.js';
import { isNewAnswer } from './news.js';

/** A statement line as the question form names it. */
export interface AskableLine {
  id: string;
  label: string;
  sourceId: string | null;
  amount: string;
  currency: string;
}

/** The words for a line in the form and on a question: its label, source record and amount. */
export function lineWords(line: AskableLine, locale: UiLocale): string {
  return [line.label, line.sourceId, formatMoney(line.amount, line.currency, locale)].filter((p) => p !== null).join(' · ');
}

/**
 * The partner's questions about its statement and the form to ask one (about the whole statement or one line):
 * `onAsk` sends it and says whether it went; the answer of each question shows under it once finance gives one.
 */
export function PartnerQuestions({ inquiries, since = null, lines, locale, busy, result, onAsk }: {
  inquiries: readonly InquiryItem[];
  /** The partner's previous sign-in (GET …/inquiries `since`): answers given after it are marked new. */
  since?: string | null;
  lines: readonly AskableLine[];
  locale: UiLocale;
  busy: boolean;
  result: { ok: boolean; text: string } | null;
  onAsk: (question: string, lineId: string | undefined) => Promise<boolean>;
}): ReactElement {
  const w = studioMessages(locale);
  const id = useId();
  const [question, setQuestion] = useState('');
  const [lineId, setLineId] = useState('');
  const labels = new Map(lines.map((l) => [l.id, lineWords(l, locale)]));
  const fresh = inquiries.filter((q) => isNewAnswer(q, since)).length;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (await onAsk(question, lineId || undefined)) {
      setQuestion('');
      setLineId('');
    }
  };
  return (
    <section aria-labelledby={`${id}-q`} data-testid="partner-questions">
      <h3 id={`${id}-q`}>{w.questions}</h3>
      {fresh > 0 ? <p role="status" data-testid="new-answers">{w.newAnswers(fresh)}</p> : null}
      {inquiries.length === 0 ? (
        <p>{w.noQuestions}</p>
      ) : (
        <ul className="studio-questions">
          {inquiries.map((q) => (
            <InquiryThread key={q.id} inquiry={q} locale={locale} lineLabel={q.lineId === null ? undefined : labels.get(q.lineId)} news={isNewAnswer(q, since) ? w.newAnswer : undefined} />
          ))}
        </ul>
      )}
      <form onSubmit={submit} className="pv-comment-form studio-ask" data-testid="ask-form">
        <h4>{w.askTitle}</h4>
        <p className="pv-muted">{w.askHint}</p>
        <label htmlFor={`${id}-about`}>{w.askAbout}</label>
        <select id={`${id}-about`} value={lineId} onChange={(e) => setLineId(e.target.value)}>
          <option value="">{w.wholeStatement}</option>
          {lines.map((l) => (
            <option key={l.id} value={l.id}>
              {labels.get(l.id)}
            </option>
          ))}
        </select>
        <label htmlFor={`${id}-text`}>{w.yourQuestion}</label>
        <textarea id={`${id}-text`} value={question} onChange={(e) => setQuestion(e.target.value)} rows={3} maxLength={2000} />
        <button type="submit" className="pv-button" disabled={busy || !question.trim()}>
          {busy ? w.asking : w.askSend}
        </button>
        {result ? (
          <p role={result.ok ? 'status' : 'alert'} className={result.ok ? undefined : 'studio-error'} data-testid="ask-result">
            {result.text}
          </p>
        ) : null}
      </form>
    </section>
  );
}
