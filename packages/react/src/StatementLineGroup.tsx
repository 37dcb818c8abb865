/**
 * One payout component of the statement's lines table: its total, its lines (each with its explanation one click away)
 * and, folded away until asked for, its zero-euro lines. Split from Statement.tsx (through StatementLines.tsx, which
 * keeps which lines are open).
 */
import { labelOf } from '@provvigo/core';
import type { StatementLine } from '@provvigo/core';
import { Fragment } from 'react';
import type { ReactElement } from 'react';
import { COMPONENT_LABELS } from './componentLabels.js';
import { Explanation } from './Explanation.js';
import { localized } from './i18n.js';
import { isZero, labelsOf, recordText, type LineDisplayProps } from './lineDisplay.js';

export interface StatementLineGroupProps extends LineDisplayProps {
  /** The statement's `useId`: the explanation and zero-line ids are built from it. */
  id: string;
  component: string;
  lines: StatementLine[];
  /** The component's total. */
  total: string;
  /** The ids of the lines whose explanation is open. */
  open: ReadonlySet<string>;
  onToggleLine: (lineId: string) => void;
  zerosShown: boolean;
  onToggleZeros: () => void;
}

/** The component's heading row, its lines and their explanations, and the toggle for its zero-euro lines. */
export function StatementLineGroup(props: StatementLineGroupProps): ReactElement {
  const { id, component, lines, open, money, locale, t } = props;
  const zeros = lines.filter((l) => isZero(l.amount));
  const showZeros = props.zerosShown;
  const shown = showZeros ? lines : lines.filter((l) => !isZero(l.amount));
  const zerosId = `${id}-z-${component.replace(/[^A-Za-z0-9_-]/g, '_')}`;
  return (
    <tbody data-testid="component-group" data-component={component}>
      <tr className="pv-group">
        <th scope="rowgroup" colSpan={2}>
          {localized(props.componentLabels?.[component] ?? COMPONENT_LABELS[component], locale, component)}
        </th>
        <td className="pv-num" data-label={t.amount}>
          <strong>{money(props.total)}</strong>
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
                  onClick={() => props.onToggleLine(line.id)}
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
                  <Explanation line={line} locale={locale} sourceHref={props.sourceHref} headingLevel={4} {...(labels ? { labels } : {})} />
                </td>
              </tr>
            ) : null}
          </Fragment>
        );
      })}
      {zeros.length > 0 ? (
        <tr className="pv-zero-row pv-noprint">
          <td colSpan={4} id={zerosId}>
            <button type="button" className="pv-link" aria-expanded={showZeros} data-testid="zero-lines-toggle" onClick={props.onToggleZeros}>
              {showZeros ? t.hideZeroLines : t.zeroLines(zeros.length)}
            </button>
          </td>
        </tr>
      ) : null}
    </tbody>
  );
}
