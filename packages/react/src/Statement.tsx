import { formatMoney } from '@provvigo/core';
import type { ExplanationLabels, FiscalResult, LedgerEntry, LocalizedText, Partner, PartnerInput, PeriodStatement, Statement as RunStatement } from '@provvigo/core';
import { useId } from 'react';
import type { ReactElement } from 'react';
import type { SourceRef } from './Explanation.js';
import { FiscalTable } from './FiscalTable.js';
import { HeldTable } from './HeldTable.js';
import { heldItems } from './heldItems.js';
import type { RecordFacts } from './heldItems.js';
import { messages } from './i18n.js';
import type { UiLocale } from './i18n.js';
import { LedgerSections } from './LedgerSections.js';
import { StatementLines } from './StatementLines.js';
import { StatementSummary } from './StatementSummary.js';

// the built-in component names live in their own module (the line groups read them too); the package's index still
// exports them from here
export { COMPONENT_LABELS } from './componentLabels.js';

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
  const money = (v: string) => formatMoney(v, statement.currency, locale, statement.scale);
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

      <StatementSummary id={id} statement={statement} periodStatement={ps} fiscal={fiscal} net={net} money={money} t={t} />

      {held.length > 0 ? <HeldTable items={held} locale={locale} money={money} /> : null}

      {statement.lines.length === 0 ? <p data-testid="no-lines">{t.noLines}</p> : null}
      <StatementLines
        id={id}
        statement={statement}
        componentLabels={props.componentLabels}
        records={props.records}
        explanationLabels={props.explanationLabels}
        sourceHref={sourceHref}
        money={money}
        locale={locale}
        t={t}
      />

      {ps ? <LedgerSections ps={ps} money={money} locale={locale} entries={props.ledgerEntries ?? []} /> : null}

      {fiscal ? <FiscalTable fiscal={fiscal} money={money} locale={locale} t={t} /> : null}
    </article>
  );
}
