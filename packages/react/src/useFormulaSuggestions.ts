/**
 * The formula editor's autocomplete: the word at the caret, the suggestions for it, the active one, and the keys that
 * move through them and choose (WAI-ARIA combobox pattern). Split from FormulaEditor.tsx so the component reads as
 * its layout.
 */
import { useMemo, useState } from 'react';
import type { KeyboardEvent, RefObject } from 'react';
import { applySuggestion, suggest } from './formulaAssist.js';
import type { FormulaContext, Suggestion } from './formulaAssist.js';

export interface FormulaSuggestions {
  items: Suggestion[];
  /** Where the word being completed starts. */
  wordStart: number;
  /** The index of the active suggestion. */
  active: number;
  /** Whether the list is open and has something in it. */
  showList: boolean;
  /** Puts a suggestion in place of the word at the caret. */
  choose: (s: Suggestion) => void;
  /** Takes typed text with the caret after it: reopens the list on its first item. */
  typed: (next: string, caret: number) => void;
  setCaret: (caret: number) => void;
  close: () => void;
  onKeyDown: (e: KeyboardEvent<HTMLInputElement>) => void;
}

/** Suggestions for `text` in `ctx`; a choice goes through `emit` and puts the caret after it in `inputRef`'s input. */
export function useFormulaSuggestions(text: string, ctx: FormulaContext, emit: (next: string) => void, inputRef: RefObject<HTMLInputElement | null>): FormulaSuggestions {
  const [caret, setCaret] = useState(0);
  const [active, setActive] = useState(0);
  const [open, setOpen] = useState(false);
  const { start: wordStart, items } = useMemo(() => suggest(text, caret, ctx), [text, caret, ctx]);
  const showList = open && items.length > 0;

  function choose(s: Suggestion) {
    const r = applySuggestion(text, caret, s);
    emit(r.text);
    setCaret(r.caret);
    setOpen(false);
    requestAnimationFrame(() => {
      inputRef.current?.setSelectionRange(r.caret, r.caret);
      inputRef.current?.focus();
    });
  }

  function typed(next: string, at: number) {
    setCaret(at);
    setActive(0);
    setOpen(true);
    emit(next);
  }

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    if (!showList) return;
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setActive((a) => (a + 1) % items.length);
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((a) => (a - 1 + items.length) % items.length);
    } else if (e.key === 'Enter' || e.key === 'Tab') {
      e.preventDefault();
      const s = items[Math.min(active, items.length - 1)];
      if (s) choose(s);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      setOpen(false);
    }
  }

  return { items, wordStart, active, showList, choose, typed, setCaret, close: () => setOpen(false), onKeyDown };
}
