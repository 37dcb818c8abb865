import type { Partner, PeriodStatement, Statement as RunStatement } from '@provvigo/core';
import { Statement } from '@provvigo/react';
import type { UiLocale } from '@provvigo/react';
import { useEffect, useState } from 'react';
import type { ReactElement } from 'react';
import { api } from '../api.js';
import type { StatementHeader, User } from '../types.js';

/** The period page: calculate, validate, approve the period's run and open any partner's statement. */
export function PeriodPage({ user, period, locale }: { user: User; period: string; locale: UiLocale }): ReactElement {
  const [headers, setHeaders] = useState<StatementHeader[]>([]);
  const [state, setState] = useState('');
  const [message, setMessage] = useState('');
  const [open, setOpen] = useState<{ statement: RunStatement; periodStatement?: PeriodStatement; partner?: Partner } | undefined>();
  const refresh = () =>
    api<{ state: string; statements: StatementHeader[] }>('GET', `/api/periods/${period}/statements`)
      .then((r) => {
        setHeaders(r.statements);
        setState(r.state);
      })
      .catch(() => setHeaders([]));
  useEffect(() => {
    void refresh();
  }, [period]);
  const step = (action: string) =>
    api('POST', `/api/periods/${period}/${action}`)
      .then(() => setMessage(`${action}: ok`))
      .catch((e) => setMessage(`${action}: ${e.message}`))
      .then(refresh);
  return (
    <>
      <p>
        {user.roles.includes('calculator') ? (
          <button type="button" className="pv-button" onClick={() => step('calculate')}>
            {locale === 'it' ? 'Calcola' : 'Calculate'}
          </button>
        ) : null}{' '}
        <button type="button" className="pv-button" onClick={() => step('validate')}>
          {locale === 'it' ? 'Valida' : 'Validate'}
        </button>{' '}
        {user.roles.includes('approver') ? (
          <button type="button" className="pv-button" onClick={() => step('approve')}>
            {locale === 'it' ? 'Approva' : 'Approve'}
          </button>
        ) : null}{' '}
        <strong>{state}</strong> <span role="status">{message}</span>
      </p>
      <table className="pv-table">
        <thead>
          <tr>
            <th scope="col">Partner</th>
            <th scope="col">{locale === 'it' ? 'Totale' : 'Total'}</th>
            <th scope="col">{locale === 'it' ? 'Pagabile' : 'Payable'}</th>
            <th scope="col" />
          </tr>
        </thead>
        <tbody>
          {headers.map((h) => (
            <tr key={h.partnerId}>
              <td>{h.partnerId}</td>
              <td>{h.total}</td>
              <td>{h.payable}</td>
              <td>
                <button type="button" className="pv-link" onClick={() => api<typeof open>('GET', `/api/periods/${period}/statements/${encodeURIComponent(h.partnerId)}`).then(setOpen)}>
                  {locale === 'it' ? 'Apri' : 'Open'}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {open ? <Statement statement={open.statement} periodStatement={open.periodStatement} partner={open.partner} locale={locale} /> : null}
    </>
  );
}
