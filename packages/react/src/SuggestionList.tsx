/**
 * The formula editor's suggestion list (the listbox of its WAI-ARIA combobox): each suggestion with its kind and
 * detail, chosen with the mouse without taking focus from the input. Split from FormulaEditor.tsx, which owns the
 * keyboard and the active option.
 */
import type { ReactElement } from 'react';
import type { Suggestion } from './formulaAssist.js';

export interface SuggestionListProps {
  /** The listbox's id; option ids are `${id}-${index}`, for the input's `aria-activedescendant`. */
  id: string;
  label: string;
  items: readonly Suggestion[];
  active: number;
  /** Whether the list shows: it stays in the page, hidden, for the input's `aria-controls`. */
  showList: boolean;
  /** Where the word being completed starts. */
  wordStart: number;
  onChoose: (s: Suggestion) => void;
}

/** The listbox, hidden and empty while closed. */
export function SuggestionList({ id, label, items, active, showList, wordStart, onChoose }: SuggestionListProps): ReactElement {
  return (
    <ul id={id} role="listbox" aria-label={label} className="pv-suggestions" hidden={!showList} data-start={wordStart}>
      {showList &&
        items.map((s, i) => (
          <li
            key={s.kind + s.label}
            id={`${id}-${i}`}
            role="option"
            aria-selected={i === active}
            className={i === active ? 'pv-suggestion pv-active' : 'pv-suggestion'}
            onMouseDown={(e) => {
              e.preventDefault();
              onChoose(s);
            }}
          >
            <span className={`pv-kind pv-kind-${s.kind}`}>{s.kind}</span> <code>{s.label}</code>
            {s.detail ? <span className="pv-detail"> {s.detail}</span> : null}
          </li>
        ))}
    </ul>
  );
}
