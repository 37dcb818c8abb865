import type { UiLocale } from '@provvigo/react';
import { useState } from 'react';
import type { ReactElement } from 'react';
import { AuditPage } from './pages/audit/AuditPage.js';
import { PeriodPage } from './pages/PeriodPage.js';
import { PlanPage } from './pages/PlanPage.js';
import { studioMessages } from './studioMessages.js';
import type { User } from './types.js';

type StaffTab = 'plans' | 'period' | 'audit';

/** The staff pages' router: a tab per page (plans, the current period, and for auditors the audit log). */
export function StaffNav({ user, period, locale }: { user: User; period: string; locale: UiLocale }): ReactElement {
  const [tab, setTab] = useState<StaffTab>('plans');
  // the server answers the audit routes to auditors only (routes/audit.ts)
  const audits = user.roles.includes('auditor');
  return (
    <>
      <div className="studio-tabs" role="tablist">
        <button type="button" role="tab" aria-selected={tab === 'plans'} onClick={() => setTab('plans')}>
          {locale === 'it' ? 'Piani' : 'Plans'}
        </button>
        <button type="button" role="tab" aria-selected={tab === 'period'} onClick={() => setTab('period')}>
          {locale === 'it' ? 'Periodo' : 'Period'} {period}
        </button>
        {audits ? (
          <button type="button" role="tab" aria-selected={tab === 'audit'} onClick={() => setTab('audit')}>
            {studioMessages(locale).auditTab}
          </button>
        ) : null}
      </div>
      {tab === 'plans' ? <PlanPage user={user} locale={locale} /> : tab === 'audit' ? <AuditPage locale={locale} /> : <PeriodPage user={user} period={period} locale={locale} />}
    </>
  );
}
