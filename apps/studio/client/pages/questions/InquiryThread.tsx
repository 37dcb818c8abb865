import { studioMessages } from '../../studioMessages.js';
import type { UiLocale } from '@provvigo/react';
import type { ReactElement, ReactNode } from 'react';
import type { Inquiry } from '@provvigo/store';
import { when } from '../when.js';

/** A partner's question and its answer, as GET …/inquiries returns them (the store's `Inquiry`, a type only). */
export type InquiryItem = Inquiry;

/**
 * One question with its answer (or that it awaits one). `lineLabel` words the line asked about (the partner's page
 * knows its lines; staff see the line id); `children` is where staff's answer form goes.
 */
export function InquiryThread({ inquiry, locale, lineLabel, showPartner, children }: { inquiry: InquiryItem; locale: UiLocale; lineLabel?: string | undefined; showPartner?: boolean; children?: ReactNode }): ReactElement {
  const w = studioMessages(locale);
  const about = inquiry.lineId === null ? w.wholeStatement : (lineLabel ?? inquiry.lineId);
  return (
    <li data-inquiry={inquiry.id} data-answered={inquiry.answer !== null}>
      <p>
        <strong>{showPartner ? `${inquiry.partnerId} · ` : ''}{w.askedBy(inquiry.askedBy, when(inquiry.askedAt, locale))}</strong>
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
        </div>
      ) : (
        <p className="pv-muted">{w.awaitingAnswer}</p>
      )}
      {children}
    </li>
  );
}
