/**
 * A copy of the formula editor's text with the first problem's range marked, hidden from screen readers (the error
 * list says where it is). Split from FormulaEditor.tsx.
 */
import type { ReactElement } from 'react';

export interface FormulaMirrorProps {
  text: string;
  /** The range to mark, in the displayed text. */
  range: { start: number; end: number };
}

/** The text with the range marked; an empty range marks a space so it shows. */
export function FormulaMirror({ text, range }: FormulaMirrorProps): ReactElement {
  return (
    <div className="pv-formula-mirror" aria-hidden="true" data-testid="formula-mirror">
      <code>
        {text.slice(0, range.start)}
        <mark className="pv-error-range" data-testid="formula-error-range" data-start={range.start} data-end={range.end}>
          {text.slice(range.start, range.end) || ' '}
        </mark>
        {text.slice(range.end)}
      </code>
    </div>
  );
}
