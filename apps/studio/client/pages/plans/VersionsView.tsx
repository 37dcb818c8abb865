import type { PlanChange } from '@provvigo/core';
import { PlanDiffView } from '@provvigo/react';
import type { AuthoringMessages, UiLocale } from '@provvigo/react';
import type { ReactElement } from 'react';

/** One saved version of a plan (GET /api/plans/:id/versions). */
export interface VersionRow {
  version: number;
  hash: string;
  savedBy: string;
  savedAt: string;
  approved: boolean;
}

export interface VersionsViewProps {
  /** The saved versions; undefined while they are read. */
  versions: VersionRow[] | undefined;
  from: number;
  to: number;
  onFrom: (v: number) => void;
  onTo: (v: number) => void;
  onCompare: () => void;
  /** The last comparison shown. */
  diff: { from: number; to: number; changes: PlanChange[] } | undefined;
  /** The last request's error, in words ('' for none). */
  error: string;
  locale: UiLocale;
  m: AuthoringMessages;
}

/** The versions section as shown: the history, the two versions to compare, and their side-by-side diff. */
export function VersionsView({ versions, from, to, onFrom, onTo, onCompare, diff, error, locale, m }: VersionsViewProps): ReactElement {
  const dateTime = (iso: string) => new Intl.DateTimeFormat(locale === 'it' ? 'it-IT' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(new Date(iso));
  return (
    <section className="pv-section" aria-labelledby="studio-versions-title" data-testid="versions">
      <h2 id="studio-versions-title">{m.versions}</h2>
      {!versions ? (
        <p>…</p>
      ) : versions.length === 0 ? (
        <p className="pv-muted">{m.noVersions}</p>
      ) : (
        <>
          <table className="pv-diff" data-testid="version-list">
            <thead>
              <tr>
                <th scope="col">{m.version}</th>
                <th scope="col">{m.savedBy}</th>
                <th scope="col">{m.savedAt}</th>
              </tr>
            </thead>
            <tbody>
              {versions.map((v) => (
                <tr key={v.version} data-version={v.version}>
                  <td>
                    {v.version} {v.approved ? <span className="pv-kind">{m.approvedVersion}</span> : null}
                  </td>
                  <td>{v.savedBy}</td>
                  <td>{dateTime(v.savedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {versions.length > 1 ? (
            <div className="pv-inline">
              <label htmlFor="studio-diff-from">{m.compareFrom}</label>
              <select id="studio-diff-from" value={from} onChange={(e) => onFrom(Number(e.target.value))}>
                {versions.map((v) => (
                  <option key={v.version} value={v.version}>
                    {v.version}
                  </option>
                ))}
              </select>
              <label htmlFor="studio-diff-to">{m.compareTo}</label>
              <select id="studio-diff-to" value={to} onChange={(e) => onTo(Number(e.target.value))}>
                {versions.map((v) => (
                  <option key={v.version} value={v.version}>
                    {v.version}
                  </option>
                ))}
              </select>
              <button type="button" className="pv-button" onClick={onCompare} data-testid="compare">
                {m.compare}
              </button>
            </div>
          ) : null}
        </>
      )}
      {error ? (
        <p className="studio-error" role="alert">
          {error}
        </p>
      ) : null}
      {diff ? <PlanDiffView from={diff.from} to={diff.to} changes={diff.changes} locale={locale} m={m} /> : null}
    </section>
  );
}
