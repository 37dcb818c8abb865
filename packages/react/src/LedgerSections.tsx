/**
 * The statement's ledger movements: adjustments of earlier periods, clawbacks (each in the reader's language), and
 * the way from the gross to the payable. Split from Statement.tsx.
 */
import { explainLedgerEntry } from '@provvigo/core';
import type { LedgerEntry, PeriodStatement } from '@provvigo/core';
import type { ReactElement } from 'react';
import { messages } from './i18n.js';
import type { UiLocale } from './i18n.js';

/** The period statement's adjustments, clawbacks and movements to the payable. */
export function LedgerSections(props: { ps: PeriodStatement; money: (v: string) => string; locale: UiLocale; entries: readonly LedgerEntry[] }): ReactElement {
  const { ps, money, locale } = props;
  const t = messages(locale);
  const byId = new Map(props.entries.map((e) => [e.id, e]));
  // the entry's own sentence in the reader's language; the stored English one only names the period when it is missing
  const said = (entryId: string, period: string | null) => {
    const e = byId.get(entryId);
    return e ? explainLedgerEntry(e, locale) : `${t.clawbacks} (${period ?? ''})`;
  };
  const neg = (v: string) => (/^0(\.0+)?$/.test(v) ? v : v.startsWith('-') ? v.slice(1) : `-${v}`);
  const rows: [string, string, string][] = [
    [t.adjustments, ps.totals.adjustments, 'adjustments'],
    [t.held, neg(ps.totals.held), 'held'],
    [t.released, ps.totals.released, 'released'],
    [t.reserveWithheld, neg(ps.totals.reserveWithheld), 'reserveWithheld'],
    [t.reserveReleased, ps.totals.reserveReleased, 'reserveReleased'],
    [t.clawbacks, neg(ps.totals.clawbacks), 'clawbacks'],
    [t.advanceRecovered, neg(ps.totals.advanceRecovered), 'advanceRecovered'],
  ];
  return (
    <div className="pv-ledger" data-testid="ledger">
      {ps.adjustments.length > 0 ? (
        <table className="pv-table">
          <caption>{t.adjustments}</caption>
          <tbody>
            {ps.adjustments.map((a) => (
              <tr key={a.id}>
                <th scope="row">
                  {a.label} <span className="pv-muted">({a.originalPeriod})</span>
                </th>
                <td className="pv-num">{money(a.delta)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {ps.clawbacks.length > 0 ? (
        <table className="pv-table">
          <caption>{t.clawbacks}</caption>
          <tbody>
            {ps.clawbacks.map((c) => (
              <tr key={c.entryId}>
                <th scope="row">{said(c.entryId, c.originalPeriod)}</th>
                <td className="pv-num">{money(c.amount)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <table className="pv-table">
        <caption>{t.payable}</caption>
        <tbody>
          {rows.map(([label, value, key]) => (
            <tr key={key}>
              <th scope="row">{label}</th>
              <td className="pv-num">{money(value)}</td>
            </tr>
          ))}
          {ps.advances.map((a) => (
            <tr key={a.agreementId}>
              <th scope="row">
                {t.advanceBalance} <span className="pv-muted">({a.agreementId})</span>
              </th>
              <td className="pv-num">{money(a.balance)}</td>
            </tr>
          ))}
          <tr>
            <th scope="row">{t.payable}</th>
            <td className="pv-num">
              <strong>{money(ps.payable)}</strong>
            </td>
          </tr>
        </tbody>
      </table>
    </div>
  );
}
