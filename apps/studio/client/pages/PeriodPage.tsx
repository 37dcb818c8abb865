import { formatMoney } from '@provvigo/core';
import { messages } from '@provvigo/react';
import { studioMessages } from '../studioMessages.js';
import type { UiLocale } from '@provvigo/react';
import { useCallback, useEffect, useId, useState } from 'react';
import type { ReactElement } from 'react';
import { api, failureText } from '../api.js';
import type { StatementHeader, User } from '../types.js';
import { StatementView, type StatementResponse } from '../StatementView.js';
import { PeriodActions } from './PeriodActions.js';
import type { RunAction } from './PeriodActions.js';
import { PeriodReview } from './PeriodReview.js';
import type { Review } from './PeriodReview.js';
import { SapPostingsPanel } from './SapPostingsPanel.js';
import type { SapPostings } from './SapPostingsPanel.js';
import type { InquiryItem } from './questions/InquiryThread.js';
import type { AnswerNoticeResult as NoticeResult } from '@provvigo/documents';
import { StaffQuestions } from './questions/StaffQuestions.js';

/**
 * Who reads what SAP holds (the server's rule, routes/sapPostings.ts), and the states of an approved run (partners
 * read it, SAP may hold it).
 */
const SAP_READERS = ['finance', 'approver', 'auditor'];
const APPROVED = new Set(['approved', 'invoiced', 'posted']);
/** Who reads partners' questions, and who answers them (routes/inquiries.ts). */
const QUESTION_READERS = ['finance', 'approver', 'calculator', 'auditor'];
const ANSWERERS = ['finance', 'approver'];

/**
 * The period page: calculate, validate, approve or reject (with a reason) the period's run, the approver's review
 * (validation results, diff against the previous period, comments), partners' questions about an approved run's
 * statements (finance and the approver answer), what SAP holds of it (finance, approvers and auditors) and any
 * partner's statement. Each button is enabled only in the states where its action applies; a request in flight shows
 * its progress; each result is said in words.
 */
