import type { UiLocale } from '@provvigo/react';

/** A stored ISO time as the reader's language writes a date and time (UTC, as the server records it). */
export const when = (iso: string, locale: UiLocale): string => new Date(iso).toLocaleString(locale === 'it' ? 'it-IT' : 'en-GB', { timeZone: 'UTC' });
