import type { UiLocale } from '@provvigo/react';
import { ApiError } from '../api.js';

/** The login page's refusals in each language, by the server's error code (its English message is never shown). */
const WORDS = {
  it: {
    bad_credentials: 'Utente o password errati.',
    throttled: (s: number) => `Troppi accessi non riusciti: riprova tra ${s} secondi.`,
    not_found: "Gli utenti locali sono disattivati: accedi con l'account aziendale.",
    bad_request: 'Scrivi utente e password.',
    network: 'Il server non risponde: controlla la connessione e riprova.',
    unexpected: (code: string) => `Accesso non riuscito (${code}): riprova o avvisa l'amministratore.`,
  },
  en: {
    bad_credentials: 'Wrong user name or password.',
    throttled: (s: number) => `Too many failed logins: try again in ${s} seconds.`,
    not_found: 'Local accounts are off: sign in with your company account.',
    bad_request: 'Enter your user name and password.',
    network: 'The server does not answer: check the connection and try again.',
    unexpected: (code: string) => `The login failed (${code}): try again or tell your administrator.`,
  },
} as const;

/** Why a login failed, in the user's language. */
export function loginFailure(e: unknown, locale: UiLocale): string {
  const w = WORDS[locale];
  if (!(e instanceof ApiError)) return w.network;
  const code = e.body.error ?? String(e.status);
  if (code === 'bad_credentials' || code === 'not_found' || code === 'bad_request') return w[code];
  if (code === 'throttled') {
    const seconds = (e.body as { retryAfterSeconds?: unknown }).retryAfterSeconds;
    return typeof seconds === 'number' && Number.isFinite(seconds) ? w.throttled(Math.max(1, Math.ceil(seconds))) : w.unexpected(code);
  }
  return w.unexpected(code);
}
