import { formatMoney } from '@provvigo/core';
import { messages } from '@provvigo/react';
import type { UiLocale } from '@provvigo/react';
import { useCallback, useEffect, useId, useState } from 'react';
import type { ReactElement } from 'react';
import { api, ApiError } from '../api.js';
import type { StatementHeader, User } from '../types.js';
import { StatementView, type StatementResponse } from '../StatementView.js';
import { PeriodReview } from './PeriodReview.js';
import type { Review } from './PeriodReview.js';

type Action = 'calculate' | 'validate' | 'approve' | 'reject' | 'comment';
/**
 * The period page: calculate, validate, approve or reject (with a reason) the period's run, the approver's review
 * (validation results, diff against the previous period, comments) and any partner's statement. Each button is
 * enabled only in the states where its action applies; a request in flight shows its progress; each result is said
 * in words.
 */
export function PeriodPage({ user, period, locale }: { user: User; period: string; locale: UiLocale }): ReactElement {
  const t = messages(locale);
  const id = useId();
  const [headers, setHeaders] = useState<StatementHeader[]>([]);
  const [review, setReview] = useState<Review | null>(null);
  const [busy, setBusy] = useState<Action | null>(null);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const [reason, setReason] = useState('');
  const [open, setOpen] = useState<StatementResponse | undefined>();
  const base = `/api/periods/${encodeURIComponent(period)}`;
  const refresh = useCallback(async () => {
    const [h, r] = await Promise.all([
      api<{ statements: StatementHeader[] }>('GET', `${base}/statements`).catch(() => ({ statements: [] })),
      api<Review>('GET', `${base}/review`).catch(() => null),
    ]);
    setHeaders(h.statements);
    setReview(r);
  }, [base]);
  useEffect(() => {
    void refresh();
  }, [refresh]);

  const state = review?.run.state ?? 'none';
  const rejected = review?.run.rejected ?? false;
  const is = (role: string) => user.roles.includes(role);
  const enabled: Record<Exclude<Action, 'comment'>, boolean> = {
    calculate: is('calculator') && ['none', 'draft', 'calculated', 'validated'].includes(state),
    validate: (is('calculator') || is('approver')) && state === 'calculated' && !rejected,
    approve: is('approver') && state === 'validated',
    reject: is('approver') && (state === 'calculated' || state === 'validated') && !rejected && reason.trim().length >= 3,
  };

  async function act(action: Action, body?: unknown): Promise<boolean> {
    setBusy(action);
    setResult(null);
    try {
      const path = action === 'comment' ? `${base}/comments` : `${base}/${action}`;
      const r = await api<Record<string, unknown>>('POST', path, body);
      setResult({ ok: true, text: said(action, r) });
      if (action === 'reject') setReason('');
      return true;
    } catch (e) {
      const code = e instanceof ApiError ? (e.body.error ?? String(e.status)) : 'network';
      setResult({ ok: false, text: t.errors[code] ?? t.unexpectedError(code) });
      return false;
    } finally {
      setBusy(null);
      await refresh();
    }
  }
  function said(action: Action, r: Record<string, unknown>): string {
    const n = (k: string) => (Array.isArray(r[k]) ? (r[k] as unknown[]).length : Number(r[k] ?? 0));
    if (action === 'calculate') return t.calculated(String(r['run']), r['changed'] === true);
    if (action === 'validate') return t.validated(n('blocked'));
    if (action === 'approve') return t.approved(n('approved'), n('blocked'), n('entries'));
    if (action === 'reject') return t.rejectedDone(String(r['reason']));
    return t.commented;
  }

  return (
    <section aria-labelledby={`${id}-title`} data-testid="period-page">
      <h2 id={`${id}-title`}>
        {t.review} — {period}
      </h2>
      <p>
        {t.runState}:{' '}
        <strong data-testid="run-state">
          {review ? t.runStates[state] ?? state : '—'}
          {rejected ? ` (${t.rejected})` : ''}
        </strong>
      </p>
      <div className="pv-actions" data-testid="run-actions">
        {is('calculator') ? (
          <button type="button" className="pv-button" disabled={busy !== null || !enabled.calculate} onClick={() => act('calculate')} data-testid="action-calculate">
            {t.calculate}
          </button>
        ) : null}
        {is('calculator') || is('approver') ? (
          <button type="button" className="pv-button" disabled={busy !== null || !enabled.validate} onClick={() => act('validate')} data-testid="action-validate">
            {t.validate}
          </button>
        ) : null}
        {is('approver') ? (
          <button type="button" className="pv-button" disabled={busy !== null || !enabled.approve} onClick={() => act('approve')} data-testid="action-approve">
            {t.approve}
          </button>
        ) : null}
      </div>
      {is('approver') ? (
        <div className="pv-reject">
          <label htmlFor={`${id}-reason`}>{t.rejectReason}</label>
          <textarea id={`${id}-reason`} value={reason} onChange={(e) => setReason(e.target.value)} rows={2} maxLength={2000} data-testid="reject-reason" />
          <button type="button" className="pv-button" disabled={busy !== null || !enabled.reject} onClick={() => act('reject', { reason })} data-testid="action-reject">
            {t.reject}
          </button>
        </div>
      ) : null}
      <div role="status" aria-live="polite" data-testid="action-status">
        {busy ? (
          <p>
            <progress aria-label={t.working[busy]} /> {t.working[busy]}
          </p>
        ) : result ? (
          <p className={result.ok ? 'pv-ok' : 'pv-error'} data-testid="action-result" data-ok={result.ok}>
            {result.text}
          </p>
        ) : null}
      </div>
      {review ? <PeriodReview review={review} locale={locale} canComment={is('calculator') || is('approver')} busy={busy !== null} onComment={(text) => act('comment', { text })} /> : null}
      <table className="pv-table pv-stack">
        <caption>{t.statements}</caption>
        <thead>
          <tr>
            <th scope="col">{t.partner}</th>
            <th scope="col" className="pv-num">{t.total}</th>
            <th scope="col" className="pv-num">{t.payable}</th>
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
