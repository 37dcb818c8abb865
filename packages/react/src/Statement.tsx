import { explainLedgerEntry, formatDate, formatMoney, labelOf, ledgerEventName } from '@provvigo/core';
import type { ExplanationLabels, FiscalResult, LedgerEntry, LocalizedText, Partner, PartnerInput, PeriodStatement, Statement as RunStatement, StatementLine } from '@provvigo/core';
import { Fragment, useId, useState } from 'react';
import type { ReactElement } from 'react';
import { Explanation } from './Explanation.js';
import type { SourceRef } from './Explanation.js';
import { formatPercent } from './format.js';
import { heldItems, recordKey } from './heldItems.js';
import type { HeldItem, RecordFacts } from './heldItems.js';
import { localized, messages } from './i18n.js';
import type { Messages } from './i18n.js';
import type { UiLocale } from './i18n.js';

export interface StatementProps {
  /** The partner's statement from core's `evaluate` (lines with traces). */
  statement: RunStatement;
  locale?: UiLocale;
  partner?: PartnerInput | Partner;
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
  /**
   * The ledger entries the run booked for this partner (at least the held and reserve entries the period statement
   * names): held amounts are itemised from them with their contract, reason and release date.
   */
  ledgerEntries?: readonly LedgerEntry[];
  /** What each source record is (customer, product), keyed by `table/id` (see `recordKey`), from the run's facts. */
  records?: Readonly<Record<string, RecordFacts>>;
  /**
   * The reader's words for each plan version the lines were calculated with (core's `explanationLabels` of the run's
   * snapshot): line titles and explanations are then in the reader's language whatever the partner's.
   */
  explanationLabels?: readonly ExplanationLabels[];
}

