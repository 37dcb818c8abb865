import type { UiLocale } from '@provvigo/react';
import { useEffect, useState } from 'react';
import type { ReactElement } from 'react';
import { api } from './api.js';
import { StudioBar } from './StudioBar.js';
import { StaffNav } from './StaffNav.js';
import { LoginPage } from './pages/LoginPage.js';
import { StatementPage } from './pages/StatementPage.js';
import type { User } from './types.js';

/** The studio shell: who is signed in decides the page (login, the partner's statement, or the staff pages). */
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
      <StudioBar user={user} locale={locale} onLocale={setLocale} onLogout={() => setUser(null)} />
      <main className="studio-main">
        {!user ? (
          <LoginPage onLogin={(u, p) => (setUser(u), setPeriod(p))} locale={locale} />
        ) : user.partnerId ? (
          <StatementPage partnerId={user.partnerId} period={period} locale={locale} />
        ) : (
          <StaffNav user={user} period={period} locale={locale} />
        )}
      </main>
    </>
  );
}
