import { formatMoney, formatMoneyChange } from '@provvigo/core';
import { studioMessages } from '../../studioMessages.js';
import type { UiLocale } from '@provvigo/react';
import type { ReactElement, ReactNode } from 'react';
import type { Inquiry, InquiryCorrection, InquiryNotice } from '@provvigo/store';
import { when } from '../when.js';

/**
 * A partner's question and its answer, as GET …/inquiries returns them (the store's `Inquiry`, a type only), with the
 * adjustments of later runs that correct what it asked about (none until a run books one).
 */
export type InquiryItem = Inquiry & {
  corrections?: InquiryCorrection[] | undefined;
  /** To staff: the e-mail that carried the answer to the partner (`provvigo period notify`), or null before one. */
  notice?: Pick<InquiryNotice, 'to' | 'at'> | null | undefined;
};

/**
 * What became of the statement asked about: the adjustments that correct it (period, line, old → new amount, the
 * change, and to staff whether the correcting run is approved yet), or, after "it will be corrected", that none is
 * booked yet: the partner sees the promise kept or still open, finance what is left to do.
 */
function Corrections({ inquiry, locale }: { inquiry: InquiryItem; locale: UiLocale }): ReactElement | null {
  const w = studioMessages(locale);
  const corrections = inquiry.corrections ?? [];
  if (corrections.length === 0) {
    return inquiry.answer?.outcome === 'toCorrect' ? <p className="pv-muted" data-testid="inquiry-correction-awaited">{w.correctionAwaited}</p> : null;
  }
  return (
    <ul className="studio-corrections" data-testid="inquiry-corrections">
      {corrections.map((c) => (
        <li key={`${c.runId}/${c.adjustmentId}`} data-adjustment={c.adjustmentId}>
          <strong>{w.correctedIn(c.periodId)}</strong>
          {' — '}
          {w.correctionLine(c.label, formatMoney(c.previousAmount, c.currency, locale), formatMoney(c.newAmount, c.currency, locale))}
          {' ('}
          <span className="studio-nowrap">{formatMoneyChange(c.delta, c.currency, locale)}</span>
          {')'}
          {!c.approved ? <span className="pv-muted"> ({w.correctionUnapproved})</span> : null}
        </li>
      ))}
    </ul>
  );
}

/**
 * One question with its answer (or that it awaits one). `lineLabel` words the line asked about (the partner's page
 * knows its lines; staff see the line id); `children` is where staff's answer form goes.
 */
export function InquiryThread({ inquiry, locale, lineLabel, showPartner, news, children }: {
  inquiry: InquiryItem;
  locale: UiLocale;
  lineLabel?: string | undefined;
  showPartner?: boolean;
  /** A mark for what is new since the reader's previous sign-in ("New answer"), beside the heading. */
  news?: string | undefined;
  children?: ReactNode;
}): ReactElement {
  const w = studioMessages(locale);
  const about = inquiry.lineId === null ? w.wholeStatement : (lineLabel ?? inquiry.lineId);
  return (
    <li data-inquiry={inquiry.id} data-answered={inquiry.answer !== null} data-new={news !== undefined}>
      <p>
        <strong>{showPartner ? `${inquiry.partnerId} · ` : ''}{w.askedBy(inquiry.askedBy, when(inquiry.askedAt, locale))}</strong>
        {news !== undefined ? <span className="studio-new" data-testid="inquiry-new">{news}</span> : null}
        <br />
        <span className="pv-muted">{w.aboutLine(about)}</span>
      </p>
      <p className="studio-prewrap">{inquiry.question}</p>
      {inquiry.answer ? (
        <div data-testid="inquiry-answer">
          <p>
            <strong>{w.answerBy(inquiry.answer.by, when(inquiry.answer.at, locale))}</strong> — {w.outcomes[inquiry.answer.outcome]}
          </p>
          <p className="studio-prewrap">{inquiry.answer.text}</p>
          {inquiry.notice ? <p className="pv-muted" data-testid="inquiry-notice">{w.noticeSent(inquiry.notice.to, when(inquiry.notice.at, locale))}</p> : null}
        </div>
      ) : (
        <p className="pv-muted">{w.awaitingAnswer}</p>
      )}
      <Corrections inquiry={inquiry} locale={locale} />
      {children}
    </li>
  );
}
