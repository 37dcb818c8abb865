import type { Plan } from '@provvigo/core';
import { WhatIfView } from '@provvigo/react';
import type { AuthoringMessages, UiLocale, WhatIfData } from '@provvigo/react';
import { useState } from 'react';
import type { ReactElement } from 'react';
import { api } from '../../api.js';
import { apiMessage } from './apiMessage.js';

/** Runs the draft against the approved version for every partner (server side, core's engine) and shows the result. */
export function WhatIfPanel({ plan, locale, m }: { plan: Plan; locale: UiLocale; m: AuthoringMessages }): ReactElement {
  const [data, setData] = useState<WhatIfData | undefined>();
  const [ranFor, setRanFor] = useState<Plan | undefined>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const run = () => {
    setBusy(true);
    setError('');
    api<WhatIfData>('POST', `/api/plans/${encodeURIComponent(plan.id)}/what-if`, plan)
      .then((r) => {
        setData(r);
        setRanFor(plan);
      })
      .catch((e) => setError(apiMessage(e, m)))
      .finally(() => setBusy(false));
  };
  return (
    <section className="pv-section" aria-labelledby="studio-whatif-title" aria-busy={busy}>
      <h2 id="studio-whatif-title">{m.whatIf}</h2>
      <div>
        <button type="button" className="pv-button" onClick={run} disabled={busy} data-testid="run-what-if">
          {m.whatIfRun}
        </button>{' '}
        <span role="status">{busy ? m.whatIfRunning : ''}</span>
      </div>
      {error ? (
        <p className="studio-error" role="alert">
          {error}
        </p>
      ) : null}
      {data ? (
        <div data-stale={ranFor !== plan || undefined}>
          {ranFor !== plan ? (
            <p className="pv-warning-text" data-testid="what-if-stale">
              {m.whatIfStale}
            </p>
          ) : null}
          <WhatIfView data={data} locale={locale} m={m} />
        </div>
      ) : null}
    </section>
  );
}
