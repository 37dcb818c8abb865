import { messages } from '@provvigo/react';
import type { UiLocale } from '@provvigo/react';
import { useEffect, useState } from 'react';
import type { ReactElement } from 'react';
import { api, ApiError } from '../api.js';
import { StatementView, type StatementResponse } from '../StatementView.js';

/** The partner portal: the signed-in partner's statement for the period, its pro-forma invoice and workbook. */
export function StatementPage({ partnerId, period, locale }: { partnerId: string; period: string; locale: UiLocale }): ReactElement {
  const t = messages(locale);
  const [data, setData] = useState<StatementResponse | undefined>();
  const [error, setError] = useState<'none' | 'notFound' | string>('none');
  const base = `/api/periods/${encodeURIComponent(period)}/statements/${encodeURIComponent(partnerId)}`;
  useEffect(() => {
    api<StatementResponse>('GET', base)
      .then(setData)
      .catch((e) => setError(e instanceof ApiError && e.status === 404 ? 'notFound' : e instanceof ApiError ? String(e.status) : 'network'));
  }, [base]);
  if (error !== 'none') return <p role="alert">{error === 'notFound' ? t.noStatementYet : t.loadFailed(error)}</p>;
  if (!data) return <p role="status">{t.loading}</p>;
  return (
    <>
      {data.periodStatement && data.fiscal ? (
        <p>
          <a href={`${base}/invoice.pdf?lang=${locale}`} target="_blank" rel="noreferrer">
            {t.invoicePdf}
          </a>
        </p>
      ) : null}
      <StatementView data={data} locale={locale} downloadHref={`${base}/workbook.xlsx`} />
    </>
  );
}
