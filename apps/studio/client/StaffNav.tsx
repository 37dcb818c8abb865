import type { UiLocale } from '@provvigo/react';
import { useState } from 'react';
import type { ReactElement } from 'react';
import { PeriodPage } from './pages/PeriodPage.js';
import { PlanPage } from './pages/PlanPage.js';
import type { User } from './types.js';

type StaffTab = 'plans' | 'period';

/** The staff pages' router: a tab per page (plans, the current period). */
export function StaffNav({ user, period, locale }: { user: User; period: string; locale: UiLocale }): ReactElement {
  const [tab, setTab] = useState<StaffTab>('plans');
  return (
    <>
      <div className="studio-tabs" role="tablist">
        <button type="button" role="tab" aria-selected={tab === 'plans'} onClick={() => setTab('plans')}>
          {locale === 'it' ? 'Piani' : 'Plans'}
        </button>
        <button type="button" role="tab" aria-selected={tab === 'period'} onClick={() => setTab('period')}>
          {locale === 'it' ? 'Periodo' : 'Period'} {period}
        </button>
      </div>
      {tab === 'plans' ? <PlanPage user={user} locale={locale} /> : <PeriodPage user={user} period={period} locale={locale} />}
    </>
  );
}
