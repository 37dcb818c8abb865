import type { PlanChange } from '@provvigo/core';
import type { AuthoringMessages, UiLocale } from '@provvigo/react';
import { useEffect, useState } from 'react';
import type { ReactElement } from 'react';
import { api } from '../../api.js';
import { apiMessage } from './apiMessage.js';
import { VersionsView } from './VersionsView.js';
import type { VersionRow } from './VersionsView.js';

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
      (e) => setError(apiMessage(e, m, locale)),
    );
  return <VersionsView versions={versions} from={from} to={to} onFrom={setFrom} onTo={setTo} onCompare={compare} diff={diff} error={error} locale={locale} m={m} />;
}
