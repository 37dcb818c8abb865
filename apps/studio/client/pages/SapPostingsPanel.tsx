import { formatMoney } from '@provvigo/core';
import { messages } from '@provvigo/react';
import { studioMessages } from '../studioMessages.js';
import type { UiLocale } from '@provvigo/react';
import { useId } from 'react';
import type { ReactElement } from 'react';
import type { SapPostingsView } from '../../server/sapPostings.js';
import { when } from './when.js';

/** GET /api/periods/:period/sap: the server's answer type, imported as a type only (nothing of the server loads here). */
export type SapPostings = SapPostingsView;

type Invoice = SapPostings['invoices'][number];

/** What finance must look at on an invoice row: an amount that is not the approved one, a row edited after posting. */
function invoiceWarnings(i: Invoice, locale: UiLocale): string[] {
  const w = studioMessages(locale);
  const out: string[] = [];
  if (i.approved === null) out.push(w.sapNotInRun);
  else if (!i.matchesApproved) out.push(w.sapMismatch(formatMoney(i.approved.amount, i.approved.currency, locale)));
  if (i.recorded === 'changed') out.push(w.sapChanged);
  if (i.error) out.push(i.error[locale]);
  return out;
}

function InvoiceRows({ view, locale }: { view: SapPostings; locale: UiLocale }): ReactElement {
  const t = messages(locale);
  const w = studioMessages(locale);
  return (
    <table className="pv-table pv-stack" data-testid="sap-invoices">
      <caption>{w.sapInvoices}</caption>
      <thead>
        <tr>
          <th scope="col">{w.sapInvoice}</th>
          <th scope="col">{t.partner}</th>
          <th scope="col">{t.runState}</th>
          <th scope="col" className="pv-num">{w.sapAmount}</th>
          <th scope="col">{w.sapDocument}</th>
          <th scope="col">{w.sapNotes}</th>
        </tr>
      </thead>
      <tbody>
        {view.invoices.map((i) => {
          const warnings = invoiceWarnings(i, locale);
          return (
            <tr key={`${i.invoiceNumber}-${i.partnerId}`} data-invoice={i.invoiceNumber} data-state={i.state} data-warn={warnings.length > 0}>
              <th scope="row">{i.invoiceNumber}</th>
              <td data-label={t.partner}>{i.partnerId}</td>
              <td data-label={t.runState}>{w.sapStates[i.state]}</td>
              <td className="pv-num" data-label={w.sapAmount}>{formatMoney(i.grossAmount, i.currency, locale)}</td>
              <td data-label={w.sapDocument}>{i.sapDocument ? `${i.sapDocument}/${i.sapFiscalYear ?? ''}` : '—'}</td>
              <td data-label={w.sapNotes}>{warnings.length > 0 ? <strong className="pv-warning-text">{warnings.join('; ')}</strong> : w.sapUpdated(when(i.updatedAt, locale), i.attempts)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function AccrualRows({ view, locale }: { view: SapPostings; locale: UiLocale }): ReactElement {
  const t = messages(locale);
  const w = studioMessages(locale);
  return (
    <table className="pv-table pv-stack" data-testid="sap-accruals">
      <caption>{w.sapAccruals}</caption>
      <thead>
        <tr>
          <th scope="col">{w.sapAccrualSet}</th>
          <th scope="col">{w.sapKind}</th>
          <th scope="col">{t.runState}</th>
          <th scope="col">{w.sapDocument}</th>
          <th scope="col">{w.sapMessage}</th>
          <th scope="col">{w.sapNotes}</th>
        </tr>
      </thead>
      <tbody>
        {view.accruals.map((a) => (
          <tr key={`${a.accrualId}-${a.kind}`} data-accrual={a.accrualId} data-state={a.state}>
            <th scope="row">{a.accrualId}</th>
            <td data-label={w.sapKind}>{w.sapKinds[a.kind]}</td>
            <td data-label={t.runState}>{w.sapStates[a.state]}</td>
            <td data-label={w.sapDocument}>{a.accountingDocument ?? '—'}</td>
            <td data-label={w.sapMessage}>{a.messageId}</td>
            <td data-label={w.sapNotes}>{a.error ? <strong className="pv-warning-text">{a.error[locale]}</strong> : when(a.updatedAt, locale)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * What SAP holds of the period, as `provvigo post sap` recorded it: each invoice's posting state and SAP document, set
 * against the approved run (an amount other than the approved one, a row edited after the run was posted, a posted
 * row gone from the log), and the accrual journal entries. The studio sends nothing to SAP.
 */
export function SapPostingsPanel({ view, locale }: { view: SapPostings; locale: UiLocale }): ReactElement {
  const w = studioMessages(locale);
  const id = useId();
  const nothing = view.invoices.length === 0 && view.accruals.length === 0 && view.missing.length === 0;
  return (
    <section aria-labelledby={`${id}-sap`} className="pv-review" data-testid="sap-postings">
      <h3 id={`${id}-sap`}>{w.sapTitle}</h3>
      <p>{w.sapSource}</p>
      {view.posted ? <p data-testid="sap-posted">{w.sapPostedBy(view.posted.actor, when(view.posted.at, locale))}</p> : null}
      {view.missing.length > 0 ? (
        <p role="alert" data-testid="sap-missing">
          <strong className="pv-warning-text">{w.sapMissing(view.missing.join(', '))}</strong>
        </p>
      ) : null}
      {nothing ? <p data-testid="sap-nothing">{w.sapNothing}</p> : null}
      {view.invoices.length > 0 ? <InvoiceRows view={view} locale={locale} /> : null}
      {view.accruals.length > 0 ? <AccrualRows view={view} locale={locale} /> : null}
    </section>
  );
}
