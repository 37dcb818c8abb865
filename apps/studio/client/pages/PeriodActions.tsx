import { messages } from '@provvigo/react';
import type { UiLocale } from '@provvigo/react';
import { useId, useState } from 'react';
import type { ReactElement } from 'react';
import type { User } from '../types.js';

/** What a user can do to a period's run. */
export type RunAction = 'calculate' | 'validate' | 'approve' | 'reject' | 'comment';

export interface PeriodActionsProps {
  user: User;
  /** The run's state (`none` before the first calculation), whether it was rejected, and whether it is known yet. */
  state: string;
  rejected: boolean;
  known: boolean;
  /** The action in flight, shown as progress; the others are disabled meanwhile. */
  busy: RunAction | null;
  /** The last action's result, in words. */
  result: { ok: boolean; text: string } | null;
  locale: UiLocale;
  /** Runs an action; resolves true when it succeeded. */
  onAct: (action: Exclude<RunAction, 'comment'>, body?: unknown) => Promise<boolean>;
}

/**
 * The run's state and its buttons: calculate, validate, approve, reject with a reason. Each button is enabled only in
 * the states where its action applies and shown only to the roles that may use it; the action in flight shows its
 * progress and each result is said in words.
 */
export function PeriodActions({ user, state, rejected, known, busy, result, locale, onAct }: PeriodActionsProps): ReactElement {
  const t = messages(locale);
  const id = useId();
  const [reason, setReason] = useState('');
  const is = (role: string) => user.roles.includes(role);
  const enabled: Record<Exclude<RunAction, 'comment'>, boolean> = {
    calculate: is('calculator') && ['none', 'draft', 'calculated', 'validated'].includes(state),
    validate: (is('calculator') || is('approver')) && state === 'calculated' && !rejected,
    approve: is('approver') && state === 'validated',
    reject: is('approver') && (state === 'calculated' || state === 'validated') && !rejected && reason.trim().length >= 3,
  };
  const reject = async () => {
    if (await onAct('reject', { reason })) setReason('');
  };
  return (
    <>
      <p>
        {t.runState}:{' '}
        <strong data-testid="run-state">
          {known ? t.runStates[state] ?? state : '—'}
          {rejected ? ` (${t.rejected})` : ''}
        </strong>
      </p>
      <div className="pv-actions" data-testid="run-actions">
        {is('calculator') ? (
          <button type="button" className="pv-button" disabled={busy !== null || !enabled.calculate} onClick={() => onAct('calculate')} data-testid="action-calculate">
            {t.calculate}
          </button>
        ) : null}
        {is('calculator') || is('approver') ? (
          <button type="button" className="pv-button" disabled={busy !== null || !enabled.validate} onClick={() => onAct('validate')} data-testid="action-validate">
            {t.validate}
          </button>
        ) : null}
        {is('approver') ? (
          <button type="button" className="pv-button" disabled={busy !== null || !enabled.approve} onClick={() => onAct('approve')} data-testid="action-approve">
            {t.approve}
          </button>
        ) : null}
      </div>
      {is('approver') ? (
        <div className="pv-reject">
          <label htmlFor={`${id}-reason`}>{t.rejectReason}</label>
          <textarea id={`${id}-reason`} value={reason} onChange={(e) => setReason(e.target.value)} rows={2} maxLength={2000} data-testid="reject-reason" />
          <button type="button" className="pv-button" disabled={busy !== null || !enabled.reject} onClick={reject} data-testid="action-reject">
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
    </>
  );
}
