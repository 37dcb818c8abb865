import type { UiLocale } from '@provvigo/react';
import { useEffect, useState } from 'react';
import type { FormEvent, ReactElement } from 'react';
import { api } from '../api.js';
import type { User } from '../types.js';
import { loginFailure } from './loginFailure.js';

/** Sign in: the company's identity provider when configured, local users otherwise (or both). */
export function LoginPage({ onLogin, locale }: { onLogin: (u: User, period: string) => void; locale: UiLocale }): ReactElement {
  // the failure itself, worded at each render: switching the language rewords it
  const [failure, setFailure] = useState<{ error: unknown } | null>(null);
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
      setFailure({ error: err });
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
      {failure ? (
        <p className="studio-error" role="alert" data-testid="login-error">
          {loginFailure(failure.error, locale)}
        </p>
      ) : null}
    </form>
  );
}
