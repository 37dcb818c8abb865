/**
 * The statement's summary: the net to pay first (after the fiscal items, else the ledger's payable, else the gross),
 * then the gross, the amount held and the payable before taxes. Split from Statement.tsx.
 */
import type { FiscalResult, PeriodStatement, Statement as RunStatement } from '@provvigo/core';
import type { ReactElement } from 'react';
import type { Messages } from './i18n.js';
import { isZero } from './lineDisplay.js';

export interface StatementSummaryProps {
  /** The statement's `useId`: the heading's id is built from it. */
  id: string;
  statement: RunStatement;
  periodStatement?: PeriodStatement;
  fiscal?: FiscalResult;
  /** The amount to pay, as the statement works it out. */
  net: string;
  money: (v: string) => string;
  t: Messages;
}

/** The net to pay and the figures it comes from. */
export function StatementSummary({ id, statement, periodStatement: ps, fiscal, net, money, t }: StatementSummaryProps): ReactElement {
  return (
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
  );
}
