import { FormulaSyntaxError, parsePlan, toCanonicalFormula, toLocalizedFormula } from '@provvigo/core';
import type { FactSchemaInput, Issue, Plan } from '@provvigo/core';
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import type { KeyboardEvent, ReactElement } from 'react';
import { applySuggestion, issueOffset, issuesAt, issueText, mapOffset, suggest } from './formulaAssist.js';
import type { Suggestion } from './formulaAssist.js';
import { messages } from './i18n.js';
import { localizeIssueMessage } from './issueMessages.js';
import type { UiLocale } from './i18n.js';
import { setFormulaAt } from './planPath.js';
import { PreviewPanel } from './PreviewPanel.js';
import type { PreviewData } from './preview.js';
import { targetOfPath } from './preview.js';

export interface FormulaEditorProps {
  /** The formula in canonical (English) form, as stored in the plan. */
  value: string;
  /** Called with the canonical form whenever the text translates (Italian input is converted first). */
  onChange: (canonical: string) => void;
  /** The plan the formula belongs to: names to suggest and the context core validates it in. */
  plan: Plan;
  /** Where the formula lives, e.g. ['sheets', 'Summary', 'cells', 'Bonus', 'formula']. */
  path: (string | number)[];
  locale?: UiLocale;
  factSchema?: FactSchemaInput;
  /** Sample data for the live preview; without it no preview is shown. */
  preview?: PreviewData;
  /** Preview refresh delay after typing, in ms (default 250). */
  debounceMs?: number;
  label?: string;
}

function display(value: string, locale: UiLocale): string {
  try {
    return toLocalizedFormula(value, locale);
  } catch {
    return value;
  }
}

interface ShownIssue {
  message: string;
  range?: { start: number; end: number };
  code: string;
}

/**
 * An Excel-style formula box: English or Italian function names (`SE`, `;`), autocomplete of functions, parameters,
 * summary cells, tables and columns, inline errors placed where core's validation found them, and a live preview of
 * the results for one partner.
 */
export function FormulaEditor(props: FormulaEditorProps): ReactElement {
  const { value, onChange, plan, path, factSchema, preview } = props;
  const locale = props.locale ?? 'en';
  const t = messages(locale);
  const id = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [text, setText] = useState(() => display(value, locale));
  const [caret, setCaret] = useState(0);
  const [active, setActive] = useState(0);
  const [open, setOpen] = useState(false);
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

  const sheet = typeof path[1] === 'string' ? path[1] : undefined;
  const ctx = useMemo(() => ({ plan, sheet, factSchema, locale }), [plan, sheet, factSchema, locale]);
  const { start: wordStart, items } = useMemo(() => suggest(text, caret, ctx), [text, caret, ctx]);
  const showList = open && items.length > 0;

  const candidate = useMemo(() => setFormulaAt(plan, path, value), [plan, path, value]);
  const coreIssues: Issue[] = useMemo(() => {
    const r = parsePlan(candidate, factSchema ? { factSchema } : {});
    return issuesAt(r.issues, path).filter((i) => i.severity === 'error');
  }, [candidate, factSchema, path]);

  const shown: ShownIssue[] = syntax
    ? [syntax]
    : coreIssues.map((i) => {
        const offset = i.position?.start ?? issueOffset(i.message);
        // Core reports offsets in the canonical formula; map them onto the text as displayed.
        return { message: localizeIssueMessage(issueText(i.message), locale), code: i.code, ...(offset !== undefined ? { range: mapOffset(value, offset, text) } : {}) };
      });

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
        setSyntax({ message: `${t.syntaxError}: ${issueText(e.message)}`, code: 'formula_syntax', range });
      }
    }
  }

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

  const listId = `${id}-list`;
  const errId = `${id}-errors`;
  const target = targetOfPath(path);
  const firstRange = shown.find((s) => s.range)?.range;

  return (
    <div className="pv-formula" data-testid="formula-editor">
      <label className="pv-formula-label" htmlFor={`${id}-input`}>
        {props.label ?? t.formula}
      </label>
      <div className="pv-formula-box">
        <input
          id={`${id}-input`}
          ref={inputRef}
          className={shown.length > 0 ? 'pv-formula-input pv-invalid' : 'pv-formula-input'}
          data-testid="formula-input"
          value={text}
          spellCheck={false}
          autoComplete="off"
          role="combobox"
          aria-autocomplete="list"
          aria-expanded={showList}
          aria-controls={listId}
          aria-activedescendant={showList ? `${listId}-${active}` : undefined}
          aria-invalid={shown.length > 0}
          aria-describedby={shown.length > 0 ? errId : undefined}
          onChange={(e) => {
            setCaret(e.target.selectionStart ?? e.target.value.length);
            setActive(0);
            setOpen(true);
            emit(e.target.value);
          }}
          onSelect={(e) => setCaret(e.currentTarget.selectionStart ?? 0)}
          onKeyDown={onKeyDown}
          onBlur={() => setTimeout(() => setOpen(false), 150)}
        />
        <ul id={listId} role="listbox" aria-label={t.suggestions} className="pv-suggestions" hidden={!showList} data-start={wordStart}>
          {showList &&
            items.map((s, i) => (
              <li
                key={s.kind + s.label}
                id={`${listId}-${i}`}
                role="option"
                aria-selected={i === active}
                className={i === active ? 'pv-suggestion pv-active' : 'pv-suggestion'}
                onMouseDown={(e) => {
                  e.preventDefault();
                  choose(s);
                }}
              >
                <span className={`pv-kind pv-kind-${s.kind}`}>{s.kind}</span> <code>{s.label}</code>
                {s.detail ? <span className="pv-detail"> {s.detail}</span> : null}
              </li>
            ))}
        </ul>
      </div>
      {firstRange ? (
        <div className="pv-formula-mirror" aria-hidden="true" data-testid="formula-mirror">
          <code>
            {text.slice(0, firstRange.start)}
            <mark className="pv-error-range" data-testid="formula-error-range" data-start={firstRange.start} data-end={firstRange.end}>
              {text.slice(firstRange.start, firstRange.end) || ' '}
            </mark>
            {text.slice(firstRange.end)}
          </code>
        </div>
      ) : null}
      {shown.length > 0 ? (
        <div id={errId} role="alert" data-testid="formula-errors">
          <ul className="pv-errors">
            {shown.map((s, i) => (
              <li key={i} data-code={s.code}>
                {s.message}
                {s.range ? <span className="pv-at"> ({locale === 'it' ? 'carattere' : 'character'} {s.range.start + 1})</span> : null}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {preview && target ? <PreviewPanel plan={candidate} target={target} data={preview} locale={locale} debounceMs={props.debounceMs ?? 250} /> : null}
    </div>
  );
}
