import { explain, explanationSteps, formatMoney, labelOf, tierBandQuantity } from '@provvigo/core';
import type { ExplanationLabels, StatementLine } from '@provvigo/core';
import { useId } from 'react';
import type { ReactElement } from 'react';
import { formatDecimal, formatValue } from './format.js';
import { messages } from './i18n.js';
import type { UiLocale } from './i18n.js';
import { showFormula, substituteValues } from './substitute.js';

export type SourceRef = NonNullable<StatementLine['source']>;

export interface ExplanationProps {
  line: StatementLine;
  locale?: UiLocale;
  /** Link to a source record (CRM, billing…); without it the record id is shown as text. */
  sourceHref?: (source: SourceRef) => string | undefined;
  /** Heading level of the title (default 3). */
  headingLevel?: 2 | 3 | 4;
  /**
   * The reader's words for the plan's names, from the plan version the run calculated with (core's
   * `explanationLabels`): without them, the trace's labels (the partner's language) and technical names show.
   */
  labels?: ExplanationLabels;
}

/**
 * The trace of one statement line as a readable derivation: each computed cell as a sentence in the reader's words
 * (labels, function names in the reader's language, the branch of each IF taken), the tier band hit, table lookups,
 * gates passed or failed, roundings and the source record; the formula as stored is one click away, for auditors.
 */
export function Explanation({ line, locale = 'en', sourceHref, headingLevel = 3, labels }: ExplanationProps): ReactElement {
  const t = messages(locale);
  const id = useId();
  const H = `h${headingLevel}` as 'h3';
  const trace = line.trace;
  const source = line.source;
  const href = source ? sourceHref?.(source) : undefined;
  const steps = explanationSteps(trace, locale, line.currency, labels);
  const title = labelOf(labels, `payout:${line.payout}`, locale, line.label);
  const recordName = source ? labelOf(labels, `record:${source.table}`, locale, source.table) : '';
  return (
    <section className="pv-explanation" aria-labelledby={`${id}-title`} data-testid="explanation">
      <H id={`${id}-title`}>
        {t.explanation}: {title}
      </H>
      {source ? (
        <p className="pv-source">
          {t.sourceRecord}:{' '}
          {href ? (
            <a href={href} data-testid="source-link">
              {source.system} · {recordName} · {source.id}
            </a>
          ) : (
            <span data-testid="source-link">
              {source.system} · {recordName} · {source.id}
            </span>
          )}
        </p>
      ) : null}
      <ol className="pv-steps">
        {trace.cells.map((cell, i) => (
          <li key={i} className="pv-step" data-testid="derivation-step" data-cell={`${cell.sheet}.${cell.name}`}>
            <div className="pv-step-head">
              {/* the cell's label is the reader's word; its technical name shows only when it has none */}
              <strong>{steps[i]!.label}</strong>
              {cell.gate ? (
                <span className={cell.gate === 'passed' ? 'pv-gate pv-gate-passed' : 'pv-gate pv-gate-failed'} data-testid="gate">
                  {cell.gate === 'passed' ? `✓ ${t.gatePassed}` : `✗ ${t.gateFailed}`}
                </span>
              ) : null}
            </div>
            <p className="pv-step-sentence" data-testid="step-sentence">
              {steps[i]!.sentence} = <strong data-testid="step-value">{steps[i]!.value}</strong>
            </p>
            {steps[i]!.branches.map((b, k) => (
              <div key={`if${k}`} className="pv-branch" data-testid="branch">
                {b}
              </div>
            ))}
            <details className="pv-step-formula" data-testid="step-formula">
              <summary>{t.formula}</summary>
              <code className="pv-formula-text">{showFormula(cell.formula, locale)}</code>
              <div>
                {t.substituted}: <code data-testid="substituted">{showFormula(substituteValues(cell), locale)}</code>
              </div>
            </details>
            {cell.bands?.map((b, k) => (
              <div key={`b${k}`} className="pv-band" data-testid="tier-band">
                {t.band} {b.index} ({b.to !== null ? t.bandRange(formatDecimal(b.from, locale, 0), formatDecimal(b.to, locale, 0)) : t.bandUp(formatDecimal(b.from, locale, 0))},{' '}
                {t.tierMode[b.mode] ?? b.mode}): <strong data-testid="band-quantity">{t.inBand(formatDecimal(tierBandQuantity(b), locale, 0))}</strong> × {t.rate}{' '}
                {formatDecimal(b.rate, locale, 0)}
              </div>
            ))}
            {cell.lookups?.map((l, k) => (
              <div key={`l${k}`} className="pv-lookup" data-testid="lookup">
                {t.lookup}: {labelOf(labels, `table:${l.table}`, locale, l.table)} ({l.keys.map((x) => String(x)).join(', ')}) → {formatValue(l.value, locale)}
              </div>
            ))}
          </li>
        ))}
      </ol>
      {trace.rounding.length > 0 ? (
        <ul className="pv-rounding">
          {trace.rounding.map((r, i) => (
            <li key={i}>
              {t.rounding}: {formatDecimal(r.from, locale, 0)} → {formatDecimal(r.to, locale, 0)} ({t.roundingModes[r.mode] ?? r.mode}, {t.decimals(r.scale)})
            </li>
          ))}
        </ul>
      ) : null}
      <details className="pv-in-words">
        <summary>{t.inWords}</summary>
        <p className="pv-words" data-testid="explanation-words">
          {safeExplain(line, locale, labels)}
        </p>
      </details>
      <p className="pv-result">
        {t.result}: <strong data-testid="explanation-amount">{formatMoney(line.amount, line.currency, locale, line.trace.rounding[0]?.scale)}</strong>
      </p>
    </section>
  );
}

/** Core's sentence form of the trace; the structured view above stays when it cannot be produced. */
function safeExplain(line: StatementLine, locale: UiLocale, labels: ExplanationLabels | undefined): string {
  try {
    return explain(line, locale, labels);
  } catch {
    return '';
  }
}