/** The labels of the plan version a line was calculated with, when given. */
function labelsOf(line: StatementLine, all: StatementProps['explanationLabels']): ExplanationLabels | undefined {
  return all?.find((l) => l.plan.id === line.trace.plan.id && l.plan.version === line.trace.plan.version);
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

const isZero = (amount: string): boolean => /^-?0*(\.0*)?$/.test(amount.trim());

/** What a line's record is, for people: customer and product from the run's facts, else the record id. */
function recordText(line: StatementLine, records: StatementProps['records'], t: Messages): string {
  if (!line.source) return '—';
  const r = records?.[recordKey(line.source)];
  const parts = [r?.customer, r?.product].filter((x): x is string => Boolean(x));
  return parts.length ? parts.join(' · ') : line.source.id || t.noRecord;
}

/**
 * The partner's statement (estratto conto): the net to pay first, then held amounts itemised (contract, customer and
 * product, reason, expected release), then the lines by component with zero-euro lines folded away — and, one click
 * away, why each line is what it is. Printable, bilingual, readable on a phone.
 */
export function Statement(props: StatementProps): ReactElement {
  const { statement, partner, periodStatement: ps, fiscal, sourceHref } = props;
  const locale = props.locale ?? partner?.language ?? 'en';
  const t = messages(locale);
  const id = useId();
  const [open, setOpen] = useState<Set<string>>(new Set());
  const [zerosShown, setZerosShown] = useState<Set<string>>(new Set());
  const money = (v: string) => formatMoney(v, statement.currency, locale, statement.scale);
  const flip = (set: typeof setOpen, key: string) =>
    set((prev) => {
      const next = new Set(prev);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });
  const held = ps ? heldItems(ps, props.ledgerEntries ?? [], props.records) : [];
  const net = fiscal ? fiscal.totals.netToPay : ps ? ps.payable : statement.total;

  return (
    <article className="pv-statement" aria-labelledby={`${id}-title`} data-testid="statement" lang={locale}>
      <header className="pv-statement-head">
        <h2 id={`${id}-title`}>
          {t.statement} {partner ? `— ${partner.name}` : `— ${statement.partnerId}`}
        </h2>
        <p>
          {t.period}: <strong>{statement.period}</strong>
        </p>
        <div className="pv-actions pv-noprint">
          {props.downloadHref ? (
            <a className="pv-download" href={props.downloadHref} download data-testid="download-workbook">
              {t.download}
            </a>
          ) : null}
          {props.printable !== false ? (
            <button type="button" className="pv-button" onClick={() => window.print()}>
              {t.print}
            </button>
          ) : null}
        </div>
      </header>
      {statement.blocked ? (
        <p className="pv-warning" role="status">
          {t.blocked}
        </p>
      ) : null}

      <section className="pv-summary" aria-labelledby={`${id}-summary`} data-testid="summary">
        <h3 id={`${id}-summary`} className="pv-sr">
          {t.summary}
        </h3>
        <p className="pv-net">
          {fiscal ? t.netToPay : ps ? t.payable : t.gross}: <strong data-testid="net-to-pay">{money(net)}</strong>
        </p>
        <dl className="pv-figures">
          <div>
            <dt>{t.gross}</dt>
            <dd data-testid="summary-gross">{money(statement.total)}</dd>
          </div>
          {ps && !isZero(ps.totals.held) ? (
            <div>
              <dt>{t.held}</dt>
              <dd data-testid="summary-held">{money(ps.totals.held)}</dd>
            </div>
          ) : null}
          {ps && fiscal ? (
            <div>
              <dt>{t.payable}</dt>
              <dd>{money(ps.payable)}</dd>
            </div>
          ) : null}
        </dl>
      </section>

      {held.length > 0 ? <HeldTable items={held} locale={locale} money={money} /> : null}

      {statement.lines.length === 0 ? <p data-testid="no-lines">{t.noLines}</p> : null}
      <table className="pv-table pv-lines pv-stack">
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
        {groupByComponent(statement.lines).map(([component, lines]) => {
          const zeros = lines.filter((l) => isZero(l.amount));
          const showZeros = zerosShown.has(component);
          const shown = showZeros ? lines : lines.filter((l) => !isZero(l.amount));
          const zerosId = `${id}-z-${component.replace(/[^A-Za-z0-9_-]/g, '_')}`;
          return (
            <tbody key={component} data-testid="component-group" data-component={component}>
              <tr className="pv-group">
                <th scope="rowgroup" colSpan={2}>
                  {localized(props.componentLabels?.[component] ?? COMPONENT_LABELS[component], locale, component)}
                </th>
                <td className="pv-num" data-label={t.amount}>
                  <strong>{money(statement.byComponent[component] ?? '0')}</strong>
                </td>
                <td className="pv-noprint pv-empty-cell" />
              </tr>
              {shown.map((line) => {
                const expanded = open.has(line.id);
                const labels = labelsOf(line, props.explanationLabels);
                const title = labelOf(labels, `payout:${line.payout}`, locale, line.label);
                const panel = `${id}-x-${line.id.replace(/[^A-Za-z0-9_-]/g, '_')}`;
                return (
                  <Fragment key={line.id}>
                    <tr data-testid="statement-line" data-line={line.id}>
                      <td data-label={t.component}>{title}</td>
                      <td data-label={t.record} data-testid="line-record">
                        {recordText(line, props.records, t)}
                      </td>
                      <td className="pv-num" data-testid="line-amount" data-label={t.amount}>
                        {money(line.amount)}
                      </td>
                      <td className="pv-noprint">
                        <button
                          type="button"
                          className="pv-link"
                          aria-expanded={expanded}
                          aria-controls={panel}
                          data-testid="explain-toggle"
                          onClick={() => flip(setOpen, line.id)}
                        >
                          {expanded ? t.hide : t.explain}
                          <span className="pv-sr">
                            : {title} {recordText(line, props.records, t)}
                          </span>
                        </button>
                      </td>
                    </tr>
                    {expanded ? (
                      <tr className="pv-explain-row">
                        <td colSpan={4} id={panel}>
                          <Explanation line={line} locale={locale} sourceHref={sourceHref} headingLevel={4} {...(labels ? { labels } : {})} />
                        </td>
                      </tr>
                    ) : null}
                  </Fragment>
                );
              })}
              {zeros.length > 0 ? (
                <tr className="pv-zero-row pv-noprint">
                  <td colSpan={4} id={zerosId}>
                    <button type="button" className="pv-link" aria-expanded={showZeros} data-testid="zero-lines-toggle" onClick={() => flip(setZerosShown, component)}>
                      {showZeros ? t.hideZeroLines : t.zeroLines(zeros.length)}
                    </button>
                  </td>
                </tr>
              ) : null}
            </tbody>
          );
        })}
        <tfoot>
          <tr>
            <th scope="row" colSpan={2}>
              {t.gross}
            </th>
            <td className="pv-num" data-testid="statement-total" data-label={t.gross}>
              <strong>{money(statement.total)}</strong>
            </td>
            <td className="pv-noprint pv-empty-cell" />
          </tr>
        </tfoot>
      </table>

      {ps ? <LedgerSections ps={ps} money={money} locale={locale} entries={props.ledgerEntries ?? []} /> : null}

      {fiscal ? (
        <table className="pv-table pv-fiscal" data-testid="fiscal">
          <caption>{t.fiscal}</caption>
          <tbody>
            {fiscal.items.map((item) => (
              <tr key={item.id}>
                <th scope="row">
                  {item.label[locale]} <span className="pv-muted">({item.citation})</span>
                </th>
                <td className="pv-num">{item.fixedAmount ? '' : formatPercent(percentToShare(item.ratePercent), locale)}</td>
                <td className="pv-num">{money(item.amount)}</td>
              </tr>
            ))}
            <tr>
              <th scope="row">{t.documentTotal}</th>
              <td />
              <td className="pv-num">{money(fiscal.totals.documentTotal)}</td>
            </tr>
            <tr>
              <th scope="row">{t.netToPay}</th>
              <td />
              <td className="pv-num">
                <strong>{money(fiscal.totals.netToPay)}</strong>
              </td>
            </tr>
          </tbody>
        </table>
      ) : null}
    </article>
  );
}

/** "8.5" (a percentage) as a share "0.085", exactly, for `formatPercent`. */
function percentToShare(percent: string): string {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(percent);
  if (!m) return percent;
  const [, sign, int, frac = ''] = m;
  const padded = int!.padStart(3, '0');
  const whole = padded.slice(0, -2).replace(/^0+(?=\d)/, '');
  return `${sign}${whole}.${padded.slice(-2)}${frac}`;
}

/** The held amounts, one row per contract: what, why, until when. */
function HeldTable({ items, locale, money }: { items: HeldItem[]; locale: UiLocale; money: (v: string) => string }): ReactElement {
  const t = messages(locale);
  const reason = (i: HeldItem) =>
    i.kind === 'reserved' ? t.reserveShare(i.share ? formatPercent(i.share, locale) : '') : t.waitingFor(ledgerEventName(i.waitsFor, locale));
  const when = (i: HeldItem) => (i.releaseBy ? (i.kind === 'reserved' ? t.releaseOn : t.releaseBy)(formatDate(i.releaseBy, locale)) : '—');
  const rows = (list: HeldItem[]) =>
    list.map((i) => (
      <tr key={i.entryId} data-testid="held-item" data-entry={i.entryId}>
        <td data-label={t.contract}>{i.contract ?? '—'}</td>
        <td data-label={`${t.customer} / ${t.product}`}>{[i.record?.customer, i.record?.product].filter(Boolean).join(' · ') || '—'}</td>
        <td data-label={t.reason} data-testid="held-reason">
          {reason(i)}
        </td>
        <td data-label={t.expectedRelease} data-testid="held-release">
          {when(i)}
        </td>
        <td className="pv-num" data-label={t.amount} data-testid="held-amount">
          {money(i.amount)}
        </td>
      </tr>
    ));
  const now = items.filter((i) => !i.earlier);
  const earlier = items.filter((i) => i.earlier);
  const head = (
    <thead>
      <tr>
        <th scope="col">{t.contract}</th>
        <th scope="col">
          {t.customer} / {t.product}
        </th>
        <th scope="col">{t.reason}</th>
        <th scope="col">{t.expectedRelease}</th>
        <th scope="col" className="pv-num">
          {t.amount}
        </th>
      </tr>
    </thead>
  );
  return (
    <div className="pv-held" data-testid="held-items">
      {now.length > 0 ? (
        <table className="pv-table pv-stack">
          <caption>{t.heldItems}</caption>
          {head}
          <tbody>{rows(now)}</tbody>
        </table>
      ) : null}
      {earlier.length > 0 ? (
        <table className="pv-table pv-stack">
          <caption>{t.heldEarlier}</caption>
          {head}
          <tbody>{rows(earlier)}</tbody>
        </table>
      ) : null}
    </div>
  );
}

function LedgerSections(props: { ps: PeriodStatement; money: (v: string) => string; locale: UiLocale; entries: readonly LedgerEntry[] }): ReactElement {
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
