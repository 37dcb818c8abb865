/**
 * The formula editor's error list: each problem with the character it starts at, announced as an alert. Split from
 * FormulaEditor.tsx; the editor's input points at it with `aria-describedby`.
 */
import type { ReactElement } from 'react';
import type { UiLocale } from './i18n.js';

/** A problem of the formula as shown: the message in the reader's language and where it is in the displayed text. */
export interface ShownIssue {
  message: string;
  range?: { start: number; end: number };
  code: string;
}

export interface FormulaErrorsProps {
  /** The element id the input's `aria-describedby` names. */
  id: string;
  shown: readonly ShownIssue[];
  locale: UiLocale;
}

/** The problems, each with its position (1-based). */
export function FormulaErrors({ id, shown, locale }: FormulaErrorsProps): ReactElement {
  return (
    <div id={id} role="alert" data-testid="formula-errors">
      <ul className="pv-errors">
        {shown.map((s, i) => (
          <li key={i} data-code={s.code}>
            {s.message}
            {s.range ? <span className="pv-at"> ({locale === 'it' ? 'carattere' : 'character'} {s.range.start + 1})</span> : null}
          </li>
        ))}
      </ul>
    </div>
  );
}
