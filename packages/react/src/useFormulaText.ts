/**
 * The formula editor's text: shown in the reader's language, translated to the canonical form on every change, and
 * following the stored value when it changes elsewhere. Split from FormulaEditor.tsx so the component reads as its
 * layout; a translation failure is kept as the syntax error to show.
 */
import { FormulaSyntaxError, toCanonicalFormula, toLocalizedFormula } from '@provvigo/core';
import { useEffect, useRef, useState } from 'react';
import type { ShownIssue } from './FormulaErrors.js';
import { mapOffset } from './formulaAssist.js';
import { issueMessage } from './issueMessages.js';
import { messages } from './i18n.js';
import type { UiLocale } from './i18n.js';

function display(value: string, locale: UiLocale): string {
  try {
    return toLocalizedFormula(value, locale);
  } catch {
    return value;
  }
}

export interface FormulaText {
  /** The text as the reader types it (Italian function names and `;` in Italian). */
  text: string;
  /** Why the text does not translate to a formula, when it does not. */
  syntax: ShownIssue | undefined;
  /** Takes new text: shows it and hands the canonical form to `onChange` when it translates. */
  emit: (next: string) => void;
}

/** The editable text of the canonical formula `value`, in `locale`. */
export function useFormulaText(value: string, locale: UiLocale, onChange: (canonical: string) => void): FormulaText {
  const t = messages(locale);
  const [text, setText] = useState(() => display(value, locale));
  const [syntax, setSyntax] = useState<ShownIssue | undefined>(undefined);
  const lastEmitted = useRef(value);

  // Follow external changes (undo, another editor) and language switches without fighting the user's typing.
  useEffect(() => {
    if (value !== lastEmitted.current) {
      lastEmitted.current = value;
      setText(display(value, locale));
      setSyntax(undefined);
    }
  }, [value, locale]);
  const lastLocale = useRef(locale);
  useEffect(() => {
    if (lastLocale.current !== locale) {
      lastLocale.current = locale;
      setText(display(lastEmitted.current, locale));
    }
  }, [locale]);

  function emit(next: string) {
    setText(next);
    try {
      const canonical = toCanonicalFormula(next, locale);
      setSyntax(undefined);
      lastEmitted.current = canonical;
      onChange(canonical);
    } catch (e) {
      if (locale === 'en' || !(e instanceof FormulaSyntaxError)) {
        // In English the text is already canonical: store it and let core report the problem.
        setSyntax(undefined);
        lastEmitted.current = next;
        onChange(next);
      } else {
        const range = mapOffset(next, Math.min(e.position, Math.max(0, next.length - 1)), next);
        setSyntax({ message: `${t.syntaxError}: ${issueMessage(e, locale)}`, code: 'formula_syntax', range });
      }
    }
  }

  return { text, syntax, emit };
}
