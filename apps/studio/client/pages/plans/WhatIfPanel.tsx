import type { Plan } from '@provvigo/core';
import type { AuthoringMessages, UiLocale, WhatIfData } from '@provvigo/react';
import { useState } from 'react';
import type { ReactElement } from 'react';
import { api } from '../../api.js';
import { apiMessage } from './apiMessage.js';
import { WhatIfPanelView } from './WhatIfPanelView.js';

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
      .catch((e) => setError(apiMessage(e, m, locale)))
      .finally(() => setBusy(false));
  };
  return <WhatIfPanelView data={data} stale={data !== undefined && ranFor !== plan} busy={busy} error={error} onRun={run} locale={locale} m={m} />;
}