export function PeriodPage({ user, period, locale }: { user: User; period: string; locale: UiLocale }): ReactElement {
  const t = messages(locale);
  const w = studioMessages(locale);
  const id = useId();
  const [headers, setHeaders] = useState<StatementHeader[]>([]);
  const [review, setReview] = useState<Review | null>(null);
  const [sap, setSap] = useState<SapPostings | null>(null);
  const readsSap = user.roles.some((r) => SAP_READERS.includes(r));
  const [questions, setQuestions] = useState<InquiryItem[] | null>(null);
  const [since, setSince] = useState<string | null>(null);
  const [mail, setMail] = useState(false);
  const [answering, setAnswering] = useState(false);
  const [answerResult, setAnswerResult] = useState<{ ok: boolean; text: string } | null>(null);
  const readsQuestions = user.roles.some((r) => QUESTION_READERS.includes(r));
  const [busy, setBusy] = useState<RunAction | null>(null);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const [open, setOpen] = useState<StatementResponse | undefined>();
  const base = `/api/periods/${encodeURIComponent(period)}`;
  const refresh = useCallback(async () => {
    const [h, r, s, q] = await Promise.all([
      api<{ statements: StatementHeader[] }>('GET', `${base}/statements`).catch(() => ({ statements: [] })),
      api<Review>('GET', `${base}/review`).catch(() => null),
      readsSap ? api<SapPostings>('GET', `${base}/sap`).catch(() => null) : null,
      readsQuestions ? api<{ inquiries: InquiryItem[]; since: string | null; mail: boolean }>('GET', `${base}/inquiries`).catch(() => null) : null,
    ]);
    setHeaders(h.statements);
    setReview(r);
    setSap(s);
    setQuestions(q?.inquiries ?? null);
    setSince(q?.since ?? null);
    setMail(q?.mail === true);
  }, [base, readsSap, readsQuestions]);
  useEffect(() => {
    void refresh();
  }, [refresh]);

  const state = review?.run.state ?? 'none';
  const rejected = review?.run.rejected ?? false;
  const is = (role: string) => user.roles.includes(role);

  async function act(action: RunAction, body?: unknown): Promise<boolean> {
    setBusy(action);
    setResult(null);
    try {
      const path = action === 'comment' ? `${base}/comments` : `${base}/${action}`;
      const r = await api<Record<string, unknown>>('POST', path, body);
      setResult({ ok: true, text: said(action, r) });
      return true;
    } catch (e) {
      setResult({ ok: false, text: failureText(e, locale) });
      return false;
    } finally {
      setBusy(null);
      await refresh();
    }
  }
  async function answer(id: number, text: string, outcome: 'explained' | 'toCorrect'): Promise<boolean> {
    setAnswering(true);
    setAnswerResult(null);
    try {
      await api('POST', `${base}/inquiries/${id}/answer`, { answer: text, outcome });
      setAnswerResult({ ok: true, text: w.answered });
      return true;
    } catch (e) {
      setAnswerResult({ ok: false, text: failureText(e, locale) });
      return false;
    } finally {
      setAnswering(false);
      await refresh();
    }
  }
  async function notify(): Promise<void> {
    setAnswering(true);
    setAnswerResult(null);
    try {
      const r = await api<{ results: NoticeResult[] }>('POST', `${base}/inquiries/notify`, {});
      const failed = r.results.filter((x) => x.status === 'failed').map((x) => `${x.partnerId} (${x.reason?.[locale] ?? ''})`);
      setAnswerResult({ ok: failed.length === 0, text: w.notifyDone(r.results.length - failed.length, failed) });
    } catch (e) {
      setAnswerResult({ ok: false, text: failureText(e, locale) });
    } finally {
      setAnswering(false);
      await refresh();
    }
  }
  function said(action: RunAction, r: Record<string, unknown>): string {
    const n = (k: string) => (Array.isArray(r[k]) ? (r[k] as unknown[]).length : Number(r[k] ?? 0));
    if (action === 'calculate') return t.calculated(String(r['run']), r['changed'] === true);
    if (action === 'validate') return t.validated(n('blocked'));
    if (action === 'approve') return t.approved(n('approved'), n('blocked'), n('entries'));
    if (action === 'reject') return t.rejectedDone(String(r['reason']));
    return t.commented;
  }

  // partners with questions awaiting an answer, counted beside their statements (staff who read questions)
  const awaiting = new Map<string, number>();
  for (const q of questions ?? []) if (q.answer === null) awaiting.set(q.partnerId, (awaiting.get(q.partnerId) ?? 0) + 1);
  const showAwaiting = (questions?.length ?? 0) > 0;

  return (
    <section aria-labelledby={`${id}-title`} data-testid="period-page">
      <h2 id={`${id}-title`}>
        {t.review} — {period}
      </h2>
      <PeriodActions user={user} state={state} rejected={rejected} known={review !== null} busy={busy} result={result} locale={locale} onAct={act} />
      {review ? <PeriodReview review={review} locale={locale} canComment={is('calculator') || is('approver')} busy={busy !== null} onComment={(text) => act('comment', { text })} /> : null}
      {questions && APPROVED.has(state) ? <StaffQuestions inquiries={questions} since={since} locale={locale} canAnswer={user.roles.some((r) => ANSWERERS.includes(r))} busy={answering} result={answerResult} onAnswer={answer} onNotify={mail ? notify : undefined} /> : null}
      {sap && APPROVED.has(state) ? <SapPostingsPanel view={sap} locale={locale} /> : null}
      <table className="pv-table pv-stack">
        <caption>{t.statements}</caption>
        <thead>
          <tr>
            <th scope="col">{t.partner}</th>
            <th scope="col" className="pv-num">{t.total}</th>
            <th scope="col" className="pv-num">{t.payable}</th>
            {showAwaiting ? <th scope="col" className="pv-num">{w.openColumn}</th> : null}
            <th scope="col">
              <span className="pv-sr">{t.open}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {headers.map((h) => (
            <tr key={h.partnerId}>
              <th scope="row">{h.partnerId}</th>
              <td className="pv-num" data-label={t.total}>{h.total === null ? '—' : formatMoney(h.total, h.currency, locale)}</td>
              <td className="pv-num" data-label={t.payable}>{h.payable === null ? '—' : formatMoney(h.payable, h.currency, locale)}</td>
              {showAwaiting ? (
                <td className="pv-num" data-label={w.openColumn} data-testid={`awaiting-${h.partnerId}`}>
                  {awaiting.get(h.partnerId) ?? ''}
                </td>
              ) : null}
              <td>
                <button type="button" className="pv-link" onClick={() => api<StatementResponse>('GET', `${base}/statements/${encodeURIComponent(h.partnerId)}`).then(setOpen, () => setOpen(undefined))}>
                  {t.open}
                  <span className="pv-sr"> {h.partnerId}</span>
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {open ? (
        <StatementView data={open} locale={locale} />
      ) : null}
    </section>
  );
}
