import type { AuditEntry } from '@provvigo/core';
import type { UiLocale } from '@provvigo/react';
import { useId, useState } from 'react';
import type { FormEvent, ReactElement } from 'react';
import { studioMessages } from '../../studioMessages.js';
import { when } from '../when.js';

/** The audit view's filters, as GET /api/audit/entries takes them (empty: not filtered). */
export interface AuditFilter {
  action: string;
  actor: string;
  run: string;
}

/** GET /api/audit/verification: the store's full check (the chain, its recorded head, the tables derived from it). */
export interface AuditCheck {
  ok: boolean;
  count: number;
  head: string;
  problems: { table: string; key: string; message: string; messages?: { en: string; it: string } }[];
  more: number;
}

export interface AuditLogViewProps {
  entries: AuditEntry[];
  /** Whether older entries remain (the server's `next`). */
  hasMore: boolean;
  filter: AuditFilter;
  check: AuditCheck | null;
  busy: 'entries' | 'check' | null;
  /** A failed request, worded for the reader. */
  error: string | null;
  locale: UiLocale;
  onFilter: (filter: AuditFilter) => void;
  onMore: () => void;
  onCheck: () => void;
}

/** An entry's details on one line, and whole on demand: the reason, the hashes, the session that acted. */
function Details({ entry }: { entry: AuditEntry }): ReactElement {
  const details = entry.details ?? {};
  const line = JSON.stringify(details);
  if (line === '{}') return <>—</>;
  return (
    <details>
      <summary>{line.length > 120 ? `${line.slice(0, 120)}…` : line}</summary>
      <pre className="studio-prewrap">{JSON.stringify(details, null, 2)}</pre>
    </details>
  );
}

function FilterForm({ filter, locale, busy, onFilter }: Pick<AuditLogViewProps, 'filter' | 'locale' | 'busy' | 'onFilter'>): ReactElement {
  const w = studioMessages(locale);
  const id = useId();
  const [draft, setDraft] = useState<AuditFilter>(filter);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onFilter({ action: draft.action.trim(), actor: draft.actor.trim(), run: draft.run.trim() });
  };
  const field = (name: keyof AuditFilter, label: string, hint: string) => (
    <label htmlFor={`${id}-${name}`}>
      {label}
      <input id={`${id}-${name}`} name={name} value={draft[name]} maxLength={200} placeholder={hint} onChange={(e) => setDraft({ ...draft, [name]: e.target.value })} />
    </label>
  );
  return (
    <form className="studio-audit-filter" onSubmit={submit} aria-label={w.auditFilter}>
      {field('action', w.auditAction, 'run.approve')}
      {field('actor', w.auditActor, 'anna')}
      {field('run', w.auditRun, '2026-10-r1')}
      <button type="submit" disabled={busy !== null}>{w.auditApply}</button>
    </form>
  );
}

/**
 * Where the export of the entries `filter` selects is (GET /api/audit/export.csv): the applied filters, and the
 * reader's language, which picks the CSV dialect (Italian Excel's for Italian readers).
 */
export function auditExportHref(filter: AuditFilter, locale: UiLocale): string {
  const query = new URLSearchParams();
  for (const name of ['action', 'actor', 'run'] as const) if (filter[name] !== '') query.set(name, filter[name]);
  query.set('lang', locale);
  return `/api/audit/export.csv?${query}`;
}

function CheckResult({ check, locale }: { check: AuditCheck; locale: UiLocale }): ReactElement {
  const w = studioMessages(locale);
  if (check.ok) return <p role="status" data-testid="audit-check" data-ok="true">{w.auditIntact(check.count, check.head)}</p>;
  return (
    <div role="alert" data-testid="audit-check" data-ok="false">
      <p>
        <strong className="pv-warning-text">{w.auditBroken(check.problems.length + check.more, check.count)}</strong>
      </p>
      <ul>
        {check.problems.map((p) => (
          <li key={`${p.table}/${p.key}`}>{`${p.table} ${p.key}: ${p.messages?.[locale] ?? p.message}`}</li>
        ))}
      </ul>
      {check.more > 0 ? <p>{w.auditMoreProblems(check.more)}</p> : null}
    </div>
  );
}

/**
 * The auditor's view of the audit log: the store's full check on demand (the chain against the head the database
 * recorded, and the tables derived from it, as `provvigo audit verify`), and the entries newest first, a page at a
 * time, filtered by action, actor or run. Every change to the studio's data has its entry here.
 */
export function AuditLogView(props: AuditLogViewProps): ReactElement {
  const { entries, hasMore, check, busy, error, locale, onMore, onCheck } = props;
  const w = studioMessages(locale);
  return (
    <section aria-labelledby="audit-title">
      <h2 id="audit-title">{w.auditTitle}</h2>
      <p>
        <button type="button" onClick={onCheck} disabled={busy !== null}>{busy === 'check' ? w.auditChecking : w.auditCheck}</button>
      </p>
      {check ? <CheckResult check={check} locale={locale} /> : null}
      <FilterForm filter={props.filter} locale={locale} busy={busy} onFilter={props.onFilter} />
      <p>
        <a href={auditExportHref(props.filter, locale)} download data-testid="audit-export">{w.auditExport}</a>
      </p>
      {error ? <p role="alert" className="studio-error">{error}</p> : null}
      {entries.length === 0 && busy === null ? (
        <p>{w.auditNone}</p>
      ) : (
        <table className="pv-table pv-stack studio-audit-table" data-testid="audit-entries">
          <caption>{w.auditEntries}</caption>
          <thead>
            <tr>
              <th scope="col">{w.auditSeq}</th>
              <th scope="col">{w.auditWhen}</th>
              <th scope="col">{w.auditActor}</th>
              <th scope="col">{w.auditAction}</th>
              <th scope="col">{w.auditRun}</th>
              <th scope="col">{w.auditDetails}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.seq} data-seq={e.seq} data-action={e.action}>
                <th scope="row">{e.seq}</th>
                <td data-label={w.auditWhen}>{when(e.at, locale)}</td>
                <td data-label={w.auditActor}>{e.actor}</td>
                <td data-label={w.auditAction}>{e.action}</td>
                <td data-label={w.auditRun}>{e.runId ?? '—'}</td>
                <td data-label={w.auditDetails} className="studio-audit-details"><Details entry={e} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {hasMore ? (
        <p>
          <button type="button" onClick={onMore} disabled={busy !== null}>{busy === 'entries' ? w.auditLoading : w.auditOlder}</button>
        </p>
      ) : null}
    </section>
  );
}
