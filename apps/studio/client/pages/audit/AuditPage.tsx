import type { AuditEntry } from '@provvigo/core';
import type { UiLocale } from '@provvigo/react';
import { useCallback, useEffect, useState } from 'react';
import type { ReactElement } from 'react';
import { api, failureText } from '../../api.js';
import { AuditLogView, type AuditCheck, type AuditFilter } from './AuditLogView.js';

/** Entries one page asks for: a screenful, and a bounded answer whatever the log's length. */
const PAGE = 50;

function entriesPath(filter: AuditFilter, before: number | null): string {
  const q = new URLSearchParams({ limit: String(PAGE) });
  if (before !== null) q.set('before', String(before));
  for (const name of ['action', 'actor', 'run'] as const) if (filter[name] !== '') q.set(name, filter[name]);
  return `/api/audit/entries?${q.toString()}`;
}

/** The audit tab (auditors): reads the log a page at a time from the server and runs the full check on demand. */
export function AuditPage({ locale }: { locale: UiLocale }): ReactElement {
  const [filter, setFilter] = useState<AuditFilter>({ action: '', actor: '', run: '' });
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [next, setNext] = useState<number | null>(null);
  const [check, setCheck] = useState<AuditCheck | null>(null);
  const [busy, setBusy] = useState<'entries' | 'check' | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(
    async (f: AuditFilter, before: number | null) => {
      setBusy('entries');
      setError(null);
      try {
        const page = await api<{ entries: AuditEntry[]; next: number | null }>('GET', entriesPath(f, before));
        setEntries((shown) => (before === null ? page.entries : [...shown, ...page.entries]));
        setNext(page.next);
      } catch (e) {
        setError(failureText(e, locale));
      } finally {
        setBusy(null);
      }
    },
    [locale],
  );
  useEffect(() => {
    void load(filter, null);
  }, [load, filter]);

  async function runCheck(): Promise<void> {
    setBusy('check');
    setError(null);
    try {
      setCheck(await api<AuditCheck>('GET', '/api/audit/verification'));
    } catch (e) {
      setError(failureText(e, locale));
    } finally {
      setBusy(null);
    }
  }

  return (
    <AuditLogView
      entries={entries}
      hasMore={next !== null}
      filter={filter}
      check={check}
      busy={busy}
      error={error}
      locale={locale}
      onFilter={setFilter}
      onMore={() => void load(filter, next)}
      onCheck={() => void runCheck()}
    />
  );
}
