import { formatMoney } from '@provvigo/core';
import type { FiscalResult, LocalizedText, PartnerInput, PeriodStatement, Statement as RunStatement, StatementLine } from '@provvigo/core';
import { Fragment, useId, useState } from 'react';
import type { ReactElement } from 'react';
import { Explanation } from './Explanation.js';
import type { SourceRef } from './Explanation.js';
import { localized, messages } from './i18n.js';
import type { UiLocale } from './i18n.js';

export interface StatementProps {
  /** The partner's statement from core's `evaluate` (lines with traces). */
  statement: RunStatement;
  locale?: UiLocale;
  partner?: PartnerInput;
  /** The period view from the ledger rules: adjustments, held/released, reserve, clawbacks, advance, payable. */
  periodStatement?: PeriodStatement;
  /** The jurisdiction pack's result: fiscal items and invoice totals (net to pay). */
  fiscal?: FiscalResult;
  sourceHref?: (source: SourceRef) => string | undefined;
  /** Link to the partner's "download my calculation" workbook (e.g. the studio's workbook.xlsx route). */
  downloadHref?: string;
  /** Readable names of payout components (plan-defined keys such as "commission"); common ones are built in. */
  componentLabels?: Record<string, LocalizedText>;
  /** Shows a print button (default true). */
  printable?: boolean;
}

/** Names of the usual payout components; plans may use any key, shown as is when unknown. */
export const COMPONENT_LABELS: Record<string, { it: string; en: string }> = {
  commission: { it: 'Provvigioni', en: 'Commissions' },
  bonus: { it: 'Bonus', en: 'Bonuses' },
  service: { it: 'Compensi per interventi', en: 'Service fees' },
  sla: { it: 'Bonus/malus SLA', en: 'SLA bonus/malus' },
  quality: { it: 'Rettifica qualità', en: 'Quality adjustment' },
  advance: { it: 'Anticipi', en: 'Advances' },
};

function groupByComponent(lines: StatementLine[]): [string, StatementLine[]][] {
  const groups = new Map<string, StatementLine[]>();
  for (const l of lines) groups.set(l.component, [...(groups.get(l.component) ?? []), l]);
  return [...groups.entries()];
}

/** The partner's statement (estratto conto): how much, and — one click away — why. Printable and bilingual. */
export function Statement(props: StatementProps): ReactElement {
  const { statement, partner, periodStatement: ps, fiscal, sourceHref } = props;
  const locale = props.locale ?? partner?.language ?? 'en';
  const t = messages(locale);
  const id = useId();
  const [open, setOpen] = useState<Set<string>>(new Set());
  const money = (v: string) => formatMoney(v, statement.currency, locale, statement.scale);
  const toggle = (lineId: string) =>
    setOpen((prev) => {
      const next = new Set(prev);
      if (next.has(lineId)) next.delete(lineId);
      else next.add(lineId);
      return next;
    });

  return (
    <article className="pv-statement" aria-labelledby={`${id}-title`} data-testid="statement" lang={locale}>
      <header className="pv-statement-head">
        <h2 id={`${id}-title`}>
          {t.statement} {partner ? `— ${partner.name}` : `— ${statement.partnerId}`}
        </h2>
        <p>
          {t.period}: <strong>{statement.period}</strong>
        </p>
        {props.downloadHref ? (
          <a className="pv-noprint pv-download" href={props.downloadHref} download data-testid="download-workbook">
            {t.download}
          </a>
        ) : null}{' '}
        {props.printable !== false ? (
          <button type="button" className="pv-button pv-noprint" onClick={() => window.print()}>
            {t.print}
          </button>
        ) : null}
      </header>
      {statement.blocked ? (
        <p className="pv-warning" role="status">
          {t.blocked}
        </p>
      ) : null}
      <table className="pv-table pv-lines">
        <caption>{t.lines}</caption>
        <thead>
          <tr>
            <th scope="col">{t.component}</th>
            <th scope="col">{t.record}</th>
            <th scope="col" className="pv-num">
              {t.amount}
            </th>
            <th scope="col" className="pv-noprint">
              <span className="pv-sr">{t.explain}</span>
            </th>
          </tr>
        </thead>
        {groupByComponent(statement.lines).map(([component, lines]) => (
          <tbody key={component} data-testid="component-group" data-component={component}>
            <tr className="pv-group">
              <th scope="rowgroup" colSpan={2}>
                {localized(props.componentLabels?.[component] ?? COMPONENT_LABELS[component], locale, component)}
              </th>
              <td className="pv-num">
                <strong>{money(statement.byComponent[component] ?? '0')}</strong>
              </td>
              <td className="pv-noprint" />
            </tr>
            {lines.map((line) => {
              const expanded = open.has(line.id);
              const panel = `${id}-x-${line.id.replace(/[^A-Za-z0-9_-]/g, '_')}`;
              return (
                <Fragment key={line.id}>
                  <tr data-testid="statement-line" data-line={line.id}>
                    <td>{line.label}</td>
                    <td>{line.source?.id ?? '—'}</td>
                    <td className="pv-num" data-testid="line-amount">
                      {money(line.amount)}
                    </td>
                    <td className="pv-noprint">
                      <button
                        type="button"
                        className="pv-link"
                        aria-expanded={expanded}
                        aria-controls={panel}
                        data-testid="explain-toggle"
                        onClick={() => toggle(line.id)}
                      >
                        {expanded ? t.hide : t.explain}
                        <span className="pv-sr">: {line.label} {line.source?.id ?? ''}</span>
                      </button>
                    </td>
                  </tr>
                  {expanded ? (
                    <tr>
                      <td colSpan={4} id={panel}>
                        <Explanation line={line} locale={locale} sourceHref={sourceHref} headingLevel={4} />
                      </td>
                    </tr>
                  ) : null}
                </Fragment>
              );
            })}
          </tbody>
        ))}
        <tfoot>
          <tr>
            <th scope="row" colSpan={2}>
              {t.gross}
            </th>
            <td className="pv-num" data-testid="statement-total">
              <strong>{money(statement.total)}</strong>
            </td>
            <td className="pv-noprint" />
          </tr>
        </tfoot>
      </table>

      {ps ? <LedgerSections ps={ps} money={money} locale={locale} /> : null}

      {fiscal ? (
        <table className="pv-table pv-fiscal" data-testid="fiscal">
          <caption>{t.fiscal}</caption>
          <tbody>
            {fiscal.items.map((item) => (
              <tr key={item.id}>
                <th scope="row">
                  {item.label[locale]} <span className="pv-muted">({item.citation})</span>
                </th>
                <td className="pv-num">{item.fixedAmount ? '' : `${item.ratePercent}%`}</td>
                <td className="pv-num">{money(item.amount)}</td>
              </tr>
            ))}
            <tr>
              <th scope="row">{t.documentTotal}</th>
              <td />
              <td className="pv-num">{money(fiscal.totals.documentTotal)}</td>
            </tr>
          </tbody>
        </table>
      ) : null}

      <p className="pv-net">
        {fiscal ? t.netToPay : ps ? t.payable : t.gross}:{' '}
        <strong data-testid="net-to-pay">{money(fiscal ? fiscal.totals.netToPay : ps ? ps.payable : statement.total)}</strong>
      </p>
    </article>
  );
}

function LedgerSections({ ps, money, locale }: { ps: PeriodStatement; money: (v: string) => string; locale: UiLocale }): ReactElement {
  const t = messages(locale);
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
                <th scope="row">{c.explanation}</th>
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
