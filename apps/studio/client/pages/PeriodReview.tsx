import { formatMoney } from '@provvigo/core';
import type { Issue } from '@provvigo/core';
import { formatDecimal, messages } from '@provvigo/react';
import type { UiLocale } from '@provvigo/react';
import { useId, useState } from 'react';
import type { FormEvent, ReactElement } from 'react';
import { when } from './when.js';

/** GET /api/periods/:period/review (server/periodReview.ts). */
export interface Review {
  run: { id: string; state: string; calculatedBy: string | null; validatedBy: string | null; approvedBy: string | null; rejected: boolean };
  currency: string | null;
  counts: Record<string, { in: number; used: number; excluded: number; rejected: number }>;
  issues: Issue[];
  issuesLeftOff: number;
  blocked: { partnerId: string; reasons: { code: string; message: string; messages?: { it: string; en: string } }[] }[];
  previousPeriod: string | null;
  diff: { partnerId: string; previous: string | null; current: string | null; delta: string }[];
  comments: { at: string; actor: string; text: string }[];
  rejections: { at: string; actor: string; reason: string }[];
}

/** What the approver reads before deciding: validation results, the change against the previous period, comments. */
export function PeriodReview({ review, locale, canComment, busy, onComment }: { review: Review; locale: UiLocale; canComment: boolean; busy: boolean; onComment: (text: string) => Promise<boolean> }): ReactElement {
  const t = messages(locale);
  const id = useId();
  const [text, setText] = useState('');
  const money = (v: string | null) => (v === null ? '—' : review.currency ? formatMoney(v, review.currency, locale) : formatDecimal(v, locale));
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (await onComment(text)) setText('');
  };
  return (
    <div className="pv-review" data-testid="review">
      <section aria-labelledby={`${id}-v`}>
        <h3 id={`${id}-v`}>{t.validation}</h3>
        <table className="pv-table pv-stack" data-testid="counts">
          <caption>{t.table}</caption>
          <thead>
            <tr>
              <th scope="col">{t.table}</th>
              <th scope="col" className="pv-num">{t.countIn}</th>
              <th scope="col" className="pv-num">{t.countUsed}</th>
              <th scope="col" className="pv-num">{t.countExcluded}</th>
              <th scope="col" className="pv-num">{t.countRejected}</th>
            </tr>
          </thead>
          <tbody>
            {Object.entries(review.counts).map(([table, c]) => (
              <tr key={table} data-table={table}>
                <th scope="row">{table}</th>
                <td className="pv-num" data-label={t.countIn}>{formatDecimal(String(c.in), locale, 0)}</td>
                <td className="pv-num" data-label={t.countUsed}>{formatDecimal(String(c.used), locale, 0)}</td>
                <td className="pv-num" data-label={t.countExcluded}>{formatDecimal(String(c.excluded), locale, 0)}</td>
                <td className="pv-num" data-label={t.countRejected}>{formatDecimal(String(c.rejected), locale, 0)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <h4>{t.blockedPartners}</h4>
        {review.blocked.length === 0 ? (
          <p data-testid="no-blocked">{t.noBlocked}</p>
        ) : (
          <ul data-testid="blocked">
            {review.blocked.map((b) => (
              <li key={b.partnerId}>
                <strong>{b.partnerId}</strong>: {b.reasons.map((r) => r.messages?.[locale] ?? r.message).join('; ')}
              </li>
            ))}
          </ul>
        )}
        <h4>
          {t.issues} ({t.issuesCount(review.issues.length, review.issuesLeftOff)})
        </h4>
        {review.issues.length === 0 ? (
          <p>{t.noIssuesRun}</p>
        ) : (
          <ul className="pv-issue-list" data-testid="run-issues">
            {review.issues.slice(0, 20).map((i, k) => (
              <li key={`${i.code}-${k}`}>{i.messages?.[locale] ?? i.message}</li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby={`${id}-d`}>
        <h3 id={`${id}-d`}>{review.previousPeriod ? t.diffTitle(review.previousPeriod) : t.change}</h3>
        {review.previousPeriod ? (
          <table className="pv-table pv-stack" data-testid="diff">
            <thead>
              <tr>
                <th scope="col">{t.partner}</th>
                <th scope="col" className="pv-num">{t.previousTotal}</th>
                <th scope="col" className="pv-num">{t.currentTotal}</th>
                <th scope="col" className="pv-num">{t.change}</th>
              </tr>
            </thead>
            <tbody>
              {review.diff.map((r) => (
                <tr key={r.partnerId}>
                  <th scope="row">{r.partnerId}</th>
                  <td className="pv-num" data-label={t.previousTotal}>{money(r.previous)}</td>
                  <td className="pv-num" data-label={t.currentTotal}>{money(r.current)}</td>
                  <td className="pv-num" data-label={t.change}>{money(r.delta)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p data-testid="no-previous">{t.noPrevious}</p>
        )}
      </section>
      <section aria-labelledby={`${id}-c`}>
        <h3 id={`${id}-c`}>{t.comments}</h3>
        {review.rejections.length > 0 ? (
          <ul data-testid="rejections">
            {review.rejections.map((r) => (
              <li key={r.at + r.actor}>
                <strong>{t.rejectedBy(r.actor, when(r.at, locale))}</strong>: {r.reason}
              </li>
            ))}
          </ul>
        ) : null}
        {review.comments.length === 0 ? (
          <p>{t.noComments}</p>
        ) : (
          <ul data-testid="comments">
            {review.comments.map((c, k) => (
              <li key={`${c.at}-${k}`}>
                <strong>{c.actor}</strong> ({when(c.at, locale)}): {c.text}
              </li>
            ))}
          </ul>
        )}
        {canComment ? (
          <form onSubmit={submit} className="pv-comment-form">
            <label htmlFor={`${id}-text`}>{t.addComment}</label>
            <textarea id={`${id}-text`} value={text} onChange={(e) => setText(e.target.value)} rows={2} maxLength={2000} />
            <button type="submit" className="pv-button" disabled={busy || !text.trim()}>
              {t.send}
            </button>
          </form>
        ) : null}
      </section>
    </div>
  );
}
