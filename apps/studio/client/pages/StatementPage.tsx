import type { FiscalResult, Partner, PeriodStatement, Statement as RunStatement } from '@provvigo/core';
import { Statement } from '@provvigo/react';
import type { UiLocale } from '@provvigo/react';
import { useEffect, useState } from 'react';
import type { ReactElement } from 'react';
import { api, ApiError } from '../api.js';

/** The partner portal: the signed-in partner's statement for the period, its pro-forma invoice and workbook. */
export function StatementPage({ partnerId, period, locale }: { partnerId: string; period: string; locale: UiLocale }): ReactElement {
  const [data, setData] = useState<{ statement: RunStatement; periodStatement?: PeriodStatement; partner?: Partner } | undefined>();
  const [fiscal, setFiscal] = useState<FiscalResult | undefined>();
  const [error, setError] = useState('');
  useEffect(() => {
    const base = `/api/periods/${encodeURIComponent(period)}/statements/${encodeURIComponent(partnerId)}`;
    api<{ statement: RunStatement; periodStatement?: PeriodStatement; partner?: Partner }>('GET', base)
      .then((d) => {
        setData(d);
        return api<{ fiscal: FiscalResult }>('GET', `${base}/invoice`).then((f) => setFiscal(f.fiscal));
      })
      .catch((e) => setError(e instanceof ApiError && e.status === 404 ? (locale === 'it' ? 'Nessun estratto conto per il periodo.' : 'No statement for the period yet.') : String(e)));
  }, [partnerId, period, locale]);
  if (error) return <p>{error}</p>;
  if (!data) return <p>…</p>;
  return (
    <>
      <p>
        <a href={`/api/periods/${encodeURIComponent(period)}/statements/${encodeURIComponent(partnerId)}/invoice.pdf`} target="_blank" rel="noreferrer">
          {locale === 'it' ? 'Fattura pro-forma (PDF)' : 'Pro-forma invoice (PDF)'}
        </a>
      </p>
      <Statement
        statement={data.statement}
        periodStatement={data.periodStatement}
        fiscal={fiscal}
        partner={data.partner}
        locale={locale}
        downloadHref={`/api/periods/${encodeURIComponent(period)}/statements/${encodeURIComponent(partnerId)}/workbook.xlsx`}
      />
    </>
  );
}
