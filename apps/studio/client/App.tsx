import type { FiscalResult, Partner, PeriodStatement, Plan, RunInput, Statement as RunStatement } from '@provvigo/core';
import { PlanBuilder, Statement } from '@provvigo/react';
import type { UiLocale } from '@provvigo/react';
import { useEffect, useState } from 'react';
import type { FormEvent, ReactElement } from 'react';
import { api, ApiError } from './api.js';

interface User {
  id: string;
  name: string;
  roles: string[];
  partnerId?: string;
}
interface Header {
  partnerId: string;
  total: string | null;
  payable: string | null;
  blocked: boolean;
  currency: string;
}

export function App(): ReactElement {
  const [user, setUser] = useState<User | null | undefined>(undefined);
  const [period, setPeriod] = useState<string>('');
  const [locale, setLocale] = useState<UiLocale>('it');
  useEffect(() => {
    api<{ user: User; period: { id: string } }>('GET', '/api/me')
      .then((r) => {
        setUser(r.user);
        setPeriod(r.period.id);
      })
      .catch(() => setUser(null));
  }, []);
  if (user === undefined) return <p>…</p>;
  return (
    <>
      <header className="studio-bar">
        <h1>Provvigo studio</h1>
        <label>
          <span className="pv-sr">Language</span>
          <select value={locale} onChange={(e) => setLocale(e.target.value as UiLocale)} aria-label="Language">
            <option value="it">Italiano</option>
            <option value="en">English</option>
          </select>
        </label>
        {user ? (
          <>
            <span>{user.name}</span>
            <button
              type="button"
              onClick={() =>
                api<{ redirect?: string }>('POST', '/api/logout').then((r) => {
                  // signed in through the company's identity provider: end that session too
                  if (r.redirect) window.location.assign(r.redirect);
                  else setUser(null);
                })
              }
            >
              {locale === 'it' ? 'Esci' : 'Log out'}
            </button>
          </>
        ) : null}
      </header>
      <main className="studio-main">
        {!user ? (
          <Login onLogin={(u, p) => (setUser(u), setPeriod(p))} locale={locale} />
        ) : user.partnerId ? (
          <PartnerPortal partnerId={user.partnerId} period={period} locale={locale} />
        ) : (
          <Staff user={user} period={period} locale={locale} />
        )}
      </main>
    </>
  );
}

function Login({ onLogin, locale }: { onLogin: (u: User, period: string) => void; locale: UiLocale }): ReactElement {
  const [error, setError] = useState('');
  const [methods, setMethods] = useState<{ localLogin: boolean; sso: boolean }>({ localLogin: true, sso: false });
  useEffect(() => {
    api<{ localLogin: boolean; sso: boolean }>('GET', '/api/auth').then(setMethods, () => undefined);
  }, []);
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    try {
      const r = await api<{ user: User }>('POST', '/api/login', { username: f.get('username'), password: f.get('password') });
      const me = await api<{ period: { id: string } }>('GET', '/api/me');
      onLogin(r.user, me.period.id);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  }
  return (
    <form className="studio-login" onSubmit={submit}>
      <h2>{locale === 'it' ? 'Accedi' : 'Log in'}</h2>
      {methods.sso ? (
        <a className="pv-button" href="/auth/sso/login">
          {locale === 'it' ? "Accedi con l'account aziendale" : 'Sign in with your company account'}
        </a>
      ) : null}
      {methods.localLogin ? (
        <>
          <label htmlFor="username">{locale === 'it' ? 'Utente' : 'User'}</label>
          <input id="username" name="username" autoComplete="username" required />
          <label htmlFor="password">Password</label>
          <input id="password" name="password" type="password" autoComplete="current-password" required />
          <button type="submit" className="pv-button">
            {locale === 'it' ? 'Accedi' : 'Log in'}
          </button>
        </>
      ) : null}
      {error ? <p className="studio-error">{error}</p> : null}
    </form>
  );
}

