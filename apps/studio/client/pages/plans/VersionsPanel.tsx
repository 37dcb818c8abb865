import type { PlanChange } from '@provvigo/core';
import { PlanDiffView } from '@provvigo/react';
import type { AuthoringMessages, UiLocale } from '@provvigo/react';
import { useEffect, useState } from 'react';
import type { ReactElement } from 'react';
import { api } from '../../api.js';
import { apiMessage } from './apiMessage.js';

interface VersionRow {
  version: number;
  hash: string;
  savedBy: string;
  savedAt: string;
  approved: boolean;
}

export interface VersionsPanelProps {
  planId: string;
  /** Changes whenever a save may have added a version: the list is read again. */
  refresh: number;
  locale: UiLocale;
  m: AuthoringMessages;
}

/** The plan's saved versions, and two of them compared side by side. */
export function VersionsPanel({ planId, refresh, locale, m }: VersionsPanelProps): ReactElement {
  const [versions, setVersions] = useState<VersionRow[] | undefined>();
  const [from, setFrom] = useState(0);
  const [to, setTo] = useState(0);
  const [diff, setDiff] = useState<{ from: number; to: number; changes: PlanChange[] } | undefined>();
  const [error, setError] = useState('');
  useEffect(() => {
    api<{ versions: VersionRow[] }>('GET', `/api/plans/${encodeURIComponent(planId)}/versions`)
      .then((r) => {
        setVersions(r.versions);
        const last = r.versions[r.versions.length - 1]?.version ?? 0;
        setTo(last);
        setFrom(Math.max(1, last - 1));
        setError('');
      })
      // a plan never saved has no history yet (404): that is not an error to show
      .catch(() => setVersions([]));
  }, [planId, refresh]);
  const compare = () =>
    api<{ changes: PlanChange[] }>('GET', `/api/plans/${encodeURIComponent(planId)}/diff?from=${from}&to=${to}`).then(
      (r) => {
        setDiff({ from, to, changes: r.changes });
        setError('');
      },
      (e) => setError(apiMessage(e, m)),
    );
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
              <select id="studio-diff-from" value={from} onChange={(e) => setFrom(Number(e.target.value))}>
                {versions.map((v) => (
                  <option key={v.version} value={v.version}>
                    {v.version}
                  </option>
                ))}
              </select>
              <label htmlFor="studio-diff-to">{m.compareTo}</label>
              <select id="studio-diff-to" value={to} onChange={(e) => setTo(Number(e.target.value))}>
                {versions.map((v) => (
                  <option key={v.version} value={v.version}>
                    {v.version}
                  </option>
                ))}
              </select>
              <button type="button" className="pv-button" onClick={compare} data-testid="compare">
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
