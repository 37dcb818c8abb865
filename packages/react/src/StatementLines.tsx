/**
 * The statement's lines table: one group per payout component, the gross at the foot, and which explanations and
 * zero-euro lines the reader has opened. Split from Statement.tsx.
 */
import { ownValue } from '@provvigo/core';
import type { Statement as RunStatement } from '@provvigo/core';
import { useState } from 'react';
import type { ReactElement } from 'react';
import { StatementLineGroup } from './StatementLineGroup.js';
import { groupByComponent, type LineDisplayProps } from './lineDisplay.js';

export interface StatementLinesProps extends LineDisplayProps {
  /** The statement's `useId`: the ids inside the table are built from it. */
  id: string;
  statement: RunStatement;
}

/** The lines by component with their totals, and the gross. */
export function StatementLines(props: StatementLinesProps): ReactElement {
  const { id, statement, money, locale, t } = props;
  const [open, setOpen] = useState<Set<string>>(new Set());
  const [zerosShown, setZerosShown] = useState<Set<string>>(new Set());
  const flip = (set: typeof setOpen, key: string) =>
    set((prev) => {
      const next = new Set(prev);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });
  return (
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
      {groupByComponent(statement.lines).map(([component, lines]) => (
        <StatementLineGroup
          key={component}
          id={id}
          component={component}
          lines={lines}
          // own entries only: a component is the plan's name ("toString" would read Object.prototype's method)
          total={ownValue(statement.byComponent, component) ?? '0'}
          open={open}
          onToggleLine={(lineId) => flip(setOpen, lineId)}
          zerosShown={zerosShown.has(component)}
          onToggleZeros={() => flip(setZerosShown, component)}
          componentLabels={props.componentLabels}
          records={props.records}
          explanationLabels={props.explanationLabels}
          sourceHref={props.sourceHref}
          money={money}
          locale={locale}
          t={t}
        />
      ))}
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
  );
}
