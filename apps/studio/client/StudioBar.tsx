import type { UiLocale } from '@provvigo/react';
import type { ReactElement } from 'react';
import { api } from './api.js';
import type { User } from './types.js';

/** The top bar: product name, language switch, the signed-in user and log out. */
export function StudioBar({ user, locale, onLocale, onLogout }: { user: User | null; locale: UiLocale; onLocale: (l: UiLocale) => void; onLogout: () => void }): ReactElement {
  return (
    <header className="studio-bar">
      <h1>Provvigo studio</h1>
      <label>
        <span className="pv-sr">{locale === 'it' ? 'Lingua' : 'Language'}</span>
        <select value={locale} onChange={(e) => onLocale(e.target.value as UiLocale)} data-testid="language">
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
                else onLogout();
              })
            }
          >
            {locale === 'it' ? 'Esci' : 'Log out'}
          </button>
        </>
      ) : null}
    </header>
  );
}