function PartnerPortal({ partnerId, period, locale }: { partnerId: string; period: string; locale: UiLocale }): ReactElement {
  const [data, setData] = useState<{ statement: RunStatement; periodStatement?: PeriodStatement; partner?: Partner } | undefined>();
  const [fiscal, setFiscal] = useState<FiscalResult | undefined>();
  const [error, setError] = useState('');
  useEffect(() => {
    const base = `/api/periods/${encodeURIComponent(period)}/statements/${encodeURIComponent(partnerId)}`;
    api<{ statement: RunStatement; periodStatement?: PeriodStatement; partner?: Partner }>('GET', base)
      .then((d) => {
        setData(d);
        return api<{ fiscal: FiscalResult }>('GET', `${base}/invoice`).then((f) => setFiscal(f.fiscal));
      })
      .catch((e) => setError(e instanceof ApiError && e.status === 404 ? (locale === 'it' ? 'Nessun estratto conto per il periodo.' : 'No statement for the period yet.') : String(e)));
  }, [partnerId, period, locale]);
  if (error) return <p>{error}</p>;
  if (!data) return <p>…</p>;
  return (
    <>
      <p>
        <a href={`/api/periods/${encodeURIComponent(period)}/statements/${encodeURIComponent(partnerId)}/invoice.pdf`} target="_blank" rel="noreferrer">
          {locale === 'it' ? 'Fattura pro-forma (PDF)' : 'Pro-forma invoice (PDF)'}
        </a>
      </p>
      <Statement
        statement={data.statement}
        periodStatement={data.periodStatement}
        fiscal={fiscal}
        partner={data.partner}
        locale={locale}
        downloadHref={`/api/periods/${encodeURIComponent(period)}/statements/${encodeURIComponent(partnerId)}/workbook.xlsx`}
      />
    </>
  );
}

function Staff({ user, period, locale }: { user: User; period: string; locale: UiLocale }): ReactElement {
  const [tab, setTab] = useState<'plans' | 'period'>('plans');
  return (
    <>
      <div className="studio-tabs" role="tablist">
        <button type="button" role="tab" aria-selected={tab === 'plans'} onClick={() => setTab('plans')}>
          {locale === 'it' ? 'Piani' : 'Plans'}
        </button>
        <button type="button" role="tab" aria-selected={tab === 'period'} onClick={() => setTab('period')}>
          {locale === 'it' ? 'Periodo' : 'Period'} {period}
        </button>
      </div>
      {tab === 'plans' ? <Plans user={user} locale={locale} /> : <Period user={user} period={period} locale={locale} />}
    </>
  );
}

function Plans({ user, locale }: { user: User; locale: UiLocale }): ReactElement {
  const [plans, setPlans] = useState<Plan[]>([]);
  const [sample, setSample] = useState<Omit<RunInput, 'plans'> | undefined>();
  const [current, setCurrent] = useState<Plan | undefined>();
  const [message, setMessage] = useState('');
  useEffect(() => {
    api<{ plans: Plan[] }>('GET', '/api/plans').then((r) => {
      setPlans(r.plans);
      setCurrent(r.plans[0]);
    });
    api<Omit<RunInput, 'plans'>>('GET', '/api/sample').then(setSample);
  }, []);
  if (!current || !sample) return <p>…</p>;
  const previewPartner = sample.partners.find((p) => (current.selector.kinds ?? []).includes(p.kind)) ?? sample.partners[0]!;
  return (
    <>
      <p>
        <label>
          {locale === 'it' ? 'Piano' : 'Plan'}{' '}
          <select value={current.id} onChange={(e) => setCurrent(plans.find((p) => p.id === e.target.value))}>
            {plans.map((p) => (
              <option key={p.id} value={p.id}>
                {p.id}
              </option>
            ))}
          </select>
        </label>{' '}
        {user.roles.includes('planDesigner') ? (
          <button
            type="button"
            className="pv-button"
            onClick={() =>
              api<{ plan: Plan }>('PUT', `/api/plans/${current.id}`, current)
                .then((r) => {
                  setPlans(plans.map((p) => (p.id === r.plan.id ? r.plan : p)));
                  setMessage(locale === 'it' ? 'Piano salvato.' : 'Plan saved.');
                })
                .catch((e) => setMessage(String(e.message)))
            }
          >
            {locale === 'it' ? 'Salva' : 'Save'}
          </button>
        ) : null}{' '}
        <span role="status">{message}</span>
      </p>
      <PlanBuilder key={current.id} plan={current} onChange={setCurrent} locale={locale} factSchema={sample.factSchema} preview={{ input: sample, partnerId: previewPartner.id }} />
    </>
  );
}

function Period({ user, period, locale }: { user: User; period: string; locale: UiLocale }): ReactElement {
  const [headers, setHeaders] = useState<Header[]>([]);
  const [state, setState] = useState('');
  const [message, setMessage] = useState('');
  const [open, setOpen] = useState<{ statement: RunStatement; periodStatement?: PeriodStatement; partner?: Partner } | undefined>();
  const refresh = () =>
    api<{ state: string; statements: Header[] }>('GET', `/api/periods/${period}/statements`)
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
