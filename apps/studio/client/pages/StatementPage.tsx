import { messages } from '@provvigo/react';
import { studioMessages } from '../studioMessages.js';
import type { UiLocale } from '@provvigo/react';
import { useCallback, useEffect, useState } from 'react';
import type { ReactElement } from 'react';
import { api, ApiError, failureText } from '../api.js';
import { StatementView, type StatementResponse } from '../StatementView.js';
import type { InquiryItem } from './questions/InquiryThread.js';
import { PartnerQuestions } from './questions/PartnerQuestions.js';

/**
 * The partner portal: the signed-in partner's statement for the period, its pro-forma invoice and workbook, and its
 * questions to finance about the statement with their answers.
 */
export function StatementPage({ partnerId, period, locale }: { partnerId: string; period: string; locale: UiLocale }): ReactElement {
  const t = messages(locale);
  const w = studioMessages(locale);
  const [data, setData] = useState<StatementResponse | undefined>();
  const [error, setError] = useState<'none' | 'notFound' | string>('none');
  const [inquiries, setInquiries] = useState<InquiryItem[]>([]);
  const [since, setSince] = useState<string | null>(null);
  const [asking, setAsking] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const base = `/api/periods/${encodeURIComponent(period)}/statements/${encodeURIComponent(partnerId)}`;
  const loadQuestions = useCallback(async () => {
    const r = await api<{ inquiries: InquiryItem[]; since: string | null }>('GET', `${base}/inquiries`).catch(() => ({ inquiries: [], since: null }));
    setInquiries(r.inquiries);
    setSince(r.since);
  }, [base]);
  useEffect(() => {
    api<StatementResponse>('GET', base)
      .then(setData)
      .catch((e) => setError(e instanceof ApiError && e.status === 404 ? 'notFound' : e instanceof ApiError ? String(e.status) : 'network'));
    void loadQuestions();
  }, [base, loadQuestions]);

  async function ask(question: string, lineId: string | undefined): Promise<boolean> {
    setAsking(true);
    setResult(null);
    try {
      await api('POST', `${base}/inquiries`, { question, ...(lineId ? { lineId } : {}) });
      setResult({ ok: true, text: w.asked });
      return true;
    } catch (e) {
      setResult({ ok: false, text: failureText(e, locale) });
      return false;
    } finally {
      setAsking(false);
      await loadQuestions();
    }
  }

  if (error !== 'none') return <p role="alert">{error === 'notFound' ? t.noStatementYet : t.loadFailed(error)}</p>;
  if (!data) return <p role="status">{t.loading}</p>;
  const lines = data.statement.lines.map((l) => ({ id: l.id, label: l.label, sourceId: l.source?.id ?? null, amount: l.amount, currency: l.currency }));
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
      <PartnerQuestions inquiries={inquiries} since={since} lines={lines} locale={locale} busy={asking} result={result} onAsk={ask} />
    </>
  );
}
