import { WhatIfView } from '@provvigo/react';
import type { AuthoringMessages, UiLocale, WhatIfData } from '@provvigo/react';
import type { ReactElement } from 'react';

export interface WhatIfPanelViewProps {
  /** The last answer, if any; `stale` when the draft changed since it was computed. */
  data: WhatIfData | undefined;
  stale: boolean;
  busy: boolean;
  /** The last request's error, in words ('' for none). */
  error: string;
  onRun: () => void;
  locale: UiLocale;
  m: AuthoringMessages;
}

/** The what-if section as shown: the run button, progress, the error in words, and the result (marked when stale). */
export function WhatIfPanelView({ data, stale, busy, error, onRun, locale, m }: WhatIfPanelViewProps): ReactElement {
  return (
    <section className="pv-section" aria-labelledby="studio-whatif-title" aria-busy={busy}>
      <h2 id="studio-whatif-title">{m.whatIf}</h2>
      <div>
        <button type="button" className="pv-button" onClick={onRun} disabled={busy} data-testid="run-what-if">
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
        <div data-stale={stale || undefined}>
          {stale ? (
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
